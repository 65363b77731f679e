# tune's anchor: scikit-learn's HalvingRandomSearchCV over HistGradientBoosting
# with the space `persodata tune --search learning-rate,leaves,min-leaf,l2`
# draws from (log-uniform learning rate 0.01-0.3, leaves 8-128, min leaf 2-100,
# L2 0.001-10), max_iter as the resource (25..675, factor 3), 5 stratified
# folds scored by ROC AUC, and as many candidates as fit the wall-clock budget
# (timed from a mean candidate at 25 and 75 iterations first, inside the budget).
#   tune_anchor.py DATA_DIR BUDGET_SECONDS [SEED]   (SEED, default 0: folds and candidates)
# Prints one JSON line: seconds (search + refit), candidates, rungs, best, cv, valid AUC.
import json
import math
import sys
import time
import numpy as np
from scipy.stats import loguniform
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.experimental import enable_halving_search_cv  # noqa: F401
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import HalvingRandomSearchCV, StratifiedKFold, cross_val_score

d, budget = sys.argv[1], float(sys.argv[2])
seed = int(sys.argv[3]) if len(sys.argv) > 3 else 0
X = np.loadtxt(f"{d}/perso_train.data", dtype=np.float32)
y = np.loadtxt(f"{d}/perso_train.solution")
Xv = np.loadtxt(f"{d}/perso_valid.data", dtype=np.float32)
yv = np.loadtxt(f"{d}/perso_valid.solution")
folds = StratifiedKFold(5, shuffle=True, random_state=seed)


class LogInt:
    """Integers drawn log-uniformly in [low, high], rounded (tune's integer log scale)."""

    def __init__(self, low, high):
        self.d = loguniform(low, high)
        self.low, self.high = low, high

    def rvs(self, random_state=None, size=None):
        v = np.clip(np.rint(self.d.rvs(random_state=random_state, size=size)), self.low, self.high)
        return v.astype(int) if size is not None else int(v)


space = {
    "learning_rate": loguniform(0.01, 0.3),
    "max_leaf_nodes": LogInt(8, 128),
    "min_samples_leaf": LogInt(2, 100),
    "l2_regularization": loguniform(1e-3, 10),
}
base = HistGradientBoostingClassifier(early_stopping=False, max_bins=255, random_state=0)

start = time.perf_counter()


def cv_seconds(params, iterations):
    t = time.perf_counter()
    model = HistGradientBoostingClassifier(early_stopping=False, max_bins=255, random_state=0, max_iter=iterations, **params)
    cross_val_score(model, X, y, cv=folds, scoring="roc_auc")
    return time.perf_counter() - t


# a candidate with the space's mean leaf count ((128 - 8) / ln 16 = 43) at 25 and 75 iterations:
# a fixed cost (binning) plus a cost per iteration, to size the search to what is left of the
# budget (timing the default 31 leaves undercounted a 10-minute search by 1.7x)
t25 = cv_seconds({"max_leaf_nodes": 43}, 25)
t75 = cv_seconds({"max_leaf_nodes": 43}, 75)
per_iter = max(1e-6, (t75 - t25) / 50)
fixed = max(0.0, t25 - 25 * per_iter)
remaining = budget - (time.perf_counter() - start)


def cost(n):
    rungs = 1 + int(math.floor(math.log(n, 3) + 1e-9))
    rungs = min(rungs, 4)  # 25, 75, 225, 675
    r0 = 675 / 3 ** (rungs - 1)  # min_resources="exhaust": the last rung has 675
    return sum(math.ceil(n / 3**i) * (fixed + r0 * 3**i * per_iter) for i in range(rungs)), rungs


n = 3
while cost(n + 1)[0] <= remaining:
    n += 1
search = HalvingRandomSearchCV(
    base,
    space,
    n_candidates=n,
    factor=3,
    resource="max_iter",
    min_resources="exhaust",
    max_resources=675,
    cv=folds,
    scoring="roc_auc",
    refit=True,
    random_state=seed,
    n_jobs=1,
)
search.fit(X, y)
seconds = time.perf_counter() - start
valid = roc_auc_score(yv, search.best_estimator_.predict_proba(Xv)[:, 1])
best = {k: (float(v) if isinstance(v, float) else int(v)) for k, v in search.best_params_.items()}
print(
    json.dumps(
        {
            "seconds": seconds,
            "candidates": n,
            "rungs": [int(r) for r in search.n_resources_],
            "best": best,
            "cv": float(search.best_score_),
            "valid_auc": valid,
        }
    )
)
