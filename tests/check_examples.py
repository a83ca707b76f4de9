"""Checks the example programs against each other on the bundled data.

Runs after the main job (ctest fixture): takes the first 200 test customers of its
customers.csv, feeds their raw inputs from the bundled Taiwan CSV to the C example
(paystrike_c_score, C ABI only) and requires the same scores and P(good), and checks the
per-customer CSV is consistent with itself (cells, cause probabilities summing to one).
Then checks the report's service-adjusted evaluation and early warning against customers.csv:
the confusion matrices, precision, KS and Gini recomputed here from the scores with the
service-dispute defaults set apart, and the early-warning counts, lead times and medians
recomputed from the per-customer flag, bad and lead columns.
Usage: check_examples.py C_SCORE_EXE MAIN_JOB_OUT_DIR TAIWAN_CSV
"""
import csv
import math
import re
import statistics
import subprocess
import sys

CUTOFF = 520.0            # the main job's default cutoff (the ctest runs it with defaults)
FIRST_MONITORED_CYCLE = 3  # July; April = 0
BAD_CYCLE = 6              # the October default, one past the April-September history

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

    with open(f"{out_dir}/report.txt") as f:
        report = f.read()
    check_service_adjusted(report, customers)
    check_early_warning(report, customers)


def ranking(rows):
    """KS and Gini of the score, good payer positive, ties as one threshold (as the library)."""
    good = sum(1 for r in rows if r["defaulted"] == "0")
    bad = len(rows) - good
    by_score = {}
    for r in rows:
        g, b = by_score.get(float(r["score"]), (0, 0))
        by_score[float(r["score"])] = (g + (r["defaulted"] == "0"), b + (r["defaulted"] == "1"))
    ks, auc, tp, fp = 0.0, 0.0, 0, 0
    for score in sorted(by_score, reverse=True):
        g, b = by_score[score]
        auc += b * (tp + 0.5 * g)  # good payers ranked above this tie group's defaulters
        tp, fp = tp + g, fp + b
        ks = max(ks, abs(tp / good - fp / bad))
    return ks, 2.0 * (auc / (good * bad)) - 1.0


def confusion(rows):
    cells = {c: 0 for c in ("TP", "FP", "FN", "TN")}
    for r in rows:
        approved = float(r["score"]) >= CUTOFF
        cells[("TP" if approved else "FN") if r["defaulted"] == "0" else ("FP" if approved else "TN")] += 1
    return cells


def close(printed, value, places=4):
    return abs(float(printed) - value) <= 0.5 * 10 ** -places + 1e-9


