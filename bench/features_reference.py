#!/usr/bin/python3
"""The numpy recipe of `persodata features`, to check ours against.

  features_reference.py fixtures OUT_DIR
      Crops of one face picture at several sizes (PNG, and one JPEG) and
      expected.json: their spectrum and residual features, for the tests.
  features_reference.py dataset IMAGES_DIR OUT_DIR [--size 64] [--components 200]
      spectrum, residual and 64x64 PCA features of every picture under
      IMAGES_DIR (labels from real/ and fake/ folders) as one AutoML dataset
      (OUT_DIR/numpy_train.data, .solution, _feat.name), and prints a JSON
      line with the time taken and pictures a second.
  features_reference.py resize IMAGES_DIR OUT_DIR SIZE
      every picture under IMAGES_DIR (real/, fake/) resized to SIZE x SIZE
      (PIL LANCZOS) and saved as JPEG quality 75 under OUT_DIR, for the
      benchmark's other-size runs.
  features_reference.py pipeline-cv IMAGES_DIR FOLDS_JSON
      the same three kinds with the PCA inside the folds, as a scikit-learn
      Pipeline refits it: spectrum and residual computed once, then per fold
      PCA(min(200, rows - 1)) fitted on the training fold's 64x64 pixels and
      HistGradientBoosting on all columns; and the leaky protocol (PCA fitted
      on every picture) on the same folds. Prints a JSON line of both mean AUCs.
  features_reference.py cv DIR/NAME FOLDS_JSON
      scikit-learn HistGradientBoosting (200 trees, 31 leaves, learning rate
      0.1, no early stopping) cross-validated ROC AUC on the AutoML dataset
      DIR/NAME_train.* (numpy's above, or persodata's), per kind and
      combined, kinds told apart by their column names. FOLDS_JSON is a list
      of fold assignments (one fold id per row each, as persodata cv --seed
      makes them); the AUC is the mean over folds, then over assignments.
      Prints a JSON line.

The recipes (pixels are decoded by PIL, RGB, 8 bits):
  spectrum (Durall et al. 2020): grey = 0.299 R + 0.587 G + 0.114 B (float);
      F = fftshift(fft2(grey)); 20 ln(|F| + 1e-8); mean over each integer
      radius round(hypot(y - H//2, x - W//2)) < min(H, W)//2; that profile
      linearly resampled to `bins` values over [0, R - 1]; min-max scaled
      (all zero when constant).
  residual (Bammey 2023, Synthbuster): per channel
      |I(y,x) + I(y+1,x+1) - I(y,x+1) - I(y+1,x)|, the top-left
      (H-1)//P*P x (W-1)//P*P of it, |fftshift(fft2(.))| at rows
      (H'//2 + m H'/P) mod H' (m = -P/2..P/2) and columns (W'//2 + n W'/P)
      mod W' (n = 0..P/2), ln(. + 1e-8); channels R, G, B in turn.
  pca: PIL resize to 64x64 (BILINEAR), rows of H x W x 3 bytes,
      sklearn PCA(min(components, n - 1)) fitted on all pictures.
"""
import json
import os
import sys
import time

import numpy as np
from PIL import Image

EPS = 1e-8


def grey(rgb):
    f = rgb.astype(np.float64)
    return 0.299 * f[..., 0] + 0.587 * f[..., 1] + 0.114 * f[..., 2]


