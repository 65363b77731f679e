#!/usr/bin/python3
"""The robust section's anchor: numpy's robust kinds and scikit-learn's logistic regression.

  robust_anchor.py vip IMAGES_DIR OUT_DIR
      every picture under IMAGES_DIR (real/, fake/) through the IEEE VIP Cup
      protocol, as faces-b/vip was made: a random square crop of 50-100% of
      the shorter side, resized to 200x200 (PIL bicubic), JPEG at a random
      quality 65-100 (random.Random(20261206), in sorted file order, real
      then fake).
  robust_anchor.py features IMAGES_DIR OUT.npz [--limit N]
      wavelets, spam, colour and channels (features_reference.py) of every
      picture (sorted by its path below IMAGES_DIR, as persodata lists them),
      and prints a JSON line of each kind's milliseconds per picture on one
      core, PIL's decode included.
  robust_anchor.py cv FEATURES.npz FOLDS_JSON C
      logistic regression (standardised, scikit-learn's C) cross-validated on
      the fold assignments persodata cv deals; prints a JSON line of the mean
      ROC AUC.
  robust_anchor.py cross TRAIN.npz TEST.npz C
      fitted on one set, ROC AUC on the other; prints a JSON line.
"""
import json
import os
import random
import sys
import time

import numpy as np
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import features_reference as ref  # noqa: E402

KINDS = {'wavelets': ref.wavelets, 'spam': ref.spam, 'colour': ref.colour, 'channels': ref.channels}


def listed(images_dir):
    names = []
    for cls in ('fake', 'real'):
        for name in os.listdir(os.path.join(images_dir, cls)):
            names.append(f'{cls}/{name}')
    return sorted(names)


def vip(images_dir, out_dir):
    rng = random.Random(20261206)
    for cls in ('real', 'fake'):
        os.makedirs(os.path.join(out_dir, cls), exist_ok=True)
        for name in sorted(os.listdir(os.path.join(images_dir, cls))):
            with Image.open(os.path.join(images_dir, cls, name)) as im:
                im = im.convert('RGB')
                w, h = im.size
                side = int(min(w, h) * rng.uniform(0.5, 1.0))
                x, y = rng.randint(0, w - side), rng.randint(0, h - side)
                im = im.crop((x, y, x + side, y + side)).resize((200, 200), Image.BICUBIC)
                stem = os.path.splitext(name)[0]
                im.save(os.path.join(out_dir, cls, f'{stem}.jpg'), quality=rng.randint(65, 100))


def features(images_dir, out, limit=None):
    names = listed(images_dir)
    if limit:
        # the first `limit` of each class, for the timing of large pictures
        names = [n for n in names if n.startswith('fake/')][:limit // 2] + \
                [n for n in names if n.startswith('real/')][:limit - limit // 2]
    values = {k: [] for k in KINDS}
    seconds = {k: 0.0 for k in KINDS}
    for name in names:
        for kind, fn in KINDS.items():
            start = time.perf_counter()
            rgb = ref.read_rgb(os.path.join(images_dir, name))
            values[kind].append(fn(rgb))
            seconds[kind] += time.perf_counter() - start
    y = np.array([1 if n.startswith('real/') else 0 for n in names])
    np.savez(out, y=y, names=np.array(names), **{k: np.array(v) for k, v in values.items()})
    print(json.dumps({'pictures': len(names), 'ms_per_picture': {k: 1000 * s / len(names) for k, s in seconds.items()}}))


def matrix(npz):
    data = np.load(npz)
    return np.hstack([data[k] for k in KINDS]), data['y']


def model(c):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    return make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=5000))


def cv(npz, folds_file, c):
    from sklearn.metrics import roc_auc_score
    X, y = matrix(npz)
    aucs = []
    for ids in json.load(open(folds_file)):
        ids = np.array(ids)
        for fold in range(ids.max() + 1):
            test = ids == fold
            m = model(c).fit(X[~test], y[~test])
            aucs.append(roc_auc_score(y[test], m.predict_proba(X[test])[:, 1]))
    print(json.dumps({'mean_auc': float(np.mean(aucs)), 'folds': len(aucs)}))


def cross(train_npz, test_npz, c):
    from sklearn.metrics import roc_auc_score
    X, y = matrix(train_npz)
    Xt, yt = matrix(test_npz)
    m = model(c).fit(X, y)
    print(json.dumps({'auc': float(roc_auc_score(yt, m.predict_proba(Xt)[:, 1]))}))


if __name__ == '__main__':
    a = sys.argv[1:]
    if a[0] == 'vip':
        vip(a[1], a[2])
    elif a[0] == 'features':
        features(a[1], a[2], int(a[a.index('--limit') + 1]) if '--limit' in a else None)
    elif a[0] == 'cv':
        cv(a[1], a[2], float(a[3]))
    elif a[0] == 'cross':
        cross(a[1], a[2], float(a[3]))
    else:
        sys.exit(__doc__)
