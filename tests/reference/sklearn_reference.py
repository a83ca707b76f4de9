#!/usr/bin/python3
"""Reference values from scikit-learn for paystrike's tests.

Rerun from the repository root (Debian's python3 with scikit-learn >= 1.2, numpy, pandas):
    /usr/bin/python3 tests/reference/sklearn_reference.py
It (over)writes, deterministically:
  sklearn_l2_german.csv  L2-penalised logistic fits on the German numeric columns, used by
                         tests/test_logistic_reference.cpp. Columns: penalty,weighted,term,estimate.
  auc_random_sample.csv  a seeded random sample (label,score) with ties, used by
                         tests/test_ranking_metrics.cpp.
  auc_random_sample_expected.csv  roc_auc_score of that sample.

Penalty correspondence: sklearn's LogisticRegression (penalty="l2", solver "newton-cholesky",
intercept not penalised) minimises 0.5*||w||^2 + C * sum_i s_i * logloss_i. Dividing by C gives
sum_i s_i * logloss_i + (1/(2C)) * ||w||^2, which is paystrike's
-loglik + lambda/2 * ||beta||^2 with lambda = 1/C.
"weighted" = 1 uses sample weights s_i = 1 + (i mod 3) for 0-based row i; 0 uses none.
"""
import os

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data")
NUMERIC = ["duration", "credit_amount", "installment_commitment", "residence_since", "age",
           "existing_credits", "num_dependents"]


def fmt(x):
    return repr(float(x))  # shortest round-trip representation


german = pd.read_csv(os.path.join(DATA, "uci_german_credit.csv"))
x = german[NUMERIC].to_numpy(dtype=float)
y = (german["class"] == 1).to_numpy(dtype=float)
weights = 1.0 + (np.arange(len(y)) % 3)
rows = ["penalty,weighted,term,estimate"]
for penalty in (1.0, 50.0):
    for weighted in (0, 1):
        model = LogisticRegression(penalty="l2", C=1.0 / penalty, solver="newton-cholesky",
                                   tol=1e-13, max_iter=1000)
        model.fit(x, y, sample_weight=weights if weighted else None)
        # Check the optimality condition in the same form paystrike uses.
        eta = model.intercept_[0] + x @ model.coef_[0]
        p = 1.0 / (1.0 + np.exp(-eta))
        s = weights if weighted else np.ones_like(y)
        grad = np.concatenate([[np.sum(s * (y - p))], x.T @ (s * (y - p)) - penalty * model.coef_[0]])
        assert np.max(np.abs(grad)) < 1e-6, grad
        rows.append(f"{fmt(penalty)},{weighted},(Intercept),{fmt(model.intercept_[0])}")
        for name, value in zip(NUMERIC, model.coef_[0]):
            rows.append(f"{fmt(penalty)},{weighted},{name},{fmt(value)}")
with open(os.path.join(HERE, "sklearn_l2_german.csv"), "w") as out:
    out.write("\n".join(rows) + "\n")

# AUC sample: 3000 rows, scores rounded to 2 decimals so that many ties cross the classes.
rng = np.random.default_rng(20240611)
n = 3000
label = (rng.random(n) < 0.3).astype(int)
score = np.round(rng.normal(loc=0.6 * label, scale=1.0), 2)
with open(os.path.join(HERE, "auc_random_sample.csv"), "w") as out:
    out.write("label,score\n")
    for l, s in zip(label, score):
        out.write(f"{l},{fmt(s)}\n")
with open(os.path.join(HERE, "auc_random_sample_expected.csv"), "w") as out:
    out.write("metric,value\n")
    out.write(f"roc_auc_score,{fmt(roc_auc_score(label, score))}\n")
print("wrote sklearn_l2_german.csv, auc_random_sample.csv, auc_random_sample_expected.csv")
