#!/usr/bin/python3
"""Reference values for paystrike's evaluation suite (issue 4), on the Taiwan test scores.

Run from the repository root with Debian's python3 (scikit-learn, scipy, statsmodels, numpy,
pandas):

    /usr/bin/python3 tests/reference/evaluation_reference.py
        reads  tests/reference/taiwan_test_scores.csv
        writes tests/reference/taiwan_evaluation_expected.csv   (metric,value)
               tests/reference/taiwan_roc_expected.csv          (threshold,fpr,tpr)
               tests/reference/taiwan_pr_expected.csv           (threshold,precision,recall)

    /usr/bin/python3 tests/reference/evaluation_reference.py --from-main-job DIR
        first (re)makes taiwan_test_scores.csv from DIR/customers.csv (the main job's output,
        `paystrike_main_job --out DIR`) and examples/data/uci_taiwan_credit_default.csv.

taiwan_test_scores.csv columns: id, score (points), prob_good, is_good (1 - defaulted),
credit_limit (LIMIT_BAL, the exposure), challenger_score (-PAY_0: a naive one-variable rule,
the second model of the DeLong difference and the swap set; heavily tied on purpose).

Where each value comes from:
  scikit-learn: confusion cells, recall/precision (both positive labels), accuracy, balanced
    accuracy, F1, MCC, Cohen's kappa, each also with sample_weight (weights 1 + row mod 3, and
    the credit limit as exposure); roc_curve, roc_auc_score (also weighted),
    precision_recall_curve, average_precision_score (also weighted), brier_score_loss, log_loss.
  scipy: ks_2samp (KS), chi2.sf (Hosmer-Lemeshow p-value), norm.ppf / norm.sf (intervals).
  statsmodels: WLS of ln(observed odds) on mean band score (odds doubling check).
  documented formulas (docs/evaluation.md), in numpy, computed independently of paystrike's
    algorithms: FNR = FN/(FN+TP), FDR = FP/(TP+FP); pair counts and DeLong placements by brute
    force over all (positive, negative) pairs; calibration, lift and PSI tables; KS bootstrap
    with the SplitMix64 stream vectorised; cutoffs by exhaustive search over distinct scores.
"""
import os
import sys

import numpy as np
import pandas as pd
import scipy.stats as st
import statsmodels.api as sm
from sklearn import metrics as skm

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
SCORES = os.path.join(HERE, "taiwan_test_scores.csv")
CUTOFF = 520.0          # the main job's default cutoff
BANDS = 10


def fmt(x):
    return repr(float(x))


def make_scores_file(main_job_dir):
    customers = pd.read_csv(os.path.join(main_job_dir, "customers.csv"))
    data = pd.read_csv(os.path.join(ROOT, "examples", "data", "uci_taiwan_credit_default.csv"))
    joined = customers.merge(data[["ID", "LIMIT_BAL", "PAY_0"]], left_on="id", right_on="ID")
    assert len(joined) == len(customers)
    with open(SCORES, "w") as out:
        out.write("id,score,prob_good,is_good,credit_limit,challenger_score\n")
        for r in joined.itertuples():
            # score and prob_good are copied as text-exact as the main job printed them.
            out.write(f"{r.id},{r.score:.6f},{r.prob_good:.9f},{1 - int(r.defaulted)},"
                      f"{int(r.LIMIT_BAL)},{-int(r.PAY_0)}\n")


if len(sys.argv) == 3 and sys.argv[1] == "--from-main-job":
    make_scores_file(sys.argv[2])

d = pd.read_csv(SCORES)
score = d["score"].to_numpy(float)
prob = d["prob_good"].to_numpy(float)
y = d["is_good"].to_numpy(int)
limit = d["credit_limit"].to_numpy(float)
challenger = d["challenger_score"].to_numpy(float)
n = len(y)
w = 1.0 + (np.arange(n) % 3)
out = []


def put(name, value):
    out.append(f"{name},{fmt(value)}")


