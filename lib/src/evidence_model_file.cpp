// Evidence model files: the score model file's envelope (reusing its CRC-32 and header size)
// with magic "\x89PSE", around a Boost text archive holding only the evidence payload. The
// payload's fields are written and read by evidence_payload.hpp, the same code that writes the
// evidence section of a score model file.
#include "paystrike/io/evidence_model_file.hpp"

#include <cstring>
#include <new>
#include <sstream>

#include <boost/archive/archive_exception.hpp>
#include <boost/archive/text_iarchive.hpp>
#include <boost/archive/text_oarchive.hpp>

#include "paystrike/io/model_file.hpp"

#include "envelope.hpp"
#include "evidence_payload.hpp"

PAYSTRIKE_NAMESPACE_BEGIN

namespace {

namespace pa = attribution;

constexpr char archive_signature[] = "22 serialization::archive ";
using detail::fail;

constexpr detail::EnvelopeKind evidence_model_kind{evidence_model_file_magic,
                                                   evidence_model_file_format_version,
                                                   "an", "evidence model file"};

std::string payload_of(const pa::EvidenceModel& model) {
  std::ostringstream out;
  {
    boost::archive::text_oarchive archive(out);
    detail::save_evidence_payload(archive, model);
  }
  return out.str();
}

pa::EvidenceModel model_of(const unsigned char* payload, std::size_t size,
                           const std::string& source) {
  const std::size_t signature_size = sizeof archive_signature - 1;
  if (size < signature_size || std::memcmp(payload, archive_signature, signature_size) != 0)
    fail(Status::bad_format, source, "the payload is not a Boost text archive");
  std::istringstream in(std::string(reinterpret_cast<const char*>(payload), size));
  boost::archive::text_iarchive archive(in);
  pa::EvidenceModel model;
  try {
    model = detail::load_evidence_payload(archive);
  } catch (const Error& e) {
    fail(e.status(), source, e.what());
  }
  in >> std::ws;
  if (!in.eof()) fail(Status::bad_format, source, "unexpected data after the archive");
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
