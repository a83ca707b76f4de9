// The C ABI: statuses and messages for every misuse, untouched out-parameters, bit-identical
// scoring in every layout and from many threads (cases C09, C10).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "paystrike/io/model_file.hpp"
#include "paystrike/paystrike.h"
#include "paystrike/score_model.hpp"
#include "paystrike/version.hpp"

namespace {

using paystrike::ScoreModel;
using paystrike::Term;
using paystrike::TermKind;

constexpr double c09_p0 = 0.14804719803168948;
constexpr double c09_p1 = 0.01798620996209156;

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

// Five inputs, all term kinds, an input no term reads (index 4) and a non-default scaling.
ScoreModel mixed_model() {
  ScoreModel m;
  m.input_names = {"amount", "age", "grade", "ratio", "unused"};
  m.input_min.assign(5, -1e6);
  m.input_max.assign(5, 1e6);
  m.terms = {Term{"log1p(amount)", 0, TermKind::signed_log1p, 0.0},
             Term{"age", 1, TermKind::linear, 0.0}, Term{"grade=2", 2, TermKind::indicator, 2.0},
             Term{"grade=3", 2, TermKind::indicator, 3.0}, Term{"ratio", 3, TermKind::linear, 0.0}};
  m.intercept = -0.3;
  m.coefficients = {0.41, -0.013, 0.7, -1.1, 2.5};
  m.scaling.base_points = 500.0;
  m.scaling.base_odds = 1.0 / 19.0;
  m.scaling.pdo = 40.0;
  return m;
}

std::uint64_t bits(double v) {
  std::uint64_t b;
  std::memcpy(&b, &v, sizeof b);
  return b;
}

std::string payload_of(const std::vector<unsigned char>& file) {
  return std::string(file.begin() + paystrike::model_file_header_size, file.end());
}

std::vector<unsigned char> envelope(const std::string& payload, std::uint32_t version = 1) {
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

std::string temp_path(const std::string& name) { return testing::TempDir() + name; }

void write_file(const std::string& path, const std::vector<unsigned char>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  ASSERT_TRUE(out.good()) << path;
}

// A sentinel handle address: a failed load must leave *out_model exactly as it was.
paystrike_model* const sentinel_model = reinterpret_cast<paystrike_model*>(std::uintptr_t{0x1234});

int load_buffer_status(const std::vector<unsigned char>& file) {
  paystrike_model* model = sentinel_model;
  const int status = paystrike_model_load_buffer(file.data(), file.size(), &model);
  if (status == PAYSTRIKE_OK) {
    EXPECT_NE(model, sentinel_model);
    paystrike_model_free(model);
  } else {
    EXPECT_EQ(model, sentinel_model) << "a failed load touched out_model";
  }
  return status;
}

bool contains(const char* text, const std::string& part) {
  return std::string(text).find(part) != std::string::npos;
}

class Capi : public testing::Test {
 protected:
  void SetUp() override {
    file_ = paystrike::save_model_to_buffer(c09_model());
    ASSERT_EQ(paystrike_model_load_buffer(file_.data(), file_.size(), &model_), PAYSTRIKE_OK)
        << paystrike_last_error();
    ASSERT_NE(model_, nullptr);
  }
  void TearDown() override { paystrike_model_free(model_); }

  std::vector<unsigned char> file_;
  paystrike_model* model_ = nullptr;
};

TEST(CapiVersion, MacroEqualsRuntimeVersion) {
  EXPECT_EQ(paystrike_version_number(), PAYSTRIKE_VERSION_NUMBER);
  EXPECT_STREQ(paystrike_version(), PAYSTRIKE_VERSION_STRING);
  EXPECT_EQ(PAYSTRIKE_VERSION_NUMBER, PAYSTRIKE_VERSION_MAJOR * 10000 +
                                          PAYSTRIKE_VERSION_MINOR * 100 + PAYSTRIKE_VERSION_PATCH);
}

TEST(CapiStatus, CodesEqualCoreStatusesAndHaveStableNames) {
  EXPECT_EQ(PAYSTRIKE_E_DIMENSION_MISMATCH, static_cast<int>(paystrike::Status::dimension_mismatch));
  EXPECT_EQ(PAYSTRIKE_E_INTERNAL, static_cast<int>(paystrike::Status::internal));
  EXPECT_STREQ(paystrike_status_string(PAYSTRIKE_OK), "ok");
  EXPECT_STREQ(paystrike_status_string(PAYSTRIKE_E_CHECKSUM_MISMATCH), "checksum_mismatch");
  EXPECT_STREQ(paystrike_status_string(PAYSTRIKE_E_INTERNAL), "internal");
  EXPECT_STREQ(paystrike_status_string(-1), "unknown_status");
  EXPECT_STREQ(paystrike_status_string(15), "unknown_status");
}

TEST_F(Capi, C09ScoresAreExact) {
  const double x[6] = {1, 2, 3, 4, 5, 6};
  double p[2] = {0, 0}, s[2] = {0, 0};
  ASSERT_EQ(paystrike_score_batch(model_, x, 2, 3, 3, 1, s, p), PAYSTRIKE_OK);
  EXPECT_EQ(bits(p[0]), bits(c09_p0));
  EXPECT_EQ(bits(p[1]), bits(c09_p1));
  // And the same bits as the C++ core on the original (never saved) model.
  double core_s[2], core_p[2];
  paystrike::score_rows(c09_model(), paystrike::make_row_major_view(x, 2, 3), core_s, core_p);
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(bits(s[i]), bits(core_s[i]));
    EXPECT_EQ(bits(p[i]), bits(core_p[i]));
  }
}

TEST_F(Capi, FeatureCountAndNames) {
  std::int64_t n = -1;
  ASSERT_EQ(paystrike_model_num_features(model_, &n), PAYSTRIKE_OK);
  EXPECT_EQ(n, 3);
  const char* name = nullptr;
  ASSERT_EQ(paystrike_model_feature_name(model_, 2, &name), PAYSTRIKE_OK);
  EXPECT_STREQ(name, "x3");
  const char* again = nullptr;
  ASSERT_EQ(paystrike_model_feature_name(model_, 2, &again), PAYSTRIKE_OK);
  EXPECT_EQ(name, again) << "the name pointer is owned by the model and stable";
  const char* untouched = "untouched";
  EXPECT_EQ(paystrike_model_feature_name(model_, 3, &untouched), PAYSTRIKE_E_INVALID_ARGUMENT);
  EXPECT_STREQ(untouched, "untouched");
  EXPECT_TRUE(contains(paystrike_last_error(), "feature index 3")) << paystrike_last_error();
  EXPECT_EQ(paystrike_model_feature_name(model_, -1, &untouched), PAYSTRIKE_E_INVALID_ARGUMENT);
}

TEST_F(Capi, NullHandleIsRefusedEverywhere) {
  const double x[3] = {1, 2, 3};
  double s = 7.0, p = 7.0;
  std::int64_t n = 7;
  const char* name = "untouched";
  EXPECT_EQ(paystrike_model_num_features(nullptr, &n), PAYSTRIKE_E_NULL_ARGUMENT);
  EXPECT_TRUE(contains(paystrike_last_error(), "model is NULL")) << paystrike_last_error();
  EXPECT_EQ(paystrike_model_feature_name(nullptr, 0, &name), PAYSTRIKE_E_NULL_ARGUMENT);
  EXPECT_EQ(paystrike_score_batch(nullptr, x, 1, 3, 3, 1, &s, &p), PAYSTRIKE_E_NULL_ARGUMENT);
  EXPECT_EQ(paystrike_score_row(nullptr, x, 3, &s, &p), PAYSTRIKE_E_NULL_ARGUMENT);
  EXPECT_EQ(n, 7);
  EXPECT_STREQ(name, "untouched");
  EXPECT_EQ(s, 7.0);
  EXPECT_EQ(p, 7.0);
  paystrike_model_free(nullptr);  // accepted
}

TEST_F(Capi, NullPointersAreRefused) {
  const double x[3] = {1, 2, 3};
  double s = 7.0;
  EXPECT_EQ(paystrike_model_num_features(model_, nullptr), PAYSTRIKE_E_NULL_ARGUMENT);
  EXPECT_EQ(paystrike_model_feature_name(model_, 0, nullptr), PAYSTRIKE_E_NULL_ARGUMENT);
  EXPECT_EQ(paystrike_score_batch(model_, x, 1, 3, 3, 1, nullptr, nullptr),
            PAYSTRIKE_E_NULL_ARGUMENT);
  EXPECT_EQ(paystrike_score_row(model_, x, 3, nullptr, nullptr), PAYSTRIKE_E_NULL_ARGUMENT);
  EXPECT_EQ(paystrike_score_batch(model_, nullptr, 1, 3, 3, 1, &s, nullptr),
            PAYSTRIKE_E_NULL_ARGUMENT);
  EXPECT_EQ(paystrike_score_row(model_, nullptr, 3, &s, nullptr), PAYSTRIKE_E_NULL_ARGUMENT);
  EXPECT_EQ(s, 7.0);
  paystrike_model* out = sentinel_model;
  EXPECT_EQ(paystrike_model_load_file(nullptr, &out), PAYSTRIKE_E_NULL_ARGUMENT);
  EXPECT_EQ(paystrike_model_load_buffer(nullptr, 10, &out), PAYSTRIKE_E_NULL_ARGUMENT);
  EXPECT_EQ(out, sentinel_model);
  EXPECT_EQ(paystrike_model_load_buffer(file_.data(), file_.size(), nullptr),
            PAYSTRIKE_E_NULL_ARGUMENT);
  EXPECT_EQ(paystrike_model_load_file("x.psm", nullptr), PAYSTRIKE_E_NULL_ARGUMENT);
}

TEST_F(Capi, OneOutputMayBeNull) {
  const double x[6] = {1, 2, 3, 4, 5, 6};
  double p[2] = {0, 0}, s[2] = {0, 0}, s_only[2] = {0, 0};
  ASSERT_EQ(paystrike_score_batch(model_, x, 2, 3, 3, 1, s, p), PAYSTRIKE_OK);
  ASSERT_EQ(paystrike_score_batch(model_, x, 2, 3, 3, 1, s_only, nullptr), PAYSTRIKE_OK);
  EXPECT_EQ(bits(s_only[1]), bits(s[1]));
  double p_only = 0;
  ASSERT_EQ(paystrike_score_row(model_, x + 3, 3, nullptr, &p_only), PAYSTRIKE_OK);
  EXPECT_EQ(bits(p_only), bits(c09_p1));
}

TEST_F(Capi, ZeroRowsSucceedAndWriteNothing) {
  double s = 7.0;
  EXPECT_EQ(paystrike_score_batch(model_, nullptr, 0, 3, 3, 1, &s, nullptr), PAYSTRIKE_OK);
  EXPECT_EQ(s, 7.0);
}

TEST(CapiLoad, MissingFileIsIoErrorNamingThePath) {
  const std::string path = temp_path("does/not/exist/model.psm");
  paystrike_model* out = sentinel_model;
  EXPECT_EQ(paystrike_model_load_file(path.c_str(), &out), PAYSTRIKE_E_IO_ERROR);
  EXPECT_EQ(out, sentinel_model);
  EXPECT_TRUE(contains(paystrike_last_error(), path)) << paystrike_last_error();
}

TEST(CapiLoad, FileRoundTripScoresExactly) {
  const std::string path = temp_path("paystrike_capi_model.psm");
  write_file(path, paystrike::save_model_to_buffer(c09_model()));
  paystrike_model* model = nullptr;
  ASSERT_EQ(paystrike_model_load_file(path.c_str(), &model), PAYSTRIKE_OK) << paystrike_last_error();
  const double row[3] = {1, 2, 3};
  double p = 0;
  ASSERT_EQ(paystrike_score_row(model, row, 3, nullptr, &p), PAYSTRIKE_OK);
  EXPECT_EQ(bits(p), bits(c09_p0));
  paystrike_model_free(model);
  std::remove(path.c_str());
}

TEST(CapiLoad, DamagedFileIsChecksumMismatch) {
  std::vector<unsigned char> file = paystrike::save_model_to_buffer(c09_model());
  file[file.size() - 5] ^= 0x04;
  const std::string path = temp_path("paystrike_capi_damaged.psm");
  write_file(path, file);
  paystrike_model* out = sentinel_model;
  EXPECT_EQ(paystrike_model_load_file(path.c_str(), &out), PAYSTRIKE_E_CHECKSUM_MISMATCH);
  EXPECT_EQ(out, sentinel_model);
  EXPECT_TRUE(contains(paystrike_last_error(), "checksum")) << paystrike_last_error();
  EXPECT_TRUE(contains(paystrike_last_error(), path)) << paystrike_last_error();
  std::remove(path.c_str());
}

TEST(CapiLoad, WrongMagicIsBadFormat) {
  std::vector<unsigned char> file = paystrike::save_model_to_buffer(c09_model());
  file[0] = 'P';
  EXPECT_EQ(load_buffer_status(file), PAYSTRIKE_E_BAD_FORMAT);
  EXPECT_TRUE(contains(paystrike_last_error(), "magic")) << paystrike_last_error();
}

TEST(CapiLoad, NewerFormatVersionIsUnsupportedVersion) {
  const std::vector<unsigned char> file =
      envelope(payload_of(paystrike::save_model_to_buffer(c09_model())),
               paystrike::model_file_format_version + 1);
  EXPECT_EQ(load_buffer_status(file), PAYSTRIKE_E_UNSUPPORTED_VERSION);
  EXPECT_TRUE(contains(paystrike_last_error(), "newer")) << paystrike_last_error();
}

TEST(CapiLoad, EveryStrictPrefixIsAnError) {
  const std::vector<unsigned char> file = paystrike::save_model_to_buffer(c09_model());
  for (std::size_t n = 0; n < file.size(); ++n) {
    const std::vector<unsigned char> prefix(file.begin(), file.begin() + n);
    EXPECT_EQ(load_buffer_status(prefix), PAYSTRIKE_E_BAD_FORMAT) << n << " bytes";
  }
  EXPECT_EQ(load_buffer_status(file), PAYSTRIKE_OK);
}

TEST(CapiLoad, EverySingleByteFlipIsAnError) {
  const std::vector<unsigned char> file = paystrike::save_model_to_buffer(c09_model());
  for (std::size_t at = 0; at < file.size(); ++at)
    for (unsigned bit = 0; bit < 8; ++bit) {
      std::vector<unsigned char> damaged = file;
      damaged[at] = static_cast<unsigned char>(damaged[at] ^ (1u << bit));
      EXPECT_NE(load_buffer_status(damaged), PAYSTRIKE_OK) << "byte " << at << " bit " << bit;
    }
}

TEST(CapiLoad, HugeCoefficientCountWithRecomputedChecksumIsAnError) {
  std::istringstream in(payload_of(paystrike::save_model_to_buffer(c09_model())));
  std::vector<std::string> tokens;
  for (std::string t; in >> t;) tokens.push_back(t);
  const std::string intercept_bits = std::to_string(bits(0.5));
  std::size_t at = 0;
  while (at < tokens.size() && tokens[at] != intercept_bits) ++at;
  ASSERT_LT(at + 1, tokens.size());
  ASSERT_EQ(tokens[at + 1], "3");
  tokens[at + 1] = std::to_string(std::uint64_t{1} << 62);
  std::string payload;
  for (const std::string& t : tokens) payload += t + " ";
  EXPECT_EQ(load_buffer_status(envelope(payload)), PAYSTRIKE_E_BAD_FORMAT);
  EXPECT_TRUE(contains(paystrike_last_error(), "coefficient count 4611686018427387904"))
      << paystrike_last_error();
}

TEST_F(Capi, WrongColumnCountIsDimensionMismatchWithBothNumbers) {
  const double x[4] = {1, 2, 3, 4};
  double s[2] = {7, 7};
  EXPECT_EQ(paystrike_score_batch(model_, x, 2, 2, 2, 1, s, nullptr),
            PAYSTRIKE_E_DIMENSION_MISMATCH);
  EXPECT_TRUE(contains(paystrike_last_error(), "takes 3 input columns but 2 were given"))
      << paystrike_last_error();
  EXPECT_EQ(paystrike_score_row(model_, x, 4, s, nullptr), PAYSTRIKE_E_DIMENSION_MISMATCH);
  EXPECT_TRUE(contains(paystrike_last_error(), "takes 3 input columns but 4 were given"))
      << paystrike_last_error();
  EXPECT_EQ(s[0], 7);
  EXPECT_EQ(s[1], 7);
}

TEST_F(Capi, NaNIsMissingValueNamingRowAndColumn) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double x[9] = {1, 2, 3, 4, 5, nan, 7, 8, 9};
  double s[3] = {7, 7, 7}, p[3] = {7, 7, 7};
  EXPECT_EQ(paystrike_score_batch(model_, x, 3, 3, 3, 1, s, p), PAYSTRIKE_E_MISSING_VALUE);
  EXPECT_TRUE(contains(paystrike_last_error(), "row 1, column 2 (x3)")) << paystrike_last_error();
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(s[i], 7) << "outputs are written only on success";
    EXPECT_EQ(p[i], 7);
  }
  const double inf_row[3] = {1, std::numeric_limits<double>::infinity(), 3};
  EXPECT_EQ(paystrike_score_row(model_, inf_row, 3, s, p), PAYSTRIKE_E_INVALID_ARGUMENT);
  EXPECT_TRUE(contains(paystrike_last_error(), "column 1 (x2)")) << paystrike_last_error();
  EXPECT_EQ(s[0], 7);
}

