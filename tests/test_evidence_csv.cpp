// Tests of the evidence CSV loaders (one file per source, joined by account id) and writer.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <fstream>
#include <string>

#include "paystrike/attribution/attribution.hpp"
#include "paystrike/io/evidence_csv.hpp"

namespace pa = paystrike::attribution;
using paystrike::Error;
using paystrike::EvidenceCsvTables;
using paystrike::Status;

namespace {

const char* kAccounts =
    "account_id,score,approved,defaulted,first_cycle_after_scoring,outside_training_range,bad_cycle\n"
    "A1,612.5,1,1,2,0,4\n"
    "A2,540,0,0,2,1,\n";
const char* kPayments =
    "account_id,cycle,amount_due,amount_paid,status\n"
    "A1,0,100,100,-1\n"
    "A1,1,100,100,-1\n"
    "A1,2,100,100,0\n"
    "A1,3,100,0,2\n"
    "A2,0,50,50,0\n"
    "A2,1,50,50,0\n"
    "A2,2,50,25,0\n";
const char* kCrm =
    "account_id,opened_cycle,category,severity,resolved,resolved_cycle\n"
    "A1,2,post_sale_service,3,0,\n";
const char* kBureau =
    "account_id,cycle,open_trade_lines,delinquent_trade_lines,worst_status,utilisation,new_enquiries\n"
    "A1,0,2,1,2,0.9,1\n"
    "A1,1,4,0,0,0.4,1\n";
const char* kRegistry =
    "account_id,cycle,issue,company_response,timely\n"
    "A1,2,billing_dispute,closed_with_explanation,1\n";
const char* kCollections =
    "account_id,segment,payment_capacity\n"
    "A1,2,80\n";

EvidenceCsvTables tables(const std::string& accounts = kAccounts,
                         const std::string& payments = kPayments) {
  EvidenceCsvTables t;
  t.accounts = paystrike::parse_csv(accounts, "accounts.csv");
  t.payments = paystrike::parse_csv(payments, "payments.csv");
  t.crm = paystrike::parse_csv(kCrm, "crm_complaints.csv");
  t.bureau = paystrike::parse_csv(kBureau, "bureau_snapshots.csv");
  t.registry = paystrike::parse_csv(kRegistry, "registry_complaints.csv");
  t.collections = paystrike::parse_csv(kCollections, "collections.csv");
  return t;
}

template <class F>
void expect_error(F f, Status status, const std::vector<std::string>& must_contain) {
  try {
    f();
    ADD_FAILURE() << "no paystrike::Error thrown";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), status) << e.what();
    for (const std::string& part : must_contain)
      EXPECT_NE(std::string(e.what()).find(part), std::string::npos)
          << "'" << part << "' not in: " << e.what();
  }
}

// `csv` with the field of `column` on (1-based) line `line` replaced by `value`; the sample
// texts here have no quoted fields.
std::string with_field(const std::string& csv, int line, const std::string& column,
                       const std::string& value) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < csv.size()) {
    const std::size_t end = csv.find('\n', start);
    lines.push_back(csv.substr(start, end - start));
    start = end + 1;
  }
  const auto split = [](const std::string& text) {
    std::vector<std::string> fields;
    std::size_t from = 0;
    for (std::size_t comma; (comma = text.find(',', from)) != std::string::npos; from = comma + 1)
      fields.push_back(text.substr(from, comma - from));
    fields.push_back(text.substr(from));
    return fields;
  };
  const std::vector<std::string> header = split(lines[0]);
  const auto column_at = std::find(header.begin(), header.end(), column) - header.begin();
  std::vector<std::string> fields = split(lines[static_cast<std::size_t>(line - 1)]);
  fields.at(static_cast<std::size_t>(column_at)) = value;
  std::string joined;
  for (std::size_t i = 0; i < fields.size(); ++i) joined += (i ? "," : "") + fields[i];
  lines[static_cast<std::size_t>(line - 1)] = joined;
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

// The sample tables with one field of one file replaced.
EvidenceCsvTables tables_with(const std::string& file, int line, const std::string& column,
                              const std::string& value) {
  EvidenceCsvTables t = tables();
  const auto edit = [&](const char* text, const char* name) {
    return paystrike::parse_csv(with_field(text, line, column, value), name);
  };
  if (file == "accounts.csv") t.accounts = edit(kAccounts, "accounts.csv");
  if (file == "payments.csv") t.payments = edit(kPayments, "payments.csv");
  if (file == "crm_complaints.csv") t.crm = edit(kCrm, "crm_complaints.csv");
  if (file == "bureau_snapshots.csv") t.bureau = edit(kBureau, "bureau_snapshots.csv");
  if (file == "registry_complaints.csv") t.registry = edit(kRegistry, "registry_complaints.csv");
  if (file == "collections.csv") t.collections = edit(kCollections, "collections.csv");
  return t;
}

}  // namespace

