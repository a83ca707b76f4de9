// The checked envelope shared by every paystrike file; see envelope.hpp.
#include "envelope.hpp"

#include <cstring>
#include <fstream>
#include <sstream>

#include "paystrike/io/evidence_model_file.hpp"
#include "paystrike/io/model_file.hpp"

PAYSTRIKE_NAMESPACE_BEGIN

namespace detail {

namespace {

// Byte offsets inside the header; explicit little-endian order, whatever the host's.
constexpr std::size_t version_offset = 8;
constexpr std::size_t length_offset = 12;
constexpr std::size_t checksum_offset = 20;
static_assert(checksum_offset + 4 == model_file_header_size, "header layout");

void put_u32(unsigned char* out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out[i] = static_cast<unsigned char>(v >> (8 * i));
}
void put_u64(unsigned char* out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out[i] = static_cast<unsigned char>(v >> (8 * i));
}
std::uint32_t get_u32(const unsigned char* in) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | in[i];
  return v;
}
std::uint64_t get_u64(const unsigned char* in) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | in[i];
  return v;
}

// The kinds a wrong file may be, so that a mix-up is named rather than called "wrong magic".
struct KnownMagic {
  const unsigned char* magic;
  const char* article_and_name;
};
constexpr KnownMagic known_magics[] = {{model_file_magic, "a score model file"},
                                       {evidence_model_file_magic, "an evidence model file"}};

}  // namespace

void fail(Status status, const std::string& source, const std::string& what) {
  throw Error(status, source + ": " + what);
}

std::vector<unsigned char> seal_envelope(const EnvelopeKind& kind, const std::string& payload) {
  std::vector<unsigned char> file(model_file_header_size + payload.size());
  std::memcpy(file.data(), kind.magic, 8);
  put_u32(file.data() + version_offset, kind.newest_version);
  put_u64(file.data() + length_offset, payload.size());
  put_u32(file.data() + checksum_offset, crc32(payload.data(), payload.size()));
  std::memcpy(file.data() + model_file_header_size, payload.data(), payload.size());
  return file;
}

OpenedEnvelope open_envelope(const EnvelopeKind& kind, const void* data, std::size_t size,
                             const std::string& source) {
  if (data == nullptr && size > 0) fail(Status::null_argument, source, "data is NULL");
  const auto* bytes = static_cast<const unsigned char*>(data);
  if (size < 8 || std::memcmp(bytes, kind.magic, 8) != 0) {
    if (size >= 8)
      for (const KnownMagic& other : known_magics)
        if (std::memcmp(bytes, other.magic, 8) == 0)
          fail(Status::bad_format, source,
               std::string(other.article_and_name) + ", not " + kind.article + " " +
                   kind.name + " (wrong magic bytes)");
    fail(Status::bad_format, source,
         std::string("not a paystrike ") + kind.name + " (wrong magic bytes" +
             (size < 8 ? "; only " + std::to_string(size) + " bytes" : std::string()) + ")");
  }
  if (size < model_file_header_size)
    fail(Status::bad_format, source,
         "truncated header: " + std::to_string(size) + " bytes, the header needs " +
             std::to_string(model_file_header_size));

  OpenedEnvelope opened;
  opened.version = get_u32(bytes + version_offset);
  if (opened.version == 0) fail(Status::bad_format, source, "format version 0 does not exist");
  if (opened.version > kind.newest_version)
    fail(Status::unsupported_version, source,
         "format version " + std::to_string(opened.version) +
             " is newer than this library reads (" + std::to_string(kind.newest_version) +
             "); upgrade paystrike");

  const std::uint64_t length = get_u64(bytes + length_offset);
  const std::uint64_t present = size - model_file_header_size;
  if (length != present)
    fail(Status::bad_format, source,
         (length > present ? "truncated: the header announces "
                           : "trailing data: the header announces ") +
             std::to_string(length) + " payload bytes but " + std::to_string(present) +
             " are present");

  opened.payload = bytes + model_file_header_size;
  opened.size = static_cast<std::size_t>(length);
  const std::uint32_t stored = get_u32(bytes + checksum_offset);
  const std::uint32_t actual = crc32(opened.payload, opened.size);
  if (stored != actual) {
    std::ostringstream what;
    what << "checksum mismatch: stored CRC-32 0x" << std::hex << stored << ", payload has 0x"
         << actual << " (the file is damaged)";
    fail(Status::checksum_mismatch, source, what.str());
  }
  return opened;
}

void write_file_bytes(const std::vector<unsigned char>& bytes, const std::string& path,
                      const std::string& what) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw Error(Status::io_error, "cannot open " + what + " '" + path + "' for writing");
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) throw Error(Status::io_error, "cannot write " + what + " '" + path + "'");
}

std::vector<unsigned char> read_file_bytes(const std::string& path, const std::string& source) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(Status::io_error, "cannot open " + source + " for reading");
  std::vector<unsigned char> bytes;
  char chunk[65536];
  while (in) {
    in.read(chunk, sizeof chunk);
    const std::streamsize got = in.gcount();
    if (got > 0) bytes.insert(bytes.end(), chunk, chunk + got);
  }
  if (in.bad()) throw Error(Status::io_error, "cannot read " + source);
  return bytes;
}

}  // namespace detail

PAYSTRIKE_NAMESPACE_END
