// Evidence CSV files: one per source, joined by account id. Every error names the file, line
// and column, and the account where there is one.
#include "paystrike/io/evidence_csv.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <unordered_map>

#include "civil_date.hpp"

PAYSTRIKE_NAMESPACE_BEGIN

namespace {

namespace pa = attribution;

std::string account_text(const std::string& id) {
  return "account " + quote_field_for_message(id);
}

// Typed access to one CSV table with messages that name the file, the line, the column and
// the row's account.
class Reader {
 public:
  explicit Reader(const CsvTable& table) : table_(table) {
    if (table.has_column("account_id"))
      id_column_ = static_cast<std::size_t>(table.column_index("account_id"));
  }

  std::size_t rows() const { return table_.rows.size(); }
  std::size_t column(const char* name) const {
    return static_cast<std::size_t>(table_.column_index(name));
  }
  std::optional<std::size_t> optional_column(const char* name) const {
    if (!table_.has_column(name)) return std::nullopt;
    return column(name);
  }
  // "file: line L, column 'c', account 'X'". Messages about the account_id column quote the
  // id themselves, so it is not repeated there.
  std::string where(std::size_t row, const char* name) const {
    std::string text = table_.source + ": line " + std::to_string(table_.line_numbers[row]) +
                       ", column '" + name + "'";
    if (std::string(name) != "account_id") text += account_suffix(row);
    return text;
  }
  std::string where(std::size_t row) const {
    return table_.source + ": line " + std::to_string(table_.line_numbers[row]) +
           account_suffix(row);
  }
  std::int64_t line(std::size_t row) const { return table_.line_numbers[row]; }
  const std::vector<std::string>& fields(std::size_t row) const { return table_.rows[row]; }
  const std::string& text(std::size_t row, std::size_t col) const { return table_.rows[row][col]; }

  const std::string& required_text(std::size_t row, const char* name) const {
    const std::string& field = text(row, column(name));
    if (field.empty())
      throw Error(Status::missing_value, where(row, name) + ": is empty (a value is required)");
    return field;
  }
  bool is_empty(std::size_t row, const char* name) const { return text(row, column(name)).empty(); }

  // A finite number: "inf", "nan" and overflows are refused here, where the file, line and
  // column are known, rather than later by validate_account() without them.
  double number(std::size_t row, const char* name) const {
    const std::string& field = required_text(row, name);
    const std::optional<double> value = parse_number(field);
    if (!value)
      throw Error(Status::bad_format,
                  where(row, name) + ": " + quote_field_for_message(field) + " is not a number");
    if (!std::isfinite(*value))
      throw Error(Status::bad_format, where(row, name) + ": " + quote_field_for_message(field) +
                                          " is not a finite number");
    return *value;
  }
  double non_negative(std::size_t row, const char* name) const {
    const double value = number(row, name);
    if (value < 0.0)
      throw Error(Status::bad_format,
                  where(row, name) + ": " + quote_field_for_message(text(row, column(name))) +
                      " is negative; must be >= 0");
    return value;
  }
  std::int64_t integer(std::size_t row, const char* name) const {
    const double value = number(row, name);
    if (!(std::fabs(value) < 9.0e15) || std::floor(value) != value)
      throw Error(Status::bad_format, where(row, name) + ": " +
                                          quote_field_for_message(text(row, column(name))) +
                                          " is not an integer");
    return static_cast<std::int64_t>(value);
  }
  std::size_t index(std::size_t row, const char* name) const {
    const std::int64_t value = integer(row, name);
    if (value < 0)
      throw Error(Status::bad_format, where(row, name) + ": a cycle index must be >= 0");
    return static_cast<std::size_t>(value);
  }
  // A calendar date, YYYY-MM-DD, as a day count.
  std::int64_t date(std::size_t row, const char* name) const {
    const std::string& field = required_text(row, name);
    const auto day = civil_date::parse(field);
    if (!day)
      throw Error(Status::bad_format, where(row, name) + ": " + quote_field_for_message(field) +
                                          " is not a date (YYYY-MM-DD)");
    return *day;
  }
  bool flag(std::size_t row, const char* name) const {
    const std::int64_t value = integer(row, name);
    if (value != 0 && value != 1)
      throw Error(Status::bad_format, where(row, name) + ": must be 0 or 1");
    return value == 1;
  }
  template <class Parse>
  auto named(std::size_t row, const char* name, Parse parse, const char* what) const {
    const std::string& field = required_text(row, name);
    const auto value = parse(field);
    if (!value)
      throw Error(Status::bad_format, where(row, name) + ": " + quote_field_for_message(field) +
                                          " is not a known " + what);
    return *value;
  }
  const std::string& source() const { return table_.source; }

