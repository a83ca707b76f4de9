/// @file model_file.hpp
/// @brief Saving and loading a ScoreModel, optionally together with the attribution's
/// EvidenceModel: a Boost.Serialization text archive inside a checked envelope (magic bytes,
/// format version, payload length, CRC-32). The byte layout is in docs/model_file_format.md.
///
/// Boost stays out of this header: the archive code is compiled into paystrike::io, so code that
/// only includes the core never needs Boost.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "paystrike/attribution/evidence_model.hpp"
#include "paystrike/score_model.hpp"
#include "paystrike/status.hpp"

PAYSTRIKE_NAMESPACE_BEGIN

/// The 8 bytes every model file starts with (PNG-style: the 0x89 and CR LF ^Z LF bytes reveal a
/// file that went through a text-mode transfer).
inline constexpr unsigned char model_file_magic[8] = {0x89, 'P', 'S', 'K', 0x0D, 0x0A, 0x1A, 0x0A};

/// The envelope format version this library writes. Files of this or any older version load;
/// newer files are refused with Status::unsupported_version.
inline constexpr std::uint32_t model_file_format_version = 1;

/// Bytes before the payload: magic (8), format version (4), payload length (8), CRC-32 (4).
inline constexpr std::size_t model_file_header_size = 24;

/// The CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, the one of zlib and PNG) of `size`
/// bytes at `data`. Exposed so tools and tests can rebuild an envelope.
std::uint32_t crc32(const void* data, std::size_t size) noexcept;

/// Serialises `model` into a complete model file image (envelope and payload).
/// Throws Error(bad_format) if `model` fails ScoreModel::validate(), so no file that cannot be
/// loaded again is ever written.
std::vector<unsigned char> save_model_to_buffer(const ScoreModel& model);

/// Writes save_model_to_buffer(model) to `path`. Throws Error(io_error) naming the path if it
/// cannot be opened or written, and Error(bad_format) for an invalid model.
void save_model_file(const ScoreModel& model, const std::string& path);

/// Loads a model from a model file image of `size` bytes at `data`.
///
/// The envelope is checked before anything is deserialised. Throws Error with
/// - null_argument: `data` is NULL and `size` > 0;
/// - bad_format: wrong magic, a truncated header, a payload length that differs from the bytes
///   present, an archive that cannot be read (any count larger than the bytes that remain is
///   refused before allocating), or a model that fails ScoreModel::validate();
/// - unsupported_version: a newer envelope format version, a newer archive or class version;
/// - checksum_mismatch: the payload's CRC-32 differs from the one stored;
/// - out_of_memory: an allocation failed.
ScoreModel load_model_from_buffer(const void* data, std::size_t size);

/// Reads `path` and calls load_model_from_buffer. Throws Error(io_error) naming the path if it
/// cannot be opened or read, and the errors of load_model_from_buffer (their messages name the
/// path too).
ScoreModel load_model_file(const std::string& path);

/// Everything a score model file holds: the score model and, since ScoreModel class version 3,
/// optionally the evidence model that attributes its defaulters (fitted on investigated cases,
/// see attribution::fit_evidence_model).
struct ModelFileContents {
  ScoreModel score_model;  ///< the score (the whole scorecard, if it is one)
  /// The evidence model saved with the score, or std::nullopt: the file has none (every file
  /// written before class version 3, and every file saved by save_model_to_buffer()).
  std::optional<attribution::EvidenceModel> evidence_model;
};

/// Serialises `model` with `evidence_model` attached into a complete model file image. The
/// score model is written exactly as by save_model_to_buffer(); the evidence model follows in
/// the archive's evidence section, with the fields of an evidence model file's payload.
/// @throws Error(bad_format) if `model` fails ScoreModel::validate() or `evidence_model` fails
///   attribution::EvidenceModel::validate(), so no file that cannot be loaded again is written.
std::vector<unsigned char> save_model_with_evidence_to_buffer(
    const ScoreModel& model, const attribution::EvidenceModel& evidence_model);

/// Writes save_model_with_evidence_to_buffer(model, evidence_model) to `path`.
/// @throws Error(io_error) naming the path if it cannot be opened or written; Error(bad_format)
///   for an invalid model or evidence model.
void save_model_with_evidence_file(const ScoreModel& model,
                                   const attribution::EvidenceModel& evidence_model,
                                   const std::string& path);

/// Loads a model file image of `size` bytes at `data` with its evidence model, if it has one.
/// Checks and errors as load_model_from_buffer(), which loads the same file and ignores the
/// evidence model; in the evidence section also bad_format (a presence flag other than 0 or 1,
/// another table shape, an evidence model failing EvidenceModel::validate()) and
/// unsupported_version (a newer evidence payload version).
ModelFileContents load_model_and_evidence_from_buffer(const void* data, std::size_t size);

/// Reads `path` and calls load_model_and_evidence_from_buffer().
/// @throws Error(io_error) naming the path; the errors of load_model_and_evidence_from_buffer()
///   (their messages name the path too).
ModelFileContents load_model_and_evidence_file(const std::string& path);

PAYSTRIKE_NAMESPACE_END
