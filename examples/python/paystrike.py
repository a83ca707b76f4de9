"""A small ctypes wrapper over paystrike's C ABI (capi/include/paystrike/paystrike.h).

No dependencies beyond the standard library; numpy arrays work wherever a buffer of doubles is
accepted, but numpy is not needed.

    import paystrike
    with paystrike.Model.from_file("model.psm") as model:
        print(model.feature_names)
        scores, p_good = model.score([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])

Why did a high score default? (docs/attribution.md)

    with paystrike.EvidenceModel.default(pdo=20) as evidence_model:
        customer = paystrike.Customer(
            cycles=[(100, 100, -1), (100, 100, 0), (100, 0, 2)], first_cycle_after_scoring=1,
            crm_complaints=[{"opened_cycle": 1, "category": "product_defect", "severity": 2}],
            bureau={"open_trade_lines": 5, "delinquent_trade_lines": 0, "worst_status": -1,
                    "utilisation": 0.4, "new_enquiries": 1},
            registry_complaints=[])  # checked, none; None (the default) = not checked
        result = paystrike.attribute(evidence_model, customer)
        print(result.top_cause, result.treatment, result.probability)

The shared library is found through the PAYSTRIKE_LIBRARY environment variable (a path), else
as libpaystrike.so.0 / libpaystrike on the system's library path.

Every failed call raises PaystrikeError with the status code, its stable name and the library's
message. The message is read right after the failing call on the same OS thread, as the ABI
requires (Python threads are OS threads, so this holds from any Python thread).
"""

import ctypes
import ctypes.util
import math
import operator
import os
from array import array

__all__ = ["PaystrikeError", "Model", "library_version", "load_library", "EvidenceModel",
           "Customer", "Attribution", "Monitor", "attribute", "cause_names", "signal_names"]

OK = 0
E_NULL_ARGUMENT = 1
E_INVALID_ARGUMENT = 2
E_DIMENSION_MISMATCH = 3
E_MISSING_VALUE = 4
E_IO_ERROR = 5
E_BAD_FORMAT = 6
E_UNSUPPORTED_VERSION = 7
E_CHECKSUM_MISMATCH = 8
E_UNDEFINED = 12
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


class _EvidenceModel(ctypes.Structure):
    """The opaque struct paystrike_evidence_model."""


class _CustomerMonitor(ctypes.Structure):
    """The opaque struct paystrike_customer_monitor."""


_ModelPtr = ctypes.POINTER(_Model)
_EvidenceModelPtr = ctypes.POINTER(_EvidenceModel)
_MonitorPtr = ctypes.POINTER(_CustomerMonitor)
_DoublePtr = ctypes.POINTER(ctypes.c_double)

# The structs of paystrike_attribution.h, field for field and in the same order (ctypes lays
# them out as the C compiler does).
_i32, _i64, _double = ctypes.c_int32, ctypes.c_int64, ctypes.c_double
CAUSE_COUNT = 4  # the real causes; PAYSTRIKE_CAUSE_UNDETERMINED (4) is a label only
SIGNAL_COUNT = 5


class _BillingCycle(ctypes.Structure):
    _fields_ = [("amount_due", _double), ("amount_paid", _double), ("status", _double)]


class _CrmComplaint(ctypes.Structure):
    _fields_ = [("opened_cycle", _i64), ("category", _i32), ("severity", _i32),
                ("resolved", _i32), ("resolved_cycle", _i64)]


class _BureauSnapshot(ctypes.Structure):
    _fields_ = [("open_trade_lines", _i32), ("delinquent_trade_lines", _i32),
                ("worst_status", _double), ("utilisation", _double), ("new_enquiries", _i32)]


class _RegistryComplaint(ctypes.Structure):
    _fields_ = [("cycle", _i64), ("issue", _i32), ("response", _i32), ("timely", _i32)]


