/*
 * paystrike.h: the stable C ABI of paystrike.
 *
 * C89-clean. Rules that hold for every function (docs/abi_policy.md):
 *  - Every function that can fail returns an int status: PAYSTRIKE_OK (0) or one of the
 *    PAYSTRIKE_E_* codes below. New codes may be added; treat unknown ones as errors.
 *  - On failure, out-parameters are left untouched and a message naming the problem is kept
 *    for the calling thread: read it with paystrike_last_error() right after the failed call,
 *    on the same OS thread (wrappers for languages whose tasks migrate between threads, such
 *    as Go, must read it in the same locked call sequence).
 *  - No C++ exception ever crosses this boundary.
 *  - Handles are opaque; every paystrike_*_free accepts NULL.
 *  - Sizes of memory are size_t, counts and dimensions int64_t, strings UTF-8.
 *  - A loaded model is immutable: scoring from many threads on one handle is safe, takes no
 *    lock and allocates nothing per row.
 *  - New behaviour arrives as a new function; an existing signature never changes.
 */
#ifndef PAYSTRIKE_H
#define PAYSTRIKE_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#  if defined(PAYSTRIKE_BUILDING_C_API)
#    define PAYSTRIKE_API __declspec(dllexport)
#  else
#    define PAYSTRIKE_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__)
#  define PAYSTRIKE_API __attribute__((visibility("default")))
#else
#  define PAYSTRIKE_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* The version this header belongs to: major * 10000 + minor * 100 + patch. Compare it with
   paystrike_version_number() to detect a header/library mismatch. */
#define PAYSTRIKE_VERSION_NUMBER 100
#define PAYSTRIKE_VERSION_STRING "0.1.0"

/* Status codes. The values equal paystrike::Status in the C++ core and never change. */
#define PAYSTRIKE_OK 0
#define PAYSTRIKE_E_NULL_ARGUMENT 1        /* a required pointer or handle was NULL */
#define PAYSTRIKE_E_INVALID_ARGUMENT 2     /* an argument is out of its domain (e.g. stride) */
#define PAYSTRIKE_E_DIMENSION_MISMATCH 3   /* wrong number of rows or columns */
#define PAYSTRIKE_E_MISSING_VALUE 4        /* a NaN where the model has no missing-value rule */
#define PAYSTRIKE_E_IO_ERROR 5             /* a file could not be opened, read or written */
#define PAYSTRIKE_E_BAD_FORMAT 6           /* damaged, truncated or foreign input */
#define PAYSTRIKE_E_UNSUPPORTED_VERSION 7  /* a model file from a newer format version */
#define PAYSTRIKE_E_CHECKSUM_MISMATCH 8    /* a model file whose content fails its checksum */
#define PAYSTRIKE_E_NOT_CONVERGED 9        /* an iterative fit stopped at its iteration limit */
#define PAYSTRIKE_E_SEPARATION 10          /* the classes are (quasi-)separable */
#define PAYSTRIKE_E_SINGULAR 11            /* a singular design */
#define PAYSTRIKE_E_UNDEFINED 12           /* the result is undefined on this input */
#define PAYSTRIKE_E_OUT_OF_MEMORY 13       /* an allocation failed */
#define PAYSTRIKE_E_INTERNAL 14            /* a bug in paystrike; please report it */

/* A loaded, immutable score model. */
typedef struct paystrike_model paystrike_model;

/* The library's version number (major * 10000 + minor * 100 + patch) and string. */
PAYSTRIKE_API int paystrike_version_number(void);
PAYSTRIKE_API const char* paystrike_version(void);

/* The message of the last failed call on the calling thread, or "" if none failed yet. The
   text stays valid until the next failing call on the same thread. Successful calls do not
   change it, so read it only right after a call returned an error. */
PAYSTRIKE_API const char* paystrike_last_error(void);

/* A short, stable, static name for a status code, e.g. "dimension_mismatch";
   "unknown_status" for a value this library does not know. */
PAYSTRIKE_API const char* paystrike_status_string(int status);

