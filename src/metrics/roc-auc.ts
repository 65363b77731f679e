// ROC AUC by ranks (Mann-Whitney U), with tied scores given their average
// rank, so it equals scikit-learn's roc_auc_score ties included. Curves for
// plotting are not here.
import { DegenerateDataError, InputError } from '../util/errors.js';

/**
 * Area under the ROC curve of `scores` (higher = more likely class 1) against
 * 0/1 `labels`. O(n log n). Throws when a class is missing or a score is NaN.
 */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const n = labels.length;
  if (scores.length !== n) throw new InputError(`rocAuc: ${scores.length} scores for ${n} labels`);
  let nPos = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(scores[i])) throw new InputError(`rocAuc: score ${i} is NaN`);
    nPos += labels[i] === 1 ? 1 : 0;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) {
    throw new DegenerateDataError(
      `ROC AUC needs both classes; the labels hold only class ${nPos === 0 ? 0 : 1} (${n} rows)`,
    );
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => scores[a] - scores[b]);
  // Sum of the (1-based, tie-averaged) ranks of the positives.
  let rankSumPos = 0;
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && scores[order[end]] === scores[order[start]]) end++;
    let posInGroup = 0;
    for (let k = start; k < end; k++) posInGroup += labels[order[k]] === 1 ? 1 : 0;
    rankSumPos += posInGroup * ((start + 1 + end) / 2);
    start = end;
  }
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}
