"""Tests of examples/python/paystrike.py, the ctypes wrapper over the C ABI.

Run by ctest (test python.wrapper) with PAYSTRIKE_LIBRARY pointing at the built libpaystrike.so
and PYTHONPATH at examples/python. The model file is built here byte by byte from the format
description (docs/model_file_format.md), so this also checks the format from a second language.
The attribution's expectations are computed here from the tables and rules of
docs/attribution.md, not read back from the library.
"""

import ctypes
import math
import os
import struct
import tempfile
import threading
import unittest
import zlib
from array import array

import paystrike

# Case C09: inputs x1 x2 x3, intercept 0.5, coefficients [1, -2, 0.25] on linear terms.
C09_PAYLOAD = (
    b"22 serialization::archive 18 0 1 3 2 120 49 2 120 50 2 120 51 3 0 0 0 3 "
    b"4621819117588971520 4621819117588971520 4621819117588971520 3 0 1 2 120 49 0 0 0 2 120 "
    b"50 1 0 0 2 120 51 2 0 0 4602678819172646912 3 4607182418800017408 13835058055282163712 "
    b"4598175219545276416 0 1 4648488871632306176 4632233691727265792 4626322717216342016\n")
C09_P_GOOD = [0.14804719803168948, 0.01798620996209156]
MAGIC = b"\x89PSK\r\n\x1a\n"


def model_file(payload=C09_PAYLOAD, version=1):
    return MAGIC + struct.pack("<IQI", version, len(payload), zlib.crc32(payload)) + payload


class WrapperTest(unittest.TestCase):
    def setUp(self):
        self.model = paystrike.Model.from_buffer(model_file())

    def tearDown(self):
        self.model.close()

    def test_version_matches_the_wrapper(self):
        number, text = paystrike.library_version()
        self.assertEqual(number, paystrike.WRAPPER_ABI_VERSION_NUMBER)
        self.assertEqual(text, "0.1.0")

    def test_features(self):
        self.assertEqual(self.model.num_features, 3)
        self.assertEqual(self.model.feature_names, ["x1", "x2", "x3"])

    def test_c09_scores_exactly_from_lists_buffers_and_rows(self):
        scores, p_good = self.model.score([[1, 2, 3], [4, 5, 6]])
        self.assertEqual(p_good, C09_P_GOOD)
        buf_scores, buf_p = self.model.score_buffer(array("d", [1, 2, 3, 4, 5, 6]), 2, 3)
        self.assertEqual(list(buf_p), C09_P_GOOD)
        self.assertEqual(list(buf_scores), scores)
        col_scores, col_p = self.model.score_buffer(array("d", [1, 4, 2, 5, 3, 6]), 2, 3,
                                                    row_stride=1, col_stride=2)
        self.assertEqual(list(col_p), C09_P_GOOD)
        self.assertEqual(list(col_scores), scores)
        readonly = memoryview(array("d", [4, 5, 6]).tobytes()).cast("d")
        self.assertEqual(list(self.model.score_buffer(readonly, 1, 3)[1]), C09_P_GOOD[1:])
        for i, row in enumerate([[1, 2, 3], [4, 5, 6]]):
            self.assertEqual(self.model.score_row(row), (scores[i], C09_P_GOOD[i]))

    def test_file_round_trip(self):
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "c09.psm")
            with open(path, "wb") as f:
                f.write(model_file())
            with paystrike.Model.from_file(path) as model:
                self.assertEqual(model.score([[1, 2, 3]])[1], C09_P_GOOD[:1])

    def test_missing_value_names_row_and_column(self):
        with self.assertRaises(paystrike.PaystrikeError) as caught:
            self.model.score([[1, 2, 3], [4, None, 6]])
        self.assertEqual(caught.exception.status, paystrike.E_MISSING_VALUE)
        self.assertIn("row 1, column 1 (x2)", caught.exception.message)
        with self.assertRaises(paystrike.PaystrikeError) as caught:
            self.model.score_row([1, 2, math.nan])
        self.assertEqual(caught.exception.name, "missing_value")

    def test_wrong_column_count(self):
        with self.assertRaises(paystrike.PaystrikeError) as caught:
            self.model.score_buffer(array("d", [1, 2, 3, 4]), 2, 2)
        self.assertEqual(caught.exception.status, paystrike.E_DIMENSION_MISMATCH)
        self.assertIn("takes 3 input columns but 2 were given", caught.exception.message)
        with self.assertRaises(paystrike.PaystrikeError) as caught:
            self.model.score([[1, 2]])
        self.assertEqual(caught.exception.status, paystrike.E_DIMENSION_MISMATCH)

    def test_damaged_and_foreign_files_are_refused(self):
        damaged = bytearray(model_file())
        damaged[-10] ^= 0x01
        cases = [
            (bytes(damaged), paystrike.E_CHECKSUM_MISMATCH),
            (model_file(version=2), paystrike.E_UNSUPPORTED_VERSION),
            (b"PK\x03\x04" + model_file()[4:], paystrike.E_BAD_FORMAT),
            (model_file()[:100], paystrike.E_BAD_FORMAT),
            (b"", paystrike.E_BAD_FORMAT),
        ]
        for data, status in cases:
            with self.assertRaises(paystrike.PaystrikeError) as caught:
                paystrike.Model.from_buffer(data)
            self.assertEqual(caught.exception.status, status, caught.exception)

    def test_missing_file_names_the_path(self):
        with self.assertRaises(paystrike.PaystrikeError) as caught:
            paystrike.Model.from_file("/nonexistent/dir/model.psm")
        self.assertEqual(caught.exception.status, paystrike.E_IO_ERROR)
        self.assertIn("/nonexistent/dir/model.psm", caught.exception.message)

    def test_threads_share_one_model(self):
        wrong = []

        def work():
            for _ in range(500):
                if self.model.score([[1, 2, 3], [4, 5, 6]])[1] != C09_P_GOOD:
                    wrong.append(1)
                if self.model.score_row([4, 5, 6])[1] != C09_P_GOOD[1]:
                    wrong.append(1)

        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(wrong, [])

    def test_closed_model_is_refused(self):
        self.model.close()
        self.model.close()  # idempotent
        with self.assertRaises(ValueError):
            self.model.num_features


