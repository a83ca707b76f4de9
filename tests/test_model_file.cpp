// Model files: bit-exact round trips (with and without an evidence model) and a loader that
// refuses every damaged file (case C10), the evidence section included.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <new>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "paystrike/io/evidence_model_file.hpp"
#include "paystrike/io/model_file.hpp"
#include "paystrike/score_model.hpp"

// The largest single allocation requested while `tracking` is set: the loader must never ask
// for memory out of proportion to the file it reads. AddressSanitizer replaces operator new
// itself and aborts on absurd sizes, so there the check is ASan's own.
#if !defined(__SANITIZE_ADDRESS__)
#define PAYSTRIKE_TRACK_ALLOCATIONS 1
namespace {
std::atomic<bool> tracking{false};
std::atomic<std::size_t> largest_request{0};
void* tracked_allocate(std::size_t size) {
  if (tracking.load(std::memory_order_relaxed)) {
    std::size_t seen = largest_request.load(std::memory_order_relaxed);
    while (size > seen && !largest_request.compare_exchange_weak(seen, size)) {
    }
  }
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
}  // namespace
void* operator new(std::size_t size) { return tracked_allocate(size); }
void* operator new[](std::size_t size) { return tracked_allocate(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
#endif

namespace {

namespace pa = paystrike::attribution;
using paystrike::Error;
using paystrike::ModelFileContents;
using paystrike::ScoreModel;
using paystrike::Status;
using paystrike::Term;
using paystrike::TermKind;

// Case C09 / H17: intercept 0.5, coefficients [1, -2, 0.25] on three linear terms.
ScoreModel c09_model() {
  ScoreModel m;
  m.input_names = {"x1", "x2", "x3"};
  m.input_min = {0.0, 0.0, 0.0};
  m.input_max = {10.0, 10.0, 10.0};
  for (std::int64_t j = 0; j < 3; ++j)
    m.terms.push_back(Term{"x" + std::to_string(j + 1), j, TermKind::linear, 0.0});
  m.intercept = 0.5;
  m.coefficients = {1.0, -2.0, 0.25};
  return m;
}

// A model whose doubles are hard to print and read back: every bit must survive.
ScoreModel awkward_model() {
  ScoreModel m;
  m.input_names = {"LIMIT_BAL", "EDUCATION", "name with spaces, \"quotes\" and \xC3\xA9", ""};
  m.input_min = {-0.0, 1.0, std::numeric_limits<double>::denorm_min(),
                 -std::numeric_limits<double>::infinity()};
  m.input_max = {0.1, 6.0, std::numeric_limits<double>::max(),
                 std::numeric_limits<double>::infinity()};
  m.terms = {Term{"log1p(LIMIT_BAL)", 0, TermKind::signed_log1p, 0.0},
             Term{"EDUCATION=2", 1, TermKind::indicator, 2.0},
             Term{"EDUCATION=3", 1, TermKind::indicator, 3.0},
             Term{"x", 2, TermKind::linear, 0.0}};
  m.intercept = 1.0 / 3.0;
  m.coefficients = {std::acos(-1.0), -1e-300, 6.02214076e23, std::nextafter(1.0, 2.0)};
  m.scaling.base_points = 612.5;
  m.scaling.base_odds = 1.0 / 19.0;
  m.scaling.pdo = 20.0 / 3.0;
  return m;
}

// A scorecard model with every part of class version 2: a numeric binning with a special value
// and a missing bin, a categorical binning with labels and an "other" bin, reason codes, a
// baseline and rounded points.
ScoreModel scorecard_model() {
  ScoreModel m;
  m.input_names = {"Income", "Home"};
  m.input_min = {10.0, 0.0};
  m.input_max = {900.0, 5.0};
  paystrike::Binning income;
  income.name = "Income";
  income.cut_points = {0.1 + 0.2, 83.0};
  income.special_values = {-2.0};
  income.missing_bin = true;
  income.goods = {100, 200, 50, 5, 164};
  income.bads = {60, 40, 30, 0, 217};
  income.woe = {-0.25, 0.5, 0.1, 0.0, -1.2168432933112132};
  paystrike::Binning home;
  home.name = "Home";
  home.kind = paystrike::BinningKind::categorical;
  home.levels = {0, 1, 2, 5};
  home.level_bins = {1, 0, 1, 2};
  home.level_labels = {"ignore", "owner", "rent", "\xC3\xA9"};
  home.categorical_bins = 3;
  home.other_bin = 2;
  home.goods = {300, 150, 20};
  home.bads = {50, 100, 15};
  home.woe = {0.7, -0.3, -0.1};
  home.pseudo_count = 0.5;
  m.binnings = {income, home};
  Term a{"woe(Income)", 0, TermKind::woe_bins, 0.0};
  a.binning = 0;
  Term b{"woe(Home)", 1, TermKind::woe_bins, 0.0};
  b.binning = 1;
  m.terms = {a, b};
  m.intercept = 0.9;
  m.coefficients = {0.8, 1.1};
  m.reason_codes = {"R01", ""};
  m.reason_baseline = {28.5, 1.0 / 3.0};
  m.round_points = true;
  return m;
}

// A fitted evidence model whose every field differs from the default: fitted tables, another
// scaling and undetermined rule, and label thresholds that are neither 1 nor the defaults.
pa::EvidenceModel fitted_evidence_model() {
  std::vector<pa::InvestigatedCase> cases;
  for (int i = 0; i < 40; ++i) {
    pa::InvestigatedCase c;
    c.signals.behaviour = static_cast<pa::BehaviourPattern>(1 + i % 5);
    c.signals.complaint = static_cast<pa::ComplaintSignal>(i % 6);
    c.signals.bureau = static_cast<pa::BureauSignal>(i % 5);
    c.signals.registry = static_cast<pa::RegistrySignal>(i % 4);
    c.signals.training_range = static_cast<pa::TrainingRangeSignal>(1 + i % 2);
    c.cause = static_cast<pa::Cause>(i % 4);
    cases.push_back(c);
  }
  pa::EvidenceModel model;
  model.tables = pa::fit_evidence_tables(cases, 0.5);
  model.scaling.base_points = 612.5;
  model.scaling.pdo = 40.0 / 3.0;
  model.min_top_posterior = 0.45;
  model.max_known_sources_for_undetermined = 2;
  model.label_threshold = {0.1 + 0.2, 1.0, 1.0 / 7.0, 0.9};
  return model;
}

std::uint64_t bits(double v) {
  std::uint64_t b;
  std::memcpy(&b, &v, sizeof b);
  return b;
}

void expect_identical(const pa::EvidenceModel& a, const pa::EvidenceModel& b) {
  for (std::size_t c = 0; c < pa::kCauseCount; ++c) {
    EXPECT_EQ(bits(a.tables.prior[c]), bits(b.tables.prior[c])) << "prior " << c;
    EXPECT_EQ(bits(a.label_threshold[c]), bits(b.label_threshold[c])) << "threshold " << c;
  }
  for (std::size_t s = 0; s < pa::kSignalCount; ++s) {
    ASSERT_EQ(a.tables.likelihood[s].size(), b.tables.likelihood[s].size());
    for (std::size_t state = 0; state < a.tables.likelihood[s].size(); ++state)
      for (std::size_t c = 0; c < pa::kCauseCount; ++c)
        EXPECT_EQ(bits(a.tables.likelihood[s][state][c]), bits(b.tables.likelihood[s][state][c]))
            << "signal " << s << " state " << state << " cause " << c;
  }
  EXPECT_EQ(bits(a.scaling.base_points), bits(b.scaling.base_points));
  EXPECT_EQ(bits(a.scaling.base_odds), bits(b.scaling.base_odds));
  EXPECT_EQ(bits(a.scaling.pdo), bits(b.scaling.pdo));
  EXPECT_EQ(bits(a.min_top_posterior), bits(b.min_top_posterior));
  EXPECT_EQ(a.max_known_sources_for_undetermined, b.max_known_sources_for_undetermined);
}

void expect_same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(bits(a[i]), bits(b[i])) << "element " << i;
}

void expect_identical(const ScoreModel& a, const ScoreModel& b) {
  EXPECT_EQ(a.input_names, b.input_names);
  expect_same_bits(a.input_min, b.input_min);
  expect_same_bits(a.input_max, b.input_max);
  ASSERT_EQ(a.terms.size(), b.terms.size());
  for (std::size_t t = 0; t < a.terms.size(); ++t) {
    EXPECT_EQ(a.terms[t].name, b.terms[t].name);
    EXPECT_EQ(a.terms[t].input, b.terms[t].input);
    EXPECT_EQ(a.terms[t].kind, b.terms[t].kind);
    EXPECT_EQ(bits(a.terms[t].level), bits(b.terms[t].level));
    EXPECT_EQ(a.terms[t].binning, b.terms[t].binning);
  }
  ASSERT_EQ(a.binnings.size(), b.binnings.size());
  for (std::size_t i = 0; i < a.binnings.size(); ++i) {
    const paystrike::Binning &x = a.binnings[i], &y = b.binnings[i];
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.kind, y.kind);
    expect_same_bits(x.cut_points, y.cut_points);
    expect_same_bits(x.levels, y.levels);
    EXPECT_EQ(x.level_bins, y.level_bins);
    EXPECT_EQ(x.level_labels, y.level_labels);
    EXPECT_EQ(x.categorical_bins, y.categorical_bins);
    EXPECT_EQ(x.other_bin, y.other_bin);
    expect_same_bits(x.special_values, y.special_values);
    EXPECT_EQ(x.missing_bin, y.missing_bin);
    expect_same_bits(x.goods, y.goods);
    expect_same_bits(x.bads, y.bads);
    expect_same_bits(x.woe, y.woe);
    EXPECT_EQ(bits(x.pseudo_count), bits(y.pseudo_count));
  }
  EXPECT_EQ(a.reason_codes, b.reason_codes);
  expect_same_bits(a.reason_baseline, b.reason_baseline);
  EXPECT_EQ(a.round_points, b.round_points);
  EXPECT_EQ(bits(a.intercept), bits(b.intercept));
  expect_same_bits(a.coefficients, b.coefficients);
  EXPECT_EQ(bits(a.scaling.base_points), bits(b.scaling.base_points));
  EXPECT_EQ(bits(a.scaling.base_odds), bits(b.scaling.base_odds));
  EXPECT_EQ(bits(a.scaling.pdo), bits(b.scaling.pdo));
}

std::uint32_t read_u32(const std::vector<unsigned char>& f, std::size_t at) {
  return std::uint32_t{f[at]} | std::uint32_t{f[at + 1]} << 8 | std::uint32_t{f[at + 2]} << 16 |
         std::uint32_t{f[at + 3]} << 24;
}
std::uint64_t read_u64(const std::vector<unsigned char>& f, std::size_t at) {
  return std::uint64_t{read_u32(f, at)} | std::uint64_t{read_u32(f, at + 4)} << 32;
}

std::string payload_of(const std::vector<unsigned char>& file) {
  return std::string(file.begin() + paystrike::model_file_header_size, file.end());
}

// A complete file around `payload` with a correct length and checksum.
std::vector<unsigned char> envelope(const std::string& payload,
                                    std::uint32_t version = paystrike::model_file_format_version) {
  std::vector<unsigned char> f(paystrike::model_file_header_size + payload.size());
  std::memcpy(f.data(), paystrike::model_file_magic, 8);
  for (int i = 0; i < 4; ++i) f[8 + i] = static_cast<unsigned char>(version >> (8 * i));
  const std::uint64_t length = payload.size();
  for (int i = 0; i < 8; ++i) f[12 + i] = static_cast<unsigned char>(length >> (8 * i));
  const std::uint32_t crc = paystrike::crc32(payload.data(), payload.size());
  for (int i = 0; i < 4; ++i) f[20 + i] = static_cast<unsigned char>(crc >> (8 * i));
  std::memcpy(f.data() + paystrike::model_file_header_size, payload.data(), payload.size());
  return f;
}

std::vector<std::string> tokens_of(const std::string& payload) {
  std::istringstream in(payload);
  std::vector<std::string> tokens;
  for (std::string t; in >> t;) tokens.push_back(t);
  return tokens;
}

std::string join(const std::vector<std::string>& tokens) {
  std::string out;
  for (const std::string& t : tokens) out += t + " ";
  return out + "\n";
}

// Loads with the evidence model, if any: whatever loads must be valid.
Status load_status(const std::vector<unsigned char>& file, std::string* message = nullptr) {
  try {
    const ModelFileContents loaded =
        paystrike::load_model_and_evidence_from_buffer(file.data(), file.size());
    loaded.score_model.validate();
    if (loaded.evidence_model) loaded.evidence_model->validate();
    return Status::ok;
  } catch (const Error& e) {
    if (message) *message = e.what();
    return e.status();
  }
}

TEST(ModelFile, Crc32MatchesTheStandardCheckValue) {
  EXPECT_EQ(paystrike::crc32("123456789", 9), 0xCBF43926u);
  EXPECT_EQ(paystrike::crc32("", 0), 0u);
}

TEST(ModelFile, EnvelopeHasMagicVersionLengthAndChecksum) {
  const std::vector<unsigned char> file = paystrike::save_model_to_buffer(c09_model());
  ASSERT_GT(file.size(), paystrike::model_file_header_size);
  EXPECT_EQ(0, std::memcmp(file.data(), paystrike::model_file_magic, 8));
  EXPECT_EQ(read_u32(file, 8), 1u);
  EXPECT_EQ(read_u64(file, 12), file.size() - paystrike::model_file_header_size);
  const std::string payload = payload_of(file);
  EXPECT_EQ(read_u32(file, 20), paystrike::crc32(payload.data(), payload.size()));
  EXPECT_EQ(payload.rfind("22 serialization::archive ", 0), 0u);
}

TEST(ModelFile, RoundTripReproducesEveryBit) {
  const ScoreModel original = awkward_model();
  const std::vector<unsigned char> file = paystrike::save_model_to_buffer(original);
  const ScoreModel loaded = paystrike::load_model_from_buffer(file.data(), file.size());
  expect_identical(original, loaded);
  // Saving the loaded model gives the same bytes: nothing drifts through a second round.
  EXPECT_EQ(paystrike::save_model_to_buffer(loaded), file);
}

TEST(ModelFile, C09ModelScoresExactlyAfterReload) {
  const ScoreModel original = c09_model();
  const std::vector<unsigned char> file = paystrike::save_model_to_buffer(original);
  const ScoreModel loaded = paystrike::load_model_from_buffer(file.data(), file.size());
  const double x[6] = {1, 2, 3, 4, 5, 6};
  double p[2] = {0, 0}, s[2] = {0, 0}, s0[2] = {1, 1};
  paystrike::score_rows(loaded, paystrike::make_row_major_view(x, 2, 3), s, p);
  EXPECT_EQ(bits(p[0]), bits(0.14804719803168948));
  EXPECT_EQ(bits(p[1]), bits(0.01798620996209156));
  paystrike::score_rows(original, paystrike::make_row_major_view(x, 2, 3), s0, nullptr);
  EXPECT_EQ(bits(s[0]), bits(s0[0]));
  EXPECT_EQ(bits(s[1]), bits(s0[1]));
}

// A version-1 file, byte for byte as this library first wrote it (docs/model_file_format.md).
// Every later library must still load it and score it exactly: an older file always loads.
TEST(ModelFile, Version1FileWrittenByTheFirstReleaseStillLoads) {
  const unsigned char header[24] = {0x89, 'P', 'S', 'K', 0x0D, 0x0A, 0x1A, 0x0A,  // magic
                                    0x01, 0x00, 0x00, 0x00,                          // version 1
                                    0x4A, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // 330 bytes
                                    0xE7, 0xD5, 0x78, 0x4C};                         // CRC-32
  const std::string payload =
      "22 serialization::archive 18 0 1 3 2 120 49 2 120 50 2 120 51 3 0 0 0 3 "
      "4621819117588971520 4621819117588971520 4621819117588971520 3 0 1 2 120 49 0 0 0 2 120 "
      "50 1 0 0 2 120 51 2 0 0 4602678819172646912 3 4607182418800017408 13835058055282163712 "
      "4598175219545276416 0 1 4648488871632306176 4632233691727265792 4626322717216342016\n";
  std::vector<unsigned char> file(header, header + 24);
  file.insert(file.end(), payload.begin(), payload.end());
  const ScoreModel loaded = paystrike::load_model_from_buffer(file.data(), file.size());
  expect_identical(c09_model(), loaded);
  const double x[6] = {1, 2, 3, 4, 5, 6};
  double p[2] = {0, 0};
  paystrike::score_rows(loaded, paystrike::make_row_major_view(x, 2, 3), nullptr, p);
  EXPECT_EQ(bits(p[0]), bits(0.14804719803168948));
  EXPECT_EQ(bits(p[1]), bits(0.01798620996209156));
}

TEST(ModelFile, ScorecardRoundTripReproducesEveryBitAndScore) {
  const ScoreModel original = scorecard_model();
  const std::vector<unsigned char> file = paystrike::save_model_to_buffer(original);
  const ScoreModel loaded = paystrike::load_model_from_buffer(file.data(), file.size());
  expect_identical(original, loaded);
  EXPECT_EQ(paystrike::save_model_to_buffer(loaded), file);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double x[] = {nan, 1.0, -2.0, 7.0, 0.3, 2.0, 50.0, 5.0};  // NaN, special, unseen level
  double s0[4], s1[4];
  paystrike::score_rows(original, paystrike::make_row_major_view(x, 4, 2), s0, nullptr);
  paystrike::score_rows(loaded, paystrike::make_row_major_view(x, 4, 2), s1, nullptr);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(bits(s0[i]), bits(s1[i]));
  // Rounded points: base round(offset + factor * 0.9) plus round(factor * coef * WoE) per part.
  const double f = original.scaling.factor();
  EXPECT_EQ(s0[0], std::round(original.scaling.offset() + f * 0.9) +
                       std::round(f * 0.8 * -1.2168432933112132) + std::round(f * 1.1 * 0.7));
}

TEST(ModelFile, ScorecardArchiveMutationsNeverCrash) {
  for (const std::vector<unsigned char>& original :
       {paystrike::save_model_to_buffer(scorecard_model()),
        paystrike::save_model_with_evidence_to_buffer(scorecard_model(),
                                                      fitted_evidence_model())}) {
    const std::vector<std::string> tokens = tokens_of(payload_of(original));
    for (const std::string& huge :
         {std::to_string(std::uint64_t{1} << 62), std::string("-1"), std::string("7")}) {
      for (std::size_t i = 0; i < tokens.size(); ++i) {
        std::vector<std::string> mutated = tokens;
        mutated[i] = huge;
        const std::vector<unsigned char> file = envelope(join(mutated));
#ifdef PAYSTRIKE_TRACK_ALLOCATIONS
        largest_request = 0;
        tracking = true;
#endif
        const Status status = load_status(file);
#ifdef PAYSTRIKE_TRACK_ALLOCATIONS
        tracking = false;
        EXPECT_LT(largest_request.load(), 16 * file.size() + 4096) << "token " << i;
#endif
        EXPECT_TRUE(status == Status::ok || status == Status::bad_format ||
                    status == Status::unsupported_version)
            << "token " << i << ": " << paystrike::status_name(status);
      }
    }
    for (std::size_t n = 0; n < tokens.size(); ++n) {
      const std::vector<std::string> prefix(tokens.begin(),
                                            tokens.begin() + static_cast<std::ptrdiff_t>(n));
      EXPECT_EQ(load_status(envelope(join(prefix))), Status::bad_format) << n << " tokens";
    }
    EXPECT_EQ(load_status(envelope(join(tokens))), Status::ok);
  }
}

TEST(ModelFile, ABinnedTermWithoutItsBinningIsRefused) {
  ScoreModel m = scorecard_model();
  m.binnings.pop_back();
  try {
    paystrike::save_model_to_buffer(m);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), Status::bad_format);
    EXPECT_NE(std::string(e.what()).find("reads binning 1"), std::string::npos) << e.what();
  }
  m = scorecard_model();
  m.binnings[0].woe[1] = std::numeric_limits<double>::infinity();
  EXPECT_THROW(paystrike::save_model_to_buffer(m), Error);
}

