#!/usr/bin/python3
"""scikit-learn's calibrators on fixed scores, for the calibration tests.

  calibration_fixtures.py OUT.json

Seeded scores and labels (numpy's default_rng(7)), with ties; the isotonic
fit (IsotonicRegression(out_of_bounds='clip', y_min=0, y_max=1), as
CalibratedClassifierCV uses it) evaluated on a grid of new scores, and the
sigmoid fit's (a, b) (sklearn.calibration._sigmoid_calibration).
"""
import json
import sys

import numpy as np
import sklearn
from sklearn.calibration import _sigmoid_calibration
from sklearn.isotonic import IsotonicRegression

rng = np.random.default_rng(7)
out = {'sklearn': sklearn.__version__, 'cases': []}
for n, skew in ((40, 0.3), (400, 0.8), (3000, 1.5)):
    labels = (rng.random(n) < 0.4).astype(int)
    scores = np.round(np.clip(0.5 + skew * (labels - 0.4) * rng.random(n) + 0.3 * rng.normal(size=n), 0, 1), 3)
    iso = IsotonicRegression(out_of_bounds='clip', y_min=0, y_max=1).fit(scores, labels)
    grid = np.linspace(-0.1, 1.1, 121)
    a, b = _sigmoid_calibration(scores, labels)
    out['cases'].append({'scores': scores.tolist(), 'labels': labels.tolist(), 'grid': grid.tolist(),
                         'isotonic': iso.predict(grid).tolist(), 'isotonicOnScores': iso.predict(scores).tolist(),
                         'sigmoid': [float(a), float(b)]})
with open(sys.argv[1], 'w') as f:
    json.dump(out, f)
    f.write('\n')