# ---- Attribution ----

CAUSES = ("service_dispute", "financial_distress", "first_payment_default_or_fraud", "model_miss")
FACTOR_PDO_20 = 20 / math.log(2)  # points per unit of natural log odds
# The default tables of docs/attribution.md, in the states the disputing customer shows
# (SD, FD, FPD, MM).
DEFAULT_PRIOR = (0.10, 0.55, 0.05, 0.30)
DISPUTE_LIKELIHOODS = {
    "behaviour": (0.55, 0.12, 0.05, 0.15),  # abrupt_stop
    "complaint": (0.40, 0.03, 0.02, 0.03),  # service_unresolved_before_onset
    "bureau": (0.70, 0.15, 0.15, 0.50),  # current_elsewhere
    "registry": (0.920, 0.977, 0.968, 0.987),  # none
    "training_range": (0.95, 0.93, 0.85, 0.75),  # inside
}
DISPUTE_CYCLES = [(100, 100, -1), (100, 100, -1), (100, 120, -1), (100, 100, 0), (100, 0, 2),
                  (100, 0, 3)]


def dispute_customer(**changes):
    """tests/test_capi_attribution.cpp's C-42: a clean history, a product-defect complaint
    opened at cycle 3 and still open at the stop in cycle 4 (resolved at 5), current elsewhere,
    the registry checked with no complaint, a payment capacity of 80."""
    fields = dict(
        cycles=DISPUTE_CYCLES, first_cycle_after_scoring=3, id="C-42",
        crm_complaints=[{"opened_cycle": 3, "category": "product_defect", "severity": 2,
                         "resolved_cycle": 5}],
        bureau=(5, 0, -1.0, 0.4, 1), registry_complaints=[],
        collections={"segment": 2, "payment_capacity_per_cycle": 80.0})
    fields.update(changes)
    return paystrike.Customer(**fields)