TEST(ModelFile, SaveAndLoadThroughAFile) {
  const std::string path = testing::TempDir() + "paystrike_model_file_test.psm";
  paystrike::save_model_file(awkward_model(), path);
  expect_identical(awkward_model(), paystrike::load_model_file(path));
  std::remove(path.c_str());
}

TEST(ModelFile, MissingFileIsAnIoErrorNamingThePath) {
  const std::string path = testing::TempDir() + "no/such/dir/model.psm";
  try {
    paystrike::load_model_file(path);
    FAIL() << "loaded a missing file";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), Status::io_error);
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
  EXPECT_THROW(paystrike::save_model_file(c09_model(), path), Error);
}

TEST(ModelFile, AnInvalidModelIsNotSaved) {
  ScoreModel m = c09_model();
  m.coefficients.pop_back();
  try {
    paystrike::save_model_to_buffer(m);
    FAIL() << "saved an invalid model";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), Status::bad_format);
  }
}

TEST(ModelFile, WrongMagicIsBadFormat) {
  std::vector<unsigned char> file = paystrike::save_model_to_buffer(c09_model());
  file[1] = 'X';
  std::string message;
  EXPECT_EQ(load_status(file, &message), Status::bad_format);
  EXPECT_NE(message.find("magic"), std::string::npos) << message;
}

