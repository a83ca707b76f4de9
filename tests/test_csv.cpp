// CSV loading: quoting, missing values, and errors that name the line and column.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "paystrike/io/csv.hpp"

using paystrike::Error;
using paystrike::Status;

namespace {
Status status_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    return e.status();
  }
  return Status::ok;
}
std::string message_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST(Csv, QuotedFieldsWithCommasQuotesAndNewlinesKeepTheirText) {
  const auto table = paystrike::parse_csv(
      "id,company,amount\n1,\"Wells Fargo & Company, N.A.\",10\n2,\"say \"\"hi\"\"\nthere\",20\n",
      "t.csv");
  ASSERT_EQ(table.num_rows(), 2);
  EXPECT_EQ(table.rows[0][1], "Wells Fargo & Company, N.A.");
  EXPECT_EQ(table.rows[1][1], "say \"hi\"\nthere");
  EXPECT_EQ(table.line_numbers[0], 2);
  EXPECT_EQ(table.line_numbers[1], 3);
  EXPECT_EQ(table.numeric_column("amount"), (std::vector<double>{10.0, 20.0}));
}

TEST(Csv, EmptyFieldIsMissingAndNumbersParseExactly) {
  const auto table = paystrike::parse_csv("a,b\n0.1,\n-2.5e3,+7\n", "t.csv");
  const auto a = table.numeric_column("a");
  const auto b = table.numeric_column("b");
  EXPECT_EQ(a[0], 0.1);
  EXPECT_EQ(a[1], -2500.0);
  EXPECT_TRUE(std::isnan(b[0]));
  EXPECT_EQ(b[1], 7.0);
}

TEST(Csv, RowOfWrongWidthNamesTheLine) {
  const auto text = "a,b\n1,2\n3\n";
  EXPECT_EQ(status_of([&] { paystrike::parse_csv(text, "w.csv"); }), Status::bad_format);
  EXPECT_NE(message_of([&] { paystrike::parse_csv(text, "w.csv"); }).find("w.csv: line 3 has 1"),
            std::string::npos);
}

TEST(Csv, TextInANumericColumnNamesLineAndColumn) {
  const auto table = paystrike::parse_csv("a,b\n1,2\n3,x7\n", "n.csv");
  EXPECT_EQ(status_of([&] { table.numeric_column("b"); }), Status::bad_format);
  EXPECT_NE(message_of([&] { table.numeric_column("b"); }).find("line 3, column 'b': 'x7'"),
            std::string::npos);
}

TEST(Csv, InfinityNanAndHexAreNotFiniteNumbers) {
  for (const char* bad : {"inf", "-Infinity", "nan", "0x10", "1e999"}) {
    const auto table = paystrike::parse_csv(std::string("a\n") + bad + "\n", "f.csv");
    EXPECT_EQ(status_of([&] { table.numeric_column("a"); }), Status::bad_format) << bad;
    EXPECT_NE(message_of([&] { table.numeric_column("a"); }).find("line 2, column 'a'"),
              std::string::npos)
        << bad;
  }
}

TEST(Csv, MissingColumnAndMissingFileHaveTheirStatus) {
  const auto table = paystrike::parse_csv("a\n1\n", "m.csv");
  EXPECT_EQ(status_of([&] { table.column_index("nope"); }), Status::bad_format);
  EXPECT_EQ(status_of([] { paystrike::read_csv("/nonexistent/file.csv"); }), Status::io_error);
  EXPECT_NE(message_of([] { paystrike::read_csv("/nonexistent/file.csv"); }).find("/nonexistent"),
            std::string::npos);
}

TEST(Csv, UnterminatedQuoteIsBadFormat) {
  EXPECT_EQ(status_of([] { paystrike::parse_csv("a,b\n\"open,2\n", "q.csv"); }),
            Status::bad_format);
  EXPECT_EQ(status_of([] { paystrike::parse_csv("", "e.csv"); }), Status::bad_format);
}

TEST(Csv, BundledTaiwanFileHasItsDocumentedShape) {
  const auto table = paystrike::read_csv(PAYSTRIKE_EXAMPLES_DATA_DIR "/uci_taiwan_credit_default.csv");
  ASSERT_EQ(table.num_rows(), 30000);
  ASSERT_EQ(table.header.size(), 25u);
  const auto target = table.numeric_column("default_payment_next_month");
  double defaults = 0;
  for (double v : target) defaults += v;
  EXPECT_EQ(defaults, 6636.0);  // the published 22.12 % default rate
}
