#!/usr/bin/env python3
"""Recomputes test/fixtures/sklearn-hgb-small.json: scikit-learn's
HistGradientBoostingClassifier on the project's own PersoData-shaped set
(src/synthetic/perso-like.ts, written by scripts/make-perso-like.mjs), in the
configuration test/boosting/gbdt.test.ts fits. Needs dist/ (npm run build) and
Debian's python3-sklearn:  /usr/bin/python3 bench/sklearn_fixtures.py
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ARGS = ["--train", "4000", "--valid", "2000", "--test", "10", "--seed", "3"]


def load(folder, split):
    X = np.loadtxt(os.path.join(folder, f"perso_{split}.data"), dtype=np.float32)
    y = np.loadtxt(os.path.join(folder, f"perso_{split}.solution"), dtype=np.int64)
    return X, y


def main():
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["node", os.path.join(ROOT, "scripts", "make-perso-like.mjs"), "--out", tmp, *ARGS], check=True)
        Xtr, ytr = load(tmp, "train")
        Xva, yva = load(tmp, "valid")
    config = dict(max_iter=100, learning_rate=0.1, max_leaf_nodes=31, max_bins=255, min_samples_leaf=20, l2_regularization=0.0, early_stopping=False)
    model = HistGradientBoostingClassifier(**config).fit(Xtr, ytr)
    auc = roc_auc_score(yva, model.predict_proba(Xva)[:, 1])
    settings = ", ".join(f"{k}={v}" for k, v in config.items())
    out = {
        "generator": f"scikit-learn {sklearn.__version__} HistGradientBoostingClassifier({settings}) on scripts/make-perso-like.mjs {' '.join(ARGS)}",
        "validAuc": float(auc),
    }
    path = os.path.join(ROOT, "test", "fixtures", "sklearn-hgb-small.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"{path}: valid AUC {auc:.5f}", file=sys.stderr)


if __name__ == "__main__":
    main()