TEST(EvidenceCsv, LoadsAndJoinsEverySource) {
  const paystrike::EvidencePortfolio p = paystrike::load_evidence(tables());
  ASSERT_EQ(p.accounts.size(), 2u);
  const pa::Account& a1 = p.accounts[0];
  EXPECT_EQ(a1.id, "A1");
  EXPECT_EQ(a1.score, 612.5);
  EXPECT_TRUE(a1.predicted_good);
  EXPECT_TRUE(a1.defaulted);
  EXPECT_FALSE(a1.outside_training_range);
  EXPECT_EQ(a1.bad_cycle, std::optional<std::size_t>(4));
  ASSERT_EQ(a1.history.cycles.size(), 4u);
  EXPECT_EQ(a1.history.cycles[3].amount_paid, 0.0);
  EXPECT_EQ(a1.history.cycles[3].status, 2.0);
  EXPECT_EQ(a1.history.first_cycle_after_scoring, 2u);
  const pa::ExternalEvidence& e1 = p.evidence[0];
  ASSERT_TRUE(e1.crm_complaints.has_value());
  ASSERT_EQ(e1.crm_complaints->size(), 1u);
  EXPECT_EQ((*e1.crm_complaints)[0].category, pa::ComplaintCategory::post_sale_service);
  EXPECT_FALSE((*e1.crm_complaints)[0].resolved);
  ASSERT_TRUE(e1.bureau.has_value());
  EXPECT_EQ(e1.bureau->open_trade_lines, 4);  // the latest snapshot wins
  EXPECT_EQ(e1.bureau->delinquent_trade_lines, 0);
  ASSERT_EQ(e1.registry_complaints->size(), 1u);
  EXPECT_EQ((*e1.registry_complaints)[0].issue, pa::RegistryIssue::billing_dispute);
  EXPECT_EQ(e1.collections->payment_capacity_per_cycle, 80.0);
  // A2: no rows in the optional files. CRM and registry were checked (the files are given),
  // so "none" is an observation; the bureau and collections simply have no data.
  const pa::ExternalEvidence& e2 = p.evidence[1];
  ASSERT_TRUE(e2.crm_complaints.has_value());
  EXPECT_TRUE(e2.crm_complaints->empty());
  EXPECT_FALSE(e2.bureau.has_value());
  EXPECT_FALSE(e2.collections.has_value());
  EXPECT_TRUE(p.accounts[1].outside_training_range);
  EXPECT_FALSE(p.accounts[1].bad_cycle.has_value());
  const pa::Signals s = pa::derive_signals(a1, e1);
  EXPECT_EQ(s.behaviour, pa::BehaviourPattern::abrupt_stop);
  EXPECT_EQ(s.complaint, pa::ComplaintSignal::service_unresolved_before_onset);
  EXPECT_EQ(s.bureau, pa::BureauSignal::current_elsewhere);
  EXPECT_EQ(s.registry, pa::RegistrySignal::dispute_before_onset);
}

TEST(EvidenceCsv, AMissingSourceFileMovesNothing) {
  EvidenceCsvTables t = tables();
  t.crm.reset();
  t.bureau.reset();
  t.registry.reset();
  t.collections.reset();
  const paystrike::EvidencePortfolio p = paystrike::load_evidence(t);
  EXPECT_FALSE(p.evidence[0].crm_complaints.has_value());
  EXPECT_FALSE(p.evidence[0].registry_complaints.has_value());
  const pa::EvidenceModel model;
  const pa::Attribution a = model.attribute(p.accounts[0], p.evidence[0]);
  for (std::size_t s = 1; s <= 3; ++s)
    for (std::size_t c = 0; c < pa::kCauseCount; ++c) EXPECT_EQ(a.contribution_points[s][c], 0.0);
}

TEST(EvidenceCsv, CheckedColumnsOverrideTheDefault) {
  const std::string accounts =
      "account_id,score,approved,defaulted,first_cycle_after_scoring,crm_checked,registry_checked\n"
      "A1,612.5,1,1,2,1,1\n"
      "A2,540,0,0,2,0,\n";
  const paystrike::EvidencePortfolio p = paystrike::load_evidence(tables(accounts));
  EXPECT_FALSE(p.evidence[1].crm_complaints.has_value());      // explicitly not checked
  EXPECT_TRUE(p.evidence[1].registry_complaints.has_value());  // empty: the file decides
  const std::string not_checked =
      "account_id,score,approved,defaulted,first_cycle_after_scoring,crm_checked\n"
      "A1,612.5,1,1,2,0\n"
      "A2,540,0,0,2,0\n";
  expect_error([&] { paystrike::load_evidence(tables(not_checked)); }, Status::bad_format,
               {"crm_complaints.csv: line 2", "account 'A1' has CRM rows but crm_checked is 0"});
}

