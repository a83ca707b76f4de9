// Calendar dates as evidence files give them (YYYY-MM-DD), turned into a day count so that
// events can be ordered and placed in billing cycles. Proleptic Gregorian calendar.
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

#include "paystrike/version.hpp"

PAYSTRIKE_NAMESPACE_BEGIN

namespace civil_date {

inline bool is_leap_year(std::int64_t year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

inline int days_in_month(std::int64_t year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

/// Days from 1970-01-01 to year-month-day (negative before it). Counts whole 400-year eras,
/// then the years, months and days within one (each era has 146,097 days).
inline std::int64_t days_since_epoch(std::int64_t year, int month, int day) {
  // Years start in March, so that the leap day is the last day of a year.
  const std::int64_t y = month <= 2 ? year - 1 : year;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t year_of_era = y - era * 400;                           // [0, 399]
  const int shifted_month = month > 2 ? month - 3 : month + 9;              // March = 0
  const std::int64_t day_of_year = (153 * shifted_month + 2) / 5 + day - 1;  // [0, 365]
  const std::int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;  // [0, 146096]
  return era * 146097 + day_of_era - 719468;  // 719468 days from 0000-03-01 to 1970-01-01
}

/// The day count of a date written exactly YYYY-MM-DD (years 1000-9999), or nullopt when the
/// text is not such a date or names a day that does not exist (2005-02-29, 2005-13-01).
inline std::optional<std::int64_t> parse(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto digits = [&](std::size_t first, std::size_t count) -> std::optional<int> {
    int value = 0;
    for (std::size_t i = first; i < first + count; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  const auto year = digits(0, 4), month = digits(5, 2), day = digits(8, 2);
  if (!year || !month || !day || *year < 1000 || *month < 1 || *month > 12 || *day < 1 ||
      *day > days_in_month(*year, *month))
    return std::nullopt;
  return days_since_epoch(*year, *month, *day);
}

/// YYYY-MM-DD of a day count (for messages).
inline std::string format(std::int64_t days) {
  // The inverse of days_since_epoch.
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t day_of_era = z - era * 146097;
  const std::int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const std::int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const std::int64_t shifted_month = (5 * day_of_year + 2) / 153;
  const int day = static_cast<int>(day_of_year - (153 * shifted_month + 2) / 5 + 1);
  const int month = static_cast<int>(shifted_month < 10 ? shifted_month + 3 : shifted_month - 9);
  const std::int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04lld-%02d-%02d", static_cast<long long>(year), month, day);
  return buffer;
}

}  // namespace civil_date

PAYSTRIKE_NAMESPACE_END
