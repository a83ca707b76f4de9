// Evidence model files: the score model file's envelope (reusing its CRC-32 and header size)
// with magic "\x89PSE", around a Boost text archive of fixed-shape tables. Every double is
// stored as its IEEE-754 bit pattern. The shapes are fixed by the library (4 causes, 5 signals
// with 6, 6, 5, 4, 3 states), so nothing is allocated from a count read in the file: the
// counts are read and compared with the library's, and a different shape is refused.
#include "paystrike/io/evidence_model_file.hpp"

#include <cstring>
#include <fstream>
#include <sstream>

#include <boost/archive/archive_exception.hpp>
#include <boost/archive/text_iarchive.hpp>
#include <boost/archive/text_oarchive.hpp>

#include "paystrike/io/model_file.hpp"

#include "envelope.hpp"

PAYSTRIKE_NAMESPACE_BEGIN

namespace {

namespace pa = attribution;

constexpr char archive_signature[] = "22 serialization::archive ";
using detail::fail;

constexpr detail::EnvelopeKind evidence_model_kind{evidence_model_file_magic,
                                                   evidence_model_file_format_version,
                                                   "an", "evidence model file"};

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
    for (double threshold : model.label_threshold) {  // payload version 2
      std::uint64_t bits = bits_of(threshold);
      archive << bits;
    }
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
  model.label_threshold.fill(pa::kNoLabelThreshold);  // version 1: the argmax label
  if (version >= 2)
    for (double& threshold : model.label_threshold) {
      std::uint64_t bits = 0;
      archive >> bits;
      threshold = double_of(bits);
    }
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
  const detail::OpenedEnvelope opened =
      detail::open_envelope(evidence_model_kind, data, size, source);
  try {
    return model_of(opened.payload, opened.size, source);
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
  return detail::seal_envelope(evidence_model_kind, payload_of(model));
}

void save_evidence_model_file(const pa::EvidenceModel& model, const std::string& path) {
  detail::write_file_bytes(save_evidence_model_to_buffer(model), path, "evidence model file");
}

pa::EvidenceModel load_evidence_model_from_buffer(const void* data, std::size_t size) {
  return load_impl(data, size, "evidence model buffer");
}

pa::EvidenceModel load_evidence_model_file(const std::string& path) {
  const std::string source = "evidence model file '" + path + "'";
  const std::vector<unsigned char> bytes = detail::read_file_bytes(path, source);
  return load_impl(bytes.data(), bytes.size(), source);
}

PAYSTRIKE_NAMESPACE_END