TEST(EvidenceCsv, ErrorsNameTheFileLineColumnAndAccount) {
  // Missing column.
  expect_error([] { paystrike::load_evidence(tables("account_id,score,approved,defaulted\nA1,1,1,1\n")); },
               Status::bad_format, {"accounts.csv", "first_cycle_after_scoring"});
  // Unknown account id in a source file.
  expect_error(
      [] {
        paystrike::load_evidence(
            tables(kAccounts, std::string(kPayments) + "A9,0,10,10,0\n"));
      },
      Status::bad_format, {"payments.csv: line 9, column 'account_id'", "unknown account id 'A9'"});
  // Duplicate account.
  expect_error([] { paystrike::load_evidence(tables(std::string(kAccounts) + "A1,600,1,0,2,0,\n")); },
               Status::bad_format,
               {"accounts.csv: line 4, column 'account_id'", "duplicate account id 'A1'",
                "first at line 2"});
  // Duplicate payment row.
  expect_error(
      [] { paystrike::load_evidence(tables(kAccounts, std::string(kPayments) + "A2,2,50,25,0\n")); },
      Status::bad_format,
      {"payments.csv: line 9, column 'cycle'", "account 'A2'", "duplicate or out-of-order",
       "cycle 2 after cycle 2", "start at line 6"});
  // Cycles out of order / a gap.
  const std::string gap =
      "account_id,cycle,amount_due,amount_paid,status\n"
      "A1,0,100,100,-1\nA1,2,100,100,-1\nA2,0,50,50,0\n";
  expect_error([&] { paystrike::load_evidence(tables(kAccounts, gap)); }, Status::bad_format,
               {"payments.csv: line 3, column 'cycle'", "account 'A1'", "cycle 1 is missing"});
  // An account without payments.
  const std::string no_a2 =
      "account_id,cycle,amount_due,amount_paid,status\n"
      "A1,0,100,100,-1\nA1,1,100,100,-1\nA1,2,1,1,0\nA1,3,1,1,0\n";
  expect_error([&] { paystrike::load_evidence(tables(kAccounts, no_a2)); }, Status::bad_format,
               {"accounts.csv: line 3", "account 'A2' has no rows in payments.csv"});
  // An empty required field; a value that is not a number; a bad flag.
  expect_error(
      [] { paystrike::load_evidence(tables(kAccounts, std::string(kPayments) + "A2,3,,1,0\n")); },
      Status::missing_value, {"payments.csv: line 9, column 'amount_due', account 'A2': is empty"});
  expect_error(
      [] { paystrike::load_evidence(tables(kAccounts, std::string(kPayments) + "A2,3,x,1,0\n")); },
      Status::bad_format, {"payments.csv: line 9, column 'amount_due'", "'x' is not a number"});
  expect_error(
      [] { paystrike::load_evidence(tables(std::string(kAccounts) + "A3,500,2,0,2,0,\n")); },
      Status::bad_format, {"accounts.csv: line 4, column 'approved', account 'A3': must be 0 or 1"});
}

TEST(EvidenceCsv, SourceFileErrors) {
  const auto with = [](const char* file, const std::string& text) {
    EvidenceCsvTables t = tables();
    if (std::string(file) == "crm") t.crm = paystrike::parse_csv(text, "crm_complaints.csv");
    if (std::string(file) == "bureau") t.bureau = paystrike::parse_csv(text, "bureau_snapshots.csv");
    if (std::string(file) == "registry")
      t.registry = paystrike::parse_csv(text, "registry_complaints.csv");
    if (std::string(file) == "collections")
      t.collections = paystrike::parse_csv(text, "collections.csv");
    return t;
  };
  const std::string crm_header = "account_id,opened_cycle,category,severity,resolved,resolved_cycle\n";
  expect_error([&] { paystrike::load_evidence(with("crm", crm_header + "A1,2,lost_parcel,1,0,\n")); },
               Status::bad_format,
               {"crm_complaints.csv: line 2, column 'category'", "'lost_parcel' is not a known"});
  expect_error(
      [&] {
        paystrike::load_evidence(
            with("crm", crm_header + "A1,2,delivery,1,0,\nA1,1,delivery,1,0,\n"));
      },
      Status::bad_format,
      {"crm_complaints.csv: line 3, column 'opened_cycle'", "account 'A1'", "out of time order"});
  expect_error([&] { paystrike::load_evidence(with("crm", crm_header + "A1,9,delivery,1,0,\n")); },
               Status::bad_format,
               {"line 2, column 'opened_cycle'", "cycle 9 is beyond its 4 billing cycles"});
  expect_error([&] { paystrike::load_evidence(with("crm", crm_header + "A1,2,delivery,1,1,1\n")); },
               Status::bad_format, {"column 'resolved_cycle'", "resolved before it was opened"});
  expect_error([&] { paystrike::load_evidence(with("crm", crm_header + "A1,2,delivery,4,0,\n")); },
               Status::bad_format, {"column 'severity'"});
  const std::string bureau_header =
      "account_id,cycle,open_trade_lines,delinquent_trade_lines,worst_status,utilisation,new_enquiries\n";
  expect_error(
      [&] { paystrike::load_evidence(with("bureau", bureau_header + "A1,1,2,0,0,0.1,0\nA1,1,2,0,0,0.1,0\n")); },
      Status::bad_format,
      {"bureau_snapshots.csv: line 3, column 'cycle'", "duplicate snapshot for cycle 1"});
  expect_error(
      [&] { paystrike::load_evidence(with("bureau", bureau_header + "A1,2,2,0,0,0.1,0\nA1,1,2,0,0,0.1,0\n")); },
      Status::bad_format, {"line 3", "out of time order: cycle 1 after cycle 2"});
  expect_error(
      [&] {
        paystrike::load_evidence(
            with("registry", "account_id,cycle,issue,company_response,timely\nA1,0,other,refunded,1\n"));
      },
      Status::bad_format, {"registry_complaints.csv: line 2, column 'company_response'"});
  expect_error(
      [&] {
        paystrike::load_evidence(
            with("collections", "account_id,segment,payment_capacity\nA1,1,5\nA1,1,6\n"));
      },
      Status::bad_format, {"collections.csv: line 3", "duplicate row for account 'A1'", "line 2"});
  expect_error(
      [&] { paystrike::load_evidence(with("collections", "account_id,segment\nA1,1\n")); },
      Status::bad_format, {"collections.csv", "payment_capacity"});
}

