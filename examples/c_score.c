/*
 * c_score: scores the rows of a CSV file with a paystrike model, using nothing but the C ABI.
 *
 *   paystrike_c_score MODEL_FILE [CSV_FILE]
 *
 * Reads CSV_FILE (or standard input when it is missing or "-"): one row of numbers per line,
 * separated by commas, in the model's input order. A first line that is not all numbers is
 * taken as a header and must name the model's inputs. An empty field or NA is a missing value
 * (the library refuses it with a message naming the row and the column). Prints
 * "row,score,p_good" with every double in full precision (17 significant digits).
 *
 * Written in C89 so it compiles with any C compiler; the only paystrike header is paystrike.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paystrike/paystrike.h"

/* A growable buffer of doubles. */
typedef struct {
  double* data;
  size_t size;
  size_t capacity;
} double_buffer;

static int push_double(double_buffer* buffer, double value) {
  if (buffer->size == buffer->capacity) {
    size_t capacity = buffer->capacity ? 2 * buffer->capacity : 256;
    double* data = (double*)realloc(buffer->data, capacity * sizeof(double));
    if (data == NULL) return 0;
    buffer->data = data;
    buffer->capacity = capacity;
  }
  buffer->data[buffer->size++] = value;
  return 1;
}

/* Reads one line of any length into *line (grown as needed). Returns 0 at end of file. */
static int read_line(FILE* in, char** line, size_t* capacity) {
  size_t length = 0;
  int c;
  if (*line == NULL) {
    *capacity = 256;
    *line = (char*)malloc(*capacity);
    if (*line == NULL) return -1;
  }
  while ((c = fgetc(in)) != EOF && c != '\n') {
    if (length + 1 >= *capacity) {
      char* grown = (char*)realloc(*line, 2 * *capacity);
      if (grown == NULL) return -1;
      *line = grown;
      *capacity *= 2;
    }
    (*line)[length++] = (char)c;
  }
  if (length > 0 && (*line)[length - 1] == '\r') --length;
  (*line)[length] = '\0';
  return c != EOF || length > 0;
}

static const char* skip_spaces(const char* p) {
  while (*p == ' ' || *p == '\t') ++p;
  return p;
}

/* Parses a line of comma-separated numbers onto `values`. Returns the number of fields, or -1
   if some field is not a number (then *bad_field is its 1-based position). Empty fields and NA
   become NaN. */
static long parse_numbers(const char* line, double_buffer* values, double nan, long* bad_field) {
  long fields = 0;
  const char* p = line;
  for (;;) {
    const char* start = skip_spaces(p);
    const char* end = start;
    char* parsed_end;
    double value;
    while (*end != '\0' && *end != ',') ++end;
    ++fields;
    if (skip_spaces(start) == end || (end - start >= 2 && strncmp(start, "NA", 2) == 0 &&
                                      skip_spaces(start + 2) == end)) {
      value = nan;
    } else {
      value = strtod(start, &parsed_end);
      if (parsed_end == start || skip_spaces(parsed_end) != end) {
        *bad_field = fields;
        return -1;
      }
    }
    if (!push_double(values, value)) return -2;
    if (*end == '\0') break;
    p = end + 1;
  }
  return fields;
}

static int report(const char* what, int status) {
  fprintf(stderr, "c_score: %s failed: %s (status %d): %s\n", what,
          paystrike_status_string(status), status, paystrike_last_error());
  return 1;
}

