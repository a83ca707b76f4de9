// Model files: a Boost.Serialization text archive inside a checked envelope.
//
// Why a text archive: Boost's binary archives depend on the writer's endianness and type sizes;
// the text archive is portable and locale-independent (Boost imbues the classic locale). Doubles
// are stored as their IEEE-754 bit patterns (a uint64 in decimal), so every bit round-trips,
// infinities included, without relying on decimal formatting.
//
// Why custom vector and string loads: Boost's own collection and string loaders resize to a
// count read from the archive before reading the elements, so a damaged count (2^62) means a
// huge allocation. Here every count is checked against the bytes that remain in the payload
// before anything is allocated. The checksum would normally catch a damaged count; this guard
// also holds for a payload whose checksum was recomputed after the damage.
//
// The evidence model is not a member of ScoreModel (the scoring core knows nothing of the
// attribution), yet its section sits inside ScoreModel's record, after the scorecard fields,
// because that record's class version is what tells an old file from a new one. The saver and
// the loader reach it through an archive helper (EvidenceSection), as the bounded loads reach
// their LoadBudget.
#include "paystrike/io/model_file.hpp"

#include "envelope.hpp"
#include "evidence_payload.hpp"

#include <array>
#include <cstring>
#include <fstream>
#include <istream>
#include <limits>
#include <new>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>

#include <boost/archive/archive_exception.hpp>
#include <boost/archive/text_iarchive.hpp>
#include <boost/archive/text_oarchive.hpp>
#include <boost/serialization/nvp.hpp>
#include <boost/serialization/split_free.hpp>
#include <boost/serialization/version.hpp>

// Class versions of the archive layout. Bump one when its layout changes and keep the load
// branch for every older version: an older file must still load.
// Version 2 of ScoreModel adds binnings, the reason-code table and baseline and round_points;
// version 2 of Term adds the binning index of a woe_bins term; version 3 of ScoreModel adds the
// optional evidence section (a presence flag, then the evidence payload).
BOOST_CLASS_VERSION(paystrike::ScoreModel, 3)
BOOST_CLASS_VERSION(paystrike::Term, 2)
BOOST_CLASS_VERSION(paystrike::ScoreScaling, 1)
BOOST_CLASS_VERSION(paystrike::Binning, 1)

PAYSTRIKE_NAMESPACE_BEGIN
namespace detail {

constexpr unsigned int score_model_class_version = 3;
constexpr unsigned int term_class_version = 2;
constexpr unsigned int score_scaling_class_version = 1;
constexpr unsigned int binning_class_version = 1;

// The start of every Boost text archive: the signature as a length-prefixed string. It is
// checked by hand first, because Boost would read that length and allocate it unchecked.
constexpr char text_archive_signature[] = "22 serialization::archive ";

// Per-archive state for the bounded loads: where the payload stream is and how long it is.
struct LoadBudget {
  std::istream* in = nullptr;
  std::uint64_t size = 0;