// The same evidence as kCrm, kBureau and kRegistry, with calendar dates in place of cycle
// indices: the payments give each cycle's statement date, and a dated event falls in the first
// cycle whose statement closes on or after it.
const char* kDatedPayments =
    "account_id,cycle,amount_due,amount_paid,status,statement_date\n"
    "A1,0,100,100,-1,2005-04-30\n"
    "A1,1,100,100,-1,2005-05-31\n"
    "A1,2,100,100,0,2005-06-30\n"
    "A1,3,100,0,2,2005-07-31\n"
    "A2,0,50,50,0,2005-04-15\n"
    "A2,1,50,50,0,2005-05-15\n"
    "A2,2,50,25,0,2005-06-15\n";

EvidenceCsvTables dated_tables(const std::string& crm, const std::string& bureau,
                               const std::string& registry,
                               const std::string& payments = kDatedPayments) {
  EvidenceCsvTables t = tables(kAccounts, payments);
  t.crm = paystrike::parse_csv(crm, "crm_complaints.csv");
  t.bureau = paystrike::parse_csv(bureau, "bureau_snapshots.csv");
  t.registry = paystrike::parse_csv(registry, "registry_complaints.csv");
  return t;
}

const std::string kDatedCrmHeader =
    "account_id,opened_date,category,severity,resolved,resolved_date\n";
const std::string kDatedBureauHeader =
    "account_id,date,open_trade_lines,delinquent_trade_lines,worst_status,utilisation,new_enquiries\n";
const std::string kDatedRegistryHeader = "account_id,date,issue,company_response,timely\n";

TEST(EvidenceCsv, DatesArePlacedInTheBillingCycleWhoseStatementClosesOnOrAfterThem) {
  const paystrike::EvidencePortfolio by_cycle = paystrike::load_evidence(tables());
  const paystrike::EvidencePortfolio by_date = paystrike::load_evidence(dated_tables(
      kDatedCrmHeader + "A1,2005-06-12,post_sale_service,3,0,\n",
      kDatedBureauHeader + "A1,2005-04-30,2,1,2,0.9,1\nA1,2005-05-20,4,0,0,0.4,1\n",
      kDatedRegistryHeader + "A1,2005-06-30,billing_dispute,closed_with_explanation,1\n"));
  ASSERT_EQ(by_date.accounts.size(), 2u);
  for (std::size_t a = 0; a < 2; ++a) {
    const auto& cycle_evidence = by_cycle.evidence[a];
    const auto& date_evidence = by_date.evidence[a];
    ASSERT_EQ(date_evidence.crm_complaints->size(), cycle_evidence.crm_complaints->size());
    for (std::size_t k = 0; k < cycle_evidence.crm_complaints->size(); ++k)
      EXPECT_EQ((*date_evidence.crm_complaints)[k].opened_cycle,
                (*cycle_evidence.crm_complaints)[k].opened_cycle);
    ASSERT_EQ(date_evidence.registry_complaints->size(), cycle_evidence.registry_complaints->size());
    for (std::size_t k = 0; k < cycle_evidence.registry_complaints->size(); ++k)
      EXPECT_EQ((*date_evidence.registry_complaints)[k].cycle,
                (*cycle_evidence.registry_complaints)[k].cycle);
    ASSERT_EQ(date_evidence.bureau.has_value(), cycle_evidence.bureau.has_value());
    if (cycle_evidence.bureau) {
      EXPECT_EQ(date_evidence.bureau->utilisation, cycle_evidence.bureau->utilisation);
    }
    EXPECT_EQ(pa::derive_signals(by_date.accounts[a], date_evidence).state_indices(),
              pa::derive_signals(by_cycle.accounts[a], cycle_evidence).state_indices());
  }
  // The day after a statement is the next cycle; a resolution date maps the same way.
  const paystrike::EvidencePortfolio next = paystrike::load_evidence(dated_tables(
      kDatedCrmHeader + "A1,2005-05-01,delivery,1,1,2005-07-31\nA1,2005-05-01,other,1,0,\n",
      kDatedBureauHeader + "A2,2005-04-16,1,0,0,0.1,0\n",
      kDatedRegistryHeader + "A2,2005-01-01,other,closed,1\n"));
  EXPECT_EQ((*next.evidence[0].crm_complaints)[0].opened_cycle, 1u);
  EXPECT_EQ((*next.evidence[0].crm_complaints)[0].resolved_cycle, 3u);
  EXPECT_EQ((*next.evidence[1].registry_complaints)[0].cycle, 0u);  // before the first statement
}

