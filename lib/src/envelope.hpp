// Internal to paystrike::io (not installed): the checked envelope every paystrike file shares
// (magic, format version, payload length, CRC-32, then the payload; docs/model_file_format.md)
// and whole-file reading and writing. Score model files and evidence model files differ only in
// their magic, their newest format version and their payload.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "paystrike/status.hpp"

PAYSTRIKE_NAMESPACE_BEGIN

namespace detail {

/// What distinguishes one kind of paystrike file.
struct EnvelopeKind {
  const unsigned char* magic;    ///< 8 bytes
  std::uint32_t newest_version;  ///< newest format version this library reads and writes
  const char* article;           ///< "a" or "an", for messages
  const char* name;              ///< e.g. "score model file", for messages
};

/// The payload inside a checked envelope (points into the caller's bytes).
struct OpenedEnvelope {
  const unsigned char* payload = nullptr;
  std::size_t size = 0;
  std::uint32_t version = 0;
};

/// Throws Error(status, "<source>: <what>").
[[noreturn]] void fail(Status status, const std::string& source, const std::string& what);

/// The header (newest format version) followed by the payload.
std::vector<unsigned char> seal_envelope(const EnvelopeKind& kind, const std::string& payload);

/// Checks, in this order, the magic, the header size, the format version (0 bad_format, newer
/// unsupported_version), the payload length and the CRC-32; throws Error naming `source`.
OpenedEnvelope open_envelope(const EnvelopeKind& kind, const void* data, std::size_t size,
                             const std::string& source);

/// Writes `bytes` to `path`, replacing it; Error(io_error) naming `what` on failure.
void write_file_bytes(const std::vector<unsigned char>& bytes, const std::string& path,
                      const std::string& what);

/// Reads the whole of `path`; Error(io_error) naming `source` on failure.
std::vector<unsigned char> read_file_bytes(const std::string& path, const std::string& source);

}  // namespace detail

PAYSTRIKE_NAMESPACE_END