 private:
  std::string account_suffix(std::size_t row) const {
    if (!id_column_ || text(row, *id_column_).empty()) return "";
    return ", " + account_text(text(row, *id_column_));
  }

  const CsvTable& table_;
  std::optional<std::size_t> id_column_;
};

// The account of a row of a source file, by id; unknown ids are refused.
std::size_t account_of(const Reader& reader, std::size_t row,
                       const std::unordered_map<std::string, std::size_t>& ids) {
  const std::string& id = reader.required_text(row, "account_id");
  const auto found = ids.find(id);
  if (found == ids.end())
    throw Error(Status::bad_format, reader.where(row, "account_id") + ": unknown account id " +
                                        quote_field_for_message(id) +
                                        " (not in the accounts file)");
  return found->second;
}

// Rows seen before, field for field: a complaint exported twice would otherwise count as two.
class RepeatedRows {
 public:
  // Throws if an earlier row of `r` had exactly the same fields, naming both lines.
  void check(const Reader& r, std::size_t row, const char* what) {
    std::string key;  // the fields, each prefixed with its length so no two rows collide
    for (const std::string& field : r.fields(row))
      key += std::to_string(field.size()) + ':' + field;
    const auto [earlier, inserted] = first_line_.emplace(std::move(key), r.line(row));
    if (!inserted)
      throw Error(Status::bad_format, r.where(row) + ": repeats line " +
                                          std::to_string(earlier->second) +
                                          " field for field (" + what + " recorded twice)");
  }

 private:
  std::unordered_map<std::string, std::int64_t> first_line_;
};

// Whether an account was checked against an optional source (accounts.csv crm_checked or
// registry_checked). Empty or no column: checked exactly when the source's file is given.
// Checked without the file would read as "checked, no complaint", an observation that was
// never made, so it is refused.
bool checked(const Reader& r, std::size_t row, const std::optional<std::size_t>& column,
             const char* name, bool file_given, const char* file_name) {
  if (!column || r.text(row, *column).empty()) return file_given;
  const bool value = r.flag(row, name);
  if (value && !file_given)
    throw Error(Status::bad_format, r.where(row, name) + ": is 1 but there is no " + file_name +
                                        " (the account cannot have been checked against a "
                                        "source that is not given)");
  return value;
}

// Which of two time columns a source file uses: billing-cycle indices or calendar dates. A
// file gives one of them, not both.
const char* time_column(const Reader& r, const char* cycle_name, const char* date_name) {
  const bool has_cycle = r.optional_column(cycle_name).has_value();
  const bool has_date = r.optional_column(date_name).has_value();
  if (has_cycle && has_date)
    throw Error(Status::bad_format, r.source() + ": has both '" + cycle_name + "' and '" +
                                        date_name + "' columns; give one of them");
  if (!has_cycle && !has_date)
    throw Error(Status::bad_format, r.source() + ": missing column '" + cycle_name + "' (or '" +
                                        date_name + "', a date YYYY-MM-DD)");
  return has_cycle ? cycle_name : date_name;
}

}  // namespace