# ---- confusion matrix at the cutoff, unweighted / sample weights / exposure ----
pred = (score >= CUTOFF).astype(int)
for tag, sw in (("", None), ("weighted_", w), ("exposure_", limit)):
    tn, fp, fn, tp = skm.confusion_matrix(y, pred, labels=[0, 1], sample_weight=sw).ravel()
    put(f"{tag}tp", tp); put(f"{tag}fp", fp); put(f"{tag}tn", tn); put(f"{tag}fn", fn)
    put(f"{tag}tpr", skm.recall_score(y, pred, sample_weight=sw))
    put(f"{tag}tnr", skm.recall_score(y, pred, pos_label=0, sample_weight=sw))
    put(f"{tag}fpr", 1.0 - skm.recall_score(y, pred, pos_label=0, sample_weight=sw))
    put(f"{tag}fnr", fn / (fn + tp))
    put(f"{tag}precision", skm.precision_score(y, pred, sample_weight=sw))
    put(f"{tag}npv", skm.precision_score(y, pred, pos_label=0, sample_weight=sw))
    put(f"{tag}fdr", fp / (tp + fp))
    put(f"{tag}accuracy", skm.accuracy_score(y, pred, sample_weight=sw))
    put(f"{tag}balanced_accuracy", skm.balanced_accuracy_score(y, pred, sample_weight=sw))
    put(f"{tag}f1", skm.f1_score(y, pred, sample_weight=sw))
    put(f"{tag}mcc", skm.matthews_corrcoef(y, pred, sample_weight=sw))
    put(f"{tag}kappa", skm.cohen_kappa_score(y, pred, sample_weight=sw))

# ---- ranking ----
put("auc", skm.roc_auc_score(y, score))
put("gini", 2 * skm.roc_auc_score(y, score) - 1)
put("weighted_auc", skm.roc_auc_score(y, score, sample_weight=w))
put("challenger_auc", skm.roc_auc_score(y, challenger))
put("ks", st.ks_2samp(score[y == 1], score[y == 0]).statistic)
put("challenger_ks", st.ks_2samp(challenger[y == 1], challenger[y == 0]).statistic)
fpr, tpr, thr = skm.roc_curve(y, score, drop_intermediate=False)
put("ks_threshold", thr[np.argmax(np.abs(tpr - fpr))])  # argmax: the first = highest threshold
with open(os.path.join(HERE, "taiwan_roc_expected.csv"), "w") as f:
    f.write("threshold,fpr,tpr\n")
    for t, a, b in zip(thr[1:], fpr[1:], tpr[1:]):  # skip sklearn's added (inf, 0, 0)
        f.write(f"{fmt(t)},{fmt(a)},{fmt(b)}\n")
pos, neg = score[y == 1], score[y == 0]
concordant = tied = 0
for s in pos:  # brute force over all pairs
    concordant += int(np.sum(s > neg))
    tied += int(np.sum(s == neg))
put("concordant_pairs", concordant)
put("tied_pairs", tied)
put("discordant_pairs", len(pos) * len(neg) - concordant - tied)
put("average_precision", skm.average_precision_score(y, score))
put("weighted_average_precision", skm.average_precision_score(y, score, sample_weight=w))
prec, rec, pthr = skm.precision_recall_curve(y, score)
with open(os.path.join(HERE, "taiwan_pr_expected.csv"), "w") as f:
    f.write("threshold,precision,recall\n")
    for t, p_, r_ in zip(pthr, prec[:-1], rec[:-1]):
        f.write(f"{fmt(t)},{fmt(p_)},{fmt(r_)}\n")

# ---- probabilities ----
put("brier", skm.brier_score_loss(y, prob))
put("weighted_brier", skm.brier_score_loss(y, prob, sample_weight=w))
put("log_loss", skm.log_loss(y, prob))
put("weighted_log_loss", skm.log_loss(y, prob, sample_weight=w))