TEST(EvidenceCsv, DateErrorsNameTheFileLineColumnAndAccount) {
  const std::string bureau = kDatedBureauHeader + "A1,2005-04-30,2,1,2,0.9,1\n";
  const std::string registry = kDatedRegistryHeader;
  const auto crm = [&](const std::string& rows) {
    return dated_tables(kDatedCrmHeader + rows, bureau, registry);
  };
  expect_error([&] { paystrike::load_evidence(crm("A1,2005-02-29,delivery,1,0,\n")); },
               Status::bad_format,
               {"crm_complaints.csv: line 2, column 'opened_date'", "'2005-02-29' is not a date"});
  expect_error([&] { paystrike::load_evidence(crm("A1,12/06/2005,delivery,1,0,\n")); },
               Status::bad_format, {"column 'opened_date'", "is not a date (YYYY-MM-DD)"});
  expect_error([&] { paystrike::load_evidence(crm("A1,2005-08-01,delivery,1,0,\n")); },
               Status::bad_format,
               {"line 2, column 'opened_date'", "account 'A1'",
                "2005-08-01 is after the last statement date 2005-07-31 (cycle 3)"});
  // Out of order within one billing cycle: the dates, not the cycles, order the complaints.
  expect_error(
      [&] {
        paystrike::load_evidence(
            crm("A1,2005-06-20,delivery,1,0,\nA1,2005-06-10,delivery,1,0,\n"));
      },
      Status::bad_format,
      {"line 3, column 'opened_date'", "out of time order (2005-06-10 after 2005-06-20)"});
  expect_error([&] { paystrike::load_evidence(crm("A1,2005-06-20,delivery,1,1,2005-06-19\n")); },
               Status::bad_format,
               {"column 'resolved_date'", "resolved before it was opened (2005-06-20)"});
  expect_error(
      [&] {
        paystrike::load_evidence(dated_tables(
            "account_id,opened_date,category,severity,resolved,resolved_cycle\n", bureau,
            registry));
      },
      Status::bad_format, {"crm_complaints.csv", "with 'opened_date' give 'resolved_date'"});
  expect_error(
      [&] {
        paystrike::load_evidence(dated_tables(
            "account_id,opened_cycle,opened_date,category,severity,resolved,resolved_cycle\n",
            bureau, registry));
      },
      Status::bad_format, {"both 'opened_cycle' and 'opened_date'"});
  expect_error(
      [&] {
        paystrike::load_evidence(dated_tables(
            kDatedCrmHeader, "account_id,open_trade_lines,delinquent_trade_lines,worst_status,"
                             "utilisation,new_enquiries\n", registry));
      },
      Status::bad_format, {"bureau_snapshots.csv", "missing column 'cycle' (or 'date'"});
  expect_error(
      [&] {
        paystrike::load_evidence(dated_tables(
            kDatedCrmHeader, kDatedBureauHeader + "A1,2005-05-20,2,1,2,0.9,1\nA1,2005-05-20,2,1,2,0.9,1\n",
            registry));
      },
      Status::bad_format, {"bureau_snapshots.csv: line 3, column 'date'", "duplicate snapshot for 2005-05-20"});
  // Dates without statement dates to place them.
  expect_error(
      [&] {
        paystrike::load_evidence(
            dated_tables(kDatedCrmHeader + "A1,2005-06-12,delivery,1,0,\n", bureau, registry, kPayments));
      },
      Status::bad_format, {"crm_complaints.csv: line 2, column 'opened_date'", "account 'A1'",
                           "needs the account's statement dates"});
  // Statement dates out of order, or given on some rows of an account only.
  std::string swapped = kDatedPayments;
  swapped.replace(swapped.find("2005-05-31"), 10, "2005-04-30");
  expect_error([&] { paystrike::load_evidence(dated_tables(kDatedCrmHeader, bureau, registry, swapped)); },
               Status::bad_format,
               {"payments.csv: line 3, column 'statement_date'", "account 'A1'",
                "statement dates out of order: 2005-04-30 (cycle 1) is not after 2005-04-30 (cycle 0)"});
  std::string partly = kDatedPayments;
  partly.replace(partly.find("2005-06-30"), 10, "");
  expect_error([&] { paystrike::load_evidence(dated_tables(kDatedCrmHeader, bureau, registry, partly)); },
               Status::bad_format,
               {"payments.csv: line 4, column 'statement_date'", "on every payment row of the account or on none"});
}