TEST(ModelFile, NewerFormatVersionIsRefusedBeforeDeserialising) {
  // The payload is garbage: only a check made before deserialising can say "newer version".
  const std::vector<unsigned char> file =
      envelope("not an archive at all", paystrike::model_file_format_version + 1);
  std::string message;
  EXPECT_EQ(load_status(file, &message), Status::unsupported_version);
  EXPECT_NE(message.find("format version 2"), std::string::npos) << message;
}

TEST(ModelFile, FormatVersionZeroIsBadFormat) {
  EXPECT_EQ(load_status(envelope(payload_of(paystrike::save_model_to_buffer(c09_model())), 0)),
            Status::bad_format);
}

TEST(ModelFile, NewerClassVersionIsUnsupportedVersion) {
  std::vector<std::string> tokens =
      tokens_of(payload_of(paystrike::save_model_to_buffer(c09_model())));
  // "22 serialization::archive <library version> <tracking> <ScoreModel class version> ..."
  ASSERT_EQ(tokens.at(4), "3");
  tokens[4] = "4";
  EXPECT_EQ(load_status(envelope(join(tokens))), Status::unsupported_version);
}

// The damage tests run on a file without and a file with an evidence section.
std::vector<std::vector<unsigned char>> c09_files() {
  return {paystrike::save_model_to_buffer(c09_model()),
          paystrike::save_model_with_evidence_to_buffer(c09_model(), fitted_evidence_model())};
}

