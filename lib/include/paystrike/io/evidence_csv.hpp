/// @file evidence_csv.hpp
/// @brief Loading the attribution's evidence from one CSV file per source, joined by account
/// id (accounts, payments per billing cycle, CRM complaints, bureau snapshots, registry
/// complaints, collections), and writing such files. Columns and rules: docs/attribution.md,
/// "Evidence files".
///
/// Time is a billing-cycle index or a calendar date (YYYY-MM-DD), placed in the first cycle
/// whose statement (payments.csv statement_date) closes on or after it. Events after an
/// account's last statement are refused, except a CRM resolution: that complaint is read as
/// not resolved within the history (resolved = false).
///
/// Every error names the file, the line and the column (and the account and cycle where they
/// apply): a missing column, a value that is not a number, a date or a known name, an unknown
/// account id, a duplicate row, cycles or dates out of order or with a gap, an account without
/// payments.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "paystrike/attribution/evidence.hpp"
#include "paystrike/io/csv.hpp"

PAYSTRIKE_NAMESPACE_BEGIN

/// The parsed CSV tables of a portfolio's evidence. `accounts` and `payments` are required;
/// any other source may be absent (std::nullopt), and then no account has data from it.
struct EvidenceCsvTables {
  CsvTable accounts;                     ///< accounts.csv
  CsvTable payments;                     ///< payments.csv
  std::optional<CsvTable> crm;           ///< crm_complaints.csv
  std::optional<CsvTable> bureau;        ///< bureau_snapshots.csv
  std::optional<CsvTable> registry;      ///< registry_complaints.csv
  std::optional<CsvTable> collections;   ///< collections.csv
};

/// A loaded portfolio: the accounts in accounts.csv order and their external evidence.
struct EvidencePortfolio {
  std::vector<attribution::Account> accounts;             ///< one per accounts.csv row
  std::vector<attribution::ExternalEvidence> evidence;    ///< same order
};

/// The standard file names inside an evidence folder.
struct EvidenceFileNames {
  static constexpr const char* accounts = "accounts.csv";                ///< required
  static constexpr const char* payments = "payments.csv";                ///< required
  static constexpr const char* crm = "crm_complaints.csv";               ///< optional
  static constexpr const char* bureau = "bureau_snapshots.csv";          ///< optional
  static constexpr const char* registry = "registry_complaints.csv";     ///< optional
  static constexpr const char* collections = "collections.csv";          ///< optional
};

/// Joins the tables into accounts and evidence, checking everything (docs/attribution.md), so
/// that validate_account() and validate_evidence() find nothing left to refuse.
/// @throws Error(bad_format) for a missing column, a field that is not a finite number
///   ("inf", "nan", "1e999" are refused in every numeric field), an integer, 0/1 or a known
///   name, a negative amount, utilisation or payment capacity, a duplicate account id or row
///   (a CRM or registry complaint row repeated field for field, naming both lines),
///   an unknown account id, payment cycles not 0, 1, 2, ... in order, an account without
///   payments, a cycle beyond the account's history, a bad_cycle on a non-defaulter, before
///   first_cycle_after_scoring or beyond the number of payment cycles (equal to it is
///   allowed: reached right after the last statement), complaints out of time order, an
///   accounts.csv crm_checked or registry_checked of 1 while that source's table is absent;
///   Error(missing_value) for an empty required field (a score, when the score column is
///   given). Messages name the file, line, column and account; field values in them are
///   escaped and cut (quote_field_for_message()).
EvidencePortfolio load_evidence(const EvidenceCsvTables& tables);

/// Reads `directory`/accounts.csv, payments.csv and whichever optional files exist there
/// (EvidenceFileNames), then load_evidence().
/// @throws Error(io_error) if a required file is missing or unreadable; the errors of
///   read_csv() and load_evidence().
EvidencePortfolio load_evidence_directory(const std::string& directory);

/// Writes the portfolio as the CSV files load_evidence_directory() reads (creating the
/// directory). Optional files are written only when some account has that source; a source
/// present for some accounts only is recorded in the accounts file's crm_checked and
/// registry_checked columns. The score column is written when every account has a score and
/// left out when none has. Numbers are written with 17 significant digits, so a round trip
/// is exact.
/// @throws Error(dimension_mismatch) if the sizes differ; Error(missing_value) if some
///   accounts have a score and others not; Error(io_error) naming a file that cannot be
///   written; Error as validate_account() and validate_evidence().
void write_evidence_directory(const std::string& directory, const EvidencePortfolio& portfolio);

PAYSTRIKE_NAMESPACE_END
