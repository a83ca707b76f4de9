/// @file csv.hpp
/// @brief Reading CSV files (RFC 4180 quoting, via libcsv) into named string columns, and
/// turning columns into numbers with errors that name the file, line and column.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "paystrike/status.hpp"

PAYSTRIKE_NAMESPACE_BEGIN

/// A parsed CSV file: a header row and data rows of equal width, all as text.
struct CsvTable {
  std::string source;                          ///< file name (or a label) used in messages
  std::vector<std::string> header;             ///< column names, in file order
  std::vector<std::vector<std::string>> rows;  ///< data rows, each header.size() fields
  std::vector<std::int64_t> line_numbers;      ///< 1-based line on which each data row starts

  /// Number of data rows (the header excluded).
  std::int64_t num_rows() const noexcept { return static_cast<std::int64_t>(rows.size()); }
  /// Index of column `name`; throws Error(bad_format) naming the file and the column if absent.
  std::int64_t column_index(const std::string& name) const;
  /// True if the header has column `name`.
  bool has_column(const std::string& name) const noexcept;
  /// Column `name` as numbers. An empty field is NaN (missing). Throws Error(bad_format)
  /// naming the file, line and column for text that is not a finite decimal number ("inf",
  /// "nan" and hexadecimal floats are refused).
  std::vector<double> numeric_column(const std::string& name) const;
};

/// Parses CSV text. A UTF-8 byte-order mark is skipped; lines may end in LF, CRLF or CR alone
/// (each counts as one line in messages); blank lines are skipped; spaces and tabs around
/// unquoted fields (and outside quotes) are trimmed, those inside quotes kept.
/// Throws Error(bad_format) for an empty input, a malformed quoted field (naming the line where
/// it began when it spans lines, e.g. a quote never closed), a header that names a column
/// twice, or a row whose width differs from the header's (naming the line and both widths).
CsvTable parse_csv(std::string_view text, const std::string& source_name);

/// Reads and parses a CSV file. Throws Error(io_error) naming the path if it cannot be read
/// or is a directory, and the errors of parse_csv otherwise.
CsvTable read_csv(const std::string& path);

/// The number written in `text`: decimal with an optional sign and exponent, as a CSV writer
/// produces it. std::nullopt for anything else (hexadecimal, spaces, "1,5", empty). "inf",
/// "nan" and overflowing text such as "1e999" give an infinite or NaN value, so that the
/// caller can say "not a finite number" rather than "not a number".
std::optional<double> parse_number(std::string_view text);

/// A field's text as error messages show it, in single quotes: bytes below 0x20 and 0x7F
/// escaped as \\xHH (a NUL would otherwise end the message), and text beyond 64 bytes cut with
/// "..." and the full length, so that a runaway field cannot flood a log.
std::string quote_field_for_message(std::string_view field);

PAYSTRIKE_NAMESPACE_END