/* Loads a model file. On success *out_model receives a new handle to release with
   paystrike_model_free. Errors: NULL_ARGUMENT, IO_ERROR (the message names the path),
   BAD_FORMAT, UNSUPPORTED_VERSION, CHECKSUM_MISMATCH, OUT_OF_MEMORY. */
PAYSTRIKE_API int paystrike_model_load_file(const char* path, paystrike_model** out_model);

/* Loads a model from the `size` bytes of a model file image at `data` (copied; the buffer
   may be released after the call). Errors as paystrike_model_load_file except IO_ERROR. */
PAYSTRIKE_API int paystrike_model_load_buffer(const void* data, size_t size,
                                              paystrike_model** out_model);

/* Releases a model. NULL is accepted and ignored. No other call may use the handle while or
   after it is released. */
PAYSTRIKE_API void paystrike_model_free(paystrike_model* model);

/* The number of input columns the model takes (the n_cols of the scoring calls). */
PAYSTRIKE_API int paystrike_model_num_features(const paystrike_model* model,
                                               int64_t* out_count);

/* The UTF-8 name of input column `index` (0-based). The pointer stays valid while the model
   lives. Errors: NULL_ARGUMENT, INVALID_ARGUMENT (index out of range). */
PAYSTRIKE_API int paystrike_model_feature_name(const paystrike_model* model, int64_t index,
                                               const char** out_name);

/* Scores n_rows rows. Input column j of row i is x[i * row_stride + j * col_stride] (strides in
   elements, both > 0), so a row-major buffer has (row_stride, col_stride) = (n_cols, 1) and a
   column-major one (1, n_rows); both give identical results. Writes the score in points to
   out_scores[i] and P(good) to out_prob_good[i]; either may be NULL, not both. Outputs are
   written only on success. n_rows == 0 succeeds and writes nothing.
   Errors: NULL_ARGUMENT, INVALID_ARGUMENT (negative n_rows, non-positive stride, an infinite
   input), DIMENSION_MISMATCH (n_cols differs from the model's number of features; the message
   gives both numbers), MISSING_VALUE (a NaN; the message names the row and column). */
PAYSTRIKE_API int paystrike_score_batch(const paystrike_model* model, const double* x,
                                        int64_t n_rows, int64_t n_cols, int64_t row_stride,
                                        int64_t col_stride, double* out_scores,
                                        double* out_prob_good);

/* Scores one row of n_cols contiguous values: bit-identical to paystrike_score_batch on the
   same row. Either output may be NULL, not both. Errors as paystrike_score_batch. */
PAYSTRIKE_API int paystrike_score_row(const paystrike_model* model, const double* row,
                                      int64_t n_cols, double* out_score, double* out_prob_good);

/* Whether each row lies outside the range the model was trained on (some input below its
   training minimum or above its maximum): the score extrapolates there, and the attribution's
   training-range signal (paystrike_customer_evidence.outside_training_range) wants this flag.
   Writes 1 or 0 to out_outside[i]; the input layout and checks are paystrike_score_batch's
   (a NaN allowed by a binned input's missing bin is inside). Outputs are written only on
   success. Errors as paystrike_score_batch. */
PAYSTRIKE_API int paystrike_outside_training_range_batch(const paystrike_model* model,
                                                         const double* x, int64_t n_rows,
                                                         int64_t n_cols, int64_t row_stride,
                                                         int64_t col_stride,
                                                         int32_t* out_outside);

/* The training minimum and maximum of input `index` (0-based). Errors: NULL_ARGUMENT,
   INVALID_ARGUMENT (index outside [0, number of features)). */
PAYSTRIKE_API int paystrike_model_training_range(const paystrike_model* model, int64_t index,
                                                 double* out_min, double* out_max);

#ifdef __cplusplus
}
#endif

/* Each further concern's functions live in a header of their own, included here so that
   paystrike.h stays the one header a caller needs (one line per concern, below). */
#include "paystrike/paystrike_evaluation.h"
#include "paystrike/paystrike_attribution.h"
#include "paystrike/paystrike_scorecard.h"

#endif /* PAYSTRIKE_H */