TEST(ModelFile, EveryStrictPrefixIsRefused) {
  for (const std::vector<unsigned char>& file : c09_files()) {
    ASSERT_EQ(load_status(file), Status::ok);
    for (std::size_t n = 0; n < file.size(); ++n) {
      const std::vector<unsigned char> prefix(file.begin(), file.begin() + n);
      EXPECT_EQ(load_status(prefix), Status::bad_format) << "prefix of " << n << " bytes";
    }
  }
}

TEST(ModelFile, EverySingleByteFlipIsRefused) {
  for (const std::vector<unsigned char>& file : c09_files())
    for (std::size_t at = 0; at < file.size(); ++at)
      for (unsigned mask : {0x01u, 0x10u, 0x80u, 0xFFu}) {
        std::vector<unsigned char> damaged = file;
        damaged[at] = static_cast<unsigned char>(damaged[at] ^ mask);
        const Status status = load_status(damaged);
        EXPECT_NE(status, Status::ok) << "byte " << at << " mask " << mask;
        if (at >= paystrike::model_file_header_size) {
          EXPECT_EQ(status, Status::checksum_mismatch) << "byte " << at;
        }
      }
}

TEST(ModelFile, HugeCoefficientCountWithRecomputedChecksumIsRefusedWithoutAllocating) {
  std::vector<std::string> tokens =
      tokens_of(payload_of(paystrike::save_model_to_buffer(c09_model())));
  // The coefficient count follows the intercept's bit pattern (docs/model_file_format.md).
  const std::string intercept_bits = std::to_string(bits(0.5));
  std::size_t at = 0;
  while (at < tokens.size() && tokens[at] != intercept_bits) ++at;
  ASSERT_LT(at + 1, tokens.size());
  ASSERT_EQ(tokens[at + 1], "3");
  tokens[at + 1] = std::to_string(std::uint64_t{1} << 62);
  const std::vector<unsigned char> file = envelope(join(tokens));
#ifdef PAYSTRIKE_TRACK_ALLOCATIONS
  largest_request = 0;
  tracking = true;
#endif
  std::string message;
  const Status status = load_status(file, &message);
#ifdef PAYSTRIKE_TRACK_ALLOCATIONS
  tracking = false;
  EXPECT_GT(largest_request.load(), 0u) << "the allocation tracker saw nothing";
  EXPECT_LT(largest_request.load(), 16 * file.size() + 4096);
#endif
  EXPECT_EQ(status, Status::bad_format);
  EXPECT_NE(message.find("4611686018427387904"), std::string::npos) << message;
}