EvidencePortfolio load_evidence(const EvidenceCsvTables& tables) {
  EvidencePortfolio portfolio;
  std::unordered_map<std::string, std::size_t> ids;
  std::vector<std::int64_t> account_lines;
  std::vector<bool> crm_checked, registry_checked;

  // Accounts. Account a is on row a; the reader stays to place the checks that need payments.
  const Reader accounts_reader(tables.accounts);
  {
    const Reader& r = accounts_reader;
    const auto score_column = r.optional_column("score");
    const auto range_column = r.optional_column("outside_training_range");
    const auto bad_column = r.optional_column("bad_cycle");
    const auto crm_column = r.optional_column("crm_checked");
    const auto registry_column = r.optional_column("registry_checked");
    r.column("first_cycle_after_scoring");
    r.column("defaulted");
    r.column("approved");
    for (std::size_t row = 0; row < r.rows(); ++row) {
      pa::Account account;
      account.id = r.required_text(row, "account_id");
      const auto inserted = ids.emplace(account.id, portfolio.accounts.size());
      if (!inserted.second)
        throw Error(Status::bad_format,
                    r.where(row, "account_id") + ": duplicate account id " +
                        quote_field_for_message(account.id) + " (first at line " +
                        std::to_string(account_lines[inserted.first->second]) + ")");
      account.history.first_cycle_after_scoring = r.index(row, "first_cycle_after_scoring");
      account.defaulted = r.flag(row, "defaulted");
      account.predicted_good = r.flag(row, "approved");
      // With a score column every account has a score (the service-adjusted evaluation needs
      // them all); without it none has.
      if (score_column) account.score = r.number(row, "score");
      if (range_column && !r.text(row, *range_column).empty())
        account.outside_training_range = r.flag(row, "outside_training_range");
      if (bad_column && !r.text(row, *bad_column).empty()) {
        account.bad_cycle = r.index(row, "bad_cycle");
        // Early warning would measure lead times to a default that did not happen.
        if (!account.defaulted)
          throw Error(Status::bad_format, r.where(row, "bad_cycle") +
                                              ": given but defaulted is 0 (only a defaulter "
                                              "reaches the bad definition; leave it empty)");
      }
      crm_checked.push_back(checked(r, row, crm_column, "crm_checked", tables.crm.has_value(),
                                    EvidenceFileNames::crm));
      registry_checked.push_back(checked(r, row, registry_column, "registry_checked",
                                         tables.registry.has_value(),
                                         EvidenceFileNames::registry));
      account_lines.push_back(tables.accounts.line_numbers[row]);
      portfolio.accounts.push_back(std::move(account));
    }
  }
  const std::size_t n = portfolio.accounts.size();
  portfolio.evidence.resize(n);
  // Per account, the day each billing cycle's statement closes (payments.csv statement_date),
  // when given: a dated event falls in the first cycle whose statement closes on or after it.
  std::vector<std::vector<std::int64_t>> statement_days(n);

  // Payments: per account, cycles 0, 1, 2, ... in file order.
  {
    const Reader r(tables.payments);
    for (const char* name : {"account_id", "cycle", "amount_due", "amount_paid", "status"})
      r.column(name);
    const auto statement_column = r.optional_column("statement_date");
    std::vector<std::int64_t> first_line(n, 0);
    for (std::size_t row = 0; row < r.rows(); ++row) {
      const std::size_t a = account_of(r, row, ids);
      pa::Account& account = portfolio.accounts[a];
      const std::size_t cycle = r.index(row, "cycle");
      const std::size_t expected = account.history.cycles.size();
      if (cycle != expected) {
        std::string problem;
        if (cycle < expected)
          problem = "duplicate or out-of-order row: cycle " + std::to_string(cycle) +
                    " after cycle " + std::to_string(expected - 1) +
                    " (the account's rows start at line " + std::to_string(first_line[a]) + ")";
        else
          problem = "cycle " + std::to_string(cycle) + " but cycle " + std::to_string(expected) +
                    " is missing (cycles must be 0, 1, 2, ... in order)";
        throw Error(Status::bad_format,
                    r.where(row, "cycle") + ": " + problem);
      }
      if (expected == 0) first_line[a] = tables.payments.line_numbers[row];
      pa::BillingCycle billing;
      billing.amount_due = r.non_negative(row, "amount_due");
      billing.amount_paid = r.non_negative(row, "amount_paid");
      billing.status = r.number(row, "status");
      if (statement_column) {
        // Every row of an account has its statement date, or none does.
        const bool dated = !r.text(row, *statement_column).empty();
        auto& days = statement_days[a];
        if (expected > 0 && dated != (days.size() == expected))
          throw Error(Status::bad_format, r.where(row, "statement_date") +
                                              ": give a statement date on every payment row "
                                              "of the account or on none (cycle " +
                                              std::to_string(cycle) +
                                              (dated ? " has one" : " has none") + ", cycle 0 " +
                                              (dated ? "had none" : "had one") + ")");
        if (dated) {
          const std::int64_t day = r.date(row, "statement_date");
          if (!days.empty() && day <= days.back())
            throw Error(Status::bad_format,
                        r.where(row, "statement_date") + ": statement dates out of order: " +
                            civil_date::format(day) + " (cycle " + std::to_string(cycle) +
                            ") is not after " + civil_date::format(days.back()) + " (cycle " +
                            std::to_string(cycle - 1) + ")");
          days.push_back(day);
        }
      }
      account.history.cycles.push_back(billing);
    }
    for (std::size_t a = 0; a < n; ++a) {
      const pa::Account& account = portfolio.accounts[a];
      if (account.history.cycles.empty())
        throw Error(Status::bad_format, tables.accounts.source + ": line " +
                                            std::to_string(account_lines[a]) + ": " +
                                            account_text(account.id) + " has no rows in " +
                                            tables.payments.source);
      const std::size_t length = account.history.cycles.size();
      const std::size_t first_after = account.history.first_cycle_after_scoring;
      if (first_after > length)
        throw Error(Status::bad_format, accounts_reader.where(a, "first_cycle_after_scoring") +
                                            ": the account has only " + std::to_string(length) +
                                            " cycles in " + tables.payments.source);
      // The bad definition is reached after scoring and at the latest right after the last
      // statement (cycle index = history length, as for the Taiwan next-month default).
      if (account.bad_cycle && *account.bad_cycle > length)
        throw Error(Status::bad_format,
                    accounts_reader.where(a, "bad_cycle") + ": " +
                        std::to_string(*account.bad_cycle) + " is beyond the account's " +
                        std::to_string(length) + " billing cycles in " + tables.payments.source +
                        " (at most " + std::to_string(length) +
                        ": reached right after the last statement)");
      if (account.bad_cycle && *account.bad_cycle < first_after)
        throw Error(Status::bad_format, accounts_reader.where(a, "bad_cycle") + ": " +
                                            std::to_string(*account.bad_cycle) +
                                            " is before first_cycle_after_scoring " +
                                            std::to_string(first_after) +
                                            " (a default is observed after scoring)");
    }
  }

  // The time of a source row, from the file's time column (time_column()): its billing cycle,
  // and the key that orders the account's rows (the cycle, or the day for a date).
  struct EventTime {
    std::size_t cycle = 0;
    std::int64_t order = 0;
  };
  // std::nullopt when the time falls after the account's last statement (outside its data).
  const auto time_in_history = [&](const Reader& r, std::size_t row, const char* name,
                                   std::size_t a, bool is_date) -> std::optional<EventTime> {
    EventTime time;
    if (!is_date) {
      time.cycle = r.index(row, name);
      if (time.cycle >= portfolio.accounts[a].history.cycles.size()) return std::nullopt;
      time.order = static_cast<std::int64_t>(time.cycle);
      return time;
    }
    const std::int64_t day = r.date(row, name);
    const auto& days = statement_days[a];
    if (days.empty())
      throw Error(Status::bad_format,
                  r.where(row, name) +
                      ": a date needs the account's statement dates (payments.csv column "
                      "'statement_date') to place it in a billing cycle");
    const auto found = std::lower_bound(days.begin(), days.end(), day);
    if (found == days.end()) return std::nullopt;
    time.cycle = static_cast<std::size_t>(found - days.begin());
    time.order = day;
    return time;
  };
  // The time of an event that must lie within the account's history.
  const auto event_time = [&](const Reader& r, std::size_t row, const char* name, std::size_t a,
                              bool is_date) {
    const std::optional<EventTime> time = time_in_history(r, row, name, a, is_date);
    if (time) return *time;
    if (!is_date)
      throw Error(
          Status::bad_format,
          r.where(row, name) + ": cycle " + std::to_string(r.index(row, name)) + " is beyond its " +
              std::to_string(portfolio.accounts[a].history.cycles.size()) + " billing cycles");
    const auto& days = statement_days[a];
    throw Error(Status::bad_format,
                r.where(row, name) + ": " + civil_date::format(r.date(row, name)) +
                    " is after the last statement date " + civil_date::format(days.back()) +
                    " (cycle " + std::to_string(days.size() - 1) + ")");
  };
  const auto time_text = [](std::int64_t order, bool is_date) {
    return is_date ? civil_date::format(order) : "cycle " + std::to_string(order);
  };

  // CRM complaints.
  for (std::size_t a = 0; a < n; ++a)
    if (crm_checked[a]) portfolio.evidence[a].crm_complaints.emplace();
  if (tables.crm) {
    const Reader r(*tables.crm);
    for (const char* name : {"account_id", "category", "severity", "resolved"}) r.column(name);
    const char* opened_name = time_column(r, "opened_cycle", "opened_date");
    const bool dated = opened_name == std::string("opened_date");
    const char* resolved_name = dated ? "resolved_date" : "resolved_cycle";
    if (r.optional_column(dated ? "resolved_cycle" : "resolved_date"))
      throw Error(Status::bad_format, r.source() + ": with '" + opened_name + "' give '" +
                                          resolved_name + "' (the same kind of time)");
    r.column(resolved_name);
    std::vector<std::int64_t> last_opened(n, 0);
    RepeatedRows repeated;
    for (std::size_t row = 0; row < r.rows(); ++row) {
      const std::size_t a = account_of(r, row, ids);
      auto& complaints = portfolio.evidence[a].crm_complaints;
      if (!complaints)
        throw Error(Status::bad_format, r.where(row, "account_id") + ": " +
                                            account_text(portfolio.accounts[a].id) +
                                            " has CRM rows but crm_checked is 0");
      repeated.check(r, row, "a complaint");
      pa::CrmComplaint complaint;
      const EventTime opened = event_time(r, row, opened_name, a, dated);
      complaint.opened_cycle = opened.cycle;
      if (!complaints->empty() && opened.order < last_opened[a])
        throw Error(Status::bad_format, r.where(row, opened_name) +
                                            ": complaints out of time order (" +
                                            time_text(opened.order, dated) + " after " +
                                            time_text(last_opened[a], dated) + ")");
      last_opened[a] = opened.order;
      complaint.category =
          r.named(row, "category", pa::parse_complaint_category, "complaint category");
      const std::int64_t severity = r.integer(row, "severity");
      if (severity < 1 || severity > 3)
        throw Error(Status::bad_format, r.where(row, "severity") + ": must be 1, 2 or 3");
      complaint.severity = static_cast<int>(severity);
      complaint.resolved = r.flag(row, "resolved");
      if (complaint.resolved) {
        // Exports hold resolutions made after the data was cut: within the history such a
        // complaint was still open, so it is read as not resolved.
        const std::optional<EventTime> resolved =
            time_in_history(r, row, resolved_name, a, dated);
        if (!resolved) {
          complaint.resolved = false;
        } else if (resolved->order < opened.order) {
          throw Error(Status::bad_format, r.where(row, resolved_name) +
                                              ": resolved before it was opened (" +
                                              time_text(opened.order, dated) + ")");
        } else {
          complaint.resolved_cycle = resolved->cycle;
        }
      } else if (!r.is_empty(row, resolved_name)) {
        throw Error(Status::bad_format,
                    r.where(row, resolved_name) + ": must be empty when resolved is 0");
      }
      complaints->push_back(complaint);
    }
  }

  // Bureau snapshots: the latest one per account is kept; cycles strictly increasing.
  if (tables.bureau) {
    const Reader r(*tables.bureau);
    for (const char* name : {"account_id", "open_trade_lines", "delinquent_trade_lines",
                             "worst_status", "utilisation", "new_enquiries"})
      r.column(name);
    const char* time_name = time_column(r, "cycle", "date");
    const bool dated = time_name == std::string("date");
    std::vector<std::optional<std::int64_t>> last_time(n);
    for (std::size_t row = 0; row < r.rows(); ++row) {
      const std::size_t a = account_of(r, row, ids);
      const EventTime time = event_time(r, row, time_name, a, dated);
      if (last_time[a] && time.order <= *last_time[a])
        throw Error(Status::bad_format,
                    r.where(row, time_name) + ": " +
                        (time.order == *last_time[a] ? "duplicate snapshot for "
                                                     : "snapshots out of time order: ") +
                        time_text(time.order, dated) +
                        (time.order == *last_time[a]
                             ? std::string()
                             : " after " + time_text(*last_time[a], dated)));
      last_time[a] = time.order;
      pa::BureauSnapshot snapshot;
      const auto count = [&](const char* name) {
        const std::int64_t value = r.integer(row, name);
        if (value < 0 || value > 1000000)
          throw Error(Status::bad_format, r.where(row, name) + ": must be a count >= 0");
        return static_cast<int>(value);
      };
      snapshot.open_trade_lines = count("open_trade_lines");
      snapshot.delinquent_trade_lines = count("delinquent_trade_lines");
      snapshot.new_enquiries = count("new_enquiries");
      snapshot.worst_status = r.number(row, "worst_status");
      snapshot.utilisation = r.non_negative(row, "utilisation");
      portfolio.evidence[a].bureau = snapshot;
    }
  }

  // Registry complaints.
  for (std::size_t a = 0; a < n; ++a)
    if (registry_checked[a]) portfolio.evidence[a].registry_complaints.emplace();
  if (tables.registry) {
    const Reader r(*tables.registry);
    for (const char* name : {"account_id", "issue", "company_response", "timely"}) r.column(name);
    const char* time_name = time_column(r, "cycle", "date");
    const bool dated = time_name == std::string("date");
    std::vector<std::int64_t> last_filed(n, 0);
    RepeatedRows repeated;
    for (std::size_t row = 0; row < r.rows(); ++row) {
      const std::size_t a = account_of(r, row, ids);
      auto& complaints = portfolio.evidence[a].registry_complaints;
      if (!complaints)
        throw Error(Status::bad_format, r.where(row, "account_id") + ": " +
                                            account_text(portfolio.accounts[a].id) +
                                            " has registry rows but registry_checked is 0");
      repeated.check(r, row, "a complaint");
      pa::RegistryComplaint complaint;
      const EventTime filed = event_time(r, row, time_name, a, dated);
      complaint.cycle = filed.cycle;
      if (!complaints->empty() && filed.order < last_filed[a])
        throw Error(Status::bad_format,
                    r.where(row, time_name) + ": registry complaints out of time order (" +
                        time_text(filed.order, dated) + " after " +
                        time_text(last_filed[a], dated) + ")");
      last_filed[a] = filed.order;
      complaint.issue = r.named(row, "issue", pa::parse_registry_issue, "registry issue");
      complaint.response =
          r.named(row, "company_response", pa::parse_company_response, "company response");
      complaint.timely = r.flag(row, "timely");
      complaints->push_back(complaint);
    }
  }

  // Collections: at most one row per account.
  if (tables.collections) {
    const Reader r(*tables.collections);
    for (const char* name : {"account_id", "segment", "payment_capacity"}) r.column(name);
    std::vector<std::int64_t> seen_line(n, 0);
    for (std::size_t row = 0; row < r.rows(); ++row) {
      const std::size_t a = account_of(r, row, ids);
      if (seen_line[a] != 0)
        throw Error(Status::bad_format, r.where(row, "account_id") + ": duplicate row for " +
                                            account_text(portfolio.accounts[a].id) +
                                            " (first at line " + std::to_string(seen_line[a]) +
                                            ")");
      seen_line[a] = tables.collections->line_numbers[row];
      pa::CollectionsInfo info;
      const std::int64_t segment = r.integer(row, "segment");
      if (segment < std::numeric_limits<int>::min() || segment > std::numeric_limits<int>::max())
        throw Error(Status::bad_format, r.where(row, "segment") + ": out of range");
      info.segment = static_cast<int>(segment);
      info.payment_capacity_per_cycle = r.non_negative(row, "payment_capacity");
      portfolio.evidence[a].collections = info;
    }
  }

  for (std::size_t a = 0; a < n; ++a) {
    pa::validate_account(portfolio.accounts[a]);
    pa::validate_evidence(portfolio.accounts[a], portfolio.evidence[a]);
  }
  return portfolio;
}

