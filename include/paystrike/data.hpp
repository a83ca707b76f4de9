/// @file data.hpp
/// @brief Views over caller memory: a feature matrix with any row and column stride, and labels.
///
/// Missing values are NaN. Nothing here copies or owns the caller's data.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <string>

#include "paystrike/status.hpp"

PAYSTRIKE_NAMESPACE_BEGIN

/// A read-only matrix over caller memory. Element (i, j) lives at data[i*row_stride + j*col_stride]
/// (strides in elements, not bytes), so row-major (row_stride = cols, col_stride = 1) and
/// column-major (row_stride = 1, col_stride = rows) buffers give identical answers.
using MatrixView = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic>,
                              Eigen::Unaligned, Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>>;

/// Makes a MatrixView after checking its shape. Throws Error(null_argument) for a NULL buffer
/// with rows > 0, Error(invalid_argument) for negative sizes or non-positive strides.
inline MatrixView make_matrix_view(const double* data, std::int64_t rows, std::int64_t cols,
                                   std::int64_t row_stride, std::int64_t col_stride) {
  if (rows < 0 || cols < 0)
    throw Error(Status::invalid_argument, "matrix view: negative number of rows or columns");
  if (rows > 0 && cols > 0 && data == nullptr)
    throw Error(Status::null_argument, "matrix view: data is NULL");
  if (row_stride <= 0 || col_stride <= 0)
    throw Error(Status::invalid_argument,
                "matrix view: row_stride and col_stride must be positive (got " +
                    std::to_string(row_stride) + ", " + std::to_string(col_stride) + ")");
  // Eigen's column-major Map: inner stride walks down a column (rows), outer across columns.
  return MatrixView(data, static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols),
                    Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>(col_stride, row_stride));
}

/// A row-major view, the layout of a C array double x[rows][cols].
inline MatrixView make_row_major_view(const double* data, std::int64_t rows, std::int64_t cols) {
  return make_matrix_view(data, rows, cols, cols > 0 ? cols : 1, 1);
}

PAYSTRIKE_NAMESPACE_END