TEST(ModelFile, AnyCountSetHugeWithRecomputedChecksumNeverCrashes) {
  // Every token in turn becomes 2^62 (or 2^64 - 1). Some are double bit patterns and still give
  // a valid model; the others must be refused with a status. Never a crash or a big allocation.
  for (const std::vector<unsigned char>& original :
       {paystrike::save_model_to_buffer(awkward_model()),
        paystrike::save_model_with_evidence_to_buffer(awkward_model(), fitted_evidence_model())}) {
    const std::vector<std::string> tokens = tokens_of(payload_of(original));
    for (const std::string& huge :
         {std::to_string(std::uint64_t{1} << 62),
          std::to_string(std::numeric_limits<std::uint64_t>::max()), std::string("-1")}) {
      for (std::size_t i = 0; i < tokens.size(); ++i) {
        std::vector<std::string> mutated = tokens;
        mutated[i] = huge;
        const std::vector<unsigned char> file = envelope(join(mutated));
#ifdef PAYSTRIKE_TRACK_ALLOCATIONS
        largest_request = 0;
        tracking = true;
#endif
        const Status status = load_status(file);
#ifdef PAYSTRIKE_TRACK_ALLOCATIONS
        tracking = false;
        EXPECT_LT(largest_request.load(), 16 * file.size() + 4096) << "token " << i;
#endif
        EXPECT_TRUE(status == Status::ok || status == Status::bad_format ||
                    status == Status::unsupported_version)
            << "token " << i << ": " << paystrike::status_name(status);
      }
    }
  }
}