class _CustomerEvidence(ctypes.Structure):
    _fields_ = [("id", ctypes.c_char_p),
                ("cycles", ctypes.POINTER(_BillingCycle)), ("n_cycles", _i64),
                ("first_cycle_after_scoring", _i64), ("outside_training_range", _i32),
                ("has_crm", _i32), ("crm_complaints", ctypes.POINTER(_CrmComplaint)),
                ("n_crm_complaints", _i64),
                ("has_bureau", _i32), ("bureau", _BureauSnapshot),
                ("has_registry", _i32),
                ("registry_complaints", ctypes.POINTER(_RegistryComplaint)),
                ("n_registry_complaints", _i64),
                ("has_collections", _i32), ("collections_segment", _i32),
                ("payment_capacity_per_cycle", _double)]


class _CycleEvidence(ctypes.Structure):
    _fields_ = [("cycle", _BillingCycle),
                ("has_crm", _i32), ("crm_opened", ctypes.POINTER(_CrmComplaint)),
                ("n_crm_opened", _i64), ("crm_resolved", ctypes.POINTER(_i64)),
                ("n_crm_resolved", _i64),
                ("has_bureau", _i32), ("bureau", _BureauSnapshot),
                ("has_registry", _i32), ("registry_filed", ctypes.POINTER(_RegistryComplaint)),
                ("n_registry_filed", _i64),
                ("has_collections", _i32), ("collections_segment", _i32),
                ("payment_capacity_per_cycle", _double)]


class _AttributionResult(ctypes.Structure):
    _fields_ = [("probability", _double * CAUSE_COUNT), ("most_likely_cause", _i32),
                ("top_cause", _i32), ("treatment", _i32),
                ("signal_state", _i32 * SIGNAL_COUNT), ("onset_cycle", _i64),
                ("prior_points", _double * CAUSE_COUNT),
                ("contribution_points", (_double * CAUSE_COUNT) * SIGNAL_COUNT),
                ("log_odds_points_vs_model_miss", _double * CAUSE_COUNT),
                ("instalment", _double), ("instalment_capped_by_capacity", _i32),
                ("instalment_from_history", _i32)]


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
    out_model = ctypes.POINTER(_EvidenceModelPtr)
    evidence_array = ctypes.POINTER(_CustomerEvidence)
    image_out = [ctypes.c_void_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_size_t)]
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
        # paystrike_attribution.h
        "paystrike_evidence_model_default": (ctypes.c_int, [_double, out_model]),
        "paystrike_evidence_model_fit": (
            ctypes.c_int, [evidence_array, ctypes.POINTER(_i32), i64, _double, _double,
                           out_model]),
        "paystrike_evidence_model_load_file": (ctypes.c_int, [ctypes.c_char_p, out_model]),
        "paystrike_evidence_model_load_buffer": (
            ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, out_model]),
        "paystrike_evidence_model_save_file": (
            ctypes.c_int, [_EvidenceModelPtr, ctypes.c_char_p]),
        "paystrike_evidence_model_save_buffer": (ctypes.c_int, [_EvidenceModelPtr] + image_out),
        "paystrike_evidence_model_free": (None, [_EvidenceModelPtr]),
        "paystrike_evidence_model_label_thresholds": (
            ctypes.c_int, [_EvidenceModelPtr, _DoublePtr]),
        "paystrike_evidence_model_set_label_thresholds": (
            ctypes.c_int, [_EvidenceModelPtr, _DoublePtr]),
        "paystrike_evidence_model_adapt_to_portfolio": (
            ctypes.c_int, [_EvidenceModelPtr, evidence_array, i64, out_model]),
        "paystrike_evidence_model_adapt_causes_to_portfolio": (
            ctypes.c_int, [_EvidenceModelPtr, evidence_array, i64, ctypes.POINTER(_i32),
                           out_model]),
        "paystrike_model_has_evidence_model": (
            ctypes.c_int, [_ModelPtr, ctypes.POINTER(_i32)]),
        "paystrike_evidence_model_from_model": (ctypes.c_int, [_ModelPtr, out_model]),
        "paystrike_model_save_file_with_evidence": (
            ctypes.c_int, [_ModelPtr, _EvidenceModelPtr, ctypes.c_char_p]),
        "paystrike_model_save_buffer_with_evidence": (
            ctypes.c_int, [_ModelPtr, _EvidenceModelPtr] + image_out),
        "paystrike_attribute": (
            ctypes.c_int, [_EvidenceModelPtr, ctypes.POINTER(_CustomerEvidence),
                           ctypes.POINTER(_AttributionResult)]),
        "paystrike_monitor_create": (
            ctypes.c_int, [ctypes.c_char_p, i64, _i32, ctypes.POINTER(_MonitorPtr)]),
        "paystrike_monitor_add_cycle": (
            ctypes.c_int, [_MonitorPtr, ctypes.POINTER(_CycleEvidence)]),
        "paystrike_monitor_attribute": (
            ctypes.c_int, [_MonitorPtr, _EvidenceModelPtr, ctypes.POINTER(_AttributionResult)]),
        "paystrike_monitor_cycles_seen": (ctypes.c_int, [_MonitorPtr, ctypes.POINTER(i64)]),
        "paystrike_monitor_free": (None, [_MonitorPtr]),
        "paystrike_cause_name": (ctypes.c_char_p, [_i32]),
        "paystrike_signal_name": (ctypes.c_char_p, [_i32]),
        "paystrike_treatment_name": (ctypes.c_char_p, [_i32]),
        "paystrike_signal_state_name": (ctypes.c_char_p, [_i32, _i32]),
    }
    for name, (restype, argtypes) in signatures.items():
        function = getattr(lib, name)
        function.restype = restype
        function.argtypes = argtypes
    _lib = lib
    return lib