EvidencePortfolio load_evidence_directory(const std::string& directory) {
  namespace fs = std::filesystem;
  const auto path = [&](const char* name) { return (fs::path(directory) / name).string(); };
  // The error_code overload: an unreadable folder is an io_error, not an escaping exception.
  const auto exists = [&](const char* name) {
    std::error_code error;
    const bool found = fs::exists(path(name), error);
    if (error)
      throw Error(Status::io_error, "cannot look for '" + path(name) + "': " + error.message());
    return found;
  };
  const auto required = [&](const char* name) {
    if (!exists(name))
      throw Error(Status::io_error, "evidence folder '" + directory + "' has no " + name);
    return read_csv(path(name));
  };
  const auto optional = [&](const char* name) -> std::optional<CsvTable> {
    if (!exists(name)) return std::nullopt;
    return read_csv(path(name));
  };
  EvidenceCsvTables tables;
  tables.accounts = required(EvidenceFileNames::accounts);
  tables.payments = required(EvidenceFileNames::payments);
  tables.crm = optional(EvidenceFileNames::crm);
  tables.bureau = optional(EvidenceFileNames::bureau);
  tables.registry = optional(EvidenceFileNames::registry);
  tables.collections = optional(EvidenceFileNames::collections);
  return load_evidence(tables);
}