TEST(ModelFile, RandomPayloadMutationsWithRecomputedChecksumNeverCrash) {
  // A small fuzz loop past the checksum: random byte edits, insertions and deletions in the
  // archive, the envelope made valid again. Each load must end in a model that passes
  // validation or in a paystrike::Error with a load status; nothing else may escape.
  std::mt19937_64 rng(1234);
  const std::string alphabet = "0123456789 -\n\t9e+.x";
  for (const std::vector<unsigned char>& original :
       {paystrike::save_model_to_buffer(awkward_model()),
        paystrike::save_model_with_evidence_to_buffer(awkward_model(), fitted_evidence_model())}) {
    const std::string payload = payload_of(original);
    int refused = 0;
    for (int round = 0; round < 3000; ++round) {
      std::string mutated = payload;
      const int edits = 1 + static_cast<int>(rng() % 4);
      for (int e = 0; e < edits && !mutated.empty(); ++e) {
        const std::size_t at = rng() % mutated.size();
        const char c = alphabet[rng() % alphabet.size()];
        switch (rng() % 3) {
          case 0: mutated[at] = c; break;
          case 1: mutated.insert(mutated.begin() + static_cast<std::ptrdiff_t>(at), c); break;
          default: mutated.erase(at, 1 + rng() % 8); break;
        }
      }
      const Status status = load_status(envelope(mutated));
      EXPECT_TRUE(status == Status::ok || status == Status::bad_format ||
                  status == Status::unsupported_version)
          << "round " << round << ": " << paystrike::status_name(status);
      if (status != Status::ok) ++refused;
    }
    EXPECT_GT(refused, 1000) << "most random edits must be refused";
  }
}

TEST(ModelFile, ForgedArchiveSignatureLengthIsRefused) {
  // Boost would allocate the signature's length unchecked; the loader checks it first.
  EXPECT_EQ(load_status(envelope("4611686018427387904 serialization::archive 18 0 1")),
            Status::bad_format);
}

TEST(ModelFile, TrailingDataInsideThePayloadIsRefused) {
  for (const std::vector<unsigned char>& file : c09_files())
    EXPECT_EQ(load_status(envelope(payload_of(file) + " 7")), Status::bad_format);
}

TEST(ModelFile, TrailingBytesAfterThePayloadAreRefused) {
  for (std::vector<unsigned char> file : c09_files()) {
    file.push_back('\n');
    EXPECT_EQ(load_status(file), Status::bad_format);
  }
}

TEST(ModelFile, ALoadedModelMustPassValidation) {
  // A well-formed archive of an inconsistent model: a term reads input 7 of 3.
  std::vector<std::string> tokens =
      tokens_of(payload_of(paystrike::save_model_to_buffer(c09_model())));
  // Term layout: name (count, bytes), input, kind, level; the first term is "x1" = 2 120 49.
  std::size_t at = 0;
  while (at + 2 < tokens.size() && !(tokens[at] == "2" && tokens[at + 1] == "120" &&
                                     tokens[at + 2] == "49" && at > 10))
    ++at;
  ASSERT_LT(at + 3, tokens.size());
  ASSERT_EQ(tokens[at + 3], "0");
  tokens[at + 3] = "7";
  std::string message;
  EXPECT_EQ(load_status(envelope(join(tokens)), &message), Status::bad_format);
  EXPECT_NE(message.find("reads input 7"), std::string::npos) << message;
}

TEST(ModelFile, NullBufferIsNullArgumentAndEmptyBufferIsBadFormat) {
  try {
    paystrike::load_model_from_buffer(nullptr, 10);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), Status::null_argument);
  }
  try {
    paystrike::load_model_from_buffer(nullptr, 0);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), Status::bad_format);
  }
}

// --- The evidence section (ScoreModel class version 3) ---------------------------------------

TEST(ModelFile, AScorecardWithAnEvidenceModelRoundTripsBitForBit) {
  const ScoreModel card = scorecard_model();
  const pa::EvidenceModel evidence = fitted_evidence_model();
  const std::vector<unsigned char> file =
      paystrike::save_model_with_evidence_to_buffer(card, evidence);
  EXPECT_EQ(read_u32(file, 8), 1u);  // the envelope is unchanged
  const ModelFileContents loaded =
      paystrike::load_model_and_evidence_from_buffer(file.data(), file.size());
  expect_identical(card, loaded.score_model);
  ASSERT_TRUE(loaded.evidence_model.has_value());
  expect_identical(evidence, *loaded.evidence_model);
  EXPECT_EQ(
      paystrike::save_model_with_evidence_to_buffer(loaded.score_model, *loaded.evidence_model),
      file);
  // The score-only loader reads the same file and gives the same score model.
  expect_identical(card, paystrike::load_model_from_buffer(file.data(), file.size()));
  // The loaded evidence model attributes exactly as the saved one.
  pa::Signals signals;
  signals.behaviour = pa::BehaviourPattern::abrupt_stop;
  signals.complaint = pa::ComplaintSignal::service_unresolved_before_onset;
  const pa::Attribution a = evidence.attribute_signals(signals);
  const pa::Attribution b = loaded.evidence_model->attribute_signals(signals);
  EXPECT_EQ(a.top_cause, b.top_cause);
  for (std::size_t c = 0; c < pa::kCauseCount; ++c)
    EXPECT_EQ(bits(a.log_odds_points_vs_model_miss[c]), bits(b.log_odds_points_vs_model_miss[c]));
  // Through a file.
  const std::string path = testing::TempDir() + "paystrike_model_with_evidence_test.psm";
  paystrike::save_model_with_evidence_file(card, evidence, path);
  const ModelFileContents from_file = paystrike::load_model_and_evidence_file(path);
  expect_identical(card, from_file.score_model);
  ASSERT_TRUE(from_file.evidence_model.has_value());
  expect_identical(evidence, *from_file.evidence_model);
  expect_identical(card, paystrike::load_model_file(path));
  std::remove(path.c_str());
}

TEST(ModelFile, AFileSavedWithoutAnEvidenceModelLoadsWithNone) {
  for (const ScoreModel& model : {c09_model(), awkward_model(), scorecard_model()}) {
    const std::vector<unsigned char> file = paystrike::save_model_to_buffer(model);
    const ModelFileContents loaded =
        paystrike::load_model_and_evidence_from_buffer(file.data(), file.size());
    expect_identical(model, loaded.score_model);
    EXPECT_FALSE(loaded.evidence_model.has_value());
    EXPECT_EQ(tokens_of(payload_of(file)).back(), "0");  // the presence flag
  }
}