TEST(EvidenceCsv, WriteThenLoadIsExactOnASimulatedTaiwanSlice) {
  // 300 hand-shaped accounts with simulated evidence, written and read back.
  std::vector<pa::Account> accounts;
  for (int i = 0; i < 300; ++i) {
    pa::Account a;
    a.id = "T" + std::to_string(i);
    const double stop = (i % 3 == 0) ? 0.0 : 1.0;
    a.history = pa::history_from_monthly_statements(
        std::vector<double>{1000.0 + i, 1100.5, 900, 950, 1000, 1000},
        std::vector<double>{100, 110, 90, 95 * stop, 100 * stop, 100.25},
        std::vector<double>{-1, 0, 0, stop == 0.0 ? 2.0 : 0.0, stop == 0.0 ? 3.0 : 0.0, 0}, 3);
    a.defaulted = i % 4 != 1;
    a.predicted_good = i % 2 == 0;
    a.score = 500.0 + 0.1 * i;
    a.outside_training_range = i % 7 == 0;
    if (a.defaulted) a.bad_cycle = 6;
    accounts.push_back(a);
  }
  const pa::SimulatedPortfolio simulated = pa::simulate_portfolio(accounts, 3);
  const std::string dir =
      (std::filesystem::temp_directory_path() / ("paystrike_evidence_" + std::to_string(::getpid())))
          .string();
  paystrike::write_evidence_directory(dir, {accounts, simulated.evidence});
  const paystrike::EvidencePortfolio back = paystrike::load_evidence_directory(dir);
  ASSERT_EQ(back.accounts.size(), accounts.size());
  const pa::EvidenceModel model;
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    EXPECT_EQ(back.accounts[i].id, accounts[i].id);
    EXPECT_EQ(back.accounts[i].score, accounts[i].score);
    EXPECT_EQ(back.accounts[i].bad_cycle, accounts[i].bad_cycle);
    EXPECT_EQ(back.accounts[i].outside_training_range, accounts[i].outside_training_range);
    ASSERT_EQ(back.accounts[i].history.cycles.size(), 6u);
    for (std::size_t t = 0; t < 6; ++t) {
      EXPECT_EQ(back.accounts[i].history.cycles[t].amount_due, accounts[i].history.cycles[t].amount_due);
      EXPECT_EQ(back.accounts[i].history.cycles[t].amount_paid, accounts[i].history.cycles[t].amount_paid);
    }
    EXPECT_EQ(back.evidence[i].crm_complaints.has_value(), simulated.evidence[i].crm_complaints.has_value());
    EXPECT_EQ(back.evidence[i].bureau.has_value(), simulated.evidence[i].bureau.has_value());
    if (back.evidence[i].bureau) {
      EXPECT_EQ(back.evidence[i].bureau->utilisation, simulated.evidence[i].bureau->utilisation);
    }
    // The attribution is the same, bit for bit.
    EXPECT_EQ(model.attribute(back.accounts[i], back.evidence[i]).probability,
              model.attribute(accounts[i], simulated.evidence[i]).probability);
  }
  std::filesystem::remove_all(dir);
  expect_error([&] { paystrike::load_evidence_directory(dir); }, Status::io_error,
               {"has no accounts.csv"});
}

TEST(EvidenceCsv, NonFiniteNumbersAreRefusedInEveryNumericFieldNamingFileLineColumnAndAccount) {
  struct Field {
    const char* file;
    int line;
    const char* column;
  };
  const Field fields[] = {
      {"accounts.csv", 2, "score"},
      {"accounts.csv", 2, "first_cycle_after_scoring"},
      {"accounts.csv", 2, "bad_cycle"},
      {"accounts.csv", 2, "defaulted"},
      {"payments.csv", 2, "cycle"},
      {"payments.csv", 2, "amount_due"},
      {"payments.csv", 2, "amount_paid"},
      {"payments.csv", 2, "status"},
      {"crm_complaints.csv", 2, "opened_cycle"},
      {"crm_complaints.csv", 2, "severity"},
      {"crm_complaints.csv", 2, "resolved"},
      {"bureau_snapshots.csv", 2, "open_trade_lines"},
      {"bureau_snapshots.csv", 2, "worst_status"},
      {"bureau_snapshots.csv", 2, "utilisation"},
      {"registry_complaints.csv", 2, "timely"},
      {"collections.csv", 2, "segment"},
      {"collections.csv", 2, "payment_capacity"},
  };
  for (const Field& f : fields)
    for (const char* value : {"inf", "-inf", "nan", "-Infinity", "1e999"}) {
      SCOPED_TRACE(std::string(f.file) + " " + f.column + " " + value);
      expect_error([&] { paystrike::load_evidence(tables_with(f.file, f.line, f.column, value)); },
                   Status::bad_format,
                   {std::string(f.file) + ": line 2, column '" + f.column + "', account 'A1': '" +
                        value + "' is not a finite number"});
    }
}

TEST(EvidenceCsv, WhatTheCoreValidationRefusesIsRefusedFirstWithItsPlace) {
  // Each of these used to reach validate_account()/validate_evidence() and come back without
  // a file, a line or a column.
  expect_error([] { paystrike::load_evidence(tables_with("payments.csv", 3, "status", "inf")); },
               Status::bad_format,
               {"payments.csv: line 3, column 'status', account 'A1': 'inf' is not a finite number"});
  expect_error([] { paystrike::load_evidence(tables_with("payments.csv", 3, "amount_paid", "-1")); },
               Status::bad_format,
               {"payments.csv: line 3, column 'amount_paid', account 'A1': '-1' is negative"});
  expect_error(
      [] { paystrike::load_evidence(tables_with("bureau_snapshots.csv", 3, "utilisation", "-5")); },
      Status::bad_format,
      {"bureau_snapshots.csv: line 3, column 'utilisation', account 'A1': '-5' is negative"});
  expect_error(
      [] { paystrike::load_evidence(tables_with("bureau_snapshots.csv", 3, "worst_status", "-inf")); },
      Status::bad_format,
      {"bureau_snapshots.csv: line 3, column 'worst_status', account 'A1': '-inf' is not a finite"});
  expect_error(
      [] { paystrike::load_evidence(tables_with("collections.csv", 2, "payment_capacity", "-0.5")); },
      Status::bad_format,
      {"collections.csv: line 2, column 'payment_capacity', account 'A1': '-0.5' is negative"});
  // A score column gives every account a score; without the column no account has one.
  expect_error([] { paystrike::load_evidence(tables_with("accounts.csv", 3, "score", "")); },
               Status::missing_value,
               {"accounts.csv: line 3, column 'score', account 'A2': is empty"});
  const std::string no_score =
      "account_id,approved,defaulted,first_cycle_after_scoring\nA1,1,1,2\nA2,0,0,2\n";
  const paystrike::EvidencePortfolio p = paystrike::load_evidence(tables(no_score));
  EXPECT_TRUE(std::isnan(p.accounts[0].score));
}

