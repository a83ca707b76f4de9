#!/usr/bin/python3
"""Draws the ROC, KS and calibration curves of a paystrike_evaluate run as PNG files.

    paystrike_evaluate customers.csv --out evaluation
    /usr/bin/python3 examples/plot_evaluation.py evaluation

reads evaluation/roc.csv, ks.csv, calibration.csv (and metrics.csv for the titles) and writes
evaluation/roc.png, ks.png and calibration.png. Needs Debian's python3-matplotlib
(scripts/setup.sh installs it); it uses nothing else beyond the standard library.
"""
import argparse
import csv
import math
import os

import matplotlib

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt  # noqa: E402


def read(folder, name):
    with open(os.path.join(folder, name), newline="") as f:
        return list(csv.DictReader(f))


def column(rows, name):
    return [float(r[name]) if r[name] != "" else math.nan for r in rows]


def metric(metrics, name):
    for r in metrics:
        if r["metric"] == name:
            return float(r["value"])
    return math.nan


def plot_roc(folder, metrics):
    rows = read(folder, "roc.csv")
    fpr = [0.0] + column(rows, "false_positive_rate")
    tpr = [0.0] + column(rows, "true_positive_rate")
    fig, ax = plt.subplots(figsize=(5.5, 5.5))
    ax.plot(fpr, tpr, color="tab:blue", label="score")
    ax.plot([0, 1], [0, 1], color="grey", linestyle="--", linewidth=0.8, label="random")
    ax.set_xlabel("false positive rate (defaulters approved)")
    ax.set_ylabel("true positive rate (good payers approved)")
    ax.set_title(f"ROC: AUC {metric(metrics, 'auc'):.4f}, Gini {metric(metrics, 'gini'):.4f}")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(os.path.join(folder, "roc.png"), dpi=120)
    plt.close(fig)


def plot_ks(folder, metrics):
    rows = read(folder, "ks.csv")
    threshold = column(rows, "threshold")
    bad = column(rows, "bad_share_below")
    good = column(rows, "good_share_below")
    ks, at = metric(metrics, "ks"), metric(metrics, "ks_threshold")
    fig, ax = plt.subplots(figsize=(7, 4.5))
    ax.step(threshold, bad, where="post", color="tab:red", label="defaulters below the score")
    ax.step(threshold, good, where="post", color="tab:green", label="good payers below the score")
    ax.axvline(at, color="grey", linestyle=":", linewidth=0.8)
    ax.set_xlabel("score")
    ax.set_ylabel("cumulative share")
    ax.set_title(f"KS {ks:.4f} at score >= {at:.2f}")
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(os.path.join(folder, "ks.png"), dpi=120)
    plt.close(fig)


def plot_calibration(folder):
    rows = read(folder, "calibration.csv")
    score = column(rows, "mean_score")
    predicted = [math.log(v) for v in column(rows, "predicted_odds")]
    observed = [math.log(v) if 0 < v < math.inf else math.nan for v in column(rows, "observed_odds")]
    fig, ax = plt.subplots(figsize=(6.5, 4.5))
    ax.plot(score, predicted, marker="o", color="tab:blue", label="predicted")
    ax.plot(score, observed, marker="s", color="tab:orange", label="observed")
    ax.set_xlabel("mean score of the band")
    ax.set_ylabel("ln(good:bad odds)")
    ax.set_title("Calibration by score band")
    ax.legend(loc="upper left")
    fig.tight_layout()
    fig.savefig(os.path.join(folder, "calibration.png"), dpi=120)
    plt.close(fig)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", help="the --out folder of paystrike_evaluate")
    folder = parser.parse_args().folder
    metrics = read(folder, "metrics.csv")
    plot_roc(folder, metrics)
    plot_ks(folder, metrics)
    written = ["roc.png", "ks.png"]
    if os.path.exists(os.path.join(folder, "calibration.csv")):
        plot_calibration(folder)
        written.append("calibration.png")
    print("wrote " + ", ".join(written) + " to " + folder)


if __name__ == "__main__":
    main()
