# Exact reference for the pca bench: the share of total variance that the top
# K principal components of a u8 pixel matrix (.npy, rows = pictures) capture,
# from the eigenvalues of the centred Gram matrix in float64 (numpy/LAPACK).
# Minutes at 50000 x 12288; bench.mjs caches its answer.
#   pca_exact.py MATRIX.npy K   -> prints "EXACT_EVR_SUM"
import sys
import numpy as np

X = np.load(sys.argv[1], mmap_mode="r")
k = int(sys.argv[2])
n, d = X.shape
mean = X.mean(axis=0, dtype=np.float64)
gram = np.zeros((d, d))
for start in range(0, n, 4096):
    block = X[start:start + 4096].astype(np.float64) - mean
    gram += block.T @ block
eig = np.linalg.eigvalsh(gram)[::-1]
print("%.6f" % (eig[:k].sum() / np.trace(gram)))
