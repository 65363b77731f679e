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
   * from its trees): a time budget then gives the first rung a larger share.
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
 * The first rung's share of what a bracket costs, each trial's cost taken as
 * its resource (or, `continued`, the resource it adds): n trials at r0, then
 * n / eta at r1, ... relative to the first rung's n x r0. Without
 * continuing, every rung costs about the same: 1/K. Continuing from 75, 225,
 * 675 trees: 1 + 150/(3 x 75) + 450/(9 x 75) = 7/3, a share of 3/7.
 */
export function firstRungShare(resources: readonly number[], eta: number, continued: boolean): number {
  const r0 = resources[0];
  const relative = resources.map((r, k) => (r - (continued && k > 0 ? resources[k - 1] : 0)) / (eta ** k * r0));
  return 1 / relative.reduce((a, b) => a + b, 0);
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

  /** One bracket: its first rung draws `count` candidates, or until `firstDeadline`; then halving. */
  const bracket = async (b: number, count: number | undefined, firstDeadline: number) => {
    const first: Trial<C>[] = [];
    for (let k = 0; count === undefined ? k === 0 || now() < firstDeadline : k < count; k++) {
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
    for (const [b, count] of counts.entries()) await bracket(b, count, Infinity);
  } else {
    // each bracket's first rung takes 90% of its share of the time left (firstRungShare; the 10% is
    // for rounding the survivors up, ceil(n / eta)); another bracket starts while the time left
    // exceeds what the last one's winner took on its way up
    const share = firstRungShare(resources, eta, opts.continued === true);
    for (let b = 0; !cut; b++) {
      const left = deadline - now();
      const winner = await bracket(b, undefined, now() + 0.9 * left * share);
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
