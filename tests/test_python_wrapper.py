"""Tests of examples/python/paystrike.py, the ctypes wrapper over the C ABI.

Run by ctest (test python.wrapper) with PAYSTRIKE_LIBRARY pointing at the built libpaystrike.so
and PYTHONPATH at examples/python. The model file is built here byte by byte from the format
description (docs/model_file_format.md), so this also checks the format from a second language.
"""

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


if __name__ == "__main__":
    unittest.main(verbosity=2)
