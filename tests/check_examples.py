"""Checks the example programs against each other on the bundled data.

Runs after the main job (ctest fixture): takes the first 200 test customers of its
customers.csv, feeds their raw inputs from the bundled Taiwan CSV to the C example
(paystrike_c_score, C ABI only) and requires the same scores and P(good), and checks the
per-customer CSV is consistent with itself (cells, cause probabilities summing to one).
Usage: check_examples.py C_SCORE_EXE MAIN_JOB_OUT_DIR TAIWAN_CSV
"""
import csv
import math
import subprocess
import sys

INPUTS = ["LIMIT_BAL", "EDUCATION", "PAY_4", "PAY_5", "PAY_6",
          "BILL_AMT4", "BILL_AMT5", "BILL_AMT6", "PAY_AMT4", "PAY_AMT5", "PAY_AMT6"]


def main():
    c_score, out_dir, taiwan = sys.argv[1:4]
    with open(f"{out_dir}/customers.csv", newline="") as f:
        customers = list(csv.DictReader(f))
    assert len(customers) == 9000, f"expected 9000 test customers, got {len(customers)}"
    cutoff_cells = {"TP": (1, 0), "FP": (1, 1), "FN": (0, 0), "TN": (0, 1)}
    for row in customers:
        assert cutoff_cells[row["cell"]] == (int(row["predicted_good"]), int(row["defaulted"])), row
        if row["defaulted"] == "1":
            total = sum(float(row[k]) for k in row if k.startswith("p_"))
            assert abs(total - 1.0) < 1e-5, f"cause probabilities of {row['id']} sum to {total}"
            assert row["top_cause"] and row["sim_planted_cause"], row
        else:
            assert row["top_cause"] == "", f"a good payer {row['id']} got a cause"

    with open(taiwan, newline="") as f:
        by_id = {r["ID"]: r for r in csv.DictReader(f)}
    sample = customers[:200]
    lines = [",".join(INPUTS)] + [",".join(by_id[c["id"]][k] for k in INPUTS) for c in sample]
    result = subprocess.run([c_score, f"{out_dir}/taiwan_model.psm", "-"], input="\n".join(lines) + "\n",
                            capture_output=True, text=True, check=True)
    scored = list(csv.DictReader(result.stdout.splitlines()))
    assert len(scored) == len(sample), result.stdout[:500]
    for c, s in zip(sample, scored):
        assert math.isclose(float(s["score"]), float(c["score"]), abs_tol=5e-7), (c["id"], s, c["score"])
        assert math.isclose(float(s["p_good"]), float(c["prob_good"]), abs_tol=5e-10), (c["id"], s)
    print(f"c_score agrees with the main job on {len(sample)} customers; customers.csv consistent")


if __name__ == "__main__":
    main()