  std::uint64_t remaining() const {
    if (in == nullptr) return 0;
    const std::streamoff position = static_cast<std::streamoff>(in->tellg());
    if (position < 0 || static_cast<std::uint64_t>(position) > size) return 0;
    return size - static_cast<std::uint64_t>(position);
  }
};

// The helper's identity in the archive's helper collection (Boost compares addresses).
char load_budget_id = 0;

template <class Archive>
LoadBudget& load_budget(Archive& ar) {
  return ar.template get_helper<LoadBudget>(&load_budget_id);
}

// The evidence section of the ScoreModel record (class version 3): the evidence model to
// write (none: flag 0), and the one read from the file, if any.
struct EvidenceSection {
  const attribution::EvidenceModel* to_save = nullptr;
  std::optional<attribution::EvidenceModel> loaded;
};

char evidence_section_id = 0;

template <class Archive>
EvidenceSection& evidence_section(Archive& ar) {
  return ar.template get_helper<EvidenceSection>(&evidence_section_id);
}

[[noreturn]] inline void bad_archive(const std::string& what) {
  throw Error(Status::bad_format, "archive: " + what);
}

// Reads an element count and refuses it unless `count` elements of at least
// `min_bytes_per_element` bytes each fit in what remains of the payload. In the text archive
// every number takes at least two bytes (a separator and a digit).
template <class Archive>
std::size_t load_count(Archive& ar, const char* what, std::uint64_t min_bytes_per_element) {
  std::uint64_t count = 0;
  ar >> boost::serialization::make_nvp("count", count);
  const std::uint64_t remaining = load_budget(ar).remaining();
  if (count > remaining / min_bytes_per_element)
    bad_archive(std::string(what) + " count " + std::to_string(count) +
                " is larger than the " + std::to_string(remaining) +
                " bytes left in the archive allow");
  return static_cast<std::size_t>(count);
}

template <class Archive>
void save_double(Archive& ar, const char* name, double value) {
  std::uint64_t bits = 0;
  static_assert(sizeof bits == sizeof value, "double must be 64-bit IEEE-754");
  std::memcpy(&bits, &value, sizeof bits);
  ar << boost::serialization::make_nvp(name, bits);
}

template <class Archive>
double load_double(Archive& ar, const char* name) {
  std::uint64_t bits = 0;
  ar >> boost::serialization::make_nvp(name, bits);
  double value = 0.0;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

template <class Archive>
void save_doubles(Archive& ar, const std::vector<double>& values) {
  std::uint64_t count = values.size();
  ar << boost::serialization::make_nvp("count", count);
  for (double v : values) save_double(ar, "item", v);
}

template <class Archive>
void load_doubles(Archive& ar, const char* what, std::vector<double>& values) {
  const std::size_t count = load_count(ar, what, 2);
  values.clear();
  values.reserve(count);
  for (std::size_t i = 0; i < count; ++i) values.push_back(load_double(ar, "item"));
}

// Strings are a byte count and then one number per byte: bounded, and free of Boost's
// unchecked string loader.
template <class Archive>
void save_string(Archive& ar, const std::string& text) {
  std::uint64_t count = text.size();
  ar << boost::serialization::make_nvp("count", count);
  for (char c : text) {
    unsigned int byte = static_cast<unsigned char>(c);
    ar << boost::serialization::make_nvp("byte", byte);
  }
}

template <class Archive>
void load_string(Archive& ar, const char* what, std::string& text) {
  const std::size_t count = load_count(ar, what, 2);
  text.clear();
  text.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    unsigned int byte = 0;
    ar >> boost::serialization::make_nvp("byte", byte);
    if (byte > 255) bad_archive(std::string(what) + " has a byte value " + std::to_string(byte));
    text.push_back(static_cast<char>(static_cast<unsigned char>(byte)));
  }
}

[[noreturn]] inline void newer_class(const char* name, unsigned int version, unsigned int ours) {
  throw Error(Status::unsupported_version,
              std::string("archive: ") + name + " class version " + std::to_string(version) +
                  " is newer than this library's " + std::to_string(ours));
}

}  // namespace detail
PAYSTRIKE_NAMESPACE_END