# ---- score bands (the rule of score_bands.hpp) ----
def band_edges(values, bands):
    s = np.sort(values)
    edges = []
    for k in range(1, bands):
        e = s[min((k * len(s)) // bands, len(s) - 1)]
        if e > s[0] and (not edges or e > edges[-1]):
            edges.append(e)
    return np.array(edges)


edges = band_edges(score, BANDS)
band = np.searchsorted(edges, score, side="right")
put("bands", len(edges) + 1)
for k, e in enumerate(edges):
    put(f"edge_{k}", e)
rows = []
for b in range(len(edges) + 1):
    m = band == b
    goods, bads = int(y[m].sum()), int((1 - y[m]).sum())
    expected = prob[m].sum()
    count = int(m.sum())
    rows.append((count, goods, bads, expected, score[m].mean()))
    put(f"calibration_{b}_count", count)
    put(f"calibration_{b}_goods", goods)
    put(f"calibration_{b}_expected_goods", expected)
    put(f"calibration_{b}_mean_score", score[m].mean())
    put(f"calibration_{b}_predicted_odds", expected / (count - expected))
    put(f"calibration_{b}_observed_odds", goods / bads)
hl = sum((g - e) ** 2 / (e * (1 - e / c)) for c, g, b_, e, _ in rows)
put("hosmer_lemeshow", hl)
put("hosmer_lemeshow_df", len(rows) - 2)
put("hosmer_lemeshow_p", st.chi2.sf(hl, len(rows) - 2))
ln_odds = np.array([np.log(g / b_) for c, g, b_, e, s_ in rows])
x = sm.add_constant(np.array([s_ for *_, s_ in rows]))
fit = sm.WLS(ln_odds, x, weights=np.array([c for c, *_ in rows], float)).fit()
put("odds_slope", fit.params[1])
put("odds_intercept", fit.params[0])
put("implied_pdo", np.log(2) / fit.params[1])

# ---- lift: good capture from the top, bad capture from the bottom ----
for tag, target, order in (("lift_good", y, -1), ("lift_bad", 1 - y, +1)):
    bands_in_order = list(range(len(edges) + 1))[::order]
    overall = target.mean()
    cum_n = cum_t = 0
    for k, b in enumerate(bands_in_order):
        m = band == b
        cum_n += m.sum(); cum_t += target[m].sum()
        put(f"{tag}_{k}_lift", target[m].mean() / overall)
        put(f"{tag}_{k}_gains", cum_t / target.sum())
        put(f"{tag}_{k}_cumulative_lift", (cum_t / cum_n) / overall)

# ---- PSI: odd rows against even rows (reference), 10 bands on the reference ----
reference, current = score[0::2], score[1::2]
psi_edges = band_edges(reference, BANDS)
e = np.bincount(np.searchsorted(psi_edges, reference, side="right"), minlength=len(psi_edges) + 1)
a = np.bincount(np.searchsorted(psi_edges, current, side="right"), minlength=len(psi_edges) + 1)
e, a = e / e.sum(), a / a.sum()
put("psi", np.sum((a - e) * np.log(a / e)))
# CSI of the credit limit (5 bands on the reference) between the same halves.
csi_edges = band_edges(limit[0::2], 5)
e = np.bincount(np.searchsorted(csi_edges, limit[0::2], side="right"), minlength=len(csi_edges) + 1)
a = np.bincount(np.searchsorted(csi_edges, limit[1::2], side="right"), minlength=len(csi_edges) + 1)
e, a = e / e.sum(), a / a.sum()
put("csi_credit_limit", np.sum((a - e) * np.log(a / e)))


# ---- DeLong, brute-force placements ----
def placements(s):
    p, q = s[y == 1], s[y == 0]
    v10 = np.array([(np.sum(v > q) + 0.5 * np.sum(v == q)) / len(q) for v in p])
    v01 = np.array([(np.sum(p > v) + 0.5 * np.sum(p == v)) / len(p) for v in q])
    return v10, v01


z = st.norm.ppf(0.975)
v10, v01 = placements(score)
se = np.sqrt(np.var(v10, ddof=1) / len(v10) + np.var(v01, ddof=1) / len(v01))
put("delong_auc", v10.mean()); put("delong_se", se)
put("delong_lower", v10.mean() - z * se); put("delong_upper", v10.mean() + z * se)
c10, c01 = placements(challenger)
s10 = np.cov(np.vstack([v10, c10]), ddof=1)
s01 = np.cov(np.vstack([v01, c01]), ddof=1)
var = (s10[0, 0] + s10[1, 1] - 2 * s10[0, 1]) / len(v10) + (s01[0, 0] + s01[1, 1] - 2 * s01[0, 1]) / len(v01)
diff = v10.mean() - c10.mean()
put("delong_difference", diff); put("delong_difference_se", np.sqrt(var))
put("delong_difference_z", diff / np.sqrt(var))
put("delong_difference_p", 2 * st.norm.sf(abs(diff / np.sqrt(var))))

# ---- KS bootstrap with SplitMix64 ----
GAMMA = np.uint64(0x9E3779B97F4A7C15)


def splitmix(seed, start, count):
    with np.errstate(over="ignore"):
        zz = np.uint64(seed) + (np.arange(start + 1, start + count + 1, dtype=np.uint64) * GAMMA)
        zz = (zz ^ (zz >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        zz = (zz ^ (zz >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return zz ^ (zz >> np.uint64(31))


def below(u, bound):
    k = np.floor((u >> np.uint64(11)).astype(np.float64) * 2.0 ** -53 * bound).astype(np.int64)
    return np.minimum(k, bound - 1)


REPS, SEED = 200, 20240611
# Positives and negatives each in descending score order (ties in any order: only the score
# of the drawn row matters).
ps, ns = np.sort(pos)[::-1], np.sort(neg)[::-1]
counter, ks_reps = 0, []
for r in range(REPS):
    bp = ps[below(splitmix(SEED, counter, len(ps)), len(ps))]; counter += len(ps)
    bn = ns[below(splitmix(SEED, counter, len(ns)), len(ns))]; counter += len(ns)
    ks_reps.append(st.ks_2samp(bp, bn).statistic)
ks_reps = np.array(ks_reps)
put("ks_bootstrap_lower", np.percentile(ks_reps, 2.5))
put("ks_bootstrap_upper", np.percentile(ks_reps, 97.5))
put("ks_bootstrap_se", np.std(ks_reps, ddof=1))

# ---- cutoffs, exhaustive over distinct scores ----
cands = np.unique(score)[::-1]
approved = score[None, :] >= cands[:, None] if False else None  # (too big; loop instead)
best = {"ks": (-1, None), "youden": (-np.inf, None)}
P, N = (y == 1).sum(), (y == 0).sum()
approval_cut = bad_cut = None
profit_best, profit_cut = 0.0, np.inf
exp_best, exp_cut = 0.0, np.inf
gain = np.where(y == 1, 0.1, -0.6) * limit
egain = (prob * 0.1 - (1 - prob) * 0.6) * limit
order = np.argsort(-score, kind="stable")
ss, yy, gg, eg = score[order], y[order], np.cumsum(gain[order]), np.cumsum(egain[order])
tp_c, fp_c = np.cumsum(yy), np.cumsum(1 - yy)
last = np.searchsorted(-ss, -cands, side="right") - 1  # last row with score >= c
for c, i in zip(cands, last):
    tpr_, fpr_ = tp_c[i] / P, fp_c[i] / N
    if abs(tpr_ - fpr_) > best["ks"][0]: best["ks"] = (abs(tpr_ - fpr_), c)
    if tpr_ - fpr_ > best["youden"][0]: best["youden"] = (tpr_ - fpr_, c)
    if approval_cut is None and (i + 1) >= 0.7 * n: approval_cut = c
    if fp_c[i] / (i + 1) <= 0.15: bad_cut = c
    if gg[i] > profit_best: profit_best, profit_cut = gg[i], c
    if eg[i] > exp_best: exp_best, exp_cut = eg[i], c
put("cutoff_max_ks", best["ks"][1]); put("cutoff_youden", best["youden"][1])
put("youden_j", best["youden"][0])
put("cutoff_approval_70", approval_cut); put("cutoff_bad_rate_15", bad_cut)
put("cutoff_profit", profit_cut); put("profit", profit_best)
put("cutoff_expected_profit", exp_cut); put("expected_profit", exp_best)

# ---- swap set: the scorecard at the cutoff against the challenger at -1 (PAY_0 <= 1) ----
a_ok, b_ok = score >= CUTOFF, challenger >= -1
for name, m in (("both", a_ok & b_ok), ("out", a_ok & ~b_ok), ("in", ~a_ok & b_ok),
                ("neither", ~a_ok & ~b_ok)):
    put(f"swap_{name}_count", m.sum()); put(f"swap_{name}_bads", (1 - y[m]).sum())
    put(f"swap_{name}_exposure", limit[m].sum())

with open(os.path.join(HERE, "taiwan_evaluation_expected.csv"), "w") as f:
    f.write("metric,value\n" + "\n".join(out) + "\n")
print(f"wrote {len(out)} reference values, taiwan_roc_expected.csv, taiwan_pr_expected.csv")
