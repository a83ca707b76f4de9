// CSV reading on top of libcsv: libcsv handles quoting; this file tracks lines and widths.
#include "paystrike/io/csv.hpp"

#include <csv.h>

#include <algorithm>
#include <charconv>
#include <cmath>
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
  // Feed one physical line at a time so that every record knows the line it starts on.
  std::size_t position = 0;
  bool parse_failed = false;
  while (position < text.size() && state.error.empty()) {
    std::size_t end = text.find('\n', position);
    end = end == std::string_view::npos ? text.size() : end + 1;
    const std::size_t length = end - position;
    if (csv_parse(&parser, text.data() + position, length, on_field, on_row_end, &state) !=
        length) {
      parse_failed = true;
      break;
    }
    position = end;
    ++state.current_line;
  }
  if (!parse_failed && state.error.empty() &&
      csv_fini(&parser, on_field, on_row_end, &state) != 0)
    parse_failed = true;
  const std::string parser_message = parse_failed ? csv_strerror(csv_error(&parser)) : "";
  csv_free(&parser);
  if (parse_failed)
    throw Error(Status::bad_format, source_name + ": line " + std::to_string(state.current_line) +
                                        ": " + parser_message + " (a malformed quoted field?)");
  if (!state.error.empty()) throw Error(Status::bad_format, state.error);
  if (table.header.empty()) throw Error(Status::bad_format, source_name + ": no header row");
  return table;
}

CsvTable read_csv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(Status::io_error, "cannot open '" + path + "' for reading");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw Error(Status::io_error, "cannot read '" + path + "'");
  return parse_csv(buffer.str(), path);
}

bool CsvTable::has_column(const std::string& name) const noexcept {
  return std::find(header.begin(), header.end(), name) != header.end();
}

std::int64_t CsvTable::column_index(const std::string& name) const {
  const auto found = std::find(header.begin(), header.end(), name);
  if (found == header.end())
    throw Error(Status::bad_format, source + ": column '" + name + "' not found in the header");
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
    double value = 0.0;
    const char* first = field.data();
    const char* last = field.data() + field.size();
    if (*first == '+') ++first;  // from_chars does not accept a leading '+'
    const auto [end, error] = std::from_chars(first, last, value);
    // "inf" and "nan" parse as doubles but are never valid data; hex floats are not numbers
    // a CSV writer produces.
    const bool hex = field.find_first_of("xX") != std::string::npos;
    if (error != std::errc() || end != last || !std::isfinite(value) || hex)
      throw Error(Status::bad_format, source + ": line " + std::to_string(line_numbers[i]) +
                                          ", column '" + name + "': '" + field +
                                          "' is not a finite number");
    values[i] = value;
  }
  return values;
}

PAYSTRIKE_NAMESPACE_END