namespace boost {
namespace serialization {

template <class Archive>
void save(Archive& ar, const paystrike::ScoreScaling& s, const unsigned int /*version*/) {
  paystrike::detail::save_double(ar, "base_points", s.base_points);
  paystrike::detail::save_double(ar, "base_odds", s.base_odds);
  paystrike::detail::save_double(ar, "pdo", s.pdo);
}

template <class Archive>
void load(Archive& ar, paystrike::ScoreScaling& s, const unsigned int version) {
  if (version > paystrike::detail::score_scaling_class_version)
    paystrike::detail::newer_class("ScoreScaling", version,
                                   paystrike::detail::score_scaling_class_version);
  s.base_points = paystrike::detail::load_double(ar, "base_points");
  s.base_odds = paystrike::detail::load_double(ar, "base_odds");
  s.pdo = paystrike::detail::load_double(ar, "pdo");
}

template <class Archive>
void save(Archive& ar, const paystrike::Term& t, const unsigned int /*version*/) {
  paystrike::detail::save_string(ar, t.name);
  std::int64_t input = t.input;
  ar << make_nvp("input", input);
  std::int32_t kind = static_cast<std::int32_t>(t.kind);
  ar << make_nvp("kind", kind);
  paystrike::detail::save_double(ar, "level", t.level);
  std::int64_t binning = t.binning;  // since Term version 2
  ar << make_nvp("binning", binning);
}

template <class Archive>
void load(Archive& ar, paystrike::Term& t, const unsigned int version) {
  if (version > paystrike::detail::term_class_version)
    paystrike::detail::newer_class("Term", version, paystrike::detail::term_class_version);
  paystrike::detail::load_string(ar, "term name", t.name);
  std::int64_t input = 0;
  ar >> make_nvp("input", input);
  t.input = input;
  std::int32_t kind = 0;
  ar >> make_nvp("kind", kind);
  // TermKind has a fixed underlying type, so any int32 converts; validate() refuses unknown ones.
  t.kind = static_cast<paystrike::TermKind>(kind);
  t.level = paystrike::detail::load_double(ar, "level");
  t.binning = -1;  // version 1 had no binned terms
  if (version >= 2) {
    std::int64_t binning = 0;
    ar >> make_nvp("binning", binning);
    t.binning = binning;
  }
}

// Layout of Binning version 1, in order (docs/model_file_format.md): name, kind (int32),
// cut_points, levels, level_bins (count, int64 each), level_labels (count, strings),
// categorical_bins, other_bin (int64), special_values, missing_bin (int32 0/1), goods, bads,
// woe, pseudo_count.
template <class Archive>
void save(Archive& ar, const paystrike::Binning& b, const unsigned int /*version*/) {
  using namespace paystrike::detail;
  save_string(ar, b.name);
  std::int32_t kind = static_cast<std::int32_t>(b.kind);
  ar << make_nvp("kind", kind);
  save_doubles(ar, b.cut_points);
  save_doubles(ar, b.levels);
  std::uint64_t count = b.level_bins.size();
  ar << make_nvp("count", count);
  for (std::int64_t v : b.level_bins) ar << make_nvp("item", v);
  count = b.level_labels.size();
  ar << make_nvp("count", count);
  for (const std::string& label : b.level_labels) save_string(ar, label);
  std::int64_t value = b.categorical_bins;
  ar << make_nvp("categorical_bins", value);
  value = b.other_bin;
  ar << make_nvp("other_bin", value);
  save_doubles(ar, b.special_values);
  std::int32_t missing = b.missing_bin ? 1 : 0;
  ar << make_nvp("missing_bin", missing);
  save_doubles(ar, b.goods);
  save_doubles(ar, b.bads);
  save_doubles(ar, b.woe);
  save_double(ar, "pseudo_count", b.pseudo_count);
}

template <class Archive>
void load(Archive& ar, paystrike::Binning& b, const unsigned int version) {
  using namespace paystrike::detail;
  if (version > binning_class_version) newer_class("Binning", version, binning_class_version);
  load_string(ar, "binning name", b.name);
  std::int32_t kind = 0;
  ar >> make_nvp("kind", kind);
  b.kind = static_cast<paystrike::BinningKind>(kind);  // validate() refuses unknown kinds
  load_doubles(ar, "cut point", b.cut_points);
  load_doubles(ar, "level", b.levels);
  std::size_t count = load_count(ar, "level bin", 2);
  b.level_bins.assign(count, 0);
  for (std::int64_t& v : b.level_bins) ar >> make_nvp("item", v);
  count = load_count(ar, "level label", 2);
  b.level_labels.assign(count, std::string());
  for (std::string& label : b.level_labels) load_string(ar, "level label", label);
  std::int64_t value = 0;
  ar >> make_nvp("categorical_bins", value);
  b.categorical_bins = value;
  ar >> make_nvp("other_bin", value);
  b.other_bin = value;
  load_doubles(ar, "special value", b.special_values);
  std::int32_t missing = 0;
  ar >> make_nvp("missing_bin", missing);
  if (missing != 0 && missing != 1) bad_archive("missing_bin flag is not 0 or 1");
  b.missing_bin = missing == 1;
  load_doubles(ar, "bin goods", b.goods);
  load_doubles(ar, "bin bads", b.bads);
  load_doubles(ar, "bin WoE", b.woe);
  b.pseudo_count = load_double(ar, "pseudo_count");
}

// Layout of ScoreModel version 1, in order (docs/model_file_format.md):
// input_names, input_min, input_max, terms, intercept, coefficients, scaling.
// Version 2 appends: binnings (count, Binning each), reason_codes (count, strings),
// reason_baseline (doubles), round_points (int32 0/1).
// Version 3 appends the evidence section: has_evidence_model (int32 0/1), then, if 1, the
// evidence payload (evidence_payload.hpp: payload version, shapes, fields).
template <class Archive>
void save(Archive& ar, const paystrike::ScoreModel& m, const unsigned int /*version*/) {
  std::uint64_t count = m.input_names.size();
  ar << make_nvp("count", count);
  for (const std::string& name : m.input_names) paystrike::detail::save_string(ar, name);
  paystrike::detail::save_doubles(ar, m.input_min);
  paystrike::detail::save_doubles(ar, m.input_max);
  count = m.terms.size();
  ar << make_nvp("count", count);
  for (const paystrike::Term& term : m.terms) ar << make_nvp("term", term);
  paystrike::detail::save_double(ar, "intercept", m.intercept);
  paystrike::detail::save_doubles(ar, m.coefficients);
  ar << make_nvp("scaling", m.scaling);
  count = m.binnings.size();
  ar << make_nvp("count", count);
  for (const paystrike::Binning& binning : m.binnings) ar << make_nvp("binning", binning);
  count = m.reason_codes.size();
  ar << make_nvp("count", count);
  for (const std::string& code : m.reason_codes) paystrike::detail::save_string(ar, code);
  paystrike::detail::save_doubles(ar, m.reason_baseline);
  std::int32_t round_points = m.round_points ? 1 : 0;
  ar << make_nvp("round_points", round_points);
  const paystrike::attribution::EvidenceModel* evidence =
      paystrike::detail::evidence_section(ar).to_save;
  std::int32_t has_evidence = evidence != nullptr ? 1 : 0;
  ar << make_nvp("has_evidence_model", has_evidence);
  if (evidence != nullptr) paystrike::detail::save_evidence_payload(ar, *evidence);
}

template <class Archive>
void load(Archive& ar, paystrike::ScoreModel& m, const unsigned int version) {
  using namespace paystrike::detail;
  if (version > score_model_class_version)
    newer_class("ScoreModel", version, score_model_class_version);
  // A name takes at least its count (2 bytes); a term at least its four fields (8 bytes).
  const std::size_t names = load_count(ar, "input name", 2);
  m.input_names.assign(names, std::string());
  for (std::string& name : m.input_names) load_string(ar, "input name", name);
  load_doubles(ar, "input minimum", m.input_min);
  load_doubles(ar, "input maximum", m.input_max);
  const std::size_t terms = load_count(ar, "term", 8);
  m.terms.clear();
  m.terms.reserve(terms);
  for (std::size_t i = 0; i < terms; ++i) {
    paystrike::Term term;
    ar >> make_nvp("term", term);
    m.terms.push_back(std::move(term));
  }
  m.intercept = load_double(ar, "intercept");
  load_doubles(ar, "coefficient", m.coefficients);
  ar >> make_nvp("scaling", m.scaling);
  m.binnings.clear();
  m.reason_codes.clear();
  m.reason_baseline.clear();
  m.round_points = false;
  if (version < 2) return;  // version 1: no binnings, no reason codes, unrounded points
  // A binning takes at least its 14 fields (28 bytes).
  const std::size_t binnings = load_count(ar, "binning", 28);
  m.binnings.reserve(binnings);
  for (std::size_t i = 0; i < binnings; ++i) {
    paystrike::Binning binning;
    ar >> make_nvp("binning", binning);
    m.binnings.push_back(std::move(binning));
  }
  const std::size_t codes = load_count(ar, "reason code", 2);
  m.reason_codes.assign(codes, std::string());
  for (std::string& code : m.reason_codes) load_string(ar, "reason code", code);
  load_doubles(ar, "reason baseline", m.reason_baseline);
  std::int32_t round_points = 0;
  ar >> make_nvp("round_points", round_points);
  if (round_points != 0 && round_points != 1) bad_archive("round_points flag is not 0 or 1");
  m.round_points = round_points == 1;
  if (version < 3) return;  // version 2: no evidence model
  std::int32_t has_evidence = 0;
  ar >> make_nvp("has_evidence_model", has_evidence);
  if (has_evidence != 0 && has_evidence != 1) bad_archive("evidence model flag is not 0 or 1");
  if (has_evidence == 0) return;
  try {
    evidence_section(ar).loaded = load_evidence_payload(ar);
  } catch (const paystrike::Error& e) {
    throw paystrike::Error(e.status(), std::string("evidence model section: ") + e.what());
  }
}

template <class Archive>
void serialize(Archive& ar, paystrike::ScoreScaling& s, const unsigned int version) {
  split_free(ar, s, version);
}
template <class Archive>
void serialize(Archive& ar, paystrike::Term& t, const unsigned int version) {
  split_free(ar, t, version);
}
template <class Archive>
void serialize(Archive& ar, paystrike::ScoreModel& m, const unsigned int version) {
  split_free(ar, m, version);
}
template <class Archive>
void serialize(Archive& ar, paystrike::Binning& b, const unsigned int version) {
  split_free(ar, b, version);
}

}  // namespace serialization
}  // namespace boost