TEST(CapiScore, NaNInAnInputNoTermReadsIsAccepted) {
  const std::vector<unsigned char> file = paystrike::save_model_to_buffer(mixed_model());
  paystrike_model* model = nullptr;
  ASSERT_EQ(paystrike_model_load_buffer(file.data(), file.size(), &model), PAYSTRIKE_OK);
  const double row[5] = {1000, 40, 2, 0.5, std::numeric_limits<double>::quiet_NaN()};
  double s = 0;
  EXPECT_EQ(paystrike_score_row(model, row, 5, &s, nullptr), PAYSTRIKE_OK) << paystrike_last_error();
  EXPECT_TRUE(std::isfinite(s));
  paystrike_model_free(model);
}

TEST_F(Capi, BadStridesAndNegativeRowsAreInvalidArguments) {
  const double x[6] = {1, 2, 3, 4, 5, 6};
  double s[2] = {7, 7};
  EXPECT_EQ(paystrike_score_batch(model_, x, 2, 3, 0, 1, s, nullptr), PAYSTRIKE_E_INVALID_ARGUMENT);
  EXPECT_EQ(paystrike_score_batch(model_, x, 2, 3, 3, -1, s, nullptr),
            PAYSTRIKE_E_INVALID_ARGUMENT);
  EXPECT_EQ(paystrike_score_batch(model_, x, -1, 3, 3, 1, s, nullptr),
            PAYSTRIKE_E_INVALID_ARGUMENT);
  const std::int64_t big = std::numeric_limits<std::int64_t>::max() / 2;
  EXPECT_EQ(paystrike_score_batch(model_, x, 4, 3, big, 1, s, nullptr),
            PAYSTRIKE_E_INVALID_ARGUMENT);
  EXPECT_EQ(s[0], 7);
}