TEST(ModelFile, TheEvidenceSectionIsTheEvidenceModelFilesPayload) {
  // The score model file's evidence section and the .pse payload are written by one piece of
  // code: after the presence flag come exactly the .pse payload's numbers.
  const pa::EvidenceModel evidence = fitted_evidence_model();
  const std::vector<std::string> plain =
      tokens_of(payload_of(paystrike::save_model_to_buffer(c09_model())));
  const std::vector<std::string> with =
      tokens_of(payload_of(paystrike::save_model_with_evidence_to_buffer(c09_model(), evidence)));
  const std::vector<std::string> pse =
      tokens_of(payload_of(paystrike::save_evidence_model_to_buffer(evidence)));
  // Both archives start "22 serialization::archive <library version>".
  ASSERT_GT(pse.size(), 3u);
  const std::vector<std::string> pse_fields(pse.begin() + 3, pse.end());
  ASSERT_EQ(with.size(), plain.size() + pse_fields.size());
  EXPECT_TRUE(std::equal(plain.begin(), plain.end() - 1, with.begin()));
  EXPECT_EQ(plain.back(), "0");
  EXPECT_EQ(with[plain.size() - 1], "1");
  EXPECT_TRUE(std::equal(pse_fields.begin(), pse_fields.end(),
                         with.begin() + static_cast<std::ptrdiff_t>(plain.size())));
}

// A version-2 file (the scorecard model), byte for byte as the previous release wrote it, before
// evidence models could be attached: it loads with no evidence model and scores as before.
TEST(ModelFile, Version2FileWrittenByThePreviousReleaseLoadsWithoutAnEvidenceModel) {
  const std::string payload =
      "22 serialization::archive 18 0 2 2 6 73 110 99 111 109 101 4 72 111 109 101 2 "
      "4621819117588971520 0 2 4651127699538968576 4617315517961601024 2 0 2 11 119 111 101 40 "
      "73 110 99 111 109 101 41 0 3 0 0 9 119 111 101 40 72 111 109 101 41 1 3 0 1 "
      "4606281698874543309 2 4605380978949069210 4607632778762754458 0 1 4648488871632306176 "
      "4632233691727265792 4626322717216342016 2 0 1 6 73 110 99 111 109 101 0 2 "
      "4599075939470750516 4635541022703616000 0 0 0 0 -1 1 13835058055282163712 1 5 "
      "4636737291354636288 4641240890982006784 4632233691727265792 4617315517961601024 "
      "4639974253586808832 5 4633641066610819072 4630826316843712512 4629137466983448576 0 "
      "4641839025307516928 5 13821547256400052224 4602678819172646912 4591870180066957722 0 "
      "13831531031029747387 0 4 72 111 109 101 1 0 4 0 4607182418800017408 4611686018427387904 "
      "4617315517961601024 4 1 0 1 2 4 6 105 103 110 111 114 101 5 111 119 110 101 114 4 114 "
      "101 110 116 2 195 169 3 2 0 0 3 4643985272004935680 4639481672377565184 "
      "4626322717216342016 3 4632233691727265792 4636737291354636288 4624633867356078080 3 "
      "4604480259023595110 13822447976325526323 13815242216921733530 4602678819172646912 2 3 "
      "82 48 49 0 2 4628715254518382592 4599676419421066581 1\n";
  ASSERT_EQ(payload.size(), 1200u);
  ASSERT_EQ(paystrike::crc32(payload.data(), payload.size()), 0x66CDE4DAu);
  const std::vector<unsigned char> file = envelope(payload);
  const ModelFileContents loaded =
      paystrike::load_model_and_evidence_from_buffer(file.data(), file.size());
  expect_identical(scorecard_model(), loaded.score_model);
  EXPECT_FALSE(loaded.evidence_model.has_value());
  // Saved again, it is a version-3 file: the same fields, then the presence flag 0.
  std::vector<std::string> v2_tokens = tokens_of(payload);
  v2_tokens[4] = "3";
  v2_tokens.push_back("0");
  EXPECT_EQ(tokens_of(payload_of(paystrike::save_model_to_buffer(loaded.score_model))), v2_tokens);
}

TEST(ModelFile, Version1FileLoadsWithoutAnEvidenceModel) {
  const std::string payload =
      "22 serialization::archive 18 0 1 3 2 120 49 2 120 50 2 120 51 3 0 0 0 3 "
      "4621819117588971520 4621819117588971520 4621819117588971520 3 0 1 2 120 49 0 0 0 2 120 "
      "50 1 0 0 2 120 51 2 0 0 4602678819172646912 3 4607182418800017408 13835058055282163712 "
      "4598175219545276416 0 1 4648488871632306176 4632233691727265792 4626322717216342016\n";
  const std::vector<unsigned char> file = envelope(payload);
  const ModelFileContents loaded =
      paystrike::load_model_and_evidence_from_buffer(file.data(), file.size());
  expect_identical(c09_model(), loaded.score_model);
  EXPECT_FALSE(loaded.evidence_model.has_value());
}

// The tokens of c09 with the fitted evidence model, and where its evidence section starts.
struct EvidenceTokens {
  std::vector<std::string> tokens;
  std::size_t flag = 0;  // index of the presence flag; the payload version follows
};

EvidenceTokens c09_evidence_tokens() {
  EvidenceTokens t;
  t.flag = tokens_of(payload_of(paystrike::save_model_to_buffer(c09_model()))).size() - 1;
  t.tokens = tokens_of(payload_of(
      paystrike::save_model_with_evidence_to_buffer(c09_model(), fitted_evidence_model())));
  return t;
}