PAYSTRIKE_NAMESPACE_BEGIN

namespace {

constexpr std::array<std::uint32_t, 256> make_crc32_table() {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t n = 0; n < 256; ++n) {
    std::uint32_t c = n;
    for (int k = 0; k < 8; ++k) c = (c & 1u) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[n] = c;
  }
  return table;
}
constexpr std::array<std::uint32_t, 256> crc32_table = make_crc32_table();

using detail::fail;

constexpr detail::EnvelopeKind score_model_kind{model_file_magic, model_file_format_version,
                                                "a", "score model file"};

ModelFileContents load_payload_v1(const unsigned char* payload, std::size_t size,
                                  const std::string& source) {
  const std::size_t signature_size = sizeof detail::text_archive_signature - 1;
  if (size < signature_size ||
      std::memcmp(payload, detail::text_archive_signature, signature_size) != 0)
    fail(Status::bad_format, source, "the payload is not a Boost text archive");

  std::istringstream in(std::string(reinterpret_cast<const char*>(payload), size));
  ModelFileContents contents;
  boost::archive::text_iarchive archive(in);
  detail::LoadBudget& budget = detail::load_budget(archive);
  budget.in = &in;
  budget.size = size;
  archive >> boost::serialization::make_nvp("score_model", contents.score_model);
  contents.evidence_model = std::move(detail::evidence_section(archive).loaded);
  in >> std::ws;
  if (!in.eof()) fail(Status::bad_format, source, "unexpected data after the archive");
  return contents;
}