int main(int argc, char** argv) {
  paystrike_model* model = NULL;
  FILE* in = stdin;
  const char* source = "standard input";
  char* line = NULL;
  size_t line_capacity = 0;
  double_buffer values = {NULL, 0, 0};
  double* scores = NULL;
  double* prob_good = NULL;
  double zero = 0.0;
  double nan;
  int64_t n_features = 0;
  long line_number = 0, n_rows = 0, i;
  int status, got, exit_code = 1;

  nan = zero / zero; /* C89 has no NAN macro */

  if (argc < 2 || argc > 3) {
    fprintf(stderr, "usage: %s MODEL_FILE [CSV_FILE|-]\n", argv[0]);
    return 2;
  }
  if (paystrike_version_number() != PAYSTRIKE_VERSION_NUMBER) {
    fprintf(stderr, "c_score: built with paystrike %s but running with %s\n",
            PAYSTRIKE_VERSION_STRING, paystrike_version());
    return 1;
  }
  status = paystrike_model_load_file(argv[1], &model);
  if (status != PAYSTRIKE_OK) return report("loading the model", status);
  status = paystrike_model_num_features(model, &n_features);
  if (status != PAYSTRIKE_OK) {
    report("reading the number of features", status);
    goto done;
  }
  if (argc == 3 && strcmp(argv[2], "-") != 0) {
    source = argv[2];
    in = fopen(source, "r");
    if (in == NULL) {
      fprintf(stderr, "c_score: cannot open %s: %s\n", source, strerror(errno));
      goto done;
    }
  }

  while ((got = read_line(in, &line, &line_capacity)) > 0) {
    long bad_field = 0;
    size_t before = values.size;
    long fields;
    ++line_number;
    if (*skip_spaces(line) == '\0') continue; /* blank line */
    fields = parse_numbers(line, &values, nan, &bad_field);
    if (fields == -2) {
      fprintf(stderr, "c_score: out of memory at %s line %ld\n", source, line_number);
      goto done;
    }
    if (fields == -1) {
      values.size = before;
      if (n_rows == 0 && line_number == 1) {
        /* A header: check that it names the model's inputs, in order. */
        const char* p = line;
        int64_t j;
        for (j = 0; j < n_features; ++j) {
          const char* name = NULL;
          size_t length;
          const char* start = skip_spaces(p);
          if (j > 0 && *(p - 1) != ',') {
            fprintf(stderr, "c_score: %s header has %ld columns but the model takes %ld inputs\n",
                    source, (long)j, (long)n_features);
            goto done;
          }
          const char* end = start;
          while (*end != '\0' && *end != ',') ++end;
          length = (size_t)(end - start);
          while (length > 0 && (start[length - 1] == ' ' || start[length - 1] == '\t')) --length;
          status = paystrike_model_feature_name(model, j, &name);
          if (status != PAYSTRIKE_OK) {
            report("reading a feature name", status);
            goto done;
          }
          if (strlen(name) != length || strncmp(start, name, length) != 0) {
            fprintf(stderr, "c_score: %s header column %ld is '%.*s' but the model expects '%s'\n",
                    source, (long)j + 1, (int)length, start, name);
            goto done;
          }
          p = *end == ',' ? end + 1 : end;
        }
        if (*p != '\0') {
          fprintf(stderr, "c_score: %s header has more than the model's %ld columns\n", source,
                  (long)n_features);
          goto done;
        }
        continue;
      }
      fprintf(stderr, "c_score: %s line %ld, field %ld is not a number\n", source, line_number,
              bad_field);
      goto done;
    }
    if ((int64_t)fields != n_features) {
      fprintf(stderr, "c_score: %s line %ld has %ld fields but the model takes %ld inputs\n",
              source, line_number, fields, (long)n_features);
      goto done;
    }
    ++n_rows;
  }
  if (got < 0 || ferror(in)) {
    fprintf(stderr, "c_score: cannot read %s\n", source);
    goto done;
  }
  if (n_rows == 0) {
    /* An empty file is almost always a mistake (a wrong path, a failed export): say so. */
    fprintf(stderr, "c_score: %s has no data rows to score\n", source);
    goto done;
  }

  if (n_rows > 0) {
    scores = (double*)malloc((size_t)n_rows * sizeof(double));
    prob_good = (double*)malloc((size_t)n_rows * sizeof(double));
    if (scores == NULL || prob_good == NULL) {
      fprintf(stderr, "c_score: out of memory for %ld rows\n", n_rows);
      goto done;
    }
  }
  /* One batch call: row-major, so row_stride = number of inputs and col_stride = 1. */
  status = n_rows == 0 ? PAYSTRIKE_OK
                       : paystrike_score_batch(model, values.data, (int64_t)n_rows, n_features,
                                               n_features > 0 ? n_features : 1, 1, scores,
                                               prob_good);
  if (status != PAYSTRIKE_OK) {
    report("scoring", status);
    fprintf(stderr, "c_score: (rows are counted from 0, in %s, without the header and blank "
                    "lines)\n", source);
    goto done;
  }
  printf("row,score,p_good\n");
  for (i = 0; i < n_rows; ++i) printf("%ld,%.17g,%.17g\n", i, scores[i], prob_good[i]);
  exit_code = 0;

done:
  if (in != stdin && in != NULL) fclose(in);
  free(line);
  free(values.data);
  free(scores);
  free(prob_good);
  paystrike_model_free(model);
  return exit_code;
}