def distress_customer(i=0):
    """A slide into arrears while delinquent elsewhere, no CRM data."""
    return paystrike.Customer(
        [(100, 100, 0), (100, 60, 1), (100, 50, 2), (100, 40, 3)], 1, id="D-%d" % i,
        bureau={"open_trade_lines": 4, "delinquent_trade_lines": 2, "worst_status": 2,
                "utilisation": 0.95, "new_enquiries": 4})


def posterior(prior, likelihoods):
    weights = [prior[c] * math.prod(l[c] for l in likelihoods) for c in range(4)]
    return [w / sum(weights) for w in weights]


class AttributionTest(unittest.TestCase):
    def setUp(self):
        self.model = paystrike.EvidenceModel.default(20.0)

    def tearDown(self):
        self.model.close()

    def assert_points_add_up(self, result):
        for cause in CAUSES:
            total = result.prior_points[cause] + sum(
                result.contribution_points[s][cause] for s in result.contribution_points)
            self.assertAlmostEqual(total, result.log_odds_points_vs_model_miss[cause], places=9)

    @unittest.skipUnless(ctypes.sizeof(ctypes.c_void_p) == 8, "sizes measured on LP64")
    def test_structs_mirror_the_c_header(self):
        # sizeof and offsetof as a C compiler gives them for paystrike_attribution.h on LP64.
        expected = {
            "_BillingCycle": (24, {}),
            "_CrmComplaint": (32, {"resolved_cycle": 24}),
            "_BureauSnapshot": (32, {"worst_status": 8, "new_enquiries": 24}),
            "_RegistryComplaint": (24, {}),
            "_CustomerEvidence": (136, {"first_cycle_after_scoring": 24, "crm_complaints": 40,
                                        "bureau": 64, "registry_complaints": 104,
                                        "payment_capacity_per_cycle": 128}),
            "_CycleEvidence": (144, {"crm_resolved": 48, "bureau": 72, "registry_filed": 112,
                                     "payment_capacity_per_cycle": 136}),
            "_AttributionResult": (312, {"signal_state": 44, "onset_cycle": 64,
                                         "contribution_points": 104, "instalment": 296,
                                         "instalment_from_history": 308}),
        }
        for name, (size, offsets) in expected.items():
            struct_type = getattr(paystrike, name)
            self.assertEqual(ctypes.sizeof(struct_type), size, name)
            for field, offset in offsets.items():
                self.assertEqual(getattr(struct_type, field).offset, offset, (name, field))

    def test_names_come_from_the_library(self):
        self.assertEqual(paystrike.cause_names(), CAUSES)
        self.assertEqual(paystrike.signal_names(), tuple(DISPUTE_LIKELIHOODS))

    def test_a_service_complaint_before_an_abrupt_stop_is_a_service_dispute(self):
        result = paystrike.attribute(self.model, dispute_customer())
        self.assertEqual(result.top_cause, "service_dispute")
        self.assertEqual(result.most_likely_cause, "service_dispute")
        self.assertTrue(result.labelled_by_threshold)
        self.assertEqual(result.treatment, "service_recovery_and_payment_plan")
        self.assertEqual(result.signal_states, {
            "behaviour": "abrupt_stop", "complaint": "service_unresolved_before_onset",
            "bureau": "current_elsewhere", "registry": "none", "training_range": "inside"})
        self.assertEqual(result.onset_cycle, 4)
        # The median of the positive payments (100), capped by the capacity 80.
        self.assertEqual(result.instalment, 80.0)
        self.assertTrue(result.instalment_capped_by_capacity)
        self.assertTrue(result.instalment_from_history)

    def test_probabilities_and_points_follow_the_default_tables(self):
        result = paystrike.attribute(self.model, dispute_customer())
        expected = posterior(DEFAULT_PRIOR, DISPUTE_LIKELIHOODS.values())
        self.assertEqual(list(result.probability), list(CAUSES))
        for c, cause in enumerate(CAUSES):
            self.assertAlmostEqual(result.probability[cause], expected[c], places=12)
            self.assertAlmostEqual(result.prior_points[cause], FACTOR_PDO_20 * math.log(
                DEFAULT_PRIOR[c] / DEFAULT_PRIOR[3]), places=9)
            for signal, likelihood in DISPUTE_LIKELIHOODS.items():
                self.assertAlmostEqual(
                    result.contribution_points[signal][cause],
                    FACTOR_PDO_20 * math.log(likelihood[c] / likelihood[3]), places=9)
        self.assertAlmostEqual(sum(result.probability.values()), 1.0, places=15)
        self.assert_points_add_up(result)
        for signal in DISPUTE_LIKELIHOODS:  # model miss is the null cause
            self.assertEqual(result.contribution_points[signal]["model_miss"], 0.0)

    def test_a_missing_source_contributes_exactly_zero(self):
        result = paystrike.attribute(self.model, dispute_customer(
            crm_complaints=None, bureau=None, registry_complaints=None))
        for signal in ("complaint", "bureau", "registry"):
            self.assertEqual(result.signal_states[signal], "unknown")
            self.assertEqual(result.contribution_points[signal], dict.fromkeys(CAUSES, 0.0))
        expected = posterior(DEFAULT_PRIOR, [DISPUTE_LIKELIHOODS["behaviour"],
                                             DISPUTE_LIKELIHOODS["training_range"]])
        for c, cause in enumerate(CAUSES):
            self.assertAlmostEqual(result.probability[cause], expected[c], places=12)
        self.assert_points_add_up(result)
        # "Checked, none" is evidence: the CRM's "none" state moves the odds.
        checked = paystrike.attribute(self.model, dispute_customer(crm_complaints=[]))
        self.assertEqual(checked.signal_states["complaint"], "none")
        self.assertAlmostEqual(checked.contribution_points["complaint"]["financial_distress"],
                               FACTOR_PDO_20 * math.log(0.70 / 0.85), places=9)

    def test_pdo_40_doubles_the_points_and_leaves_the_probabilities(self):
        customer = dispute_customer()
        at_20 = paystrike.attribute(self.model, customer)
        with paystrike.EvidenceModel.default(pdo=40) as model_40:
            at_40 = paystrike.attribute(model_40, customer)
        self.assertEqual(at_40.probability, at_20.probability)
        self.assertEqual(at_40.top_cause, at_20.top_cause)
        for cause in CAUSES:  # doubling is exact in binary floating point
            self.assertEqual(at_40.prior_points[cause], 2 * at_20.prior_points[cause])
            self.assertEqual(at_40.log_odds_points_vs_model_miss[cause],
                             2 * at_20.log_odds_points_vs_model_miss[cause])
            for signal in at_20.contribution_points:
                self.assertEqual(at_40.contribution_points[signal][cause],
                                 2 * at_20.contribution_points[signal][cause])

    def test_the_monitor_after_every_cycle_equals_attribute_on_the_history(self):
        with paystrike.Monitor(3, id="C-42") as monitor:
            with self.assertRaises(paystrike.PaystrikeError) as caught:
                monitor.attribute(self.model)  # no cycle yet
            self.assertEqual(caught.exception.name, "invalid_argument")
            dispute_share = []
            for t, cycle in enumerate(DISPUTE_CYCLES):
                extra = {}
                if t == 0:
                    extra = dict(bureau=(5, 0, -1.0, 0.4, 1), collections=(2, 80.0))
                monitor.add_cycle(
                    {"amount_due": cycle[0], "amount_paid": cycle[1], "status": cycle[2]},
                    crm_opened=[(3, "product_defect", 2)] if t == 3 else [],
                    crm_resolved=[0] if t == 5 else None, registry_filed=[], **extra)
                dispute_share.append(monitor.attribute(self.model).probability["service_dispute"])
            self.assertEqual(monitor.cycles_seen, 6)
            self.assertGreater(dispute_share[4], dispute_share[3])  # the stop after a complaint
            self.assertEqual(vars(monitor.attribute(self.model)),
                             vars(paystrike.attribute(self.model, dispute_customer())))
            # A refused cycle (complaint 0 resolved again) leaves the monitor unchanged.
            with self.assertRaises(paystrike.PaystrikeError) as caught:
                monitor.add_cycle((100, 0, 4), crm_resolved=[0])
            self.assertEqual(caught.exception.name, "invalid_argument")
            self.assertIn("account 'C-42', cycle 6", caught.exception.message)
            self.assertEqual(monitor.cycles_seen, 6)
        with self.assertRaises(ValueError):
            monitor.cycles_seen
        with self.assertRaises(paystrike.PaystrikeError) as caught:
            paystrike.Monitor(-1)
        self.assertEqual(caught.exception.name, "invalid_argument")

    def test_label_thresholds(self):
        thresholds = self.model.label_thresholds
        self.assertEqual(list(thresholds), list(CAUSES))
        # The documented defaults: disputes 0.276 and fraud 0.274, the others the argmax's.
        self.assertEqual(round(thresholds["service_dispute"], 3), 0.276)
        self.assertEqual(round(thresholds["first_payment_default_or_fraud"], 3), 0.274)
        self.assertEqual(thresholds["financial_distress"], 1.0)
        self.assertEqual(thresholds["model_miss"], 1.0)
        # A distressed customer is labelled a dispute once the dispute threshold is tiny.
        customer = distress_customer()
        plain = paystrike.attribute(self.model, customer)
        self.assertEqual(plain.top_cause, "financial_distress")
        self.model.label_thresholds = [1e-9, 1.0, 1.0, 1.0]
        forced = paystrike.attribute(self.model, customer)
        self.assertEqual(forced.most_likely_cause, "financial_distress")
        self.assertEqual(forced.top_cause, "service_dispute")
        self.assertTrue(forced.labelled_by_threshold)
        self.assertEqual(forced.treatment, "service_recovery_and_payment_plan")
        self.assertEqual(forced.probability, plain.probability)
        self.model.label_thresholds = dict.fromkeys(CAUSES, 1.0)  # the plain argmax label
        argmax = paystrike.attribute(self.model, dispute_customer())
        self.assertEqual(argmax.top_cause, "service_dispute")
        self.assertFalse(argmax.labelled_by_threshold)
        for bad, cause in (([0.0, 1, 1, 1], "service_dispute"),
                           ([1, math.nan, 1, 1], "financial_distress"),
                           ([1, 1, 1, 1.5], "model_miss")):
            with self.assertRaises(paystrike.PaystrikeError) as caught:
                self.model.label_thresholds = bad
            self.assertEqual(caught.exception.name, "invalid_argument")
            self.assertIn(cause, caught.exception.message)
        self.assertEqual(self.model.label_thresholds, dict.fromkeys(CAUSES, 1.0))  # unchanged
        with self.assertRaises(paystrike.PaystrikeError) as caught:
            self.model.label_thresholds = [0.5, 1.0]
        self.assertEqual(caught.exception.name, "dimension_mismatch")

    def test_fitting_counts_the_cases_with_smoothing(self):
        # 40 identical cases: 20 disputes, 10 distress, 5 fraud, 5 model miss.
        causes = ["service_dispute"] * 20 + ["financial_distress"] * 10 + \
            ["first_payment_default_or_fraud"] * 5 + ["model_miss"] * 5
        cases = [dispute_customer(id="case-%d" % i) for i in range(40)]
        counts = (20, 10, 5, 5)
        with paystrike.EvidenceModel.fit(cases, causes, smoothing=1.0, pdo=20.0) as fitted:
            result = paystrike.attribute(fitted, dispute_customer())
            # prior(c) = (n_c + 1) / (n + 4); P(state | c) = (n_state,c + 1) / (n_c + K), K the
            # signal's known states (behaviour 5, training range 2).
            for c, cause in enumerate(CAUSES):
                self.assertAlmostEqual(result.prior_points[cause], FACTOR_PDO_20 * math.log(
                    (counts[c] + 1) / (counts[3] + 1)), places=9)
                for signal, states in (("behaviour", 5), ("training_range", 2)):
                    self.assertAlmostEqual(
                        result.contribution_points[signal][cause], FACTOR_PDO_20 * math.log(
                            ((counts[c] + 1) / (counts[c] + states)) /
                            ((counts[3] + 1) / (counts[3] + states))), places=9)
            self.assertNotEqual(fitted.label_thresholds["service_dispute"], 1.0)
            codes = [CAUSES.index(c) for c in causes]
            with paystrike.EvidenceModel.fit(cases, codes) as by_code:
                self.assertEqual(by_code.to_bytes(), fitted.to_bytes())
        causes[7] = "undetermined"  # a label, not a cause
        for bad_causes in (causes, codes[:7] + [4] + codes[8:]):
            with self.assertRaises(paystrike.PaystrikeError) as caught:
                paystrike.EvidenceModel.fit(cases, bad_causes)
            self.assertEqual(caught.exception.name, "invalid_argument")
            self.assertIn("case 7", caught.exception.message)
        with self.assertRaises(paystrike.PaystrikeError) as caught:
            paystrike.EvidenceModel.fit(cases, codes[:39])
        self.assertEqual(caught.exception.name, "dimension_mismatch")
        with self.assertRaises(paystrike.PaystrikeError) as caught:
            paystrike.EvidenceModel.fit([], [])
        self.assertEqual(caught.exception.name, "invalid_argument")

    def test_saved_and_reloaded_models_give_bit_identical_probabilities(self):
        cases = [dispute_customer(id="a%d" % i) for i in range(20)] + \
            [distress_customer(i) for i in range(20)]
        causes = ["service_dispute"] * 15 + ["model_miss"] * 5 + ["financial_distress"] * 20
        customers = [dispute_customer(), distress_customer(), dispute_customer(bureau=None)]
        with paystrike.EvidenceModel.fit(cases, causes, smoothing=0.5, pdo=40.0) as fitted, \
                tempfile.TemporaryDirectory() as directory:
            fitted.label_thresholds = [0.3125, 1.0, 0.2, 0.9]
            path = os.path.join(directory, "fitted.pse")
            fitted.save_file(path)
            with open(path, "rb") as f:
                self.assertEqual(f.read(), fitted.to_bytes())
            for loaded in (paystrike.EvidenceModel.from_file(path),
                           paystrike.EvidenceModel.from_buffer(fitted.to_bytes())):
                with loaded:
                    self.assertEqual(loaded.label_thresholds, fitted.label_thresholds)
                    self.assertEqual(loaded.to_bytes(), fitted.to_bytes())
                    for customer in customers:
                        self.assertEqual(vars(paystrike.attribute(loaded, customer)),
                                         vars(paystrike.attribute(fitted, customer)))

    def test_damaged_evidence_model_files_are_refused(self):
        image = bytearray(self.model.to_bytes())
        image[-3] ^= 0x01
        for data, status in ((bytes(image), "checksum_mismatch"), (b"not a model", "bad_format"),
                             (b"", "bad_format")):
            with self.assertRaises(paystrike.PaystrikeError) as caught:
                paystrike.EvidenceModel.from_buffer(data)
            self.assertEqual(caught.exception.name, status)
        with self.assertRaises(paystrike.PaystrikeError) as caught:
            paystrike.EvidenceModel.from_file("/nonexistent/dir/x.pse")
        self.assertEqual(caught.exception.name, "io_error")

    def test_adapting_to_a_portfolio(self):
        # 200 defaulters, half of them disputes: far above the default 10% share.
        defaulters = [dispute_customer(id="s%d" % i) for i in range(100)] + \
            [distress_customer(i) for i in range(100)]
        before = self.model.to_bytes()
        with self.model.adapt_to_portfolio(defaulters) as adapted, \
                self.model.adapt_causes_to_portfolio(defaulters, ["service_dispute"]) as same, \
                self.model.adapt_causes_to_portfolio(defaulters, CAUSES) as every:
            self.assertEqual(self.model.to_bytes(), before)  # the model itself is kept
            self.assertEqual(same.to_bytes(), adapted.to_bytes())
            self.assertNotEqual(every.to_bytes(), adapted.to_bytes())
            plain = paystrike.attribute(self.model, distress_customer())
            result = paystrike.attribute(adapted, distress_customer())
            self.assertGreater(result.prior_points["service_dispute"],
                               plain.prior_points["service_dispute"])
            # The other causes keep their ratios to one another.
            self.assertAlmostEqual(result.prior_points["financial_distress"],
                                   plain.prior_points["financial_distress"], places=9)
        with self.assertRaises(paystrike.PaystrikeError) as caught:
            self.model.adapt_to_portfolio(defaulters[:199])
        self.assertEqual(caught.exception.name, "invalid_argument")
        self.assertIn("200", caught.exception.message)
        with self.assertRaises(paystrike.PaystrikeError) as caught:
            self.model.adapt_causes_to_portfolio(defaulters, ["fraud"])
        self.assertEqual(caught.exception.name, "invalid_argument")
        defaulters[150] = dispute_customer(id="bad", cycles=[(100, math.nan, 0)] * 6)
        with self.assertRaises(paystrike.PaystrikeError) as caught:
            self.model.adapt_to_portfolio(defaulters)
        self.assertEqual(caught.exception.name, "missing_value")
        self.assertIn("defaulter 150", caught.exception.message)

    def test_bad_evidence_raises_with_the_status_name(self):
        def refused(customer, name, part):
            with self.assertRaises(paystrike.PaystrikeError) as caught:
                paystrike.attribute(self.model, customer)
            self.assertEqual(caught.exception.name, name, caught.exception)
            self.assertEqual(caught.exception.status,
                             getattr(paystrike, "E_" + name.upper()))
            self.assertIn(part, caught.exception.message)

        cycles = list(DISPUTE_CYCLES)
        cycles[4] = (100, math.nan, 2)
        refused(dispute_customer(cycles=cycles), "missing_value", "account 'C-42', cycle 4")
        cycles[4] = (100, None, 2)
        refused(dispute_customer(cycles=cycles), "missing_value", "cycle 4")
        refused(dispute_customer(crm_complaints=[(3, "warranty", 2)]), "invalid_argument",
                "unknown name 'warranty'")
        refused(dispute_customer(crm_complaints=[(3, 17, 2)]), "invalid_argument",
                "CRM complaint 0: unknown category 17")
        refused(dispute_customer(crm_checked=False), "invalid_argument",
                "CRM complaints given with has_crm 0")
        refused(dispute_customer(registry_checked=False,
                                 registry_complaints=[(3, "billing_dispute", "closed", 1)]),
                "invalid_argument", "registry complaints given with has_registry 0")
        refused(dispute_customer(registry_complaints=[(3, "billing_dispute", "lost", 1)]),
                "invalid_argument", "unknown name 'lost'")
        refused(dispute_customer(crm_complaints=[(9, "delivery", 2)]), "invalid_argument",
                "beyond the history")
        refused(dispute_customer(cycles=[]), "invalid_argument", "no billing cycle")
        refused(dispute_customer(cycles=[{"amount_due": 1, "amount_payed": 1, "status": 0}]),
                "invalid_argument", "unknown field 'amount_payed'")
        refused(dispute_customer(bureau=(5, 0, -1.0, 0.4)), "invalid_argument",
                "4 values given")
        refused(dispute_customer(crm_complaints=[(3, "delivery", 2 ** 40)]), "invalid_argument",
                "does not fit an int32_t")
        refused(dispute_customer(first_cycle_after_scoring=7), "invalid_argument", "C-42")
        with self.assertRaises(paystrike.PaystrikeError) as caught:
            paystrike.EvidenceModel.default(0.0)
        self.assertEqual(caught.exception.name, "invalid_argument")

    def test_an_evidence_model_travels_inside_a_score_model_file(self):
        with paystrike.Model.from_buffer(model_file()) as plain:
            self.assertFalse(plain.has_evidence_model)
            with self.assertRaises(paystrike.PaystrikeError) as caught:
                paystrike.EvidenceModel.from_model(plain)
            self.assertEqual(caught.exception.status, paystrike.E_UNDEFINED)
            self.assertEqual(caught.exception.name, "undefined")
            self.model.label_thresholds = [0.3, 1.0, 0.25, 1.0]
            with tempfile.TemporaryDirectory() as directory:
                path = os.path.join(directory, "with_evidence.psm")
                plain.save_file_with_evidence(path, self.model)
                with open(path, "rb") as f:
                    self.assertEqual(f.read(), plain.to_bytes_with_evidence(self.model))
                score_model = paystrike.Model.from_file(path)
        self.assertTrue(score_model.has_evidence_model)
        self.assertEqual(score_model.score([[1, 2, 3], [4, 5, 6]])[1], C09_P_GOOD)
        carried = paystrike.EvidenceModel.from_model(score_model)
        score_model.close()  # the evidence model is a copy: it outlives the score model
        with carried:
            self.assertEqual(carried.to_bytes(), self.model.to_bytes())
            self.assertEqual(vars(paystrike.attribute(carried, dispute_customer())),
                             vars(paystrike.attribute(self.model, dispute_customer())))

    def test_the_main_jobs_score_model_file_carries_its_evidence_model(self):
        # PAYSTRIKE_MAIN_JOB_MODEL, else the file test examples.main_job writes in this build.
        library = os.environ.get("PAYSTRIKE_LIBRARY", "")
        path = os.environ.get("PAYSTRIKE_MAIN_JOB_MODEL") or os.path.join(
            os.path.dirname(os.path.dirname(os.path.abspath(library))), "tests", "main_job_out",
            "taiwan_model.psm")
        if not os.path.exists(path):
            self.skipTest("no main-job model at %s (build the examples and run "
                          "examples.main_job, or set PAYSTRIKE_MAIN_JOB_MODEL)" % path)
        with paystrike.Model.from_file(path) as score_model:
            self.assertTrue(score_model.has_evidence_model)
            carried = paystrike.EvidenceModel.from_model(score_model)
        with carried:
            for threshold in carried.label_thresholds.values():
                self.assertTrue(0.0 < threshold <= 1.0)
            result = paystrike.attribute(carried, dispute_customer())
            self.assertEqual(result.top_cause, "service_dispute")
            self.assert_points_add_up(result)
            # The main job adapts the default model's dispute share to its defaulters
            # (docs/main_job.md: 0.100 -> 0.140) and keeps the others' ratios, at PDO 20.
            points = result.prior_points
            self.assertAlmostEqual(points["financial_distress"],
                                   FACTOR_PDO_20 * math.log(0.55 / 0.30), places=9)
            weights = [math.exp(points[c] / FACTOR_PDO_20) for c in CAUSES]
            self.assertEqual(round(weights[0] / sum(weights), 3), 0.140)


if __name__ == "__main__":
    unittest.main(verbosity=2)
