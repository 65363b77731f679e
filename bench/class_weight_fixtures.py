#!/usr/bin/env python3
"""Recomputes test/fixtures/sklearn-class-weight.json: scikit-learn's
class_weight for LogisticRegression, HistGradientBoostingClassifier and
RandomForestClassifier on an imbalanced cut of the project's PersoData-shaped
set (scripts/make-perso-like.mjs; then only every fourth class-1 row is kept,
in train and valid alike), in the configurations test/core/class-weight.test.ts
fits. Needs dist/ (npm run build) and Debian's python3-sklearn:
  /usr/bin/python3 bench/class_weight_fixtures.py
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.preprocessing import StandardScaler

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ARGS = ["--train", "3000", "--valid", "3000", "--test", "10", "--features", "20", "--seed", "11"]


def load(folder, split):
    X = np.loadtxt(os.path.join(folder, f"perso_{split}.data"), dtype=np.float32)
    y = np.loadtxt(os.path.join(folder, f"perso_{split}.solution"), dtype=np.int64)
    return X, y


def imbalanced(X, y):
    """Every class-0 row, and the class-1 rows whose rank among class 1 is a multiple of 4."""
    rank = np.cumsum(y) - 1
    keep = (y == 0) | (rank % 4 == 0)
    return X[keep], y[keep]


def main():
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["node", os.path.join(ROOT, "scripts", "make-perso-like.mjs"), "--out", tmp, *ARGS], check=True)
        Xtr, ytr = imbalanced(*load(tmp, "train"))
        Xva, yva = imbalanced(*load(tmp, "valid"))
    out = {
        "generator": f"scikit-learn {sklearn.__version__} on scripts/make-perso-like.mjs {' '.join(ARGS)}, every 4th class-1 row kept",
        "trainRows": int(len(ytr)),
        "trainPositives": int(ytr.sum()),
        "validRows": int(len(yva)),
    }
    scaler = StandardScaler().fit(Xtr)
    for name, weight in [("logisticBalanced", "balanced"), ("logistic1to3", {0: 1, 1: 3}), ("logisticNone", None)]:
        m = LogisticRegression(C=1.0, class_weight=weight, tol=1e-10, max_iter=10000).fit(scaler.transform(Xtr), ytr)
        p = m.predict_proba(scaler.transform(Xva))[:, 1]
        out[name] = {"validProba": [float(v) for v in p[:40]], "meanValidProba": float(p.mean())}
    for name, weight in [("gbdtBalanced", "balanced"), ("gbdtNone", None)]:
        m = HistGradientBoostingClassifier(
            max_iter=60, learning_rate=0.1, max_leaf_nodes=31, max_bins=255, min_samples_leaf=20,
            l2_regularization=0.0, early_stopping=False, class_weight=weight,
        ).fit(Xtr, ytr)
        p = m.predict_proba(Xva)[:, 1]
        out[name] = {"validAuc": float(roc_auc_score(yva, p)), "meanValidProba": float(p.mean())}
    for name, weight in [("forestBalanced", "balanced"), ("forestNone", None)]:
        m = RandomForestClassifier(n_estimators=100, max_features="sqrt", class_weight=weight, random_state=0, n_jobs=2).fit(Xtr, ytr)
        p = m.predict_proba(Xva)[:, 1]
        out[name] = {"validAuc": float(roc_auc_score(yva, p)), "meanValidProba": float(p.mean())}
    path = os.path.join(ROOT, "test", "fixtures", "sklearn-class-weight.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"{path}: {json.dumps({k: v for k, v in out.items() if isinstance(v, (int, str))})}", file=sys.stderr)


if __name__ == "__main__":
    main()