def spectrum(rgb, bins=128):
    g = grey(rgb)
    h, w = g.shape
    mag = 20 * np.log(np.abs(np.fft.fftshift(np.fft.fft2(g))) + EPS)
    y, x = np.indices((h, w))
    r = np.floor(np.hypot(y - h // 2, x - w // 2) + 0.5).astype(np.int64)
    radii = min(h, w) // 2
    keep = r < radii
    profile = np.bincount(r[keep], mag[keep], minlength=radii) / np.bincount(r[keep], minlength=radii)
    p = np.interp(np.linspace(0, radii - 1, bins), np.arange(radii), profile)
    lo, hi = p.min(), p.max()
    return (p - lo) / (hi - lo) if hi > lo else np.zeros(bins)


def residual(rgb, grid=16):
    f = rgb.astype(np.float64)
    res = np.abs(f[:-1, :-1] + f[1:, 1:] - f[:-1, 1:] - f[1:, :-1])
    h = res.shape[0] // grid * grid
    w = res.shape[1] // grid * grid
    res = res[:h, :w]
    rows = (h // 2 + np.arange(-grid // 2, grid // 2 + 1) * (h // grid)) % h
    cols = (w // 2 + np.arange(0, grid // 2 + 1) * (w // grid)) % w
    out = []
    for c in range(3):
        s = np.abs(np.fft.fftshift(np.fft.fft2(res[:, :, c])))
        out.append(np.log(s[np.ix_(rows, cols)] + EPS).ravel())
    return np.concatenate(out)


def ycbcr(rgb, c):
    """Integer Y, Cb or Cr (JFIF, 16-bit fixed point, rounded, clamped)."""
    f = rgb.astype(np.int64)
    k = [(19595, 38470, 7471), (-11059, -21709, 32768), (32768, -27439, -5329)][c]
    offset = 32768 if c == 0 else (128 << 16) + 32768
    v = (k[0] * f[..., 0] + k[1] * f[..., 1] + k[2] * f[..., 2] + offset) >> 16
    return np.clip(v, 0, 255)


def spam(rgb, t=3):
    """Square roots of the shares of truncated difference triples along 8 directions, straight and diagonal pooled, on Y, Cb, Cr."""
    k = 2 * t + 1
    out = []
    for c in range(3):
        x = ycbcr(rgb, c)
        h, w = x.shape
        for group in ([(0, 1), (0, -1), (1, 0), (-1, 0)], [(1, 1), (-1, -1), (1, -1), (-1, 1)]):
            counts = np.zeros(k ** 3)
            for dy, dx in group:
                ys = slice(max(0, -3 * dy), h - max(0, 3 * dy))
                xs = slice(max(0, -3 * dx), w - max(0, 3 * dx))
                v = [np.roll(np.roll(x, -j * dy, 0), -j * dx, 1)[ys, xs] for j in range(4)]
                d = [np.clip(v[j] - v[j + 1], -t, t) + t for j in range(3)]
                counts += np.bincount((d[0] * k * k + d[1] * k + d[2]).ravel(), minlength=k ** 3)
            out.append(np.sqrt(counts / counts.sum()))
    return np.concatenate(out)


def channels(rgb, t=3):
    """Square roots of the shares of a pixel's truncated (R, G, B) first and second differences, rows and columns pooled."""
    x = rgb.astype(np.int64)
    k = 2 * t + 1
    out = []
    for kernel in ([1, -1], [1, -2, 1]):
        counts = np.zeros(k ** 3)
        for axis in (0, 1):
            xa = np.moveaxis(x, axis, 1)
            n = xa.shape[1] - len(kernel) + 1
            d = np.clip(sum(c * xa[:, i:i + n] for i, c in enumerate(kernel)), -t, t) + t
            counts += np.bincount((d[..., 0] * k * k + d[..., 1] * k + d[..., 2]).ravel(), minlength=k ** 3)
        out.append(np.sqrt(counts / counts.sum()))
    return np.concatenate(out)


def hsv(rgb):
    f = rgb.astype(np.float64)
    r, g, b = f[..., 0], f[..., 1], f[..., 2]
    mx = f.max(-1)
    mn = f.min(-1)
    delta = mx - mn
    safe = np.where(delta > 0, delta, 1)
    h = np.where(mx == r, (g - b) / safe, np.where(mx == g, 2 + (b - r) / safe, 4 + (r - g) / safe)) / 6
    h = np.where(h < 0, h + 1, h)
    h = np.where(delta > 0, h, 0)
    s = np.where(mx == 0, 0, delta / np.where(mx == 0, 1, mx))
    return h, s, mx


def colour(rgb, bins=16):
    h, s, v = hsv(rgb)
    cb = ycbcr(rgb, 1)
    cr = ycbcr(rgb, 2)
    n = s.size

    def binned(x):
        return np.minimum(np.floor(x * bins), bins - 1).astype(np.int64).ravel()

    hist = lambda x, weights=None: np.bincount(binned(x), weights=weights, minlength=bins)
    hue = hist(h, s.ravel())
    out = [hue / s.sum() if s.sum() > 0 else np.zeros(bins), hist(s) / n, hist(v / 256) / n,
           hist(cb / 256) / n, hist(cr / 256) / n]
    out.append(np.bincount(((cb >> 5) * 8 + (cr >> 5)).ravel(), minlength=64) / n)
    out.append(np.array([(rgb == 0).any(-1).sum(), (rgb == 255).any(-1).sum(), (rgb == 255).all(-1).sum()]) / n)
    out.append(np.array([s.mean(), s.std(), cb.mean(), cb.std(), cr.mean(), cr.std()]))
    sat = np.floor(s * 255 + 0.5).astype(np.int64)
    tr = lambda d: np.clip(d, -2, 2) + 2
    for x in (sat, cb, cr):
        pairs = [tr(x[:, :-2] - x[:, 1:-1]) * 5 + tr(x[:, 1:-1] - x[:, 2:]),
                 tr(x[:-2] - x[1:-1]) * 5 + tr(x[1:-1] - x[2:])]
        counts = sum(np.bincount(p.ravel(), minlength=25) for p in pairs)
        out.append(counts / counts.sum())
    cross = tr(cb[:, :-1] - cb[:, 1:]) * 5 + tr(cr[:, :-1] - cr[:, 1:])
    out.append(np.bincount(cross.ravel(), minlength=25) / cross.size)
    v = np.concatenate(out)
    moments = slice(5 * bins + 64 + 3, 5 * bins + 64 + 3 + 6)
    shares = np.ones(v.size, bool)
    shares[moments] = False
    v[shares] = np.sqrt(v[shares])
    return v


DB4 = np.array([1 + 3 ** 0.5, 3 + 3 ** 0.5, 3 - 3 ** 0.5, 1 - 3 ** 0.5]) / (4 * 2 ** 0.5)
DB4_HIGH = np.array([DB4[3], -DB4[2], DB4[1], -DB4[0]])


def analyse(x, f, axis):
    """out[i] = sum_k f[k] x[(2 i + k) mod n] along axis."""
    n = x.shape[axis]
    idx = (2 * np.arange(n // 2)[:, None] + np.arange(4)) % n
    x = np.moveaxis(x, axis, -1)
    return np.moveaxis((x[..., idx] * f).sum(-1), -1, axis)


def pyramid(plane, levels):
    out = []
    a = plane
    for _ in range(levels):
        a = a[:a.shape[0] // 2 * 2, :a.shape[1] // 2 * 2]
        lo, hi = analyse(a, DB4, 1), analyse(a, DB4_HIGH, 1)
        out.append([analyse(lo, DB4_HIGH, 0), analyse(hi, DB4, 0), analyse(hi, DB4_HIGH, 0)])
        a = analyse(lo, DB4, 0)
    return out


def four_moments(x):
    x = x.ravel()
    m = x.mean()
    d = x - m
    m2, m3, m4 = (d ** 2).mean(), (d ** 3).mean(), (d ** 4).mean()
    if m2 <= 0:
        return [m, m2, 0.0, 0.0]
    return [m, m2, m3 / m2 ** 1.5, m4 / m2 ** 2 - 3]


def wavelets(rgb, scales=3):
    """Farid & Lyu: moments of the detail coefficients and of the log errors of their linear predictor."""
    f = rgb.astype(np.float64)
    levels = [pyramid(f[..., c], scales + 1) for c in range(3)]
    coef, err = [], []
    for c in range(3):
        for l in range(scales):
            for o in range(3):
                coef += four_moments(levels[c][l][o])
    for c in range(3):
        others = [k for k in range(3) if k != c]
        for l in range(scales):
            here, up = levels[c][l], levels[c][l + 1]
            h, w = here[0].shape
            ys, xs = np.meshgrid(np.arange(1, h - 1), np.arange(1, w - 1), indexing='ij')
            py, px = ys >> 1, xs >> 1
            for o in range(3):
                band = here[o]
                cross = [here[0][ys, xs], here[1][ys, xs]] if o == 2 else [here[2][ys, xs], up[2][py, px]]
                q = np.stack([band[ys, xs - 1], band[ys, xs + 1], band[ys - 1, xs], band[ys + 1, xs],
                              up[o][py, px], cross[0], cross[1],
                              levels[others[0]][l][o][ys, xs], levels[others[1]][l][o][ys, xs]], -1)
                q = np.abs(q.reshape(-1, 9))
                target = np.abs(band[ys, xs]).ravel()
                wts = np.linalg.lstsq(q, target, rcond=None)[0]
                err += four_moments(np.log(target + 1) - np.log(np.abs(q @ wts) + 1))
    return np.array(coef + err)


def read_rgb(path):
    with Image.open(path) as im:
        return np.asarray(im.convert('RGB'))


def fixtures(out_dir):
    here = os.path.dirname(os.path.abspath(__file__))
    source = os.path.join(here, '..', '..', 'shared', 'data', 'faces-dev', 'q75', 'fake', 'fake_0.jpg')
    os.makedirs(out_dir, exist_ok=True)
    face = read_rgb(source)
    # (name, top, left, height, width): crops at the picture's own pixels, no resampling
    crops = [('crop-32x32.png', 500, 400, 32, 32), ('crop-37x53.png', 420, 380, 37, 53),
             ('crop-48x64.png', 300, 300, 48, 64), ('crop-300x300.png', 250, 350, 300, 300),
             ('crop-17x17.png', 600, 600, 17, 17)]
    expected = {'eps': EPS, 'pictures': {}}
    for name, top, left, h, w in crops:
        Image.fromarray(face[top:top + h, left:left + w]).save(os.path.join(out_dir, name))
    # one JPEG above 128x128 pixels (decoded by sharp, as PIL does)
    Image.fromarray(face[100:300, 200:350]).save(os.path.join(out_dir, 'crop-200x150.jpg'), quality=90)
    for name in sorted(os.listdir(out_dir)):
        if not name.startswith('crop-'):
            continue
        rgb = read_rgb(os.path.join(out_dir, name))
        expected['pictures'][name] = {
            'height': rgb.shape[0], 'width': rgb.shape[1],
            'spectrum128': spectrum(rgb, 128).tolist(), 'spectrum16': spectrum(rgb, 16).tolist(),
            'residual16': residual(rgb, 16).tolist(), 'residual8': residual(rgb, 8).tolist(),
            'spam3': spam(rgb, 3).tolist(), 'spam1': spam(rgb, 1).tolist(),
            'colour16': colour(rgb, 16).tolist(), 'colour5': colour(rgb, 5).tolist(),
            'channels3': channels(rgb, 3).tolist(), 'channels1': channels(rgb, 1).tolist(),
        }
        side = min(rgb.shape[:2])
        for scales in (1, 2, 3):
            if side >= 4 << (scales + 1):
                expected['pictures'][name][f'wavelets{scales}'] = wavelets(rgb, scales).tolist()
    with open(os.path.join(out_dir, 'expected.json'), 'w') as f:
        json.dump(expected, f)
        f.write('\n')


def list_labelled(images_dir):
    pictures = []
    for label_name, label in (('fake', 0), ('real', 1)):
        folder = os.path.join(images_dir, label_name)
        for name in sorted(os.listdir(folder)):
            if name.lower().endswith(('.jpg', '.jpeg', '.png')):
                pictures.append((os.path.join(folder, name), label))
    return pictures


def dataset(images_dir, out_dir, size=64, components=200):
    from sklearn.decomposition import PCA
    pictures = list_labelled(images_dir)
    start = time.perf_counter()
    spec, resid, small = [], [], []
    for path, _ in pictures:
        with Image.open(path) as im:
            im = im.convert('RGB')
            rgb = np.asarray(im)
            small.append(np.asarray(im.resize((size, size), Image.BILINEAR)).reshape(-1))
        spec.append(spectrum(rgb))
        resid.append(residual(rgb))
    pixels = np.array(small, dtype=np.float64)
    k = min(components, len(pictures) - 1)
    pcs = PCA(n_components=k, svd_solver='full').fit_transform(pixels)
    seconds = time.perf_counter() - start
    x = np.hstack([np.array(spec), np.array(resid), pcs])
    names = [f'spectrum_{i}' for i in range(128)]
    names += [f'residual_{c}_m{m}_n{n}' for c in 'rgb' for m in range(-8, 9) for n in range(9)]
    names += [f'pc{i}' for i in range(k)]
    os.makedirs(out_dir, exist_ok=True)
    np.savetxt(os.path.join(out_dir, 'numpy_train.data'), x, fmt='%.9g')
    np.savetxt(os.path.join(out_dir, 'numpy_train.solution'), [p[1] for p in pictures], fmt='%d')
    with open(os.path.join(out_dir, 'numpy_feat.name'), 'w') as f:
        f.write('\n'.join(names) + '\n')
    print(json.dumps({'pictures': len(pictures), 'seconds': seconds, 'pictures_per_second': len(pictures) / seconds,
                      'columns': x.shape[1]}))


def cv(prefix, folds_file):
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.metrics import roc_auc_score
    x = np.loadtxt(prefix + '_train.data', ndmin=2)
    y = np.loadtxt(prefix + '_train.solution').astype(int)
    with open(prefix + '_feat.name') as f:
        names = f.read().split()
    with open(folds_file) as f:
        assignments = [np.array(a) for a in json.load(f)]
    kinds = {'spectrum': [i for i, n in enumerate(names) if n.startswith('spectrum_')],
             'residual': [i for i, n in enumerate(names) if n.startswith('residual_')],
             'pca': [i for i, n in enumerate(names) if n.startswith('pc')]}
    kinds['spectrum,residual'] = kinds['spectrum'] + kinds['residual']
    kinds['spectrum,residual,pca'] = kinds['spectrum,residual'] + kinds['pca']
    result = {}
    for kind, cols in kinds.items():
        if any(not kinds[k] for k in kind.split(',')):
            continue
        means = []
        for fold_ids in assignments:
            aucs = []
            for fold in np.unique(fold_ids):
                train, test = fold_ids != fold, fold_ids == fold
                model = HistGradientBoostingClassifier(max_iter=200, max_leaf_nodes=31, learning_rate=0.1,
                                                       early_stopping=False, random_state=0)
                model.fit(x[train][:, cols], y[train])
                aucs.append(roc_auc_score(y[test], model.predict_proba(x[test][:, cols])[:, 1]))
            means.append(np.mean(aucs))
        result[kind] = float(np.mean(means))
    print(json.dumps(result))


def pipeline_cv(images_dir, folds_file):
    from sklearn.decomposition import PCA
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.metrics import roc_auc_score
    pictures = list_labelled(images_dir)
    y = np.array([label for _, label in pictures])
    fixed, pixels = [], []
    for path, _ in pictures:
        with Image.open(path) as im:
            im = im.convert('RGB')
            rgb = np.asarray(im)
            pixels.append(np.asarray(im.resize((64, 64), Image.BILINEAR)).reshape(-1).astype(np.float64))
        fixed.append(np.concatenate([spectrum(rgb), residual(rgb)]))
    fixed, pixels = np.array(fixed), np.array(pixels)
    with open(folds_file) as f:
        assignments = [np.array(a) for a in json.load(f)]

    def hgb():
        return HistGradientBoostingClassifier(max_iter=200, max_leaf_nodes=31, learning_rate=0.1,
                                              early_stopping=False, random_state=0)
    leaky_pcs = PCA(n_components=min(200, len(y) - 1), svd_solver='full').fit_transform(pixels)
    in_fold, leaky = [], []
    for fold_ids in assignments:
        a, b = [], []
        for fold in np.unique(fold_ids):
            train, test = fold_ids != fold, fold_ids == fold
            pca = PCA(n_components=min(200, int(train.sum()) - 1), svd_solver='full').fit(pixels[train])
            x_train = np.hstack([fixed[train], pca.transform(pixels[train])])
            x_test = np.hstack([fixed[test], pca.transform(pixels[test])])
            a.append(roc_auc_score(y[test], hgb().fit(x_train, y[train]).predict_proba(x_test)[:, 1]))
            x_all = np.hstack([fixed, leaky_pcs])
            b.append(roc_auc_score(y[test], hgb().fit(x_all[train], y[train]).predict_proba(x_all[test])[:, 1]))
        in_fold.append(np.mean(a))
        leaky.append(np.mean(b))
    print(json.dumps({'in_fold': float(np.mean(in_fold)), 'leaky': float(np.mean(leaky))}))


def resize(images_dir, out_dir, size):
    for path, label in list_labelled(images_dir):
        folder = os.path.join(out_dir, 'real' if label else 'fake')
        os.makedirs(folder, exist_ok=True)
        with Image.open(path) as im:
            im.convert('RGB').resize((size, size), Image.LANCZOS).save(
                os.path.join(folder, os.path.basename(path)), quality=75)


def option(args, name, default):
    return int(args[args.index(name) + 1]) if name in args else default


if __name__ == '__main__':
    args = sys.argv[1:]
    if args[:1] == ['fixtures']:
        fixtures(args[1])
    elif args[:1] == ['dataset']:
        dataset(args[1], args[2], option(args, '--size', 64), option(args, '--components', 200))
    elif args[:1] == ['pipeline-cv']:
        pipeline_cv(args[1], args[2])
    elif args[:1] == ['resize']:
        resize(args[1], args[2], int(args[3]))
    elif args[:1] == ['cv']:
        cv(args[1], args[2])
    else:
        sys.exit(__doc__)
