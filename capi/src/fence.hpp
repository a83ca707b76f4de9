// Internal to the C ABI's sources (not installed): the exception fence every exported body runs
// in, the thread-local last error, and the buffer-output protocol. Each capi/src/*.cpp
// includes it.
#pragma once

#include <cstddef>
#include <cstring>
#include <exception>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "paystrike/status.hpp"

namespace paystrike_capi {

using paystrike::Error;
using paystrike::Status;

/// The C status code of a core status (the values are equal by design; see paystrike_c.cpp).
constexpr int code(Status s) { return static_cast<int>(s); }

// The last failure's message on this thread. The pointer indirection lets the fence report
// even when copying the message itself runs out of memory.
inline thread_local std::string last_error_text;
inline thread_local const char* last_error_pointer = "";

inline void set_last_error(const char* where, const char* what) noexcept {
  try {
    last_error_text.assign(where);
    last_error_text.append(": ");
    last_error_text.append(what);
    last_error_pointer = last_error_text.c_str();
  } catch (...) {
    last_error_pointer = "out of memory while recording an error message";
  }
}

inline int fail(const char* where, Status status, const char* what) noexcept {
  set_last_error(where, what);
  return code(status);
}

// Runs `body` (which returns PAYSTRIKE_OK or throws) and turns every exception into a status.
template <class Body>
int fenced(const char* where, Body&& body) noexcept {
  try {
    return body();
  } catch (const Error& e) {
    const Status status = e.status() == Status::ok ? Status::internal : e.status();
    return fail(where, status, e.what());
  } catch (const std::bad_alloc&) {
    return fail(where, Status::out_of_memory, "out of memory");
  } catch (const std::length_error&) {  // a size no container can hold (e.g. 2^62 cycles)
    return fail(where, Status::out_of_memory, "too large to allocate (longer than a vector holds)");
  } catch (const std::exception& e) {
    set_last_error(where, e.what());
    return code(Status::internal);
  } catch (...) {
    return fail(where, Status::internal, "unknown exception (a paystrike bug; please report it)");
  }
}

[[noreturn]] inline void raise(Status status, const std::string& what) { throw Error(status, what); }

// The "size first, then the bytes" protocol of the *_save_buffer calls: with out == NULL only
// *out_size is written; a capacity too small writes nothing. `what` names the image.
inline void copy_image_out(const std::vector<unsigned char>& image, void* out,
                           std::size_t capacity, std::size_t* out_size, const char* what) {
  if (out != nullptr) {
    if (capacity < image.size())
      raise(Status::invalid_argument, "capacity " + std::to_string(capacity) +
                                          " is smaller than the " + std::to_string(image.size()) +
                                          "-byte " + what);
    std::memcpy(out, image.data(), image.size());
  }
  *out_size = image.size();
}

}  // namespace paystrike_capi
