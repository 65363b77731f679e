// Successive halving (Jamieson & Talwalkar 2016; scikit-learn's
// HalvingRandomSearchCV): every candidate is scored with a small resource
// (few trees, few rows), the best 1/eta go on with eta times the resource,
// and so on until the last rung scores the survivors with the full resource.
// This module knows no model: candidates, their scoring and the clock come
// from the caller (tune-model.ts), so a test can check the schedule exactly.

/** How long the search may run: a number of first-rung candidates, or a wall-clock time. */
export type Budget = { readonly trials: number } | { readonly seconds: number };

export interface RungScore {
  /** 0-based rung. */
  readonly rung: number;
  readonly resource: number;
  /** Mean over the folds, and its population standard deviation. */
  readonly score: number;
  readonly std: number;
  readonly seconds: number;
}

export interface Trial<C> {
  /** The candidate's index in the seeded stream (0-based). */
  readonly id: number;
  readonly candidate: C;
  /** One score per rung reached, in rung order. */
  readonly rungs: RungScore[];
}

export interface HalvingResult<C> {
  /** Best first: the highest rung reached, then the better score there, then the lower id. */
  readonly ranked: Trial<C>[];
  /** The rung resources. */
  readonly resources: readonly number[];
  /** Candidates the first rung scored (with a time budget, what `--budget N` repeats exactly). */
  readonly firstRung: number;
  /** Set when a time budget ran out before the last rung was done: which rung, how many of its trials ran. */
  readonly cut?: { readonly rung: number; readonly ran: number; readonly planned: number };
}

export interface HalvingOptions<C> {
  readonly resources: readonly number[];
  readonly eta: number;
  readonly budget: Budget;
  readonly higherIsBetter: boolean;
  readonly draw: (id: number) => C;
  readonly evaluate: (candidate: C, resource: number, id: number) => Promise<{ score: number; std: number }>;
  /** Seconds on a monotonic clock (tests give a fake one). */
  readonly now?: () => number;
  /** After every trial: the rung, trials done in it and planned (undefined while a time budget decides), and the trial. */
  readonly onTrial?: (rung: number, done: number, planned: number | undefined, trial: Trial<C>) => void;
}

/**
 * The rungs' resources from `min` up to `max`, each `eta` times the one
 * before, counted down from `max` so the last rung is `max` exactly:
 * 25..675 by 3 gives 25, 75, 225, 675. `integer` rounds them (trees).
 */
export function rungResources(min: number, max: number, eta: number, integer: boolean): number[] {
  if (!(min > 0 && max >= min && eta > 1)) throw new RangeError(`rungResources: need 0 < min <= max and eta > 1`);
  const steps = Math.max(0, Math.ceil(Math.log(max / min) / Math.log(eta) - 1e-9));
  return Array.from({ length: steps + 1 }, (_, i) => {
    const r = max / eta ** (steps - i);
    return integer ? Math.max(1, Math.round(r)) : r;
  });
}

/** `a` better than `b`: the better score (NaN worst), then the lower id. */
function better(higherIsBetter: boolean) {
  const key = (s: number) => (Number.isNaN(s) ? -Infinity : higherIsBetter ? s : -s);
  return (a: { score: number; id: number }, b: { score: number; id: number }) =>
    key(b.score) - key(a.score) || a.id - b.id;
}

export async function successiveHalving<C>(opts: HalvingOptions<C>): Promise<HalvingResult<C>> {
  const now = opts.now ?? (() => performance.now() / 1000);
  const start = now();
  const { resources, eta } = opts;
  const K = resources.length;
  const timed = 'seconds' in opts.budget;
  // a time budget gives each rung about an equal share, as halving keeps every rung's cost about the
  // same; the first rung takes 90% of its share, for the survivors' rounding up (ceil(n / eta))
  const seconds = timed ? (opts.budget as { seconds: number }).seconds : Infinity;
  const deadline = start + seconds;
  const firstDeadline = start + (0.9 * seconds) / K;
  const planned = timed ? undefined : (opts.budget as { trials: number }).trials;
  const trials: Trial<C>[] = [];
  const order = better(opts.higherIsBetter);

  const run = async (trial: Trial<C>, rung: number) => {
    const t0 = now();
    const { score, std } = await opts.evaluate(trial.candidate, resources[rung], trial.id);
    trial.rungs.push({ rung, resource: resources[rung], score, std, seconds: now() - t0 });
  };

  // rung 0: new candidates until the count, or the first rung's share of the time, is used up (at least one)
  for (let id = 0; planned === undefined ? id === 0 || now() < firstDeadline : id < planned; id++) {
    const trial: Trial<C> = { id, candidate: opts.draw(id), rungs: [] };
    trials.push(trial);
    await run(trial, 0);
    opts.onTrial?.(0, id + 1, planned, trial);
  }
  const firstRung = trials.length;
  let cut: HalvingResult<C>['cut'];
  let alive = trials;
  for (let rung = 1; rung < K && !cut; rung++) {
    const scored = alive.map((t) => ({ t, score: t.rungs[rung - 1].score, id: t.id })).sort(order);
    alive = scored.slice(0, Math.ceil(scored.length / eta)).map((s) => s.t);
    for (let k = 0; k < alive.length; k++) {
      if (now() >= deadline) {
        cut = { rung, ran: k, planned: alive.length };
        break;
      }
      await run(alive[k], rung);
      opts.onTrial?.(rung, k + 1, alive.length, alive[k]);
    }
  }
  const ranked = [...trials].sort((a, b) => {
    const ra = a.rungs.length;
    const rb = b.rungs.length;
    if (ra !== rb) return rb - ra;
    return order({ score: a.rungs[ra - 1].score, id: a.id }, { score: b.rungs[rb - 1].score, id: b.id });
  });
  return { ranked, resources, firstRung, cut };
}