ModelFileContents load_impl(const void* data, std::size_t size, const std::string& source) {
  const detail::OpenedEnvelope opened = detail::open_envelope(score_model_kind, data, size, source);
  const unsigned char* payload = opened.payload;
  const std::size_t length = opened.size;

  ModelFileContents contents;
  try {
    // Format version 1 is the only one so far; an older version gets its own branch here.
    contents = load_payload_v1(payload, length, source);
  } catch (const Error& e) {
    // Errors from the bounded loads carry no source yet; those from fail() already do.
    const std::string message = e.what();
    if (message.compare(0, source.size(), source) == 0) throw;
    fail(e.status(), source, message);
  } catch (const boost::archive::archive_exception& e) {
    const bool newer = e.code == boost::archive::archive_exception::unsupported_version ||
                       e.code == boost::archive::archive_exception::unsupported_class_version;
    fail(newer ? Status::unsupported_version : Status::bad_format, source,
         std::string("archive: ") + e.what());
  } catch (const std::bad_alloc&) {
    fail(Status::out_of_memory, source, "out of memory while reading the archive");
  } catch (const std::exception& e) {
    // Anything else while parsing untrusted bytes is a format problem.
    fail(Status::bad_format, source, std::string("archive: ") + e.what());
  }
  try {
    contents.score_model.validate();
  } catch (const Error& e) {
    fail(e.status(), source, e.what());
  }
  return contents;
}