namespace {

std::string number_text(double value) {
  char buffer[64];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  if (error != std::errc()) throw Error(Status::internal, "cannot format a number");
  return std::string(buffer, end);
}

// CSV-quotes a field when it holds a comma, a quote or a line break.
std::string field_text(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

class Output {
 public:
  Output(const std::string& path, const std::string& header) : path_(path), out_(path) {
    if (!out_) throw Error(Status::io_error, "cannot write '" + path + "'");
    out_ << header << '\n';
  }
  std::ofstream& stream() { return out_; }
  void close() {
    out_.close();
    if (!out_) throw Error(Status::io_error, "cannot write '" + path_ + "'");
  }

 private:
  std::string path_;
  std::ofstream out_;
};

}  // namespace

void write_evidence_directory(const std::string& directory, const EvidencePortfolio& portfolio) {
  namespace fs = std::filesystem;
  if (portfolio.accounts.size() != portfolio.evidence.size())
    throw Error(Status::dimension_mismatch,
                "write_evidence_directory: accounts and evidence differ in size");
  bool any_crm = false, any_bureau = false, any_registry = false, any_collections = false;
  for (std::size_t a = 0; a < portfolio.accounts.size(); ++a) {
    pa::validate_account(portfolio.accounts[a]);
    pa::validate_evidence(portfolio.accounts[a], portfolio.evidence[a]);
    any_crm = any_crm || portfolio.evidence[a].crm_complaints.has_value();
    any_bureau = any_bureau || portfolio.evidence[a].bureau.has_value();
    any_registry = any_registry || portfolio.evidence[a].registry_complaints.has_value();
    any_collections = any_collections || portfolio.evidence[a].collections.has_value();
  }
  // The loader reads a score column as a score for every account, so write one only then.
  const auto unscored = std::find_if(portfolio.accounts.begin(), portfolio.accounts.end(),
                                     [](const pa::Account& a) { return std::isnan(a.score); });
  const bool with_score = unscored == portfolio.accounts.end();
  if (!with_score && std::any_of(portfolio.accounts.begin(), portfolio.accounts.end(),
                                 [](const pa::Account& a) { return !std::isnan(a.score); }))
    throw Error(Status::missing_value,
                "write_evidence_directory: " + account_text(unscored->id) +
                    " has no score while others have one; give every account a score or none");
  std::error_code error;
  fs::create_directories(directory, error);
  if (error) throw Error(Status::io_error, "cannot create '" + directory + "': " + error.message());
  const auto path = [&](const char* name) { return (fs::path(directory) / name).string(); };
  for (const char* name : {EvidenceFileNames::crm, EvidenceFileNames::bureau,
                           EvidenceFileNames::registry, EvidenceFileNames::collections})
    fs::remove(path(name), error);  // a stale optional file would be read back

  Output accounts(path(EvidenceFileNames::accounts),
                  std::string("account_id,") + (with_score ? "score," : "") +
                      "approved,defaulted,first_cycle_after_scoring,outside_training_range,"
                      "bad_cycle,crm_checked,registry_checked");
  Output payments(path(EvidenceFileNames::payments),
                  "account_id,cycle,amount_due,amount_paid,status");
  for (std::size_t a = 0; a < portfolio.accounts.size(); ++a) {
    const pa::Account& account = portfolio.accounts[a];
    const pa::ExternalEvidence& evidence = portfolio.evidence[a];
    const std::string id = field_text(account.id);
    accounts.stream() << id << ',';
    if (with_score) accounts.stream() << number_text(account.score) << ',';
    accounts.stream() << (account.predicted_good ? 1 : 0) << ','
                      << (account.defaulted ? 1 : 0) << ','
                      << account.history.first_cycle_after_scoring << ','
                      << (account.outside_training_range ? 1 : 0) << ','
                      << (account.bad_cycle ? std::to_string(*account.bad_cycle) : "") << ','
                      << (evidence.crm_complaints ? 1 : 0) << ','
                      << (evidence.registry_complaints ? 1 : 0) << '\n';
    for (std::size_t t = 0; t < account.history.cycles.size(); ++t) {
      const pa::BillingCycle& c = account.history.cycles[t];
      payments.stream() << id << ',' << t << ',' << number_text(c.amount_due) << ','
                        << number_text(c.amount_paid) << ',' << number_text(c.status) << '\n';
    }
  }
  accounts.close();
  payments.close();
  if (any_crm) {
    Output crm(path(EvidenceFileNames::crm),
               "account_id,opened_cycle,category,severity,resolved,resolved_cycle");
    for (std::size_t a = 0; a < portfolio.accounts.size(); ++a)
      if (portfolio.evidence[a].crm_complaints)
        for (const pa::CrmComplaint& c : *portfolio.evidence[a].crm_complaints)
          crm.stream() << field_text(portfolio.accounts[a].id) << ',' << c.opened_cycle << ','
                       << pa::complaint_category_name(c.category) << ',' << c.severity << ','
                       << (c.resolved ? 1 : 0) << ','
                       << (c.resolved ? std::to_string(c.resolved_cycle) : "") << '\n';
    crm.close();
  }
  if (any_bureau) {
    Output bureau(path(EvidenceFileNames::bureau),
                  "account_id,cycle,open_trade_lines,delinquent_trade_lines,worst_status,"
                  "utilisation,new_enquiries");
    for (std::size_t a = 0; a < portfolio.accounts.size(); ++a)
      if (const auto& b = portfolio.evidence[a].bureau)
        bureau.stream() << field_text(portfolio.accounts[a].id) << ','
                        << portfolio.accounts[a].history.first_cycle_after_scoring -
                               (portfolio.accounts[a].history.first_cycle_after_scoring > 0 ? 1 : 0)
                        << ',' << b->open_trade_lines << ',' << b->delinquent_trade_lines << ','
                        << number_text(b->worst_status) << ',' << number_text(b->utilisation)
                        << ',' << b->new_enquiries << '\n';
    bureau.close();
  }
  if (any_registry) {
    Output registry(path(EvidenceFileNames::registry),
                    "account_id,cycle,issue,company_response,timely");
    for (std::size_t a = 0; a < portfolio.accounts.size(); ++a)
      if (portfolio.evidence[a].registry_complaints)
        for (const pa::RegistryComplaint& c : *portfolio.evidence[a].registry_complaints)
          registry.stream() << field_text(portfolio.accounts[a].id) << ',' << c.cycle << ','
                            << pa::registry_issue_name(c.issue) << ','
                            << pa::company_response_name(c.response) << ','
                            << (c.timely ? 1 : 0) << '\n';
    registry.close();
  }
  if (any_collections) {
    Output collections(path(EvidenceFileNames::collections),
                       "account_id,segment,payment_capacity");
    for (std::size_t a = 0; a < portfolio.accounts.size(); ++a)
      if (const auto& c = portfolio.evidence[a].collections)
        collections.stream() << field_text(portfolio.accounts[a].id) << ',' << c->segment << ','
                             << number_text(c->payment_capacity_per_cycle) << '\n';
    collections.close();
  }
}

PAYSTRIKE_NAMESPACE_END
