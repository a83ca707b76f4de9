// CSV loading: quoting, missing values, and errors that name the line and column.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
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

TEST(Csv, SpacesAroundUnquotedFieldsAreTrimmedAndBomAndCrlfAccepted) {
  const auto table =
      paystrike::parse_csv("\xEF\xBB\xBF a , b \r\n 1 ,\" x \" \r\n\t2\t, y\r\n", "s.csv");
  EXPECT_EQ(table.header, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(table.num_rows(), 2);
  EXPECT_EQ(table.rows[0], (std::vector<std::string>{"1", " x "}));  // quoted spaces are kept
  EXPECT_EQ(table.rows[1], (std::vector<std::string>{"2", "y"}));
  EXPECT_EQ(table.line_numbers, (std::vector<std::int64_t>{2, 3}));
}

TEST(Csv, RepeatedColumnNameIsRefusedNamingTheFileAndColumn) {
  const auto text = "id,amount_paid,amount_paid\n1,2,3\n";
  EXPECT_EQ(status_of([&] { paystrike::parse_csv(text, "p.csv"); }), Status::bad_format);
  EXPECT_NE(message_of([&] { paystrike::parse_csv(text, "p.csv"); })
                .find("p.csv: column 'amount_paid' appears twice in the header (columns 2 and 3)"),
            std::string::npos)
      << message_of([&] { paystrike::parse_csv(text, "p.csv"); });
}

TEST(Csv, ADirectoryIsAnIoErrorNamingIt) {
  const std::string dir = ::testing::TempDir() + "csv_dir_named_payments.csv";
  std::filesystem::create_directories(dir);
  EXPECT_EQ(status_of([&] { paystrike::read_csv(dir); }), Status::io_error);
  const std::string message = message_of([&] { paystrike::read_csv(dir); });
  EXPECT_NE(message.find(dir), std::string::npos) << message;
  EXPECT_NE(message.find("is a directory"), std::string::npos) << message;
  std::filesystem::remove_all(dir);
}

TEST(Csv, UnclosedQuoteNamesTheLineWhereTheQuotedFieldBegan) {
  std::string text = "a,b\n1,2\n3,4\n5,6\n\"open,8\n";
  for (int i = 0; i < 100; ++i) text += "9,10\n";
  const std::string message = message_of([&] { paystrike::parse_csv(text, "q.csv"); });
  EXPECT_NE(message.find("q.csv: line 5:"), std::string::npos) << message;
  EXPECT_NE(message.find("never closed"), std::string::npos) << message;
  // A quote closed much later, then followed by text, is reported where it broke and where
  // the quoted field began.
  const std::string closed_late = "a,b\n\"open,2\n3,4\n5,\"x\"y\n";
  const std::string late = message_of([&] { paystrike::parse_csv(closed_late, "q.csv"); });
  EXPECT_NE(late.find("q.csv: line 4"), std::string::npos) << late;
  EXPECT_NE(late.find("began on line 2"), std::string::npos) << late;
}

TEST(Csv, CarriageReturnOnlyLineEndsCountAsLines) {
  const auto table = paystrike::parse_csv("a,b\r1,2\r\r3,\"x\ry\"\r5,6\r", "cr.csv");
  ASSERT_EQ(table.num_rows(), 3);
  EXPECT_EQ(table.line_numbers, (std::vector<std::int64_t>{2, 4, 6}));
  EXPECT_NE(message_of([] { paystrike::parse_csv("a,b\r1,2\r3\r", "cr.csv"); })
                .find("cr.csv: line 3 has 1 fields"),
            std::string::npos);
  // CRLF is one line end, not two.
  EXPECT_NE(message_of([] { paystrike::parse_csv("a,b\r\n1,2\r\n3\r\n", "crlf.csv"); })
                .find("crlf.csv: line 3 has 1 fields"),
            std::string::npos);
}

TEST(Csv, MessagesEscapeControlBytesAndCutLongFields) {
  const auto nul = paystrike::parse_csv(std::string("a\n1\0x\n", 6), "z.csv");
  const std::string nul_message = message_of([&] { nul.numeric_column("a"); });
  EXPECT_NE(nul_message.find("'1\\x00x' is not a"), std::string::npos) << nul_message;
  const auto huge = paystrike::parse_csv("a\n" + std::string(5000000, 'y') + "\n", "h.csv");
  const std::string huge_message = message_of([&] { huge.numeric_column("a"); });
  EXPECT_LT(huge_message.size(), 200u) << huge_message.substr(0, 300);
  EXPECT_NE(huge_message.find("yyy...' (5000000 bytes)"), std::string::npos)
      << huge_message.substr(0, 300);
  EXPECT_EQ(paystrike::quote_field_for_message("tab\there"), "'tab\\x09here'");
  EXPECT_EQ(paystrike::quote_field_for_message("caf\xC3\xA9"), "'caf\xC3\xA9'");  // UTF-8 kept
}