def _error(status, message):
    """A PaystrikeError for `status`, named by the library (for errors the wrapper finds)."""
    name = load_library().paystrike_status_string(status).decode("ascii")
    return PaystrikeError(status, name, message)


def _check(status):
    if status != OK:
        message = load_library().paystrike_last_error().decode("utf-8", "replace")
        raise _error(status, message)


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


def _saved_image(save, *handles):
    """The bytes of a paystrike_*_save_buffer* call: asks for the size, then fills a buffer."""
    size = ctypes.c_size_t()
    _check(save(*handles, None, 0, ctypes.byref(size)))
    out = ctypes.create_string_buffer(max(size.value, 1))
    _check(save(*handles, out, size.value, ctypes.byref(size)))
    return out.raw[:size.value]


class _Handle:
    """Owns one C handle: released by close(), at the end of a with block, or when collected.
    Subclasses name their pointer type and paystrike_*_free function."""

    _pointer_type = None
    _free = None
    _what = "handle"

    def __init__(self, handle):
        self._handle = handle
        self._lib = load_library()

    @classmethod
    def _created(cls, function, *args):
        """Calls a C constructor whose last parameter receives the new handle."""
        handle = cls._pointer_type()
        _check(function(*args, ctypes.byref(handle)))
        return cls(handle)

    def close(self):
        if self._handle:
            getattr(self._lib, self._free)(self._handle)
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
            raise ValueError("the %s is closed" % self._what)
        return self._handle