// Both models are validated before anything is written, so no file that cannot be loaded again
// is written; an invalid evidence model is named as such rather than left to the loader.
std::vector<unsigned char> save_impl(const ScoreModel& model,
                                     const attribution::EvidenceModel* evidence_model) {
  model.validate();
  if (evidence_model != nullptr) {
    try {
      evidence_model->validate();
    } catch (const Error& e) {
      throw Error(Status::bad_format,
                  std::string("cannot save an invalid evidence model: ") + e.what());
    }
  }
  std::ostringstream out;
  {
    boost::archive::text_oarchive archive(out);
    detail::evidence_section(archive).to_save = evidence_model;
    archive << boost::serialization::make_nvp("score_model", model);
  }
  return detail::seal_envelope(score_model_kind, out.str());
}

}  // namespace

std::uint32_t crc32(const void* data, std::size_t size) noexcept {
  const auto* bytes = static_cast<const unsigned char*>(data);
  std::uint32_t c = 0xFFFFFFFFu;
  for (std::size_t i = 0; i < size; ++i) c = crc32_table[(c ^ bytes[i]) & 0xFFu] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

std::vector<unsigned char> save_model_to_buffer(const ScoreModel& model) {
  return save_impl(model, nullptr);
}

std::vector<unsigned char> save_model_with_evidence_to_buffer(
    const ScoreModel& model, const attribution::EvidenceModel& evidence_model) {
  return save_impl(model, &evidence_model);
}

void save_model_with_evidence_file(const ScoreModel& model,
                                   const attribution::EvidenceModel& evidence_model,
                                   const std::string& path) {
  detail::write_file_bytes(save_model_with_evidence_to_buffer(model, evidence_model), path,
                           "model file");
}

void save_model_file(const ScoreModel& model, const std::string& path) {
  detail::write_file_bytes(save_model_to_buffer(model), path, "model file");
}

ScoreModel load_model_from_buffer(const void* data, std::size_t size) {
  return load_impl(data, size, "model buffer").score_model;
}

ScoreModel load_model_file(const std::string& path) {
  return load_model_and_evidence_file(path).score_model;
}

ModelFileContents load_model_and_evidence_from_buffer(const void* data, std::size_t size) {
  return load_impl(data, size, "model buffer");
}

ModelFileContents load_model_and_evidence_file(const std::string& path) {
  const std::string source = "model file '" + path + "'";
  const std::vector<unsigned char> bytes = detail::read_file_bytes(path, source);
  return load_impl(bytes.data(), bytes.size(), source);
}

PAYSTRIKE_NAMESPACE_END
