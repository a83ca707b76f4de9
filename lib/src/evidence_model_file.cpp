// Evidence model files: the score model file's envelope (reusing its CRC-32 and header size)
// with magic "\x89PSE", around a Boost text archive of fixed-shape tables. Every double is
// stored as its IEEE-754 bit pattern. The shapes are fixed by the library (4 causes, 5 signals
// with 6, 6, 5, 4, 3 states), so nothing is allocated from a count read in the file: the
// counts are read and compared with the library's, and a different shape is refused.
#include "paystrike/io/evidence_model_file.hpp"

#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

#include <boost/archive/archive_exception.hpp>
#include <boost/archive/text_iarchive.hpp>
#include <boost/archive/text_oarchive.hpp>

#include "paystrike/io/model_file.hpp"

PAYSTRIKE_NAMESPACE_BEGIN

namespace {

namespace pa = attribution;

constexpr char archive_signature[] = "22 serialization::archive ";
constexpr std::size_t version_offset = 8;
constexpr std::size_t length_offset = 12;
constexpr std::size_t checksum_offset = 20;

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

[[noreturn]] void fail(Status status, const std::string& source, const std::string& what) {
  throw Error(status, source + ": " + what);
}

std::uint64_t bits_of(double value) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}
double double_of(std::uint64_t bits) {
  double value = 0.0;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

// The payload's fields in order; the same walk saves and loads, so the two cannot drift.
template <class Visit>
void walk_tables(pa::EvidenceModel& model, Visit&& visit) {
  for (std::size_t c = 0; c < pa::kCauseCount; ++c) visit(model.tables.prior[c]);
  for (std::size_t s = 0; s < pa::kSignalCount; ++s)
    for (std::size_t state = 1; state < pa::kSignalStateCounts[s]; ++state)
      for (std::size_t c = 0; c < pa::kCauseCount; ++c) visit(model.tables.likelihood[s][state][c]);
  visit(model.scaling.base_points);
  visit(model.scaling.base_odds);
  visit(model.scaling.pdo);
  visit(model.min_top_posterior);
}

std::string payload_of(const pa::EvidenceModel& model) {
  std::ostringstream out;
  {
    boost::archive::text_oarchive archive(out);
    std::uint32_t version = evidence_model_payload_version;
    archive << version;
    std::uint32_t causes = pa::kCauseCount, signals = pa::kSignalCount;
    archive << causes << signals;
    for (std::size_t s = 0; s < pa::kSignalCount; ++s) {
      std::uint32_t states = static_cast<std::uint32_t>(pa::kSignalStateCounts[s]);
      archive << states;
    }
    pa::EvidenceModel copy = model;
    walk_tables(copy, [&](double& value) {
      std::uint64_t bits = bits_of(value);
      archive << bits;
    });
    std::int32_t max_known = model.max_known_sources_for_undetermined;
    archive << max_known;
  }
  return out.str();
}

pa::EvidenceModel model_of(const unsigned char* payload, std::size_t size,
                           const std::string& source) {
  const std::size_t signature_size = sizeof archive_signature - 1;
  if (size < signature_size || std::memcmp(payload, archive_signature, signature_size) != 0)
    fail(Status::bad_format, source, "the payload is not a Boost text archive");
  std::istringstream in(std::string(reinterpret_cast<const char*>(payload), size));
  pa::EvidenceModel model;
  model.tables = pa::EvidenceTables::zeros();
  boost::archive::text_iarchive archive(in);
  std::uint32_t version = 0;
  archive >> version;
  if (version == 0) fail(Status::bad_format, source, "payload version 0");
  if (version > evidence_model_payload_version)
    fail(Status::unsupported_version, source,
         "payload version " + std::to_string(version) + " is newer than this library reads (" +
             std::to_string(evidence_model_payload_version) + ")");
  std::uint32_t causes = 0, signals = 0;
  archive >> causes >> signals;
  if (causes != pa::kCauseCount || signals != pa::kSignalCount)
    fail(Status::bad_format, source,
         "tables of " + std::to_string(causes) + " causes and " + std::to_string(signals) +
             " signals; this library has " + std::to_string(pa::kCauseCount) + " and " +
             std::to_string(pa::kSignalCount));
  for (std::size_t s = 0; s < pa::kSignalCount; ++s) {
    std::uint32_t states = 0;
    archive >> states;
    if (states != pa::kSignalStateCounts[s])
      fail(Status::bad_format, source,
           std::string("signal ") + pa::signal_name(static_cast<pa::SignalKind>(s)) + " has " +
               std::to_string(states) + " states; this library has " +
               std::to_string(pa::kSignalStateCounts[s]));
  }
  walk_tables(model, [&](double& value) {
    std::uint64_t bits = 0;
    archive >> bits;
    value = double_of(bits);
  });
  std::int32_t max_known = 0;
  archive >> max_known;
  model.max_known_sources_for_undetermined = max_known;
  in >> std::ws;
  if (!in.eof()) fail(Status::bad_format, source, "unexpected data after the archive");
  try {
    model.validate();
  } catch (const Error& e) {
    fail(Status::bad_format, source, std::string("invalid evidence model: ") + e.what());
  }
  return model;
}

pa::EvidenceModel load_impl(const void* data, std::size_t size, const std::string& source) {
  if (data == nullptr && size > 0) fail(Status::null_argument, source, "data is NULL");
  const auto* bytes = static_cast<const unsigned char*>(data);
  if (size < sizeof evidence_model_file_magic ||
      std::memcmp(bytes, evidence_model_file_magic, sizeof evidence_model_file_magic) != 0)
    fail(Status::bad_format, source,
         size >= sizeof model_file_magic &&
                 std::memcmp(bytes, model_file_magic, sizeof model_file_magic) == 0
             ? "a score model file, not an evidence model file"
             : "not a paystrike evidence model file (wrong magic bytes)");
  if (size < model_file_header_size) fail(Status::bad_format, source, "truncated header");
  const std::uint32_t format = get_u32(bytes + version_offset);
  if (format == 0) fail(Status::bad_format, source, "format version 0");
  if (format > evidence_model_file_format_version)
    fail(Status::unsupported_version, source,
         "format version " + std::to_string(format) + " is newer than this library reads (" +
             std::to_string(evidence_model_file_format_version) + ")");
  const std::uint64_t length = get_u64(bytes + length_offset);
  const std::uint64_t present = size - model_file_header_size;
  if (length != present)
    fail(Status::bad_format, source,
         length > present ? "truncated: the header announces " + std::to_string(length) +
                                " payload bytes, " + std::to_string(present) + " present"
                          : "trailing data after the payload");
  const unsigned char* payload = bytes + model_file_header_size;
  if (crc32(payload, static_cast<std::size_t>(length)) != get_u32(bytes + checksum_offset))
    fail(Status::checksum_mismatch, source, "the payload does not match its CRC-32");
  try {
    return model_of(payload, static_cast<std::size_t>(length), source);
  } catch (const Error&) {
    throw;
  } catch (const boost::archive::archive_exception& e) {
    fail(e.code == boost::archive::archive_exception::unsupported_version
             ? Status::unsupported_version
             : Status::bad_format,
         source, std::string("archive: ") + e.what());
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    fail(Status::bad_format, source, std::string("archive: ") + e.what());
  }
}

}  // namespace