TEST(EvidenceCsv, FieldValuesInMessagesAreEscapedAndCut) {
  const std::string huge_id(5000000, 'Z');
  const std::string accounts = std::string(kAccounts) + huge_id + ",500,7,0,2,0,\n";
  try {
    paystrike::load_evidence(tables(accounts));
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_LT(message.size(), 300u) << message.substr(0, 400);
    EXPECT_NE(message.find("accounts.csv: line 4, column 'approved', account 'ZZZ"), std::string::npos)
        << message.substr(0, 400);
    EXPECT_NE(message.find("...' (5000000 bytes)"), std::string::npos) << message.substr(0, 400);
  }
  const std::string nul_payments = std::string(kPayments) + "A2,3,1" + '\0' + "2,1,0\n";
  expect_error([&] { paystrike::load_evidence(tables(kAccounts, nul_payments)); },
               Status::bad_format,
               {"payments.csv: line 9, column 'amount_due', account 'A2': '1\\x002' is not a number"});
}

TEST(EvidenceCsv, WriterGivesEveryAccountAScoreOrLeavesTheColumnOut) {
  paystrike::EvidencePortfolio portfolio = paystrike::load_evidence(tables());
  for (pa::Account& a : portfolio.accounts) a.score = std::numeric_limits<double>::quiet_NaN();
  const std::string dir = ::testing::TempDir() + "paystrike_unscored_" + std::to_string(::getpid());
  paystrike::write_evidence_directory(dir, portfolio);
  const paystrike::EvidencePortfolio back = paystrike::load_evidence_directory(dir);
  EXPECT_TRUE(std::isnan(back.accounts[0].score));
  EXPECT_TRUE(std::isnan(back.accounts[1].score));
  portfolio.accounts[0].score = 600.0;
  expect_error([&] { paystrike::write_evidence_directory(dir, portfolio); }, Status::missing_value,
               {"account 'A2' has no score while others have one"});
  std::filesystem::remove_all(dir);
}

TEST(EvidenceCsv, CheckedWithoutTheSourceFileIsRefused) {
  const std::string accounts =
      "account_id,score,approved,defaulted,first_cycle_after_scoring,crm_checked,registry_checked\n"
      "A1,612.5,1,1,2,,\n"
      "A2,540,0,0,2,1,\n";
  EvidenceCsvTables t = tables(accounts);
  t.crm.reset();
  expect_error([&] { paystrike::load_evidence(t); }, Status::bad_format,
               {"accounts.csv: line 3, column 'crm_checked', account 'A2'",
                "crm_complaints.csv"});
  t = tables(accounts);
  t.registry.reset();
  const std::string registry_checked = with_field(accounts, 2, "registry_checked", "1");
  t.accounts = paystrike::parse_csv(registry_checked, "accounts.csv");
  expect_error([&] { paystrike::load_evidence(t); }, Status::bad_format,
               {"accounts.csv: line 2, column 'registry_checked', account 'A1'",
                "registry_complaints.csv"});
  // Empty, 0 or an absent column with the file absent: no account has that source.
  t = tables(accounts);
  t.crm.reset();
  t.registry.reset();
  t.accounts = paystrike::parse_csv(with_field(accounts, 3, "crm_checked", "0"), "accounts.csv");
  const paystrike::EvidencePortfolio p = paystrike::load_evidence(t);
  for (const pa::ExternalEvidence& e : p.evidence) {
    EXPECT_FALSE(e.crm_complaints.has_value());
    EXPECT_FALSE(e.registry_complaints.has_value());
  }
}

TEST(EvidenceCsv, RepeatedComplaintRowsAreRefusedNamingBothLines) {
  EvidenceCsvTables t = tables();
  t.crm = paystrike::parse_csv(std::string(kCrm) + "A2,1,delivery,1,0,\n" + "A1,2,post_sale_service,3,0,\n",
                               "crm_complaints.csv");
  expect_error([&] { paystrike::load_evidence(t); }, Status::bad_format,
               {"crm_complaints.csv: line 4", "account 'A1'", "repeats line 2"});
  t = tables();
  t.registry = paystrike::parse_csv(
      std::string(kRegistry) + "A1,2,billing_dispute,closed_with_explanation,1\n",
      "registry_complaints.csv");
  expect_error([&] { paystrike::load_evidence(t); }, Status::bad_format,
               {"registry_complaints.csv: line 3", "account 'A1'", "repeats line 2"});
  // Two complaints differing in any field are two complaints.
  t = tables();
  t.crm = paystrike::parse_csv(std::string(kCrm) + "A1,2,post_sale_service,2,0,\n",
                               "crm_complaints.csv");
  EXPECT_EQ(paystrike::load_evidence(t).evidence[0].crm_complaints->size(), 2u);
}