def check_service_adjusted(report, customers):
    section = report.split("Service-adjusted evaluation at cutoff ", 1)
    assert len(section) == 2, "report.txt has no service-adjusted evaluation"
    section = section[1].split("\n\n", 1)[0]
    assert section.startswith(f"{CUTOFF:g}:"), section[:40]
    number = r"([+-]?[0-9.]+|undefined)"
    block_re = re.compile(
        r"  (Our service-dispute label|Planted service disputes)[^\n]*:\n"
        r"    (\d+) defaulters set apart: (\d+) approved \(false positives\), (\d+) declined\n"
        r" +TP +FP +FN +TN +precision +KS +Gini\n"
        rf"    as it is +(\d+) +(\d+) +(\d+) +(\d+) +{number} +{number} +{number}\n"
        rf"    service disputes set apart +(\d+) +(\d+) +(\d+) +(\d+) +{number} +{number} +{number}\n"
        rf"    lost to bad service +{number} +{number} +{number}")
    blocks = block_re.findall(section)
    assert [b[0] for b in blocks] == ["Our service-dispute label", "Planted service disputes"], section
    summary = re.search(r"Precision ([0-9.]+); without the service-dispute defaults ([0-9.]+) \(ours\) "
                        r"/ ([0-9.]+) \(planted\)", report)
    assert summary, "report.txt has no precision summary line"
    column = {"Our service-dispute label": "top_cause", "Planted service disputes": "sim_planted_cause"}
    everyone = confusion(customers)
    assert everyone == {c: sum(r["cell"] == c for r in customers) for c in everyone}, \
        f"the cells of customers.csv disagree with the cutoff {CUTOFF:g}"
    ks_all, gini_all = ranking(customers)
    for (label, apart, approved, declined, *table), without in zip(blocks, summary.groups()[1:]):
        # Only defaulters are set apart; a good payer's cause columns are empty anyway.
        set_apart = [r["defaulted"] == "1" and r[column[label]] == "service_dispute" for r in customers]
        disputes = [r for r, apart_ in zip(customers, set_apart) if apart_]
        kept = [r for r, apart_ in zip(customers, set_apart) if not apart_]
        approved_disputes = sum(float(r["score"]) >= CUTOFF for r in disputes)
        assert (int(apart), int(approved), int(declined)) == (
            len(disputes), approved_disputes, len(disputes) - approved_disputes), (label, apart, approved)
        for row, rows, (ks, gini) in ((table[0:7], customers, (ks_all, gini_all)),
                                      (table[7:14], kept, ranking(kept))):
            cells = confusion(rows)
            assert [int(v) for v in row[:4]] == [cells[c] for c in ("TP", "FP", "FN", "TN")], (label, row, cells)
            precision = cells["TP"] / (cells["TP"] + cells["FP"])
            assert close(row[4], precision) and close(row[5], ks) and close(row[6], gini), (
                label, row, precision, ks, gini)
        assert int(table[8]) == everyone["FP"] - approved_disputes, (label, table)
        assert int(table[10]) == everyone["TN"] - (len(disputes) - approved_disputes), (label, table)
        # lost = set apart - as it is, for precision, KS and Gini.
        for k in range(3):
            assert abs(float(table[14 + k]) - (float(table[11 + k]) - float(table[4 + k]))) <= 1.5e-4, (label, table)
        assert table[4] == summary.group(1) and table[11] == without, (label, table, summary.groups())
    print("service-adjusted evaluation consistent with customers.csv (ours and planted)")


def check_early_warning(report, customers):
    def cycle(row, key):
        return int(row[key]) if row[key] != "" else None

    flagged = 0
    leads, planted_leads, planted, false_alarms = [], [], 0, 0
    for r in customers:
        flag, bad, lead = cycle(r, "flagged_cycle"), cycle(r, "bad_cycle"), cycle(r, "lead_cycles")
        assert bad == (BAD_CYCLE if r["defaulted"] == "1" else None), (r["id"], bad)
        if flag is not None:
            flagged += 1
            assert FIRST_MONITORED_CYCLE <= flag < BAD_CYCLE, (r["id"], flag)
        if flag is not None and bad is not None and flag < bad:
            assert lead == bad - flag, (r["id"], flag, bad, lead)
            leads.append(lead)
        else:
            assert lead is None, (r["id"], flag, bad, lead)
        false_alarms += flag is not None and r["defaulted"] == "0"
        if r["defaulted"] == "1" and r["sim_planted_cause"] == "service_dispute":
            planted += 1
            if lead is not None:
                planted_leads.append(lead)
    defaulters = sum(r["defaulted"] == "1" for r in customers)

    def median(values):
        return f"{statistics.median(values):.1f} cycles" if values else "undefined"

    def percent(part, whole):
        return f"{100.0 * part / whole:.1f} %" if whole else "undefined"

    expected = [
        f"  flagged customers, all                {flagged:>5}",
        f"  defaulters flagged before the default {len(leads):>5} of {defaulters:>5} "
        f"({percent(len(leads), defaulters)}), median lead {median(leads)}",
        f"  planted disputes flagged before it    {len(planted_leads):>5} of {planted:>5} "
        f"({percent(len(planted_leads), planted)}), median lead {median(planted_leads)}",
        f"  false alarms: good payers flagged     {false_alarms:>5} of {len(customers) - defaulters:>5} "
        f"({percent(false_alarms, len(customers) - defaulters)})",
    ]
    assert "\nEarly warning: " in report, "report.txt has no early-warning section"
    lines = report.splitlines()
    for line in expected:
        assert line in lines, f"report.txt lacks the line computed from customers.csv:\n{line!r}\n" + \
            "\n".join(l for l in lines if l.startswith("  ") and line.split()[0] in l)
    assert flagged > 0 and leads, "the early warning flagged nobody in time: nothing was checked"
    print(f"early warning consistent with customers.csv: {flagged} flagged, {len(leads)} "
          f"defaulters in time, {false_alarms} false alarms")


if __name__ == "__main__":
    main()
