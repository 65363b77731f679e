#!/usr/bin/python3
"""scikit-learn's calibrators on persodata's own scores, for the benchmark.

  calibration_anchor.py SCORES.json

SCORES.json: {"oof": [...], "oofLabels": [...], "valid": [...], "validLabels": [...]}, the
out-of-fold P(real) of the training rows and the full model's P(real) of the
valid rows. Fits IsotonicRegression(out_of_bounds='clip') and the sigmoid
(_sigmoid_calibration) on the out-of-fold scores, as CalibratedClassifierCV(cv=5,
ensemble=False) would, and prints one JSON line with the valid log loss of each.
"""
import json
import sys

import numpy as np
from sklearn.calibration import _sigmoid_calibration
from sklearn.isotonic import IsotonicRegression
from sklearn.metrics import log_loss

with open(sys.argv[1]) as f:
    d = json.load(f)
oof, y, valid, yv = (np.array(d[k]) for k in ('oof', 'oofLabels', 'valid', 'validLabels'))
iso = IsotonicRegression(out_of_bounds='clip', y_min=0, y_max=1).fit(oof, y)
a, b = _sigmoid_calibration(oof, y)
print(json.dumps({
    'uncalibrated': log_loss(yv, np.clip(valid, 1e-15, 1 - 1e-15)),
    'isotonic': log_loss(yv, np.clip(iso.predict(valid), 1e-15, 1 - 1e-15)),
    'sigmoid': log_loss(yv, 1 / (1 + np.exp(a * valid + b))),
}))
