// What successive halving gives more of to the candidates that survive a rung,
// per model kind (one table): gbdt its boosting rounds, the forest its trees,
// logistic regression its training rows (a share of each fold's training part).
import type { ModelKind } from '../core/estimator.js';

export interface TuneResource {
  /** In words, for tables and --help: `trees`, `share of rows`. */
  readonly what: string;
  /** The option the resource sets (`trees`), or undefined for rows. */
  readonly param?: 'trees';
  /** Default smallest and largest resource (a share of rows for `rows`). */
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
  /** A survivor goes on from its last rung's fit, paying only for the resource it adds (gbdt: Gbdt.continuing). */
  readonly continues?: boolean;
}

// gbdt starts at 75 trees, not 25: with a learning rate searched from 0.01, the first rung ranks
// candidates by how far 25 trees get, which favours high rates. Full-size set, 10 minutes: 25..675
// gave valid AUCs 0.95453 and 0.95341, 75..675 gave 0.95515 and 0.95453 (docs/BENCHMARKS.md)
export const TUNE_RESOURCES: Readonly<Record<ModelKind, TuneResource>> = {
  gbdt: { what: 'trees', param: 'trees', min: 75, max: 675, integer: true, continues: true },
  forest: { what: 'trees', param: 'trees', min: 10, max: 270, integer: true },
  logistic: { what: 'share of rows', min: 1 / 9, max: 1, integer: false },
};