TEST(EvidenceCsv, BadCycleIsADefaultersCycleWithinItsHistoryAfterScoring) {
  // A1 defaulted, was scored before cycle 2 and has 4 payment cycles; bad_cycle 4 is allowed,
  // the bad definition reached right after the last statement.
  for (const char* allowed : {"2", "3", "4"})
    EXPECT_EQ(paystrike::load_evidence(tables_with("accounts.csv", 2, "bad_cycle", allowed))
                  .accounts[0]
                  .bad_cycle,
              std::optional<std::size_t>(std::stoul(allowed)));
  for (const char* beyond : {"5", "8e15"})
    expect_error(
        [&] { paystrike::load_evidence(tables_with("accounts.csv", 2, "bad_cycle", beyond)); },
        Status::bad_format,
        {"accounts.csv: line 2, column 'bad_cycle', account 'A1'", "beyond",
         "4 billing cycles in payments.csv"});
  expect_error([] { paystrike::load_evidence(tables_with("accounts.csv", 2, "bad_cycle", "1")); },
               Status::bad_format,
               {"accounts.csv: line 2, column 'bad_cycle', account 'A1'",
                "before first_cycle_after_scoring 2"});
  expect_error([] { paystrike::load_evidence(tables_with("accounts.csv", 3, "bad_cycle", "2")); },
               Status::bad_format,
               {"accounts.csv: line 3, column 'bad_cycle', account 'A2'", "defaulted is 0"});
}

TEST(EvidenceCsv, AResolutionAfterTheLastStatementIsUnresolvedWithinTheHistory) {
  // A1 has 4 cycles (0..3), statements up to 2005-07-31: real CRM exports hold resolutions
  // made after the data was cut.
  for (const char* cycle : {"4", "9"}) {
    EvidenceCsvTables t = tables();
    t.crm = paystrike::parse_csv(
        "account_id,opened_cycle,category,severity,resolved,resolved_cycle\n"
        "A1,2,delivery,2,1," + std::string(cycle) + "\n", "crm_complaints.csv");
    const paystrike::EvidencePortfolio p = paystrike::load_evidence(t);
    ASSERT_EQ(p.evidence[0].crm_complaints->size(), 1u);
    EXPECT_FALSE((*p.evidence[0].crm_complaints)[0].resolved) << cycle;
    EXPECT_EQ((*p.evidence[0].crm_complaints)[0].opened_cycle, 2u);
  }
  const paystrike::EvidencePortfolio dated = paystrike::load_evidence(dated_tables(
      kDatedCrmHeader + "A1,2005-06-12,delivery,2,1,2005-08-15\n", kDatedBureauHeader,
      kDatedRegistryHeader));
  EXPECT_FALSE((*dated.evidence[0].crm_complaints)[0].resolved);
  // Resolved on the last statement day is within the history.
  const paystrike::EvidencePortfolio last_day = paystrike::load_evidence(dated_tables(
      kDatedCrmHeader + "A1,2005-06-12,delivery,2,1,2005-07-31\n", kDatedBureauHeader,
      kDatedRegistryHeader));
  EXPECT_TRUE((*last_day.evidence[0].crm_complaints)[0].resolved);
  EXPECT_EQ((*last_day.evidence[0].crm_complaints)[0].resolved_cycle, 3u);
}

TEST(EvidenceCsv, FolderAndHeaderProblemsNameTheFile) {
  const std::string dir =
      ::testing::TempDir() + "paystrike_evidence_folder_" + std::to_string(::getpid());
  std::filesystem::create_directories(dir + "/payments.csv");  // a directory, not a file
  std::ofstream(dir + "/accounts.csv") << kAccounts;
  expect_error([&] { paystrike::load_evidence_directory(dir); }, Status::io_error,
               {dir + "/payments.csv", "is a directory"});
  std::filesystem::remove_all(dir);
  // A column named twice, in any file.
  const std::string twice =
      "account_id,cycle,amount_due,amount_paid,amount_paid,status\nA1,0,100,100,0,-1\n";
  expect_error([&] { paystrike::load_evidence(tables(kAccounts, twice)); }, Status::bad_format,
               {"payments.csv: column 'amount_paid' appears twice"});
  // Columns the loader does not know are ignored.
  std::string extra = "account_id,note,cycle,amount_due,amount_paid,status\n";
  for (const char* row : {"A1,x,0,100,100,-1", "A1,,1,100,100,-1", "A1,y,2,100,100,0",
                          "A1,z,3,100,0,2", "A2,,0,50,50,0", "A2,,1,50,50,0", "A2,,2,50,25,0"})
    extra += std::string(row) + "\n";
  EXPECT_EQ(paystrike::load_evidence(tables(kAccounts, extra)).accounts[0].history.cycles.size(),
            4u);
}