class CapiLayouts : public testing::Test {
 protected:
  void SetUp() override {
    const std::vector<unsigned char> file = paystrike::save_model_to_buffer(mixed_model());
    ASSERT_EQ(paystrike_model_load_buffer(file.data(), file.size(), &model_), PAYSTRIKE_OK);
    std::mt19937_64 rng(20261203);
    std::normal_distribution<double> normal(0.0, 1000.0);
    std::uniform_int_distribution<int> grade(1, 4);
    rows_.resize(static_cast<std::size_t>(n_ * 5));
    for (std::int64_t i = 0; i < n_; ++i) {
      double* r = &rows_[static_cast<std::size_t>(i * 5)];
      r[0] = normal(rng);
      r[1] = 18 + std::abs(normal(rng)) / 20;
      r[2] = grade(rng);
      r[3] = normal(rng) / 1000;
      r[4] = normal(rng);
    }
  }
  void TearDown() override { paystrike_model_free(model_); }

  paystrike_model* model_ = nullptr;
  const std::int64_t n_ = 257;
  std::vector<double> rows_;  // row-major n_ x 5
};

TEST_F(CapiLayouts, RowMajorColumnMajorAndPaddedGiveIdenticalBits) {
  const std::size_t n = static_cast<std::size_t>(n_);
  std::vector<double> col_major(n * 5), padded(n * 8, std::numeric_limits<double>::quiet_NaN());
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < 5; ++j) {
      col_major[j * n + i] = rows_[i * 5 + j];
      padded[i * 8 + j] = rows_[i * 5 + j];  // columns 5..7 are NaN padding never read
    }
  std::vector<double> s1(n), p1(n), s2(n), p2(n), s3(n), p3(n);
  ASSERT_EQ(paystrike_score_batch(model_, rows_.data(), n_, 5, 5, 1, s1.data(), p1.data()),
            PAYSTRIKE_OK);
  ASSERT_EQ(paystrike_score_batch(model_, col_major.data(), n_, 5, 1, n_, s2.data(), p2.data()),
            PAYSTRIKE_OK);
  ASSERT_EQ(paystrike_score_batch(model_, padded.data(), n_, 5, 8, 1, s3.data(), p3.data()),
            PAYSTRIKE_OK);
  std::vector<double> core_s(n), core_p(n);
  paystrike::score_rows(mixed_model(), paystrike::make_row_major_view(rows_.data(), n_, 5),
                        core_s.data(), core_p.data());
  for (std::size_t i = 0; i < n; ++i) {
    EXPECT_EQ(bits(s1[i]), bits(s2[i])) << i;
    EXPECT_EQ(bits(p1[i]), bits(p2[i])) << i;
    EXPECT_EQ(bits(s1[i]), bits(s3[i])) << i;
    EXPECT_EQ(bits(p1[i]), bits(p3[i])) << i;
    EXPECT_EQ(bits(s1[i]), bits(core_s[i])) << i;
    EXPECT_EQ(bits(p1[i]), bits(core_p[i])) << i;
  }
}

