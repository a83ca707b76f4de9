// fit_logistic diagnostics: every status it promises, and the behaviours of weights and the L2
// penalty that a caller relies on. Agreement with R glm / sklearn is in test_logistic_reference.cpp.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "paystrike/paystrike.hpp"

namespace {

using paystrike::fit_logistic;
using paystrike::LogisticFit;
using paystrike::LogisticOptions;
using paystrike::Status;

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

Eigen::VectorXd vec(std::initializer_list<double> values) {
  Eigen::VectorXd v(static_cast<Eigen::Index>(values.size()));
  Eigen::Index i = 0;
  for (double value : values) v[i++] = value;
  return v;
}

/// A small overlapping (non-separable) data set: 40 rows, two columns, deterministic.
struct Overlapping {
  Eigen::MatrixXd x;
  Eigen::VectorXd y;
  Overlapping() : x(40, 2), y(40) {
    for (Eigen::Index i = 0; i < 40; ++i) {
      const double a = static_cast<double>(i % 10) - 4.5;
      const double b = static_cast<double>((i * 7) % 11) - 5.0;
      x(i, 0) = a;
      x(i, 1) = b;
      // A fixed pattern correlated with a and b but with plenty of overlap.
      y[i] = ((i * 37) % 17 < 8 + static_cast<int>(a) ) ? 1.0 : 0.0;
    }
  }
};

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST(Logistic, OverlappingDataConvergesInAFewIterations) {
  const Overlapping d;
  const LogisticFit fit = fit_logistic(d.x, d.y);
  ASSERT_EQ(fit.status, Status::ok) << fit.message;
  EXPECT_TRUE(fit.message.empty());
  EXPECT_TRUE(fit.converged);
  EXPECT_GE(fit.iterations, 2);
  EXPECT_LE(fit.iterations, 15);
  EXPECT_EQ(fit.coefficients.size(), 3);
  EXPECT_EQ(fit.standard_errors.size(), 3);
  EXPECT_TRUE(fit.standard_errors.allFinite());
  EXPECT_EQ(fit.rows_at_probability_bound, 0);
  EXPECT_DOUBLE_EQ(fit.deviance, -2.0 * fit.log_likelihood);
  EXPECT_DOUBLE_EQ(fit.aic, fit.deviance + 2.0 * 3.0);
  EXPECT_LT(fit.deviance, fit.null_deviance);
  // At the maximum the score equations hold: X'(y - p) = 0, intercept column included.
  Eigen::VectorXd p(40);
  for (Eigen::Index i = 0; i < 40; ++i)
    p[i] = 1.0 / (1.0 + std::exp(-(fit.coefficients[0] + d.x.row(i).dot(fit.coefficients.tail(2)))));
  EXPECT_NEAR((d.y - p).sum(), 0.0, 1e-10);
  EXPECT_NEAR(d.x.col(0).dot(d.y - p), 0.0, 1e-10);
  EXPECT_NEAR(d.x.col(1).dot(d.y - p), 0.0, 1e-10);
  const Eigen::VectorXd z = fit.z_values();
  EXPECT_DOUBLE_EQ(z[1], fit.coefficients[1] / fit.standard_errors[1]);
}

TEST(Logistic, NullDevianceIsThatOfTheInterceptOnlyModel) {
  const Overlapping d;
  const LogisticFit fit = fit_logistic(d.x, d.y);
  const double mean = d.y.mean();
  const double expected = -2.0 * (d.y.sum() * std::log(mean) + (40.0 - d.y.sum()) * std::log(1.0 - mean));
  EXPECT_NEAR(fit.null_deviance, expected, 1e-10);
  // An intercept-only fit (no columns) reaches exactly that deviance.
  const LogisticFit only = fit_logistic(Eigen::MatrixXd(40, 0), d.y);
  ASSERT_EQ(only.status, Status::ok) << only.message;
  EXPECT_NEAR(only.deviance, expected, 1e-10);
  EXPECT_NEAR(only.coefficients[0], std::log(mean / (1.0 - mean)), 1e-12);
}

TEST(Logistic, CompleteSeparationIsReportedNotCalledConverged) {
  const Eigen::MatrixXd x = vec({1, 2, 3, 4, 5, 6});
  const Eigen::VectorXd y = vec({0, 0, 0, 1, 1, 1});
  const LogisticFit fit = fit_logistic(x, y);
  EXPECT_EQ(fit.status, Status::separation) << fit.message;
  EXPECT_TRUE(contains(fit.message, "separable")) << fit.message;
  EXPECT_GT(fit.rows_at_probability_bound, 0);
}

TEST(Logistic, QuasiCompleteSeparationIsReported) {
  // The classes overlap only at x = 3: the MLE still does not exist.
  const Eigen::MatrixXd x = vec({1, 2, 3, 3, 4, 5});
  const Eigen::VectorXd y = vec({0, 0, 0, 1, 1, 1});
  const LogisticFit fit = fit_logistic(x, y);
  EXPECT_EQ(fit.status, Status::separation) << fit.message;
}

TEST(Logistic, PureCategoryIndicatorIsReportedAsSeparation) {
  // Credit-scoring's usual separation: one category (here an indicator) holds only good payers,
  // while the other column overlaps.
  Overlapping d;
  Eigen::MatrixXd x(40, 3);
  x.leftCols(2) = d.x;
  for (Eigen::Index i = 0; i < 40; ++i) {
    x(i, 2) = (i % 8 == 0) ? 1.0 : 0.0;
    if (x(i, 2) == 1.0) d.y[i] = 1.0;
  }
  const LogisticFit fit = fit_logistic(x, d.y);
  EXPECT_EQ(fit.status, Status::separation) << fit.message;
  EXPECT_FALSE(fit.status == Status::ok && fit.converged);
}

TEST(Logistic, L2PenaltyFitsSeparableDataWithFiniteCoefficients) {
  const Eigen::MatrixXd x = vec({1, 2, 3, 4, 5, 6});
  const Eigen::VectorXd y = vec({0, 0, 0, 1, 1, 1});
  LogisticOptions options;
  options.l2_penalty = 0.1;
  const LogisticFit fit = fit_logistic(x, y, Eigen::VectorXd(), options);
  ASSERT_EQ(fit.status, Status::ok) << fit.message;
  EXPECT_TRUE(fit.coefficients.allFinite());
  EXPECT_GT(fit.coefficients[1], 0.0);
}

TEST(Logistic, DuplicatedColumnIsSingularAndNamesTheColumn) {
  const Overlapping d;
  Eigen::MatrixXd x(40, 3);
  x << d.x, d.x.col(0);
  const LogisticFit fit = fit_logistic(x, d.y);
  EXPECT_EQ(fit.status, Status::singular);
  // Column 2 duplicates column 0; either of the pair may be named, never the independent one.
  EXPECT_TRUE(contains(fit.message, "column 2") || contains(fit.message, "column 0")) << fit.message;
  EXPECT_FALSE(contains(fit.message, "column 1")) << fit.message;
  EXPECT_TRUE(contains(fit.message, "rank 3 of 4")) << fit.message;
}

TEST(Logistic, MessagesNameTheColumnsWhenNamesAreGiven) {
  const Overlapping d;
  Eigen::MatrixXd x(40, 3);
  x << d.x, d.x.col(0);
  LogisticOptions options;
  options.column_names = {"LIMIT_BAL", "PAY_4", "LIMIT_BAL_copy"};
  const LogisticFit fit = fit_logistic(x, d.y, Eigen::VectorXd(), options);
  EXPECT_EQ(fit.status, Status::singular);
  EXPECT_TRUE(contains(fit.message, "column 2 (LIMIT_BAL_copy)") ||
              contains(fit.message, "column 0 (LIMIT_BAL)"))
      << fit.message;
  EXPECT_FALSE(contains(fit.message, "PAY_4")) << fit.message;
  Overlapping nan_data;
  nan_data.x(3, 1) = kNaN;
  options.column_names = {"LIMIT_BAL", "PAY_4"};
  const LogisticFit nan_fit = fit_logistic(nan_data.x, nan_data.y, Eigen::VectorXd(), options);
  EXPECT_EQ(nan_fit.status, Status::missing_value);
  EXPECT_TRUE(contains(nan_fit.message, "row 3, column 1 (PAY_4)")) << nan_fit.message;
  options.column_names = {"only one"};
  const LogisticFit wrong = fit_logistic(d.x, d.y, Eigen::VectorXd(), options);
  EXPECT_EQ(wrong.status, Status::dimension_mismatch);
  EXPECT_TRUE(contains(wrong.message, "1 column names for 2 columns")) << wrong.message;
}

TEST(Logistic, LinearCombinationOfColumnsIsSingular) {
  const Overlapping d;
  Eigen::MatrixXd x(40, 3);
  x << d.x, d.x.col(0) * 2.0 - d.x.col(1) * 0.5;
  const LogisticFit fit = fit_logistic(x, d.y);
  EXPECT_EQ(fit.status, Status::singular) << fit.message;
  EXPECT_TRUE(contains(fit.message, "linearly dependent")) << fit.message;
}

TEST(Logistic, ConstantColumnIsSingularWithTheIntercept) {
  const Overlapping d;
  Eigen::MatrixXd x(40, 3);
  x << d.x, Eigen::VectorXd::Constant(40, 7.0);
  const LogisticFit fit = fit_logistic(x, d.y);
  EXPECT_EQ(fit.status, Status::singular);
  EXPECT_TRUE(contains(fit.message, "column 2") || contains(fit.message, "intercept"))
      << fit.message;
}

TEST(Logistic, NaNInXIsMissingValueNamingRowAndColumn) {
  Overlapping d;
  d.x(3, 1) = kNaN;
  const LogisticFit fit = fit_logistic(d.x, d.y);
  EXPECT_EQ(fit.status, Status::missing_value);
  EXPECT_TRUE(contains(fit.message, "row 3, column 1")) << fit.message;
  EXPECT_EQ(fit.coefficients.size(), 0);
}

TEST(Logistic, InfinityInXIsInvalidArgumentNamingRowAndColumn) {
  Overlapping d;
  d.x(5, 0) = -kInf;
  const LogisticFit fit = fit_logistic(d.x, d.y);
  EXPECT_EQ(fit.status, Status::invalid_argument);
  EXPECT_TRUE(contains(fit.message, "row 5, column 0")) << fit.message;
}

TEST(Logistic, ResponseOtherThanZeroOrOneIsInvalidArgumentNamingTheRow) {
  for (double bad : {2.0, -1.0, 0.5, kNaN}) {
    Overlapping d;
    d.y[7] = bad;
    const LogisticFit fit = fit_logistic(d.x, d.y);
    EXPECT_EQ(fit.status, Status::invalid_argument) << bad;
    EXPECT_TRUE(contains(fit.message, "row 7")) << fit.message;
  }
}

TEST(Logistic, OneClassOnlyIsUndefined) {
  const Overlapping d;
  const LogisticFit fit = fit_logistic(d.x, Eigen::VectorXd::Ones(40));
  EXPECT_EQ(fit.status, Status::undefined);
  // Also when the other class has only zero weight.
  Eigen::VectorXd w = Eigen::VectorXd::Ones(40);
  for (Eigen::Index i = 0; i < 40; ++i)
    if (d.y[i] == 0.0) w[i] = 0.0;
  EXPECT_EQ(fit_logistic(d.x, d.y, w).status, Status::undefined);
}

TEST(Logistic, BadWeightsAreInvalidArgumentNamingTheRow) {
  const Overlapping d;
  for (double bad : {-1.0, kNaN, kInf}) {
    Eigen::VectorXd w = Eigen::VectorXd::Ones(40);
    w[11] = bad;
    const LogisticFit fit = fit_logistic(d.x, d.y, w);
    EXPECT_EQ(fit.status, Status::invalid_argument) << bad;
    EXPECT_TRUE(contains(fit.message, "row 11")) << fit.message;
  }
  EXPECT_EQ(fit_logistic(d.x, d.y, Eigen::VectorXd::Zero(40)).status, Status::invalid_argument);
}

TEST(Logistic, WrongSizesAreDimensionMismatch) {
  const Overlapping d;
  const LogisticFit short_y = fit_logistic(d.x, d.y.head(39));
  EXPECT_EQ(short_y.status, Status::dimension_mismatch);
  EXPECT_TRUE(contains(short_y.message, "39")) << short_y.message;
  EXPECT_EQ(fit_logistic(d.x, d.y, Eigen::VectorXd::Ones(41)).status, Status::dimension_mismatch);
}

TEST(Logistic, BadOptionsAreInvalidArgument) {
  const Overlapping d;
  for (double penalty : {-1.0, kNaN, kInf}) {
    LogisticOptions options;
    options.l2_penalty = penalty;
    EXPECT_EQ(fit_logistic(d.x, d.y, Eigen::VectorXd(), options).status, Status::invalid_argument);
  }
  LogisticOptions zero_iterations;
  zero_iterations.max_iterations = 0;
  EXPECT_EQ(fit_logistic(d.x, d.y, Eigen::VectorXd(), zero_iterations).status,
            Status::invalid_argument);
  LogisticOptions zero_tolerance;
  zero_tolerance.tolerance = 0.0;
  EXPECT_EQ(fit_logistic(d.x, d.y, Eigen::VectorXd(), zero_tolerance).status,
            Status::invalid_argument);
  LogisticOptions nothing;
  nothing.fit_intercept = false;
  EXPECT_EQ(fit_logistic(Eigen::MatrixXd(40, 0), d.y, Eigen::VectorXd(), nothing).status,
            Status::invalid_argument);
}

TEST(Logistic, IterationLimitGivesNotConverged) {
  const Overlapping d;
  LogisticOptions options;
  options.max_iterations = 1;
  const LogisticFit fit = fit_logistic(d.x, d.y, Eigen::VectorXd(), options);
  EXPECT_EQ(fit.status, Status::not_converged) << fit.message;
  EXPECT_FALSE(fit.converged);
  EXPECT_EQ(fit.iterations, 1);
}

TEST(Logistic, IntegerWeightsEqualDuplicatedRows) {
  const Overlapping d;
  Eigen::VectorXd w(40);
  std::vector<Eigen::Index> expanded;
  for (Eigen::Index i = 0; i < 40; ++i) {
    w[i] = static_cast<double>(i % 4);  // 0, 1, 2, 3: a zero weight drops the row
    for (int copy = 0; copy < i % 4; ++copy) expanded.push_back(i);
  }
  Eigen::MatrixXd x(static_cast<Eigen::Index>(expanded.size()), 2);
  Eigen::VectorXd y(static_cast<Eigen::Index>(expanded.size()));
  for (std::size_t r = 0; r < expanded.size(); ++r) {
    x.row(static_cast<Eigen::Index>(r)) = d.x.row(expanded[r]);
    y[static_cast<Eigen::Index>(r)] = d.y[expanded[r]];
  }
  const LogisticFit weighted = fit_logistic(d.x, d.y, w);
  const LogisticFit duplicated = fit_logistic(x, y);
  ASSERT_EQ(weighted.status, Status::ok) << weighted.message;
  ASSERT_EQ(duplicated.status, Status::ok) << duplicated.message;
  for (Eigen::Index j = 0; j < 3; ++j) {
    EXPECT_NEAR(weighted.coefficients[j], duplicated.coefficients[j],
                1e-12 * std::max(1.0, std::abs(duplicated.coefficients[j])));
    EXPECT_NEAR(weighted.standard_errors[j], duplicated.standard_errors[j],
                1e-10 * duplicated.standard_errors[j]);
  }
  EXPECT_NEAR(weighted.log_likelihood, duplicated.log_likelihood, 1e-10);
  EXPECT_NEAR(weighted.null_deviance, duplicated.null_deviance, 1e-10);
}

TEST(Logistic, L2PenaltyShrinksSlopesAndLeavesTheInterceptUnpenalised) {
  const Overlapping d;
  double previous_norm = kInf;
  for (double lambda : {0.0, 0.5, 5.0, 50.0, 1e8}) {
    LogisticOptions options;
    options.l2_penalty = lambda;
    const LogisticFit fit = fit_logistic(d.x, d.y, Eigen::VectorXd(), options);
    ASSERT_EQ(fit.status, Status::ok) << lambda << ": " << fit.message;
    const double norm = fit.coefficients.tail(2).norm();
    EXPECT_LT(norm, previous_norm) << lambda;
    previous_norm = norm;
    // Optimality of -loglik + lambda/2 ||slopes||^2: the intercept's score equation has no
    // penalty term (sum(y - p) = 0) and each slope's is x_j'(y - p) = lambda * b_j.
    Eigen::VectorXd residual(40);
    for (Eigen::Index i = 0; i < 40; ++i)
      residual[i] = d.y[i] - 1.0 / (1.0 + std::exp(-(fit.coefficients[0] +
                                                      d.x.row(i).dot(fit.coefficients.tail(2)))));
    EXPECT_NEAR(residual.sum(), 0.0, 1e-9) << lambda;
    EXPECT_NEAR(d.x.col(0).dot(residual), lambda * fit.coefficients[1], 1e-8) << lambda;
    EXPECT_NEAR(d.x.col(1).dot(residual), lambda * fit.coefficients[2], 1e-8) << lambda;
    if (lambda == 1e8) {
      // Slopes are squeezed to zero; the unpenalised intercept becomes the base log-odds.
      const double mean = d.y.mean();
      EXPECT_NEAR(fit.coefficients[0], std::log(mean / (1.0 - mean)), 1e-6);
    }
  }
}

TEST(Logistic, L2PenaltyDoesNotRefuseACollinearDesign) {
  // With lambda > 0 the penalised Hessian is positive definite: duplicated columns share the
  // effect equally instead of being refused.
  const Overlapping d;
  Eigen::MatrixXd x(40, 3);
  x << d.x, d.x.col(0);
  LogisticOptions options;
  options.l2_penalty = 1.0;
  const LogisticFit fit = fit_logistic(x, d.y, Eigen::VectorXd(), options);
  ASSERT_EQ(fit.status, Status::ok) << fit.message;
  EXPECT_NEAR(fit.coefficients[1], fit.coefficients[3], 1e-10);
}

TEST(Logistic, WithoutInterceptFitsThroughTheOrigin) {
  const Overlapping d;
  LogisticOptions options;
  options.fit_intercept = false;
  const LogisticFit fit = fit_logistic(d.x, d.y, Eigen::VectorXd(), options);
  ASSERT_EQ(fit.status, Status::ok) << fit.message;
  ASSERT_EQ(fit.coefficients.size(), 2);
  Eigen::VectorXd residual(40);
  for (Eigen::Index i = 0; i < 40; ++i)
    residual[i] = d.y[i] - 1.0 / (1.0 + std::exp(-d.x.row(i).dot(fit.coefficients)));
  EXPECT_NEAR(d.x.col(0).dot(residual), 0.0, 1e-10);
  EXPECT_NEAR(d.x.col(1).dot(residual), 0.0, 1e-10);
}

TEST(Logistic, StridedViewGivesTheSameFitAsACopy) {
  const Overlapping d;
  // Row-major buffer with a padding column: the view skips it.
  std::vector<double> buffer(40 * 3, -99.0);
  for (Eigen::Index i = 0; i < 40; ++i)
    for (Eigen::Index j = 0; j < 2; ++j) buffer[static_cast<std::size_t>(i * 3 + j)] = d.x(i, j);
  const auto view = paystrike::make_matrix_view(buffer.data(), 40, 2, 3, 1);
  const LogisticFit a = fit_logistic(view, d.y);
  const LogisticFit b = fit_logistic(d.x, d.y);
  ASSERT_EQ(a.status, Status::ok);
  EXPECT_EQ(a.coefficients, b.coefficients);
}

// The rank check and the Hessian check once compared unscaled magnitudes: an amount in small
// units (values up to ~1e6 or ~1e11) next to a rare 0/1 indicator was called singular.
TEST(Logistic, UnitsOfAnInputDoNotMakeARareIndicatorSingular) {
  const int n = 1000;
  Eigen::MatrixXd x(n, 2);
  Eigen::VectorXd y(n);
  for (int i = 0; i < n; ++i) {
    x(i, 0) = 1.0 + static_cast<double>(i * 37 % 101);  // an amount
    x(i, 1) = (i % 250 == 0) ? 1.0 : 0.0;               // a category held by 4 rows
    y[i] = ((i * 13) % 7 < 4) ? 1.0 : 0.0;
  }
  y[0] = 0.0;
  y[250] = 1.0;  // the rare category has both classes: no separation
  const LogisticFit base = fit_logistic(x, y);
  ASSERT_EQ(base.status, Status::ok) << base.message;
  for (double units : {1e4, 1e9}) {
    Eigen::MatrixXd scaled = x;
    scaled.col(0) *= units;
    const LogisticFit fit = fit_logistic(scaled, y);
    ASSERT_EQ(fit.status, Status::ok) << units << ": " << fit.message;
    // Same model in other units: the amount's coefficient and standard error scale by 1/units.
    EXPECT_NEAR(fit.coefficients[0], base.coefficients[0], 1e-8 * std::abs(base.coefficients[0]));
    EXPECT_NEAR(fit.coefficients[1] * units, base.coefficients[1],
                1e-8 * std::abs(base.coefficients[1]));
    EXPECT_NEAR(fit.coefficients[2], base.coefficients[2], 1e-8 * std::abs(base.coefficients[2]));
    EXPECT_NEAR(fit.standard_errors[1] * units, base.standard_errors[1],
                1e-8 * base.standard_errors[1]);
    EXPECT_NEAR(fit.standard_errors[2], base.standard_errors[2], 1e-8 * base.standard_errors[2]);
  }
}

TEST(Logistic, AllZeroColumnIsSingular) {
  const Overlapping d;
  Eigen::MatrixXd x(40, 3);
  x << d.x, Eigen::VectorXd::Zero(40);
  const LogisticFit fit = fit_logistic(x, d.y);
  EXPECT_EQ(fit.status, Status::singular);
  EXPECT_TRUE(contains(fit.message, "column 2")) << fit.message;
}
