// CSV reading on top of libcsv: libcsv handles quoting; this file tracks lines and widths.
#include "paystrike/io/csv.hpp"

#include <csv.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

PAYSTRIKE_NAMESPACE_BEGIN

namespace {

struct ParseState {
  CsvTable* table = nullptr;
  std::vector<std::string> record;
  std::int64_t current_line = 1;
  std::int64_t record_start_line = 0;
  bool header_done = false;
  std::string error;  // set by the row callback; parsing stops at the first error
};

void on_field(void* data, std::size_t length, void* state_ptr) {
  auto* state = static_cast<ParseState*>(state_ptr);
  if (state->record.empty()) state->record_start_line = state->current_line;
  state->record.emplace_back(static_cast<const char*>(data), length);
}

// A header naming a column twice would make every lookup silently take the first one.
std::string repeated_column_problem(const CsvTable& table) {
  for (std::size_t j = 1; j < table.header.size(); ++j)
    for (std::size_t i = 0; i < j; ++i)
      if (table.header[i] == table.header[j])
        return table.source + ": column " + quote_field_for_message(table.header[j]) +
               " appears twice in the header (columns " + std::to_string(i + 1) + " and " +
               std::to_string(j + 1) + ")";
  return "";
}

void on_row_end(int /*terminator*/, void* state_ptr) {
  auto* state = static_cast<ParseState*>(state_ptr);
  if (!state->error.empty()) {
    state->record.clear();
    return;
  }
  CsvTable& table = *state->table;
  if (!state->header_done) {
    table.header = std::move(state->record);
    state->header_done = true;
    state->error = repeated_column_problem(table);
  } else if (state->record.size() != table.header.size()) {
    state->error = table.source + ": line " + std::to_string(state->record_start_line) + " has " +
                   std::to_string(state->record.size()) + " fields but the header has " +
                   std::to_string(table.header.size());
  } else {
    table.rows.push_back(std::move(state->record));
    table.line_numbers.push_back(state->record_start_line);
  }
  state->record.clear();
}

// The end of the physical line starting at `position`: just past its LF, CRLF or lone CR
// (old Mac files end lines in CR alone, and every line should still get its own number).
std::size_t line_end(std::string_view text, std::size_t position) {
  const std::size_t found = text.find_first_of("\r\n", position);
  if (found == std::string_view::npos) return text.size();
  if (text[found] == '\r' && found + 1 < text.size() && text[found + 1] == '\n') return found + 2;
  return found + 1;
}

}  // namespace

CsvTable parse_csv(std::string_view text, const std::string& source_name) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // BOM
  CsvTable table;
  table.source = source_name;
  csv_parser parser;
  if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0)
    throw Error(Status::out_of_memory, "csv: cannot initialise the parser");
  ParseState state;
  state.table = &table;
  // Feed one physical line at a time so that every record knows the line it starts on, and
  // so that a quoted field running over lines can be traced to the line where it opened:
  // after a whole line, libcsv's public `quoted` flag is set only inside an open quoted field.
  std::size_t position = 0;
  bool parse_failed = false;
  bool inside_quotes = false;
  std::int64_t quote_line = 0;  // where the open quoted field began
  while (position < text.size() && state.error.empty()) {
    const std::size_t end = line_end(text, position);
    const std::size_t length = end - position;
    if (csv_parse(&parser, text.data() + position, length, on_field, on_row_end, &state) !=
        length) {
      parse_failed = true;
      break;
    }
    if (!inside_quotes && parser.quoted) quote_line = state.current_line;
    inside_quotes = parser.quoted != 0;
    position = end;
    ++state.current_line;
  }
  bool unclosed = false;
  if (!parse_failed && state.error.empty() &&
      csv_fini(&parser, on_field, on_row_end, &state) != 0) {
    parse_failed = true;
    unclosed = csv_error(&parser) == CSV_EPARSE;
  }
  const int parser_error = parse_failed ? csv_error(&parser) : CSV_SUCCESS;
  csv_free(&parser);
  if (parse_failed && parser_error != CSV_EPARSE)
    throw Error(Status::out_of_memory,
                source_name + ": line " + std::to_string(state.current_line) + ": " +
                    csv_strerror(parser_error));
  if (unclosed)
    throw Error(Status::bad_format,
                source_name + ": line " + std::to_string(quote_line) +
                    ": a quoted field begins here and its quote is never closed");
  if (parse_failed)
    throw Error(Status::bad_format,
                source_name + ": line " + std::to_string(state.current_line) +
                    ": malformed quoted field (a quote inside an unquoted field, or text after "
                    "a closing quote)" +
                    (inside_quotes
                         ? "; the quoted field began on line " + std::to_string(quote_line)
                         : std::string()));
  if (!state.error.empty()) throw Error(Status::bad_format, state.error);
  if (table.header.empty()) throw Error(Status::bad_format, source_name + ": no header row");
  return table;
}