TEST_F(CapiLayouts, SingleRowEqualsBatchBitForBit) {
  const std::size_t n = static_cast<std::size_t>(n_);
  std::vector<double> s(n), p(n);
  ASSERT_EQ(paystrike_score_batch(model_, rows_.data(), n_, 5, 5, 1, s.data(), p.data()),
            PAYSTRIKE_OK);
  for (std::size_t i = 0; i < n; ++i) {
    double s1 = 0, p1 = 0;
    ASSERT_EQ(paystrike_score_row(model_, &rows_[i * 5], 5, &s1, &p1), PAYSTRIKE_OK);
    EXPECT_EQ(bits(s1), bits(s[i])) << i;
    EXPECT_EQ(bits(p1), bits(p[i])) << i;
  }
}

TEST_F(Capi, C09EightThreadsInterleavedOnOneHandleAreBitwiseEqual) {
  const double x[6] = {1, 2, 3, 4, 5, 6};
  double expected_s[2];
  ASSERT_EQ(paystrike_score_batch(model_, x, 2, 3, 3, 1, expected_s, nullptr), PAYSTRIKE_OK);
  const std::uint64_t want_p[2] = {bits(c09_p0), bits(c09_p1)};
  const std::uint64_t want_s[2] = {bits(expected_s[0]), bits(expected_s[1])};
  constexpr int threads = 8, calls = 10000;
  std::vector<long> wrong(threads, 0), failed(threads, 0);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      for (int c = 0; c < calls; ++c) {
        if ((c + t) % 2 == 0) {
          const int r = (c / 2 + t) % 2;
          double s = 0, p = 0;
          if (paystrike_score_row(model_, x + 3 * r, 3, &s, &p) != PAYSTRIKE_OK) ++failed[t];
          if (bits(p) != want_p[r] || bits(s) != want_s[r]) ++wrong[t];
        } else {
          double s[2] = {0, 0}, p[2] = {0, 0};
          if (paystrike_score_batch(model_, x, 2, 3, 3, 1, s, p) != PAYSTRIKE_OK) ++failed[t];
          for (int r = 0; r < 2; ++r)
            if (bits(p[r]) != want_p[r] || bits(s[r]) != want_s[r]) ++wrong[t];
        }
      }
    });
  for (std::thread& th : pool) th.join();
  for (int t = 0; t < threads; ++t) {
    EXPECT_EQ(failed[t], 0) << "thread " << t;
    EXPECT_EQ(wrong[t], 0) << "thread " << t;
  }
}

