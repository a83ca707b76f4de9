// Internal to paystrike::io (not installed): the fields of an evidence model as they are stored
// in a Boost text archive, written and read by one walk. Both files that carry an evidence
// model use it: the evidence model file (.pse, the whole payload) and the score model file
// (the optional evidence section of ScoreModel class version 3). Layout in
// docs/model_file_format.md, "Evidence model files".
//
// The table shapes are fixed by the library (4 causes, 5 signals with 6, 6, 5, 4, 3 states), so
// nothing is allocated from a number read in the archive: the shapes are read and compared with
// the library's, and a different shape is refused.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>

#include "paystrike/attribution/evidence_model.hpp"
#include "paystrike/io/evidence_model_file.hpp"
#include "paystrike/status.hpp"

PAYSTRIKE_NAMESPACE_BEGIN

namespace detail {

// Every field after the shapes, in file order. `model` is const for saving and mutable for
// loading; `visit` receives each double and the one int. Payload version 1 ends before the
// label thresholds.
template <class Model, class Visit>
void walk_evidence_fields(Model& model, std::uint32_t payload_version, Visit&& visit) {
  namespace pa = attribution;
  for (std::size_t c = 0; c < pa::kCauseCount; ++c) visit(model.tables.prior[c]);
  for (std::size_t s = 0; s < pa::kSignalCount; ++s)
    for (std::size_t state = 1; state < pa::kSignalStateCounts[s]; ++state)  // no unknown row
      for (std::size_t c = 0; c < pa::kCauseCount; ++c) visit(model.tables.likelihood[s][state][c]);
  visit(model.scaling.base_points);
  visit(model.scaling.base_odds);
  visit(model.scaling.pdo);
  visit(model.min_top_posterior);
  visit(model.max_known_sources_for_undetermined);
  if (payload_version >= 2)
    for (std::size_t c = 0; c < pa::kCauseCount; ++c) visit(model.label_threshold[c]);
}

/// Writes the evidence payload (payload version, shapes, fields) into a text archive. Doubles
/// are their IEEE-754 bit patterns; the int is an int32. The caller has validated `model`.
template <class OArchive>
void save_evidence_payload(OArchive& ar, const attribution::EvidenceModel& model) {
  namespace pa = attribution;
  std::uint32_t version = evidence_model_payload_version;
  ar << version;
  std::uint32_t causes = pa::kCauseCount, signals = pa::kSignalCount;
  ar << causes << signals;
  for (std::size_t s = 0; s < pa::kSignalCount; ++s) {
    std::uint32_t states = static_cast<std::uint32_t>(pa::kSignalStateCounts[s]);
    ar << states;
  }
  walk_evidence_fields(model, version, [&](const auto& value) {
    if constexpr (std::is_same_v<std::decay_t<decltype(value)>, double>) {
      std::uint64_t bits = 0;
      static_assert(sizeof bits == sizeof value, "double must be 64-bit IEEE-754");
      std::memcpy(&bits, &value, sizeof bits);
      ar << bits;
    } else {
      static_assert(std::is_same_v<std::decay_t<decltype(value)>, int>, "one int field");
      std::int32_t number = static_cast<std::int32_t>(value);
      ar << number;
    }
  });
}

/// Reads an evidence payload written by save_evidence_payload (or an older payload version)
/// and validates the model.
/// @throws Error(unsupported_version) for a newer payload version; Error(bad_format) for
///   version 0, another table shape or a model failing EvidenceModel::validate(). Messages carry
///   no source (the caller adds it). Boost's archive_exception for unreadable numbers passes.
template <class IArchive>
attribution::EvidenceModel load_evidence_payload(IArchive& ar) {
  namespace pa = attribution;
  std::uint32_t version = 0;
  ar >> version;
  if (version == 0) throw Error(Status::bad_format, "payload version 0");
  if (version > evidence_model_payload_version)
    throw Error(Status::unsupported_version, "payload version " + std::to_string(version) +
                                                 " is newer than this library reads (" +
                                                 std::to_string(evidence_model_payload_version) +
                                                 ")");
  std::uint32_t causes = 0, signals = 0;
  ar >> causes >> signals;
  if (causes != pa::kCauseCount || signals != pa::kSignalCount)
    throw Error(Status::bad_format, "tables of " + std::to_string(causes) + " causes and " +
                                        std::to_string(signals) + " signals; this library has " +
                                        std::to_string(pa::kCauseCount) + " and " +
                                        std::to_string(pa::kSignalCount));
  for (std::size_t s = 0; s < pa::kSignalCount; ++s) {
    std::uint32_t states = 0;
    ar >> states;
    if (states != pa::kSignalStateCounts[s])
      throw Error(Status::bad_format,
                  std::string("signal ") + pa::signal_name(static_cast<pa::SignalKind>(s)) +
                      " has " + std::to_string(states) + " states; this library has " +
                      std::to_string(pa::kSignalStateCounts[s]));
  }
  pa::EvidenceModel model;
  model.tables = pa::EvidenceTables::zeros();
  model.label_threshold.fill(pa::kNoLabelThreshold);  // version 1: the argmax label
  walk_evidence_fields(model, version, [&](auto& value) {
    if constexpr (std::is_same_v<std::decay_t<decltype(value)>, double>) {
      std::uint64_t bits = 0;
      ar >> bits;
      std::memcpy(&value, &bits, sizeof value);
    } else {
      std::int32_t number = 0;
      ar >> number;
      value = number;
    }
  });
  try {
    model.validate();
  } catch (const Error& e) {
    throw Error(Status::bad_format, std::string("invalid evidence model: ") + e.what());
  }
  return model;
}

}  // namespace detail

PAYSTRIKE_NAMESPACE_END