class Model(_Handle):
    """A loaded, immutable paystrike score model. Safe to score from many threads at once."""

    _pointer_type = _ModelPtr
    _free = "paystrike_model_free"
    _what = "model"

    @classmethod
    def from_file(cls, path):
        return cls._created(load_library().paystrike_model_load_file, os.fsencode(path))

    @classmethod
    def from_buffer(cls, data):
        """Loads from the bytes of a model file (bytes, bytearray or any byte buffer)."""
        raw = bytes(data)
        return cls._created(load_library().paystrike_model_load_buffer, raw, len(raw))

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
                raise _error(E_DIMENSION_MISMATCH,
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

    @property
    def has_evidence_model(self):
        """Whether the model's file carried an evidence model (EvidenceModel.from_model)."""
        has = _i32()
        _check(self._lib.paystrike_model_has_evidence_model(self._live(), ctypes.byref(has)))
        return has.value == 1

    def save_file_with_evidence(self, path, evidence_model):
        """Saves this score model's file carrying `evidence_model` as well, so that one file
        holds both the score and its attribution."""
        _check(self._lib.paystrike_model_save_file_with_evidence(
            self._live(), evidence_model._live(), os.fsencode(path)))

    def to_bytes_with_evidence(self, evidence_model):
        """The bytes save_file_with_evidence would write."""
        return _saved_image(self._lib.paystrike_model_save_buffer_with_evidence, self._live(),
                            evidence_model._live())


# ---- Attribution: why did a high score default? (paystrike_attribution.h) ----

# Names of the input codes, as the evidence CSVs spell them (docs/attribution.md); the index is
# the PAYSTRIKE_COMPLAINT_* / _REGISTRY_* / _RESPONSE_* code. The C ABI names only its outputs.
COMPLAINT_CATEGORIES = ("post_sale_service", "product_defect", "billing_dispute", "delivery",
                        "collections_conduct", "other")
REGISTRY_ISSUES = ("billing_dispute", "service_or_product", "fraud_or_identity",
                   "collections_practice", "other")
COMPANY_RESPONSES = ("closed_with_explanation", "closed_with_non_monetary_relief",
                     "closed_with_monetary_relief", "closed", "untimely_response", "in_progress")


def _name(text):
    return text.decode("ascii")


def cause_names():
    """The real causes in PAYSTRIKE_CAUSE_* order, as the library names them."""
    lib = load_library()
    return tuple(_name(lib.paystrike_cause_name(c)) for c in range(CAUSE_COUNT))


def signal_names():
    """The signals in PAYSTRIKE_SIGNAL_* order, as the library names them."""
    lib = load_library()
    return tuple(_name(lib.paystrike_signal_name(s)) for s in range(SIGNAL_COUNT))


def _fields(item, names, where, optional=0):
    """The values of `names` from a tuple (in that order) or a dict (by name). The last
    `optional` names may be left out (None). A missing or unknown field is invalid_argument,
    so a typo is not silently dropped."""
    required = len(names) - optional
    if isinstance(item, dict):
        unknown = sorted(set(item) - set(names))
        missing = [n for n in names[:required] if n not in item]
        if unknown or missing:
            raise _error(E_INVALID_ARGUMENT, "%s: %s; the fields are %s" % (
                where, "unknown field %r" % unknown[0] if unknown else
                "missing field %r" % missing[0], ", ".join(names)))
        return [item.get(n) for n in names]
    values = list(item)
    if not required <= len(values) <= len(names):
        raise _error(E_INVALID_ARGUMENT, "%s: %d values given; expected (%s)" % (
            where, len(values), ", ".join(names)))
    return values + [None] * (len(names) - len(values))


def _real(value):
    """A double for C; None is missing (NaN), which the library refuses as missing_value."""
    return math.nan if value is None else float(value)


def _integer(value, bits, where):
    """An integer that fits the C field: ctypes would silently wrap one that does not."""
    value = operator.index(value)
    if not -(1 << (bits - 1)) <= value < (1 << (bits - 1)):
        raise _error(E_INVALID_ARGUMENT, "%s: %d does not fit an int%d_t" % (where, value, bits))
    return value


def _code(value, names, where):
    """A PAYSTRIKE_* input code from its name, or an integer code passed on for the library
    to check."""
    if isinstance(value, str):
        if value not in names:
            raise _error(E_INVALID_ARGUMENT, "%s: unknown name %r (one of %s)"
                         % (where, value, ", ".join(names)))
        return names.index(value)
    return _integer(value, 32, where)


def _billing_cycle(item, where):
    values = _fields(item, ("amount_due", "amount_paid", "status"), where)
    return _BillingCycle(*[_real(v) for v in values])


def _crm_complaint(item, where):
    """A CRM complaint: (opened_cycle, category, severity[, resolved_cycle]); no resolved_cycle
    (or None) means still open."""
    opened, category, severity, resolved_cycle = _fields(
        item, ("opened_cycle", "category", "severity", "resolved_cycle"), where, optional=1)
    return _CrmComplaint(_integer(opened, 64, where + " opened_cycle"),
                         _code(category, COMPLAINT_CATEGORIES, where + " category"),
                         _integer(severity, 32, where + " severity"),
                         int(resolved_cycle is not None),
                         0 if resolved_cycle is None else
                         _integer(resolved_cycle, 64, where + " resolved_cycle"))


def _bureau_snapshot(item, where):
    open_lines, delinquent, worst, utilisation, enquiries = _fields(
        item, ("open_trade_lines", "delinquent_trade_lines", "worst_status", "utilisation",
               "new_enquiries"), where)
    return _BureauSnapshot(_integer(open_lines, 32, where + " open_trade_lines"),
                           _integer(delinquent, 32, where + " delinquent_trade_lines"),
                           _real(worst), _real(utilisation),
                           _integer(enquiries, 32, where + " new_enquiries"))


def _registry_complaint(item, where):
    cycle, issue, response, timely = _fields(item, ("cycle", "issue", "response", "timely"),
                                             where)
    return _RegistryComplaint(_integer(cycle, 64, where + " cycle"),
                              _code(issue, REGISTRY_ISSUES, where + " issue"),
                              _code(response, COMPANY_RESPONSES, where + " response"),
                              _integer(timely, 32, where + " timely"))


def _array(struct, convert, items, where, keep):
    """A C array of `struct` from Python items (None or empty gives NULL and 0), kept alive in
    `keep` while the C call runs."""
    items = list(items or ())
    if not items:
        return None, 0
    values = (struct * len(items))(*[convert(x, "%s %d" % (where, k)) for k, x in enumerate(items)])
    keep.append(values)
    return ctypes.cast(values, ctypes.POINTER(struct)), len(items)


def _flag(explicit, given):
    """A has_* flag: the caller's, else whether the source was given."""
    return int(bool(given if explicit is None else explicit))


def _set_sources(record, where, keep, bureau, collections, registry_checked,
                 registry_complaints, registry_field):
    """The bureau, registry and collections fields shared by both C evidence structs."""
    if bureau is not None:
        record.has_bureau, record.bureau = 1, _bureau_snapshot(bureau, where + ", bureau")
    record.has_registry = _flag(registry_checked, registry_complaints is not None)
    pointer, count = _array(_RegistryComplaint, _registry_complaint, registry_complaints,
                            where + ", registry complaint", keep)
    setattr(record, registry_field, pointer)
    setattr(record, "n_" + registry_field, count)
    if collections is not None:
        segment, capacity = _fields(collections, ("segment", "payment_capacity_per_cycle"),
                                    where + ", collections")
        record.has_collections = 1
        record.collections_segment = _integer(segment, 32, where + ", collections segment")
        record.payment_capacity_per_cycle = _real(capacity)


class Customer:
    """One customer's evidence (paystrike_customer_evidence), in plain Python values.

    cycles: the payment history, oldest first, each (amount_due, amount_paid, status) or a dict
    with those keys (status in the Taiwan coding: <= 0 not delinquent, k = k cycles past due).
    first_cycle_after_scoring: cycles before it were seen by the score model.
    crm_complaints: dicts or tuples (opened_cycle, category, severity[, resolved_cycle]), the
    category a name of COMPLAINT_CATEGORIES or its code; resolved_cycle absent = still open.
    bureau: (open_trade_lines, delinquent_trade_lines, worst_status, utilisation,
    new_enquiries) or a dict.
    registry_complaints: (cycle, issue, response, timely), names from REGISTRY_ISSUES and
    COMPANY_RESPONSES or codes.
    collections: (segment, payment_capacity_per_cycle) or a dict.

    None means the source is missing and moves nothing; an empty list of complaints means
    "checked, none", which is evidence. crm_checked / registry_checked override that reading
    (as the evidence CSVs' columns do); complaints given with the flag False are refused by
    the library, never dropped. Times are billing-cycle indices (0 = the first cycle).
    """

    def __init__(self, cycles, first_cycle_after_scoring, *, id="", outside_training_range=False,
                 crm_complaints=None, bureau=None, registry_complaints=None, collections=None,
                 crm_checked=None, registry_checked=None):
        self.id = id
        self.cycles = list(cycles)
        self.first_cycle_after_scoring = first_cycle_after_scoring
        self.outside_training_range = outside_training_range
        self.crm_complaints = crm_complaints
        self.bureau = bureau
        self.registry_complaints = registry_complaints
        self.collections = collections
        self.crm_checked = crm_checked
        self.registry_checked = registry_checked

    def _to_c(self, keep):
        """The C record; every object its pointers reach is appended to `keep`."""
        where = "account '%s'" % self.id
        record = _CustomerEvidence()
        name = (self.id or "").encode("utf-8")
        keep.append(name)
        record.id = name
        record.cycles, record.n_cycles = _array(_BillingCycle, _billing_cycle, self.cycles,
                                                where + ", cycle", keep)
        record.first_cycle_after_scoring = _integer(self.first_cycle_after_scoring, 64,
                                                    where + ", first_cycle_after_scoring")
        record.outside_training_range = _integer(self.outside_training_range, 32,
                                                 where + ", outside_training_range")
        record.has_crm = _flag(self.crm_checked, self.crm_complaints is not None)
        record.crm_complaints, record.n_crm_complaints = _array(
            _CrmComplaint, _crm_complaint, self.crm_complaints, where + ", CRM complaint", keep)
        _set_sources(record, where, keep, self.bureau, self.collections, self.registry_checked,
                     self.registry_complaints, "registry_complaints")
        return record


def _customer_array(customers, keep):
    """A C array of customer records (for fitting and adapting), kept alive in `keep`."""
    customers = list(customers)
    records = (_CustomerEvidence * max(len(customers), 1))(*[c._to_c(keep) for c in customers])
    keep.append(records)
    return records, len(customers)


class Attribution:
    """The attribution of one customer (paystrike_attribution_result), codes turned into names.

    probability, prior_points, log_odds_points_vs_model_miss: dicts cause name -> value, in
    PAYSTRIKE_CAUSE_* order. contribution_points: signal name -> cause name -> points. Points
    are on the score's scale (PDO points double the odds of a cause against a plain model miss):
    prior_points[c] + the sum over signals of contribution_points[s][c] equals
    log_odds_points_vs_model_miss[c], and a missing signal contributes 0.
    most_likely_cause is the argmax; top_cause is the label ("undetermined" when the evidence
    is ambiguous and thin); labelled_by_threshold says the label came from a label threshold
    (the C result has no such field: it is derived by the rule its header documents).
    signal_states: signal name -> state name ("unknown" when the source is missing).
    onset_cycle: the first delinquent cycle, or the number of cycles if none.
    instalment: the suggested instalment per cycle (0 when there is no basis), with
    instalment_capped_by_capacity and instalment_from_history.
    """

    def __init__(self, result, thresholds):
        lib = load_library()
        causes, signals = cause_names(), signal_names()

        def per_cause(values):
            return dict(zip(causes, values))

        self.probability = per_cause(result.probability)
        self.most_likely_cause = _name(lib.paystrike_cause_name(result.most_likely_cause))
        self.top_cause = _name(lib.paystrike_cause_name(result.top_cause))
        self.labelled_by_threshold = (
            0 <= result.top_cause < CAUSE_COUNT and
            result.probability[result.top_cause] >= thresholds[result.top_cause])
        self.treatment = _name(lib.paystrike_treatment_name(result.treatment))
        self.signal_states = {
            signals[s]: _name(lib.paystrike_signal_state_name(s, result.signal_state[s]))
            for s in range(SIGNAL_COUNT)}
        self.onset_cycle = result.onset_cycle
        self.prior_points = per_cause(result.prior_points)
        self.contribution_points = {signals[s]: per_cause(result.contribution_points[s])
                                    for s in range(SIGNAL_COUNT)}
        self.log_odds_points_vs_model_miss = per_cause(result.log_odds_points_vs_model_miss)
        self.instalment = result.instalment
        self.instalment_capped_by_capacity = result.instalment_capped_by_capacity == 1
        self.instalment_from_history = result.instalment_from_history == 1

    def __repr__(self):
        return "Attribution(top_cause=%r, treatment=%r, probability=%r)" % (
            self.top_cause, self.treatment, self.probability)


class EvidenceModel(_Handle):
    """An evidence model: priors and likelihood tables, label thresholds and the points scaling
    (docs/attribution.md). Attribute with attribute(model, customer) or a Monitor. Reading it
    from many threads at once is safe; setting label_thresholds is not, while others use it."""

    _pointer_type = _EvidenceModelPtr
    _free = "paystrike_evidence_model_free"
    _what = "evidence model"

    @classmethod
    def default(cls, pdo=20.0):
        """The documented default model, with points of `pdo` points to double the odds (use
        the score's PDO so that attribution points read like score points)."""
        return cls._created(load_library().paystrike_evidence_model_default, pdo)

    @classmethod
    def fit(cls, cases, causes, smoothing=1.0, pdo=20.0):
        """Fits a model on investigated customers: cases are Customers, causes their established
        causes (names of cause_names() or codes 0..3), with additive smoothing (1 = Laplace)."""
        causes = list(causes)
        keep = []
        records, count = _customer_array(cases, keep)
        if len(causes) != count:
            raise _error(E_DIMENSION_MISMATCH, "%d cases but %d causes" % (count, len(causes)))
        names = cause_names()
        codes = (_i32 * max(count, 1))(*[_code(c, names, "case %d cause" % i)
                                          for i, c in enumerate(causes)])
        return cls._created(load_library().paystrike_evidence_model_fit, records, codes, count,
                            smoothing, pdo)

    @classmethod
    def from_file(cls, path):
        """Loads an evidence model file (.pse)."""
        return cls._created(load_library().paystrike_evidence_model_load_file,
                            os.fsencode(path))

    @classmethod
    def from_buffer(cls, data):
        """Loads from the bytes of an evidence model file."""
        raw = bytes(data)
        return cls._created(load_library().paystrike_evidence_model_load_buffer, raw, len(raw))

    @classmethod
    def from_model(cls, model):
        """A copy of the evidence model a score model's file carried (see
        Model.has_evidence_model); it outlives `model`. Raises undefined when there is none."""
        return cls._created(load_library().paystrike_evidence_model_from_model, model._live())

    def save_file(self, path):
        _check(self._lib.paystrike_evidence_model_save_file(self._live(), os.fsencode(path)))

    def to_bytes(self):
        """The bytes of the evidence model file save_file writes."""
        return _saved_image(self._lib.paystrike_evidence_model_save_buffer, self._live())

    @property
    def label_thresholds(self):
        """Cause name -> threshold in (0, 1]: a cause whose probability reaches its threshold
        may be labelled although not the most likely; 1 leaves it to the argmax."""
        values = (_double * CAUSE_COUNT)()
        _check(self._lib.paystrike_evidence_model_label_thresholds(self._live(), values))
        return dict(zip(cause_names(), values))

    @label_thresholds.setter
    def label_thresholds(self, thresholds):
        """Takes a dict of all four causes by name, or four values in cause order."""
        if isinstance(thresholds, dict):
            thresholds = [thresholds[c] for c in cause_names()]
        values = list(thresholds)
        if len(values) != CAUSE_COUNT:
            raise _error(E_DIMENSION_MISMATCH, "%d label thresholds given; there are %d causes"
                         % (len(values), CAUSE_COUNT))
        _check(self._lib.paystrike_evidence_model_set_label_thresholds(
            self._live(), (_double * CAUSE_COUNT)(*[_real(v) for v in values])))

    def adapt_to_portfolio(self, defaulters):
        """A new model whose service-dispute share is re-estimated on a portfolio's defaulters
        (Customers, no labels needed; at least 200), thresholds set again. This one is kept."""
        keep = []
        records, count = _customer_array(defaulters, keep)
        return self._created(self._lib.paystrike_evidence_model_adapt_to_portfolio,
                             self._live(), records, count)

    def adapt_causes_to_portfolio(self, defaulters, causes):
        """As adapt_to_portfolio, re-estimating the share of each cause named in `causes` (the
        others keep their ratios); every cause is the plain EM, which docs/attribution.md
        advises against."""
        names = cause_names()
        chosen = {_code(c, names, "adapted cause") for c in causes}
        mask = (_i32 * CAUSE_COUNT)(*[int(c in chosen) for c in range(CAUSE_COUNT)])
        keep = []
        records, count = _customer_array(defaulters, keep)
        return self._created(self._lib.paystrike_evidence_model_adapt_causes_to_portfolio,
                             self._live(), records, count, mask)

    def _result(self, call, *args):
        """An Attribution from a C call that fills a paystrike_attribution_result."""
        result = _AttributionResult()
        _check(call(*args, ctypes.byref(result)))
        return Attribution(result, list(self.label_thresholds.values()))


def attribute(model, customer):
    """Attributes one Customer with an EvidenceModel: why it defaulted, and what to do."""
    keep = []
    record = customer._to_c(keep)
    return model._result(model._lib.paystrike_attribute, model._live(), ctypes.byref(record))


class Monitor(_Handle):
    """One customer's evidence taken one billing cycle at a time (early warning,
    docs/early_warning.md): attribute() after the last cycle equals attribute() on the whole
    history given at once. One thread at a time per monitor."""

    _pointer_type = _MonitorPtr
    _free = "paystrike_monitor_free"
    _what = "monitor"

    def __init__(self, first_cycle_after_scoring, *, id="", outside_training_range=False):
        """A monitor for customer `id`, scored after first_cycle_after_scoring cycles."""
        handle = _MonitorPtr()
        _check(load_library().paystrike_monitor_create(
            (id or "").encode("utf-8"),
            _integer(first_cycle_after_scoring, 64, "first_cycle_after_scoring"),
            _integer(outside_training_range, 32, "outside_training_range"),
            ctypes.byref(handle)))
        super().__init__(handle)
        self.id = id

    def add_cycle(self, cycle, *, crm_opened=None, crm_resolved=None, bureau=None,
                  registry_filed=None, collections=None, crm_checked=None,
                  registry_checked=None):
        """Takes the next cycle: `cycle` as Customer's cycles; crm_opened the complaints
        opened in it (their opened_cycle is this cycle), crm_resolved the arrival indices
        (0 = the customer's first complaint given) of earlier complaints resolved in it (one
        opened and resolved in this cycle comes in crm_opened with resolved_cycle = this cycle);
        bureau / collections a new snapshot or view; registry_filed the complaints filed in
        it. Sources follow Customer's rule (None = not checked in this cycle). A refused cycle
        leaves the monitor unchanged."""
        where = "account '%s', cycle %d" % (self.id, self.cycles_seen)
        keep = []
        record = _CycleEvidence()
        record.cycle = _billing_cycle(cycle, where)
        record.has_crm = _flag(crm_checked,
                               crm_opened is not None or crm_resolved is not None)
        record.crm_opened, record.n_crm_opened = _array(
            _CrmComplaint, _crm_complaint, crm_opened, where + ", CRM complaint", keep)
        record.crm_resolved, record.n_crm_resolved = _array(
            _i64, lambda k, at: _integer(k, 64, at), crm_resolved, where + ", resolved", keep)
        _set_sources(record, where, keep, bureau, collections, registry_checked,
                     registry_filed, "registry_filed")
        _check(self._lib.paystrike_monitor_add_cycle(self._live(), ctypes.byref(record)))

    def attribute(self, model):
        """The attribution as of the last cycle taken, with an EvidenceModel."""
        return model._result(self._lib.paystrike_monitor_attribute, self._live(), model._live())

    @property
    def cycles_seen(self):
        count = _i64()
        _check(self._lib.paystrike_monitor_cycles_seen(self._live(), ctypes.byref(count)))
        return count.value