TEST(CapiErrors, LastErrorIsPerThread) {
  paystrike_model* out = nullptr;
  ASSERT_EQ(paystrike_model_load_file("/nonexistent/main-thread.psm", &out), PAYSTRIKE_E_IO_ERROR);
  std::string other;
  std::thread([&] {
    other = paystrike_last_error();  // nothing failed on this thread yet
    paystrike_model* o = nullptr;
    paystrike_model_load_file("/nonexistent/worker-thread.psm", &o);
  }).join();
  EXPECT_EQ(other, "");
  EXPECT_TRUE(contains(paystrike_last_error(), "main-thread.psm")) << paystrike_last_error();
}

TEST(CapiErrors, MessagesNameTheFunction) {
  std::int64_t n = 0;
  paystrike_model_num_features(nullptr, &n);
  EXPECT_TRUE(contains(paystrike_last_error(), "paystrike_model_num_features"))
      << paystrike_last_error();
}

}  // namespace

TEST_F(Capi, OutsideTrainingRangeFlagsRowsBeyondTheTrainingMinimumOrMaximum) {
  // C09's inputs were seen in [0, 10]: the edges are inside, just beyond them outside.
  const double x[] = {0.0, 10.0, 5.0,     // edges: inside
                      -1e-9, 5.0, 5.0,    // below the minimum
                      5.0, 5.0, 10.5,     // above the maximum
                      1e308, 1.0, 1.0};   // absurd but finite: outside, and still scored
  std::int32_t flags[4] = {7, 7, 7, 7};
  ASSERT_EQ(paystrike_outside_training_range_batch(model_, x, 4, 3, 3, 1, flags), PAYSTRIKE_OK)
      << paystrike_last_error();
  EXPECT_EQ(flags[0], 0);
  EXPECT_EQ(flags[1], 1);
  EXPECT_EQ(flags[2], 1);
  EXPECT_EQ(flags[3], 1);
  // The core says the same for every row.
  const ScoreModel core = c09_model();
  for (int i = 0; i < 4; ++i) EXPECT_EQ(flags[i] == 1, core.outside_training_range(x + 3 * i));
  // Column-major gives the same flags.
  double column_major[12];
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 3; ++j) column_major[j * 4 + i] = x[i * 3 + j];
  std::int32_t flags_cm[4] = {7, 7, 7, 7};
  ASSERT_EQ(paystrike_outside_training_range_batch(model_, column_major, 4, 3, 1, 4, flags_cm),
            PAYSTRIKE_OK);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(flags_cm[i], flags[i]);
  // Refusals leave the output untouched.
  std::int32_t untouched[2] = {7, 7};
  const double with_nan[] = {1.0, std::nan(""), 1.0, 1.0, 1.0, 1.0};
  EXPECT_EQ(paystrike_outside_training_range_batch(model_, with_nan, 2, 3, 3, 1, untouched),
            PAYSTRIKE_E_MISSING_VALUE);
  EXPECT_TRUE(contains(paystrike_last_error(), "paystrike_outside_training_range_batch"))
      << paystrike_last_error();
  EXPECT_EQ(paystrike_outside_training_range_batch(model_, x, 2, 2, 2, 1, untouched),
            PAYSTRIKE_E_DIMENSION_MISMATCH);
  EXPECT_EQ(paystrike_outside_training_range_batch(model_, x, 2, 3, 3, 1, nullptr),
            PAYSTRIKE_E_NULL_ARGUMENT);
  EXPECT_EQ(paystrike_outside_training_range_batch(nullptr, x, 2, 3, 3, 1, untouched),
            PAYSTRIKE_E_NULL_ARGUMENT);
  EXPECT_EQ(untouched[0], 7);
  EXPECT_EQ(untouched[1], 7);
  // The range itself.
  double lo = -1.0, hi = -1.0;
  ASSERT_EQ(paystrike_model_training_range(model_, 2, &lo, &hi), PAYSTRIKE_OK);
  EXPECT_EQ(lo, 0.0);
  EXPECT_EQ(hi, 10.0);
  EXPECT_EQ(paystrike_model_training_range(model_, 3, &lo, &hi), PAYSTRIKE_E_INVALID_ARGUMENT);
  EXPECT_TRUE(contains(paystrike_last_error(), "feature index 3 is outside [0, 3)"))
      << paystrike_last_error();
  EXPECT_EQ(paystrike_model_training_range(model_, 0, nullptr, &hi), PAYSTRIKE_E_NULL_ARGUMENT);
  EXPECT_EQ(lo, 0.0);
}
