#!/usr/bin/python3
"""Times paystrike's AUC + KS against scikit-learn's roc_auc_score on the same 10 million scores.

    /usr/bin/python3 bench/compare_sklearn.py [BUILD_DIR] [--rows N] [--repeats R]

BUILD_DIR defaults to /tmp/build-i4 and must hold bench/paystrike_bench_evaluation (a Release
build). The script draws the data with numpy (seeded: 30% positives, score = 0.6 * label + a
standard normal, rounded to 1e-4 so ties cross the classes), writes it to a temporary file,
runs the benchmark binary on that file (PAYSTRIKE_BENCH_DATA), times roc_auc_score (and, for a
like-for-like figure, roc_curve + KS) in this process on the same arrays, checks that the AUCs
agree to 1e-12, and prints the time ratio. Not run in CI; record the figures in
docs/benchmarks.md.
"""
import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time

import numpy as np
import sklearn
from sklearn.metrics import roc_auc_score, roc_curve


def best_of(repeats, fn):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    return min(times), value


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build_dir", nargs="?", default="/tmp/build-i4")
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    binary = os.path.join(args.build_dir, "bench", "paystrike_bench_evaluation")
    if not os.access(binary, os.X_OK):
        sys.exit(f"no benchmark binary at {binary}; build the Release tree first")

    rng = np.random.default_rng(20240611)
    label = (rng.random(args.rows) < 0.3).astype(np.float64)
    score = np.round(0.6 * label + rng.standard_normal(args.rows), 4)

    with tempfile.NamedTemporaryFile(suffix=".bin", delete=False) as f:
        path = f.name
        f.write(np.int64(args.rows).tobytes())
        f.write(score.astype("<f8").tobytes())
        f.write(label.astype("<f8").tobytes())
    try:
        env = dict(os.environ, PAYSTRIKE_BENCH_DATA=path)
        run = subprocess.run(
            [binary, "--benchmark_filter=BM_AucKs/|BM_AucKsCapi/", "--benchmark_format=json",
             f"--benchmark_repetitions={args.repeats}", "--benchmark_report_aggregates_only=true"],
            env=env, check=True, capture_output=True, text=True)
    finally:
        os.unlink(path)
    report = json.loads(run.stdout)
    ours = {}
    for b in report["benchmarks"]:
        if b.get("aggregate_name") == "min" or (b.get("aggregate_name") == "mean" and b["run_name"] not in ours):
            unit = {"ms": 1e-3, "us": 1e-6, "ns": 1e-9, "s": 1.0}[b["time_unit"]]
            ours[b["run_name"]] = b["real_time"] * unit
    ours_core = ours["BM_AucKs/real_time"]
    ours_c = ours["BM_AucKsCapi/real_time"]

    sk_auc_time, sk_auc = best_of(args.repeats, lambda: roc_auc_score(label, score))

    def auc_and_ks():
        fpr, tpr, _ = roc_curve(label, score)
        return np.max(np.abs(tpr - fpr))

    sk_ks_time, _ = best_of(args.repeats, auc_and_ks)

    # Our AUC on the same data, for the agreement check, through the bundled C ABI via ctypes.
    import ctypes
    lib = ctypes.CDLL(os.path.join(args.build_dir, "capi", "libpaystrike.so"))

    class Ranking(ctypes.Structure):
        _fields_ = [("auc", ctypes.c_double), ("gini", ctypes.c_double), ("ks", ctypes.c_double),
                    ("ks_threshold", ctypes.c_double), ("positives", ctypes.c_int64),
                    ("negatives", ctypes.c_int64), ("concordant_pairs", ctypes.c_double),
                    ("discordant_pairs", ctypes.c_double), ("tied_pairs", ctypes.c_double),
                    ("roc_points", ctypes.c_int64)]

    r = Ranking()
    dp = ctypes.POINTER(ctypes.c_double)
    status = lib.paystrike_ranking_metrics(score.ctypes.data_as(dp), label.ctypes.data_as(dp), None,
                                           ctypes.c_int64(args.rows), ctypes.byref(r))
    assert status == 0, status
    assert abs(r.auc - sk_auc) < 1e-12, (r.auc, sk_auc)

    print(f"rows {args.rows:,}; {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} CPUs; numpy {np.__version__}, scikit-learn {sklearn.__version__}")
    print(f"AUC paystrike {r.auc!r}  sklearn {sk_auc!r}  (|diff| {abs(r.auc - sk_auc):.1e})")
    print(f"paystrike ranking_metrics (AUC+Gini+KS+ROC), C++ core : {ours_core:8.3f} s")
    print(f"paystrike_ranking_metrics through the C ABI           : {ours_c:8.3f} s")
    print(f"sklearn roc_auc_score                                  : {sk_auc_time:8.3f} s")
    print(f"sklearn roc_curve + KS                                 : {sk_ks_time:8.3f} s")
    print(f"ratio sklearn roc_auc_score / paystrike (AUC+KS)       : {sk_auc_time / ours_core:8.2f}x")


if __name__ == "__main__":
    main()
