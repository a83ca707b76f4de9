// Tests of evidence model files: exact round trips of default and fitted models, and every
// refusal of the envelope and the payload, including random damage with a recomputed checksum.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "paystrike/attribution/attribution.hpp"
#include "paystrike/io/evidence_model_file.hpp"
#include "paystrike/io/model_file.hpp"

namespace pa = paystrike::attribution;
using paystrike::Error;
using paystrike::Status;

namespace {

pa::EvidenceModel fitted_model() {
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
  model.scaling.pdo = 40.0;
  model.min_top_posterior = 0.45;
  model.max_known_sources_for_undetermined = 2;
  model.label_threshold = {0.3125, 1.0, 0.2, 0.9};
  return model;
}

void put_u32(std::vector<unsigned char>& image, std::size_t offset, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) image.at(offset + static_cast<std::size_t>(i)) = static_cast<unsigned char>(v >> (8 * i));
}
void put_u64(std::vector<unsigned char>& image, std::size_t offset, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) image.at(offset + static_cast<std::size_t>(i)) = static_cast<unsigned char>(v >> (8 * i));
}

// Replaces the payload and fixes the length and checksum, as a careful forger would.
std::vector<unsigned char> with_payload(std::vector<unsigned char> image, const std::string& payload) {
  image.resize(paystrike::model_file_header_size);
  image.insert(image.end(), payload.begin(), payload.end());
  put_u64(image, 12, payload.size());
  put_u32(image, 20, paystrike::crc32(payload.data(), payload.size()));
  return image;
}

std::string payload_of(const std::vector<unsigned char>& image) {
  return std::string(image.begin() + static_cast<std::ptrdiff_t>(paystrike::model_file_header_size),
                     image.end());
}

void expect_refused(const std::vector<unsigned char>& image, Status status, const std::string& part) {
  try {
    paystrike::load_evidence_model_from_buffer(image.data(), image.size());
    ADD_FAILURE() << "loaded";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), status) << e.what();
    EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
  }
}

}  // namespace

TEST(EvidenceModelFile, DefaultAndFittedModelsRoundTripBitForBit) {
  for (const pa::EvidenceModel& model : {pa::EvidenceModel{}, fitted_model()}) {
    const auto image = paystrike::save_evidence_model_to_buffer(model);
    ASSERT_GT(image.size(), paystrike::model_file_header_size);
    EXPECT_EQ(std::memcmp(image.data(), paystrike::evidence_model_file_magic, 8), 0);
    const pa::EvidenceModel back = paystrike::load_evidence_model_from_buffer(image.data(), image.size());
    EXPECT_EQ(back.tables.prior, model.tables.prior);
    EXPECT_EQ(back.tables.likelihood, model.tables.likelihood);
    EXPECT_EQ(back.scaling.pdo, model.scaling.pdo);
    EXPECT_EQ(back.scaling.base_points, model.scaling.base_points);
    EXPECT_EQ(back.min_top_posterior, model.min_top_posterior);
    EXPECT_EQ(back.max_known_sources_for_undetermined, model.max_known_sources_for_undetermined);
    // Saving again gives the same bytes.
    EXPECT_EQ(paystrike::save_evidence_model_to_buffer(back), image);
  }
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("paystrike_evidence_model_" + std::to_string(::getpid()) + ".pse"))
                               .string();
  paystrike::save_evidence_model_file(fitted_model(), path);
  EXPECT_EQ(paystrike::load_evidence_model_file(path).tables.prior, fitted_model().tables.prior);
  std::filesystem::remove(path);
  try {
    paystrike::load_evidence_model_file(path);
    ADD_FAILURE() << "loaded a missing file";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), Status::io_error);
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos);
  }
}

TEST(EvidenceModelFile, EnvelopeRefusals) {
  const auto image = paystrike::save_evidence_model_to_buffer(pa::EvidenceModel{});
  expect_refused({image.begin(), image.begin() + 5}, Status::bad_format, "wrong magic");
  auto score_magic = image;
  std::memcpy(score_magic.data(), paystrike::model_file_magic, 8);
  expect_refused(score_magic, Status::bad_format, "a score model file, not an evidence model file");
  expect_refused({image.begin(), image.begin() + 12}, Status::bad_format, "truncated header");
  auto newer = image;
  put_u32(newer, 8, 2);
  expect_refused(newer, Status::unsupported_version, "format version 2 is newer");
  expect_refused({image.begin(), image.end() - 1}, Status::bad_format, "truncated");
  auto trailing = image;
  trailing.push_back('x');
  expect_refused(trailing, Status::bad_format, "trailing data");
  auto damaged = image;
  damaged[image.size() / 2] ^= 0x01;
  expect_refused(damaged, Status::checksum_mismatch, "CRC-32");
  EXPECT_THROW(paystrike::load_evidence_model_from_buffer(nullptr, 10), Error);
  pa::EvidenceModel invalid;
  invalid.tables.prior[0] = 0.0;
  try {
    paystrike::save_evidence_model_to_buffer(invalid);
    ADD_FAILURE() << "saved an invalid model";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), Status::bad_format);
  }
}