std::vector<unsigned char> save_evidence_model_to_buffer(const pa::EvidenceModel& model) {
  try {
    model.validate();
  } catch (const Error& e) {
    throw Error(Status::bad_format, std::string("cannot save an invalid evidence model: ") + e.what());
  }
  const std::string payload = payload_of(model);
  std::vector<unsigned char> image(model_file_header_size + payload.size());
  std::memcpy(image.data(), evidence_model_file_magic, sizeof evidence_model_file_magic);
  put_u32(image.data() + version_offset, evidence_model_file_format_version);
  put_u64(image.data() + length_offset, payload.size());
  put_u32(image.data() + checksum_offset, crc32(payload.data(), payload.size()));
  std::memcpy(image.data() + model_file_header_size, payload.data(), payload.size());
  return image;
}

void save_evidence_model_file(const pa::EvidenceModel& model, const std::string& path) {
  const std::vector<unsigned char> image = save_evidence_model_to_buffer(model);
  std::ofstream out(path, std::ios::binary);
  if (!out) throw Error(Status::io_error, "cannot open '" + path + "' for writing");
  out.write(reinterpret_cast<const char*>(image.data()), static_cast<std::streamsize>(image.size()));
  out.close();
  if (!out) throw Error(Status::io_error, "cannot write '" + path + "'");
}

pa::EvidenceModel load_evidence_model_from_buffer(const void* data, std::size_t size) {
  return load_impl(data, size, "evidence model buffer");
}

pa::EvidenceModel load_evidence_model_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(Status::io_error, "cannot open '" + path + "'");
  const std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)),
                                         std::istreambuf_iterator<char>());
  if (in.bad()) throw Error(Status::io_error, "cannot read '" + path + "'");
  return load_impl(bytes.data(), bytes.size(), "evidence model file '" + path + "'");
}

PAYSTRIKE_NAMESPACE_END
