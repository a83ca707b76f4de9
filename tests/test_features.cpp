// Terms and build_design: the value of each TermKind, and errors that name the row and column.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "paystrike/paystrike.hpp"

namespace {

using paystrike::build_design;
using paystrike::Error;
using paystrike::Term;
using paystrike::TermKind;

Term make_term(const std::string& name, std::int64_t input, TermKind kind, double level = 0.0) {
  Term term;
  term.name = name;
  term.input = input;
  term.kind = kind;
  term.level = level;
  return term;
}

}  // namespace

TEST(Features, LinearTermIsTheValue) {
  const Term t = make_term("x", 0, TermKind::linear);
  for (double x : {-3.5, 0.0, 2.0, 1e300}) EXPECT_EQ(paystrike::term_value(t, x), x);
}

TEST(Features, SignedLog1pIsOddAndKeepsZero) {
  const Term t = make_term("log1p(x)", 0, TermKind::signed_log1p);
  EXPECT_EQ(paystrike::term_value(t, 0.0), 0.0);
  EXPECT_FALSE(std::signbit(paystrike::term_value(t, 0.0)));
  EXPECT_DOUBLE_EQ(paystrike::term_value(t, std::exp(1.0) - 1.0), 1.0);
  EXPECT_DOUBLE_EQ(paystrike::term_value(t, -(std::exp(1.0) - 1.0)), -1.0);
  EXPECT_DOUBLE_EQ(paystrike::term_value(t, 999.0), std::log(1000.0));
  EXPECT_DOUBLE_EQ(paystrike::term_value(t, -999.0), -std::log(1000.0));
  for (double x : {0.25, 3.0, 1e6}) EXPECT_EQ(paystrike::term_value(t, -x), -paystrike::term_value(t, x));
  // Small amounts keep their precision (log1p, not log(1 + x)).
  EXPECT_DOUBLE_EQ(paystrike::term_value(t, 1e-12), 1e-12 - 0.5e-24);
  EXPECT_DOUBLE_EQ(paystrike::term_value(t, -1e-12), -(1e-12 - 0.5e-24));
}

TEST(Features, IndicatorIsOneOnlyAtItsLevel) {
  const Term t = make_term("EDUCATION=2", 0, TermKind::indicator, 2.0);
  EXPECT_EQ(paystrike::term_value(t, 2.0), 1.0);
  EXPECT_EQ(paystrike::term_value(t, 1.0), 0.0);
  EXPECT_EQ(paystrike::term_value(t, 2.0000000001), 0.0);
  EXPECT_EQ(paystrike::term_value(t, -2.0), 0.0);
  const Term zero = make_term("K=0", 0, TermKind::indicator, 0.0);
  EXPECT_EQ(paystrike::term_value(zero, -0.0), 1.0);  // -0 == 0 as doubles
}

TEST(Features, BuildDesignAppliesEachTermToItsInput) {
  // Row-major 3 x 2 inputs: column 0 an amount, column 1 a category code.
  const std::vector<double> data = {-9.0, 1.0,  //
                                    0.0, 2.0,   //
                                    99.0, 3.0};
  const auto view = paystrike::make_row_major_view(data.data(), 3, 2);
  const std::vector<Term> terms = {make_term("amount", 0, TermKind::linear),
                                   make_term("log1p(amount)", 0, TermKind::signed_log1p),
                                   make_term("code=2", 1, TermKind::indicator, 2.0),
                                   make_term("code=3", 1, TermKind::indicator, 3.0)};
  const Eigen::MatrixXd x = build_design(terms, view);
  ASSERT_EQ(x.rows(), 3);
  ASSERT_EQ(x.cols(), 4);
  EXPECT_EQ(x(0, 0), -9.0);
  EXPECT_DOUBLE_EQ(x(0, 1), -std::log(10.0));
  EXPECT_EQ(x(1, 1), 0.0);
  EXPECT_DOUBLE_EQ(x(2, 1), std::log(100.0));
  EXPECT_EQ(x.col(2), Eigen::Vector3d(0, 1, 0));
  EXPECT_EQ(x.col(3), Eigen::Vector3d(0, 0, 1));

  // The same inputs column-major give the identical design.
  const std::vector<double> column_major = {-9.0, 0.0, 99.0, 1.0, 2.0, 3.0};
  const auto cview = paystrike::make_matrix_view(column_major.data(), 3, 2, 1, 3);
  EXPECT_EQ(build_design(terms, cview), x);
}

TEST(Features, BuildDesignNamesRowAndColumnOfAMissingValue) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> data = {1.0, 2.0, 3.0, nan, 5.0, 6.0};
  const auto view = paystrike::make_row_major_view(data.data(), 3, 2);
  const std::vector<Term> terms = {make_term("a", 0, TermKind::linear),
                                   make_term("b", 1, TermKind::linear)};
  try {
    build_design(terms, view, {"income", "debt"});
    FAIL() << "no exception";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), paystrike::Status::missing_value);
    EXPECT_NE(std::string(e.what()).find("row 1, column debt"), std::string::npos) << e.what();
  }
  try {
    build_design(terms, view);  // without names the column index is given
    FAIL() << "no exception";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), paystrike::Status::missing_value);
    EXPECT_NE(std::string(e.what()).find("row 1, column 1"), std::string::npos) << e.what();
  }
  // An input no term reads may be missing.
  EXPECT_NO_THROW(build_design({make_term("a", 0, TermKind::linear)}, view));
}

TEST(Features, BuildDesignRefusesATermReadingAnAbsentColumn) {
  const std::vector<double> data = {1.0, 2.0};
  const auto view = paystrike::make_row_major_view(data.data(), 1, 2);
  for (std::int64_t input : {std::int64_t{2}, std::int64_t{-1}}) {
    try {
      build_design({make_term("ghost", input, TermKind::linear)}, view);
      FAIL() << "no exception for input " << input;
    } catch (const Error& e) {
      EXPECT_EQ(e.status(), paystrike::Status::dimension_mismatch);
      EXPECT_NE(std::string(e.what()).find("ghost"), std::string::npos) << e.what();
    }
  }
}

TEST(Features, EmptyInputsGiveAnEmptyDesign) {
  const auto view = paystrike::make_row_major_view(nullptr, 0, 2);
  const Eigen::MatrixXd x = build_design({make_term("a", 1, TermKind::linear)}, view);
  EXPECT_EQ(x.rows(), 0);
  EXPECT_EQ(x.cols(), 1);
}