CsvTable read_csv(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error))
    throw Error(Status::io_error, "cannot read '" + path + "': it is a directory, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(Status::io_error, "cannot open '" + path + "' for reading");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw Error(Status::io_error, "cannot read '" + path + "'");
  return parse_csv(buffer.str(), path);
}

std::optional<double> parse_number(std::string_view text) {
  const char* first = text.data();
  const char* last = first + text.size();
  if (first != last && *first == '+') {
    ++first;  // from_chars does not accept a leading '+'; "+-1" is still refused below
    if (first != last && *first == '-') return std::nullopt;
  }
  if (first == last) return std::nullopt;
  double value = 0.0;
  const auto [end, error] = std::from_chars(first, last, value);
  if (end != last || error == std::errc::invalid_argument) return std::nullopt;
  // from_chars leaves the value alone on overflow; strtod gives +-HUGE_VAL (or a tiny value
  // for underflow), so that "1e999" reads as infinite, not as unparsable.
  if (error == std::errc::result_out_of_range)
    value = std::strtod(std::string(first, last).c_str(), nullptr);
  return value;
}

std::string quote_field_for_message(std::string_view field) {
  constexpr std::size_t kShown = 64;
  std::size_t shown = std::min(field.size(), kShown);
  // Do not cut a UTF-8 character in two: back off to the start of the one being cut.
  if (shown < field.size())
    while (shown > 0 && (static_cast<unsigned char>(field[shown]) & 0xC0) == 0x80) --shown;
  std::string quoted = "'";
  for (std::size_t i = 0; i < shown; ++i) {
    const auto byte = static_cast<unsigned char>(field[i]);
    if (byte < 0x20 || byte == 0x7F) {
      static constexpr char kHex[] = "0123456789abcdef";
      quoted += "\\x";
      quoted += kHex[byte >> 4];
      quoted += kHex[byte & 0xF];
    } else {
      quoted += static_cast<char>(byte);
    }
  }
  if (shown < field.size()) return quoted + "...' (" + std::to_string(field.size()) + " bytes)";
  return quoted + "'";
}

bool CsvTable::has_column(const std::string& name) const noexcept {
  return std::find(header.begin(), header.end(), name) != header.end();
}

std::int64_t CsvTable::column_index(const std::string& name) const {
  const auto found = std::find(header.begin(), header.end(), name);
  if (found == header.end())
    throw Error(Status::bad_format, source + ": column " + quote_field_for_message(name) +
                                        " not found in the header");
  return static_cast<std::int64_t>(found - header.begin());
}

std::vector<double> CsvTable::numeric_column(const std::string& name) const {
  const auto column = static_cast<std::size_t>(column_index(name));
  std::vector<double> values(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::string& field = rows[i][column];
    if (field.empty()) {
      values[i] = std::numeric_limits<double>::quiet_NaN();
      continue;
    }
    // "inf" and "nan" parse as doubles but are never valid data.
    const std::optional<double> value = parse_number(field);
    if (!value || !std::isfinite(*value))
      throw Error(Status::bad_format, source + ": line " + std::to_string(line_numbers[i]) +
                                          ", column " + quote_field_for_message(name) + ": " +
                                          quote_field_for_message(field) +
                                          " is not a finite number");
    values[i] = *value;
  }
  return values;
}

PAYSTRIKE_NAMESPACE_END
