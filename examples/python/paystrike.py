"""A small ctypes wrapper over paystrike's C ABI (capi/include/paystrike/paystrike.h).

No dependencies beyond the standard library; numpy arrays work wherever a buffer of doubles is
accepted, but numpy is not needed.

    import paystrike
    with paystrike.Model.from_file("model.psm") as model:
        print(model.feature_names)
        scores, p_good = model.score([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])

The shared library is found through the PAYSTRIKE_LIBRARY environment variable (a path), else
as libpaystrike.so.0 / libpaystrike on the system's library path.

Every failed call raises PaystrikeError with the status code, its stable name and the library's
message. The message is read right after the failing call on the same OS thread, as the ABI
requires (Python threads are OS threads, so this holds from any Python thread).
"""

import ctypes
import ctypes.util
import math
import os
from array import array

__all__ = ["PaystrikeError", "Model", "library_version", "load_library"]

OK = 0
E_NULL_ARGUMENT = 1
E_INVALID_ARGUMENT = 2
E_DIMENSION_MISMATCH = 3
E_MISSING_VALUE = 4
E_IO_ERROR = 5
E_BAD_FORMAT = 6
E_UNSUPPORTED_VERSION = 7
E_CHECKSUM_MISMATCH = 8
E_OUT_OF_MEMORY = 13
E_INTERNAL = 14

# The ABI version this wrapper was written against (PAYSTRIKE_VERSION_NUMBER).
WRAPPER_ABI_VERSION_NUMBER = 100


class PaystrikeError(Exception):
    """A paystrike call failed: `status` is the PAYSTRIKE_E_* code, `name` its stable name."""

    def __init__(self, status, name, message):
        super().__init__("%s (status %d): %s" % (name, status, message))
        self.status = status
        self.name = name
        self.message = message


_lib = None


class _Model(ctypes.Structure):
    """The opaque struct paystrike_model."""


_ModelPtr = ctypes.POINTER(_Model)
_DoublePtr = ctypes.POINTER(ctypes.c_double)


def load_library(path=None):
    """Loads (once) and returns the shared library, declaring every function's signature."""
    global _lib
    if _lib is not None and path is None:
        return _lib
    path = path or os.environ.get("PAYSTRIKE_LIBRARY")
    if not path:
        path = ctypes.util.find_library("paystrike") or "libpaystrike.so.0"
    try:
        lib = ctypes.CDLL(path)
    except OSError as error:
        raise OSError(
            f"cannot load the paystrike C library ({error}); set PAYSTRIKE_LIBRARY to the path "
            "of libpaystrike.so (after a build: build/capi/libpaystrike.so) or install paystrike"
        ) from error
    i64 = ctypes.c_int64
    signatures = {
        "paystrike_version_number": (ctypes.c_int, []),
        "paystrike_version": (ctypes.c_char_p, []),
        "paystrike_last_error": (ctypes.c_char_p, []),
        "paystrike_status_string": (ctypes.c_char_p, [ctypes.c_int]),
        "paystrike_model_load_file": (ctypes.c_int, [ctypes.c_char_p, ctypes.POINTER(_ModelPtr)]),
        "paystrike_model_load_buffer": (
            ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.POINTER(_ModelPtr)]),
        "paystrike_model_free": (None, [_ModelPtr]),
        "paystrike_model_num_features": (ctypes.c_int, [_ModelPtr, ctypes.POINTER(i64)]),
        "paystrike_model_feature_name": (
            ctypes.c_int, [_ModelPtr, i64, ctypes.POINTER(ctypes.c_char_p)]),
        "paystrike_score_batch": (
            ctypes.c_int, [_ModelPtr, ctypes.c_void_p, i64, i64, i64, i64, _DoublePtr, _DoublePtr]),
        "paystrike_score_row": (
            ctypes.c_int, [_ModelPtr, ctypes.c_void_p, i64, _DoublePtr, _DoublePtr]),
    }
    for name, (restype, argtypes) in signatures.items():
        function = getattr(lib, name)
        function.restype = restype
        function.argtypes = argtypes
    _lib = lib
    return lib


def _check(status):
    if status != OK:
        lib = load_library()
        message = lib.paystrike_last_error().decode("utf-8", "replace")
        name = lib.paystrike_status_string(status).decode("ascii")
        raise PaystrikeError(status, name, message)


def library_version():
    """(version number, version string) of the loaded library."""
    lib = load_library()
    return lib.paystrike_version_number(), lib.paystrike_version().decode("ascii")


