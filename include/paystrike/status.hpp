/// @file status.hpp
/// @brief Status codes shared by the C++ core and the C ABI, and the exception that carries them.
#pragma once

#include <stdexcept>
#include <string>

#include "paystrike/version.hpp"

PAYSTRIKE_NAMESPACE_BEGIN

/// Why an operation failed. The numeric values are part of the C ABI (paystrike.h repeats them)
/// and never change; new codes are only appended.
enum class Status : int {
  ok = 0,
  null_argument = 1,        ///< a required pointer or handle was NULL
  invalid_argument = 2,     ///< an argument is out of its domain (negative size, bad option)
  dimension_mismatch = 3,   ///< wrong number of rows or columns
  missing_value = 4,        ///< a NaN where the model has no missing-value rule
  io_error = 5,             ///< a file could not be opened, read or written
  bad_format = 6,           ///< input is not in the expected format (damaged, truncated, bad CSV)
  unsupported_version = 7,  ///< a model file from a newer format version
  checksum_mismatch = 8,    ///< a model file whose content does not match its checksum
  not_converged = 9,        ///< an iterative fit stopped at its iteration limit
  separation = 10,          ///< the classes are (quasi-)separable: the MLE does not exist
  singular = 11,            ///< a singular design (collinear or constant columns)
  undefined = 12,           ///< the result is undefined on this input (e.g. one class only)
  out_of_memory = 13,       ///< an allocation failed
  internal = 14             ///< a bug in paystrike; please report it
};

/// A short, stable name for a status, e.g. "dimension_mismatch".
inline const char* status_name(Status status) noexcept {
  switch (status) {
    case Status::ok: return "ok";
    case Status::null_argument: return "null_argument";
    case Status::invalid_argument: return "invalid_argument";
    case Status::dimension_mismatch: return "dimension_mismatch";
    case Status::missing_value: return "missing_value";
    case Status::io_error: return "io_error";
    case Status::bad_format: return "bad_format";
    case Status::unsupported_version: return "unsupported_version";
    case Status::checksum_mismatch: return "checksum_mismatch";
    case Status::not_converged: return "not_converged";
    case Status::separation: return "separation";
    case Status::singular: return "singular";
    case Status::undefined: return "undefined";
    case Status::out_of_memory: return "out_of_memory";
    case Status::internal: return "internal";
  }
  return "unknown_status";
}

/// The exception the C++ core throws; the C ABI turns it into a status and a message.
class Error : public std::runtime_error {
 public:
  /// An error with the status a C caller will see and a message naming the problem.
  Error(Status status, const std::string& message) : std::runtime_error(message), status_(status) {}
  /// The status a C caller will see.
  Status status() const noexcept { return status_; }

 private:
  Status status_;
};

PAYSTRIKE_NAMESPACE_END
