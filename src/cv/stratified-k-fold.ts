// Seeded stratified fold assignment: each class is shuffled and dealt to the
// folds in turn, so every fold holds each class in (almost) the same share.
// Fitting and scoring the folds is cross-validate.ts's job.
import { DegenerateDataError, UsageError } from '../util/errors.js';
import { Rng } from '../util/rng.js';

/**
 * Fold id (0..nFolds-1) of every row. Fold sizes differ by at most one per
 * class. Throws when a class has fewer rows than folds (a fold would lack it).
 */
export function stratifiedFoldIds(labels: Uint8Array, nFolds: number, seed: number): Uint16Array {
  if (!Number.isInteger(nFolds) || nFolds < 2) throw new UsageError(`--folds=${nFolds}: expected an integer >= 2`);
  const byClass: number[][] = [[], []];
  labels.forEach((label, i) => byClass[label].push(i));
  for (const cls of [0, 1]) {
    if (byClass[cls].length === 0) {
      throw new DegenerateDataError(
        `every one of the ${labels.length} labels is ${1 - cls}: cross-validation (and ROC AUC) needs rows of both classes`,
      );
    }
    if (byClass[cls].length < nFolds) {
      throw new DegenerateDataError(
        `--folds=${nFolds}: class ${cls} has only ${byClass[cls].length} rows, so some fold would hold no row of it; use fewer folds`,
      );
    }
  }
  const foldIds = new Uint16Array(labels.length);
  const rng = new Rng(seed, 0xf01d /* the folds stream */);
  let dealt = 0; // continue dealing where the previous class stopped, to even out fold sizes
  for (const members of byClass) {
    const shuffled = rng.shuffle(Uint32Array.from(members));
    for (const row of shuffled) foldIds[row] = dealt++ % nFolds;
  }
  return foldIds;
}

/** Row indices of the training and held-out part of fold `fold`. */
export function foldRows(foldIds: Uint16Array, fold: number): { train: Uint32Array; test: Uint32Array } {
  let nTest = 0;
  for (const f of foldIds) nTest += f === fold ? 1 : 0;
  const train = new Uint32Array(foldIds.length - nTest);
  const test = new Uint32Array(nTest);
  let a = 0;
  let b = 0;
  foldIds.forEach((f, i) => {
    if (f === fold) test[b++] = i;
    else train[a++] = i;
  });
  return { train, test };
}

/**
 * Fold id of every row when rows of one group (a source, a generator, a
 * folder) must stay in one fold: cv then measures pictures from groups the
 * model never saw. The groups are shuffled by the seed, then dealt largest
 * first to the fold with the fewest rows so far (scikit-learn's GroupKFold
 * deals them likewise, unshuffled). Every held-out fold must hold both
 * classes for its AUC; throws, naming the fold's groups, where one does not.
 */
export function groupFoldIds(labels: Uint8Array, groups: readonly string[], nFolds: number, seed: number): Uint16Array {
  if (!Number.isInteger(nFolds) || nFolds < 2) throw new UsageError(`--folds=${nFolds}: expected an integer >= 2`);
  const members = new Map<string, number[]>();
  groups.forEach((g, i) => {
    const list = members.get(g);
    if (list) list.push(i);
    else members.set(g, [i]);
  });
  const names = [...members.keys()].sort();
  if (names.length < nFolds)
    throw new DegenerateDataError(
      `--folds=${nFolds}: only ${names.length} group(s) (${names.slice(0, 5).join(', ')}), and a group stays in one fold; use fewer folds or more groups`,
    );
  const rng = new Rng(seed, 0xf01d);
  const order = Array.from(rng.shuffle(Uint32Array.from(names, (_, i) => i)), (i) => names[i]);
  // stable: equal sizes keep the shuffled order
  order.sort((a, b) => members.get(b)!.length - members.get(a)!.length);
  const sizes = new Array<number>(nFolds).fill(0);
  const foldGroups: string[][] = Array.from({ length: nFolds }, () => []);
  const foldIds = new Uint16Array(labels.length);
  for (const g of order) {
    const fold = sizes.indexOf(Math.min(...sizes));
    for (const row of members.get(g)!) foldIds[row] = fold;
    sizes[fold] += members.get(g)!.length;
    foldGroups[fold].push(g);
  }
  for (let fold = 0; fold < nFolds; fold++) {
    const seen = new Set<number>();
    foldIds.forEach((f, i) => f === fold && seen.add(labels[i]));
    if (seen.size < 2) {
      const only = [...seen][0];
      throw new DegenerateDataError(
        `fold ${fold + 1} holds only class ${only} (groups ${foldGroups[fold].slice(0, 5).join(', ')}): its AUC is undefined; each group needs pictures of both classes, or more groups`,
      );
    }
  }
  return foldIds;
}
