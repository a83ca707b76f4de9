/// @file evidence_model_file.hpp
/// @brief Saving and loading an attribution::EvidenceModel (priors, likelihood tables, the
/// points scaling and the undetermined rule), fitted or default: a Boost.Serialization text
/// archive inside the model file's checked envelope, with its own magic bytes (`\x89PSE`). The
/// byte layout is in docs/model_file_format.md, "Evidence model files".
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "paystrike/attribution/evidence_model.hpp"
#include "paystrike/status.hpp"

PAYSTRIKE_NAMESPACE_BEGIN

/// The 8 bytes every evidence model file starts with: the score model file's magic with 'E'
/// (evidence) in place of 'K', so neither loader mistakes one kind of file for the other.
inline constexpr unsigned char evidence_model_file_magic[8] = {0x89, 'P', 'S', 'E',
                                                               0x0D, 0x0A, 0x1A, 0x0A};

/// The envelope format version written (the same envelope as the score model file's).
inline constexpr std::uint32_t evidence_model_file_format_version = 1;

/// The payload layout version written; older layouts keep loading, newer ones are refused.
/// 2 added the label thresholds; a version-1 payload loads with every threshold at
/// kNoLabelThreshold, i.e. the plain argmax label it was written with.
inline constexpr std::uint32_t evidence_model_payload_version = 2;

/// Serialises `model` into a complete evidence model file image (envelope and payload).
/// @throws Error(bad_format) if the model fails EvidenceModel::validate(), so no file that
///   cannot be loaded again is ever written.
std::vector<unsigned char> save_evidence_model_to_buffer(const attribution::EvidenceModel& model);

/// Writes save_evidence_model_to_buffer(model) to `path`.
/// @throws Error(io_error) naming the path if it cannot be written; Error(bad_format) for an
///   invalid model.
void save_evidence_model_file(const attribution::EvidenceModel& model, const std::string& path);

/// Loads an evidence model from a file image of `size` bytes at `data`. The envelope is checked
/// before anything is deserialised, in the order of the score model file.
/// @throws Error with null_argument (`data` NULL and `size` > 0); bad_format (wrong magic,
///   truncated, trailing data, a table shape other than this library's, an archive that cannot
///   be read, a model that fails EvidenceModel::validate()); unsupported_version (a newer
///   envelope, archive or payload version); checksum_mismatch.
attribution::EvidenceModel load_evidence_model_from_buffer(const void* data, std::size_t size);

/// Reads `path` and calls load_evidence_model_from_buffer().
/// @throws Error(io_error) naming the path; the errors of load_evidence_model_from_buffer().
attribution::EvidenceModel load_evidence_model_file(const std::string& path);

PAYSTRIKE_NAMESPACE_END
