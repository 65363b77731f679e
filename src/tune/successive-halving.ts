// Successive halving (Jamieson & Talwalkar 2016; scikit-learn's
// HalvingRandomSearchCV): every candidate is scored with a small resource
// (few trees, few rows), the best 1/eta go on with eta times the resource,
// and so on until the last rung scores the survivors with the full resource.
// This module knows no model: candidates, their scoring and the clock come
// from the caller (tune-model.ts), so a test can check the schedule exactly.

/**
 * How long the search may run: first-rung candidates (one bracket of that
 * many; several numbers, one bracket each), or a wall-clock time (brackets
 * while the time lasts).
 */
export type Budget = { readonly trials: number | readonly number[] } | { readonly seconds: number };

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
  /** Candidates each bracket's first rung scored (with a time budget, what `--budget N,M` repeats exactly). */
  readonly brackets: number[];
  /** Set when a time budget ran out before a bracket's last rung was done: which rung, how many of its trials ran. */
  readonly cut?: { readonly rung: number; readonly ran: number; readonly planned: number };
}

export interface HalvingOptions<C> {
  readonly resources: readonly number[];
  readonly eta: number;
  readonly budget: Budget;
  readonly higherIsBetter: boolean;
  readonly draw: (id: number) => C;
  readonly evaluate: (candidate: C, resource: number, id: number) => Promise<{ score: number; std: number }>;
  /**
   * A survivor's later rung costs only the resource it adds (gbdt goes on
   * from its trees): a time budget then foresees cheaper later rungs.
   */
  readonly continued?: boolean;
  /** Seconds on a monotonic clock (tests give a fake one). */
  readonly now?: () => number;
  /**
   * After every trial: the bracket (0-based), the rung, trials done in it and
   * planned (undefined while a time budget decides), and the trial.
   */
  readonly onTrial?: (
    bracket: number,
    rung: number,
    done: number,
    planned: number | undefined,
    trial: Trial<C>,
  ) => void;
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

/**
 * What a survivor's trial at each rung costs relative to its first-rung
 * trial, taken as proportional to the resource it uses (or, `continued`, the
 * resource it adds): 1, r1/r0, r2/r0, ... or 1, (r1 - r0)/r0, (r2 - r1)/r0, ...
 * (75, 225, 675 trees going on: 1, 2, 6).
 */
export function rungCostFactors(resources: readonly number[], continued: boolean): number[] {
  return resources.map((r, k) => (r - (continued && k > 0 ? resources[k - 1] : 0)) / resources[0]);
}

/**
 * The seconds a bracket still needs after its first rung, as things stand:
 * the survivors of each rung taken as the best of the first rung (by its
 * score), each paying its own first-rung seconds times the rung's factor.
 * Its own seconds, not a count of resources: survivors are often the costly
 * candidates (more leaves), and a first rung given a fixed share worked out
 * from resources had a 10-minute search's last rung cut (measured). The
 * survivors after the second rung need not be the first rung's best: one
 * 10-minute search (seed 1) was still cut.
 */
export function secondsAfterFirstRung(
  first: ReadonlyArray<{ readonly score: number; readonly id: number; readonly seconds: number }>,
  factors: readonly number[],
  eta: number,
  order: (a: { score: number; id: number }, b: { score: number; id: number }) => number,
): number {
  const ranked = [...first].sort(order);
  let total = 0;
  for (let k = 1, n = ranked.length; k < factors.length; k++) {
    n = Math.ceil(n / eta);
    for (let i = 0; i < n; i++) total += ranked[i].seconds * factors[k];
  }
  return total;
}

/** `a` better than `b`: the better score (NaN worst), then the lower id. */
function better(higherIsBetter: boolean) {
  const key = (s: number) => (Number.isNaN(s) ? -Infinity : higherIsBetter ? s : -s);
  return (a: { score: number; id: number }, b: { score: number; id: number }) =>
    key(b.score) - key(a.score) || a.id - b.id;
}

export async function successiveHalving<C>(opts: HalvingOptions<C>): Promise<HalvingResult<C>> {
  const now = opts.now ?? (() => performance.now() / 1000);
  const { resources, eta } = opts;
  const K = resources.length;
  const timed = 'seconds' in opts.budget;
  const deadline = timed ? now() + (opts.budget as { seconds: number }).seconds : Infinity;
  const counts = timed ? undefined : [(opts.budget as { trials: number | readonly number[] }).trials].flat();
  const trials: Trial<C>[] = [];
  const brackets: number[] = [];
  const order = better(opts.higherIsBetter);
  let cut: HalvingResult<C>['cut'];

  const run = async (trial: Trial<C>, rung: number) => {
    const t0 = now();
    const { score, std } = await opts.evaluate(trial.candidate, resources[rung], trial.id);
    trial.rungs.push({ rung, resource: resources[rung], score, std, seconds: now() - t0 });
  };

  const factors = rungCostFactors(resources, opts.continued === true);
  const newcomer = factors.reduce((sum, f, k) => sum + f / eta ** k, 0); // one more candidate, its expected rungs
  /**
   * A timed first rung draws another candidate while it and the rest of the
   * bracket (secondsAfterFirstRung, plus the newcomer at the mean first-rung
   * time) fit in 90% of the time left; the 10% is for the estimate's error
   * (survivors after the second rung are not the first rung's best).
   */
  const roomForAnother = (first: readonly Trial<C>[]): boolean => {
    const seconds = first.map((t) => ({ score: t.rungs[0].score, id: t.id, seconds: t.rungs[0].seconds }));
    const mean = seconds.reduce((sum, t) => sum + t.seconds, 0) / seconds.length;
    const needed = secondsAfterFirstRung(seconds, factors, eta, order) + mean * newcomer;
    return needed <= 0.9 * (deadline - now());
  };

  /** One bracket: its first rung draws `count` candidates, or while there is time for them (timed); then halving. */
  const bracket = async (b: number, count: number | undefined) => {
    const first: Trial<C>[] = [];
    for (let k = 0; count === undefined ? k === 0 || roomForAnother(first) : k < count; k++) {
      const trial: Trial<C> = { id: trials.length, candidate: opts.draw(trials.length), rungs: [] };
      trials.push(trial);
      first.push(trial);
      await run(trial, 0);
      opts.onTrial?.(b, 0, k + 1, count, trial);
    }
    brackets.push(first.length);
    let alive = first;
    for (let rung = 1; rung < K && !cut; rung++) {
      const scored = alive.map((t) => ({ t, score: t.rungs[rung - 1].score, id: t.id })).sort(order);
      alive = scored.slice(0, Math.ceil(scored.length / eta)).map((x) => x.t);
      for (let k = 0; k < alive.length; k++) {
        if (now() >= deadline) {
          cut = { rung, ran: k, planned: alive.length };
          break;
        }
        await run(alive[k], rung);
        opts.onTrial?.(b, rung, k + 1, alive.length, alive[k]);
      }
    }
    return alive[0];
  };

  if (counts) {
    for (const [b, count] of counts.entries()) await bracket(b, count);
  } else {
    // brackets while the time lasts: another starts while the time left exceeds what the last
    // one's winner took on its way up
    for (let b = 0; !cut; b++) {
      const winner = await bracket(b, undefined);
      const oneWay = winner.rungs.reduce((sum, r) => sum + r.seconds, 0);
      if (deadline - now() < 1.5 * oneWay) break;
    }
  }
  const ranked = [...trials].sort((a, b) => {
    const ra = a.rungs.length;
    const rb = b.rungs.length;
    if (ra !== rb) return rb - ra;
    return order({ score: a.rungs[ra - 1].score, id: a.id }, { score: b.rungs[rb - 1].score, id: b.id });
  });
  return { ranked, resources, brackets, cut };
}