TEST(EvidenceModelFile, AVersionOnePayloadLoadsWithTheArgmaxLabel) {
  // Version 1 had no label thresholds: the same payload without its last four numbers.
  const pa::EvidenceModel model = fitted_model();
  const auto image = paystrike::save_evidence_model_to_buffer(model);
  const std::string payload = payload_of(image);
  const std::size_t after_signature = payload.find(' ', std::strlen("22 serialization::archive ")) + 1;
  std::string rest = payload.substr(after_signature);
  ASSERT_EQ(rest.substr(0, 2), "2 ");
  rest = "1" + rest.substr(1);
  while (!rest.empty() && (rest.back() == '\n' || rest.back() == ' ')) rest.pop_back();
  for (int dropped = 0; dropped < 4; ++dropped) rest.erase(rest.rfind(' '));
  const auto old_image = with_payload(image, payload.substr(0, after_signature) + rest + "\n");
  const pa::EvidenceModel loaded =
      paystrike::load_evidence_model_from_buffer(old_image.data(), old_image.size());
  EXPECT_EQ(loaded.tables.prior, model.tables.prior);
  EXPECT_EQ(loaded.tables.likelihood, model.tables.likelihood);
  EXPECT_EQ(loaded.max_known_sources_for_undetermined, 2);
  for (double threshold : loaded.label_threshold) EXPECT_EQ(threshold, pa::kNoLabelThreshold);
  // With every threshold at 1 the label is the version-1 rule: the most likely cause.
  pa::Signals stop;
  stop.behaviour = pa::BehaviourPattern::abrupt_stop;
  stop.complaint = pa::ComplaintSignal::none;
  stop.bureau = pa::BureauSignal::current_elsewhere;
  stop.registry = pa::RegistrySignal::none;  // all three sources known: never undetermined
  const pa::Attribution a = loaded.attribute_signals(stop);
  EXPECT_FALSE(a.labelled_by_threshold);
  EXPECT_EQ(a.top_cause, a.most_likely_cause);
}

TEST(EvidenceModelFile, PayloadRefusalsWithARecomputedChecksum) {
  const auto image = paystrike::save_evidence_model_to_buffer(pa::EvidenceModel{});
  const std::string payload = payload_of(image);
  // The payload: "22 serialization::archive N <version> <causes> <signals> <states...> ...".
  const std::size_t after_signature = payload.find(' ', std::strlen("22 serialization::archive ")) + 1;
  const std::string head = payload.substr(0, after_signature);
  std::string rest = payload.substr(after_signature);
  ASSERT_EQ(rest.substr(0, 16), "2 4 5 6 6 5 4 3 ");
  expect_refused(with_payload(image, head + "3" + rest.substr(1)), Status::unsupported_version,
                 "payload version 3 is newer");
  expect_refused(with_payload(image, head + "2 5" + rest.substr(3)), Status::bad_format,
                 "tables of 5 causes");
  expect_refused(with_payload(image, head + "2 4 5 7" + rest.substr(7)), Status::bad_format,
                 "signal behaviour has 7 states");
  expect_refused(with_payload(image, "not an archive"), Status::bad_format, "not a Boost text archive");
  expect_refused(with_payload(image, payload + " 7"), Status::bad_format, "unexpected data");
  expect_refused(with_payload(image, payload.substr(0, payload.size() / 2)), Status::bad_format,
                 "archive");
  // A prior of 0 (bit pattern 0) passes the archive but not the model check.
  const std::size_t prior_start = after_signature + 16;
  const std::size_t prior_end = payload.find(' ', prior_start);
  expect_refused(with_payload(image, payload.substr(0, prior_start) + "0" + payload.substr(prior_end)),
                 Status::bad_format, "invalid evidence model");
}

TEST(EvidenceModelFile, RandomDamageWithARecomputedChecksumNeverCrashes) {
  const auto image = paystrike::save_evidence_model_to_buffer(fitted_model());
  const std::string payload = payload_of(image);
  pa::PortableRandom random(99);
  int refused = 0, loaded = 0;
  for (int round = 0; round < 1500; ++round) {
    std::string damaged = payload;
    const int edits = static_cast<int>(random.integer(1, 4));
    for (int k = 0; k < edits; ++k) {
      const auto at = static_cast<std::size_t>(random.integer(0, static_cast<std::int64_t>(damaged.size() - 1)));
      switch (random.integer(0, 2)) {
        case 0: damaged[at] = static_cast<char>(random.integer(32, 126)); break;
        case 1: damaged.erase(at, 1); break;
        default: damaged.insert(at, 1, static_cast<char>('0' + random.integer(0, 9))); break;
      }
    }
    try {
      const pa::EvidenceModel model = paystrike::load_evidence_model_from_buffer(
          with_payload(image, damaged).data(), with_payload(image, damaged).size());
      model.validate();  // whatever loads is a valid model
      ++loaded;
    } catch (const Error& e) {
      EXPECT_TRUE(e.status() == Status::bad_format || e.status() == Status::unsupported_version)
          << e.what();
      ++refused;
    }
  }
  EXPECT_GT(refused, 1000);
  EXPECT_EQ(refused + loaded, 1500);
}