TEST(ModelFile, EvidenceSectionRefusalsWithARecomputedChecksum) {
  const EvidenceTokens t = c09_evidence_tokens();
  ASSERT_EQ(t.tokens.at(t.flag), "1");
  // Payload version, cause and signal counts, states per signal.
  ASSERT_EQ(
      join(std::vector<std::string>(t.tokens.begin() + static_cast<std::ptrdiff_t>(t.flag + 1),
                                    t.tokens.begin() + static_cast<std::ptrdiff_t>(t.flag + 9))),
      "2 4 5 6 6 5 4 3 \n");
  const auto with = [&](std::size_t at, const std::string& token) {
    std::vector<std::string> mutated = t.tokens;
    mutated.at(at) = token;
    return envelope(join(mutated));
  };
  std::string message;
  EXPECT_EQ(load_status(with(t.flag, "2"), &message), Status::bad_format);
  EXPECT_NE(message.find("evidence model flag is not 0 or 1"), std::string::npos) << message;
  EXPECT_EQ(load_status(with(t.flag + 1, "3"), &message), Status::unsupported_version);
  EXPECT_NE(message.find("model buffer: evidence model section: payload version 3 is newer"),
            std::string::npos)
      << message;
  EXPECT_EQ(load_status(with(t.flag + 1, "0"), &message), Status::bad_format);
  EXPECT_NE(message.find("payload version 0"), std::string::npos) << message;
  EXPECT_EQ(load_status(with(t.flag + 2, "5"), &message), Status::bad_format);
  EXPECT_NE(message.find("tables of 5 causes"), std::string::npos) << message;
  EXPECT_EQ(load_status(with(t.flag + 4, "7"), &message), Status::bad_format);
  EXPECT_NE(message.find("signal behaviour has 7 states"), std::string::npos) << message;
  EXPECT_EQ(load_status(with(t.flag + 9, "0"), &message), Status::bad_format);  // prior 0
  EXPECT_NE(message.find("invalid evidence model"), std::string::npos) << message;
  // A label threshold of 0 (the last four tokens are the thresholds).
  EXPECT_EQ(load_status(with(t.tokens.size() - 2, "0"), &message), Status::bad_format);
  EXPECT_NE(message.find("label threshold of first_payment_default_or_fraud"), std::string::npos)
      << message;
  // Flag 1 without a section, and flag 0 followed by a section.
  std::vector<std::string> cut(t.tokens.begin(),
                               t.tokens.begin() + static_cast<std::ptrdiff_t>(t.flag + 1));
  EXPECT_EQ(load_status(envelope(join(cut))), Status::bad_format);
  EXPECT_EQ(load_status(with(t.flag, "0"), &message), Status::bad_format);
  EXPECT_NE(message.find("unexpected data after the archive"), std::string::npos) << message;
  // A version-2 record cannot carry a section: the flag would be trailing data.
  std::vector<std::string> as_v2 = t.tokens;
  as_v2[4] = "2";
  EXPECT_EQ(load_status(envelope(join(as_v2))), Status::bad_format);
}

TEST(ModelFile, EveryEvidenceSectionTokenMutationIsRefusedOrValid) {
  // Each token of the section in turn set to values a damaged or forged file might hold.
  const EvidenceTokens t = c09_evidence_tokens();
  for (const std::string& value :
       {std::string("0"), std::string("-1"), std::string("7"),
        std::to_string(std::uint64_t{1} << 62),
        std::to_string(std::numeric_limits<std::uint64_t>::max()), std::string("x")}) {
    for (std::size_t i = t.flag; i < t.tokens.size(); ++i) {
      std::vector<std::string> mutated = t.tokens;
      mutated[i] = value;
      std::string message;
      const Status status = load_status(envelope(join(mutated)), &message);
      EXPECT_TRUE(status == Status::ok || status == Status::bad_format ||
                  status == Status::unsupported_version)
          << "token " << i << " = " << value << ": " << message;
      if (status != Status::ok) {
        EXPECT_EQ(message.rfind("model buffer: ", 0), 0u) << message;
      }
    }
  }
}

TEST(ModelFile, AnInvalidEvidenceModelIsNotSaved) {
  pa::EvidenceModel invalid = fitted_evidence_model();
  invalid.label_threshold[0] = 0.0;
  try {
    paystrike::save_model_with_evidence_to_buffer(c09_model(), invalid);
    FAIL() << "saved an invalid evidence model";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), Status::bad_format);
    EXPECT_NE(std::string(e.what()).find("cannot save an invalid evidence model"),
              std::string::npos)
        << e.what();
  }
  ScoreModel bad = c09_model();
  bad.coefficients.pop_back();
  EXPECT_THROW(paystrike::save_model_with_evidence_to_buffer(bad, fitted_evidence_model()), Error);
  const std::string path = testing::TempDir() + "no/such/dir/model.psm";
  try {
    paystrike::save_model_with_evidence_file(c09_model(), fitted_evidence_model(), path);
    FAIL() << "wrote into a missing directory";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), Status::io_error);
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
  try {
    paystrike::load_model_and_evidence_file(path);
    FAIL() << "loaded a missing file";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), Status::io_error);
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}

TEST(ModelFile, AnEvidenceModelFileIsNotAScoreModelFile) {
  const std::vector<unsigned char> pse =
      paystrike::save_evidence_model_to_buffer(fitted_evidence_model());
  std::string message;
  EXPECT_EQ(load_status(pse, &message), Status::bad_format);
  EXPECT_NE(message.find("an evidence model file, not a score model file"), std::string::npos)
      << message;
}

}  // namespace