def _double_buffer(data, count):
    """A ctypes pointer to `count` doubles from any buffer of doubles (array('d'), numpy
    float64, memoryview), plus the object that keeps the memory alive."""
    view = memoryview(data)
    if view.format not in ("d", "<d", "=d", "@d") or view.itemsize != 8:
        raise TypeError("expected a buffer of doubles (format 'd'), got %r" % view.format)
    if not view.c_contiguous:
        raise ValueError("the buffer must be contiguous; describe other layouts with strides")
    if view.nbytes < count * 8:
        raise ValueError("the buffer holds %d doubles but %d are addressed"
                         % (view.nbytes // 8, count))
    if view.readonly:
        keep = (ctypes.c_double * max(count, 1)).from_buffer_copy(view.cast("B")[:count * 8]) \
            if count else (ctypes.c_double * 1)()
    else:
        keep = (ctypes.c_double * max(view.nbytes // 8, 1)).from_buffer(view.cast("B")) \
            if view.nbytes else (ctypes.c_double * 1)()
    return ctypes.cast(keep, ctypes.c_void_p), keep


class Model:
    """A loaded, immutable paystrike score model. Safe to score from many threads at once."""

    def __init__(self, handle):
        self._handle = handle
        self._lib = load_library()

    @classmethod
    def from_file(cls, path):
        lib = load_library()
        handle = _ModelPtr()
        _check(lib.paystrike_model_load_file(os.fsencode(path), ctypes.byref(handle)))
        return cls(handle)

    @classmethod
    def from_buffer(cls, data):
        """Loads from the bytes of a model file (bytes, bytearray or any byte buffer)."""
        lib = load_library()
        raw = bytes(data)
        handle = _ModelPtr()
        _check(lib.paystrike_model_load_buffer(raw, len(raw), ctypes.byref(handle)))
        return cls(handle)

    def close(self):
        if self._handle:
            self._lib.paystrike_model_free(self._handle)
            self._handle = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:  # interpreter shutdown
            pass

    def _live(self):
        if not self._handle:
            raise ValueError("the model is closed")
        return self._handle

    @property
    def num_features(self):
        count = ctypes.c_int64()
        _check(self._lib.paystrike_model_num_features(self._live(), ctypes.byref(count)))
        return count.value

    @property
    def feature_names(self):
        names = []
        for j in range(self.num_features):
            name = ctypes.c_char_p()
            _check(self._lib.paystrike_model_feature_name(self._live(), j, ctypes.byref(name)))
            names.append(name.value.decode("utf-8"))
        return names

    def score(self, rows):
        """Scores a list of rows (each a sequence of numbers; None means missing). Returns
        (scores, p_good), two lists of floats."""
        rows = list(rows)
        n_cols = self.num_features
        flat = array("d")
        for i, row in enumerate(rows):
            row = list(row)
            if len(row) != n_cols:
                raise PaystrikeError(
                    E_DIMENSION_MISMATCH, "dimension_mismatch",
                    "row %d has %d values but the model takes %d input columns"
                    % (i, len(row), n_cols))
            flat.extend(math.nan if v is None else float(v) for v in row)
        scores, p_good = self.score_buffer(flat, len(rows), n_cols)
        return list(scores), list(p_good)

    def score_buffer(self, data, n_rows, n_cols, row_stride=None, col_stride=1):
        """Scores n_rows rows held in a buffer of doubles (array('d'), numpy float64, ...).
        Input column j of row i is element i * row_stride + j * col_stride (default row-major).
        Returns (scores, p_good) as two array('d')."""
        if row_stride is None:
            row_stride = n_cols if n_cols > 0 else 1
        needed = 0 if n_rows <= 0 or n_cols <= 0 else \
            (n_rows - 1) * row_stride + (n_cols - 1) * col_stride + 1
        pointer, keep = _double_buffer(data, max(needed, 0))
        scores = array("d", bytes(8 * max(n_rows, 0)))
        p_good = array("d", bytes(8 * max(n_rows, 0)))
        s_ptr = (ctypes.c_double * max(n_rows, 1)).from_buffer(scores) if n_rows > 0 else \
            (ctypes.c_double * 1)()
        p_ptr = (ctypes.c_double * max(n_rows, 1)).from_buffer(p_good) if n_rows > 0 else \
            (ctypes.c_double * 1)()
        status = self._lib.paystrike_score_batch(
            self._live(), pointer, n_rows, n_cols, row_stride, col_stride,
            ctypes.cast(s_ptr, _DoublePtr), ctypes.cast(p_ptr, _DoublePtr))
        del keep
        _check(status)
        return scores, p_good

    def score_row(self, row):
        """Scores one row; returns (score, p_good). Bit-identical to the batch call."""
        values = (ctypes.c_double * max(len(row), 1))(
            *[math.nan if v is None else float(v) for v in row])
        score, p_good = ctypes.c_double(), ctypes.c_double()
        _check(self._lib.paystrike_score_row(self._live(), ctypes.cast(values, ctypes.c_void_p),
                                             len(row), ctypes.byref(score), ctypes.byref(p_good)))
        return score.value, p_good.value
