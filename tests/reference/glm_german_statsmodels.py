#!/usr/bin/python3
"""Cross-checks the R glm reference files against statsmodels' GLM(Binomial).

Rerun from the repository root (Debian's python3 with statsmodels, numpy, pandas):
    /usr/bin/python3 tests/reference/glm_german_statsmodels.py
It reads tests/data/*.csv and the glm_*.csv files written by glm_german.R, refits every model
with statsmodels and prints the largest relative difference of coefficients, standard errors and
log-likelihood. It writes nothing; it exits non-zero when a difference exceeds 1e-7.
"""
import os
import sys

import numpy as np
import pandas as pd
import statsmodels.api as sm

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data")


def read_reference(name):
    ref = pd.read_csv(os.path.join(HERE, name), dtype={"term": str}, keep_default_na=False)
    coef = ref[ref.kind == "coef"]
    stats = ref[ref.kind == "stat"].set_index("term").estimate.astype(float)
    return (list(coef.term), coef.estimate.astype(float).to_numpy(),
            coef.std_error.astype(float).to_numpy(), stats)


def design(frame, terms):
    cols = []
    for term in terms[1:]:
        if "=" in term:
            column, level = term.split("=", 1)
            cols.append((frame[column].astype(str) == level).astype(float).to_numpy())
        else:
            cols.append(frame[term].astype(float).to_numpy())
    return sm.add_constant(np.column_stack(cols), has_constant="add")


def rel(a, b):
    return float(np.max(np.abs(np.asarray(a) - np.asarray(b)) / np.abs(np.asarray(b))))


worst = 0.0
german = pd.read_csv(os.path.join(DATA, "uci_german_credit.csv"))
credit = pd.read_csv(os.path.join(DATA, "modeldata_credit_data.csv"))
for name, frame, response in [
        ("glm_german_numeric.csv", german, lambda f: (f["class"] == 1).astype(float)),
        ("glm_german_categorical.csv", german, lambda f: (f["class"] == 1).astype(float)),
        ("glm_credit_data_numeric.csv", credit, lambda f: (f["Status"] == "good").astype(float))]:
    terms, coef, se, stats = read_reference(name)
    used = sorted({t.split("=", 1)[0] for t in terms[1:]})
    sub = frame.dropna(subset=used + [c for c in ("Status",) if c in frame]).reset_index(drop=True)
    fit = sm.GLM(response(sub).to_numpy(), design(sub, terms),
                 family=sm.families.Binomial()).fit(tol=1e-14, maxiter=100)
    d = (rel(fit.params, coef), rel(fit.bse, se), rel([fit.llf], [stats["loglik"]]))
    assert len(sub) == int(stats["n"]), (name, len(sub), stats["n"])
    print(f"{name}: n={len(sub)} max rel diff coef {d[0]:.3g}, se {d[1]:.3g}, loglik {d[2]:.3g}")
    worst = max(worst, *d)
sys.exit(0 if worst < 1e-7 else 1)
