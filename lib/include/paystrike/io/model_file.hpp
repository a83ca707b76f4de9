/// @file model_file.hpp
/// @brief Saving and loading a ScoreModel: a Boost.Serialization text archive inside a checked
/// envelope (magic bytes, format version, payload length, CRC-32). The byte layout is in
/// docs/model_file_format.md.
///
/// Boost stays out of this header: the archive code is compiled into paystrike::io, so code that
/// only includes the core never needs Boost.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

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

PAYSTRIKE_NAMESPACE_END
