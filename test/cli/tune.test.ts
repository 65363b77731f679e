// persodata tune end to end on generated data: the best trial's score is what
// `cv --params best.json` then measures, exactly (same folds, same fits);
// the trials are the same for any thread count; pictures are featurized once
// per fold for every trial; every trial (folds binned once, gbdt survivors
// going on from their last rung's trees) scores what a fresh cv of it gives;
// and the refusals write nothing.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cvCommand, runCv, type CvContext } from '../../src/cli/commands/cv.js';
import { tuneCommand, runTune, type TuneContext } from '../../src/cli/commands/tune.js';
import { crossValidateFolds, takeFoldRows, type PrepareFold } from '../../src/cv/cross-validate.js';
import { foldMetric, meanAndStd } from '../../src/cv/fold-metrics.js';
import { createEstimator } from '../../src/models/registry.js';
import { openDataset } from '../../src/io/open-dataset.js';
import { searchSpace } from '../../src/tune/search-space.js';
import { trialOptions, tuneModel } from '../../src/tune/tune-model.js';
import { GBDT_PARAMS } from '../../src/boosting/gbdt.js';
import { writePictures } from '../helpers/generated-pictures.js';
import { makePersoData } from '../helpers/synthetic.js';
import { tempDir } from '../helpers/temp-dir.js';
import { persodata } from '../helpers/cli.js';
import { parseWith } from './command-harness.js';

async function parsed<C>(make: Parameters<typeof parseWith<C>>[0], args: string[]): Promise<C> {
  const { ctx, error } = await parseWith<C>(make, args);
  if (!ctx) throw new Error(`${args.join(' ')}: ${error?.message}`);
  return { ...ctx, quiet: true };
}

/** The trials file without its timings, which are the only thing allowed to differ between runs. */
function trialsOf(path: string) {
  const json = JSON.parse(readFileSync(path, 'utf8'));
  for (const t of json.trials) for (const r of t.rungs) delete r.seconds;
  return json;
}

describe('tune', () => {
  const dir = mkdtempSync(join(tmpdir(), 'persodata-tune-'));
  beforeAll(() => makePersoData(dir, { train: 600, valid: 10, test: 10, features: 8, seed: 5 }));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['gbdt', ['--min-resource', '3', '--max-resource', '27'], 'auc', 9],
    ['forest', ['--min-resource', '1', '--max-resource', '9'], 'log-loss', 4],
    ['logistic', [], 'balanced-accuracy', 9],
  ])(
    '%s: the best trial scores what cv --params best.json measures, and the trials repeat for any thread count',
    async (model, flags, metric, trials) => {
      const out = tempDir();
      const run = async (threads: string, tag: string) => {
        const ctx = await parsed<TuneContext>(tuneCommand, [
          ...['--data', dir, '--model', model, ...flags, '--budget', String(trials), '--folds', '3', '--seed', '4'],
          ...['--metric', metric, '--threads', threads],
          ...['--best', join(out, `best-${tag}.json`), '--trials', join(out, `trials-${tag}.json`)],
        ]);
        return runTune(ctx);
      };
      const result = await run('1', 'a');
      await run('2', 'b');
      expect(trialsOf(join(out, 'trials-b.json'))).toEqual(trialsOf(join(out, 'trials-a.json')));
      expect(readFileSync(join(out, 'best-b.json'), 'utf8')).toBe(readFileSync(join(out, 'best-a.json'), 'utf8'));
      const best = JSON.parse(readFileSync(join(out, 'best-a.json'), 'utf8'));
      expect(best.model).toBe(model);
      expect(best.tuned.trial).toBe(result.ranked[0].id);
      expect(result.brackets).toEqual([trials]);
      if (model !== 'logistic') expect(best.params.trees).toBe(result.resources.at(-1));
      else expect(best.params.trees).toBeUndefined();
      // the same folds and fits as cv: cv with the best parameters gives the trial's score exactly
      const cv = await parsed<CvContext>(cvCommand, [
        ...['--data', dir, '--params', join(out, 'best-a.json'), '--folds', '3', '--seed', '4', '--threads', '2'],
        ...['--metric', metric, '--json'],
      ]);
      const cvResult = await runCv({ ...cv, json: false });
      const { foldMetric } = await import('../../src/cv/fold-metrics.js');
      const values = cvResult.predictions.map((p) => foldMetric(metric as 'auc', p, 1e-3));
      expect(values.reduce((a, b) => a + b, 0) / values.length).toBe(best.tuned.score);
    },
  );

  it.each(['serial', 'pooled'] as const)(
    'makes each fold once for every trial, and every trial (binned once, survivors going on from their last rung) scores what a fresh cv of it gives (%s learner)',
    async (learner) => {
      const { X, y } = (await openDataset(dir, { sets: ['train'], cache: false })).splits.train!;
      let calls = 0;
      const counting: PrepareFold = (train, test, fold) => {
        calls++;
        return takeFoldRows(X)(train, test, fold);
      };
      const fixed = { subsample: 0.8, colsample: 0.7 }; // both draw from the stream a survivor goes on with
      const fitContext = { learner, threads: 2 };
      const options = {
        model: 'gbdt' as const,
        fixed,
        space: searchSpace(GBDT_PARAMS, 'gbdt', ['leaves', 'learning-rate'], []),
        metric: 'auc' as const,
        fpr: 1e-3,
        nFolds: 3,
        seed: 1,
        budget: { trials: [4, 2] },
        eta: 2,
        minResource: 2,
        maxResource: 8,
        fitContext,
      };
      const result = await tuneModel(y!, counting, options);
      expect(calls).toBe(3);
      const rungs = result.ranked.flatMap((t) => t.rungs.map((r) => ({ candidate: t.candidate, ...r })));
      expect(rungs.filter((r) => r.resource === 8).length).toBeGreaterThanOrEqual(2); // two brackets reached the end
      for (const r of rungs) {
        const fresh = await crossValidateFolds(
          () => createEstimator('gbdt', trialOptions(options, r.candidate, r.resource), options.seed),
          y!,
          takeFoldRows(X),
          { nFolds: 3, seed: 1, fitContext },
        );
        const aucs = fresh.predictions.map((p) => foldMetric('auc', p, 1e-3));
        expect(r.score).toBe(meanAndStd(aucs).mean);
      }
    },
  );

  it('tunes on pictures; train and cv take the best file', async () => {
    const root = tempDir();
    await writePictures(join(root, 'train'), { perClass: 12, seed: 6 });
    const best = join(root, 'best.json');
    const common = ['--images', join(root, 'train'), '--kinds', 'spectrum', '--folds', '3', '--no-cache'];
    const r = persodata(
      'tune',
      ...common,
      ...['--model', 'logistic', '--budget', '4', '--best', best, '--trials', join(root, 't.json')],
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^rank\s+trial\s+resource\s+auc\s+l2$/m);
    const tuned = JSON.parse(readFileSync(best, 'utf8'));
    const cv = persodata('cv', ...common, '--params', best, '--json');
    expect(cv.code, cv.stderr).toBe(0);
    expect(JSON.parse(cv.stdout).mean_auc).toBe(tuned.tuned.score);
  });

  it('refuses what it cannot do, before any work and writing nothing', async () => {
    const out = tempDir();
    const params = join(out, 'params.json');
    writeFileSync(params, '{"model": "gbdt", "params": {"leaves": 7}}\n');
    const cases: Array<[string[], RegExp]> = [
      [['--model', 'gbdt', '--trees', '50'], /--trees: tune sets the trees of every trial itself/],
      [['--model', 'gbdt', '--search', 'bins'], /no searchable parameter "bins"/],
      [['--model', 'gbdt', '--best', join(out, 'x.json'), '--trials', join(out, 'x.json')], /the same file/],
      [['--model', 'gbdt', '--min-resource', '50', '--max-resource', '10'], /above --max-resource/],
      [['--model', 'logistic', '--max-resource', '2'], /at most 1/],
      [['--model', 'logistic', '--l2', '1'], /nothing to search/],
      [
        ['--budget', 'soon'],
        /expected a time \(10m, 90s, 1.5h\), a number of trials \(40\), or a number for each bracket/,
      ],
      [['--params', params, '--best', params, '--force'], /is an input of this run/],
    ];
    for (const [args, message] of cases) {
      const r = persodata('tune', '--data', dir, '--budget', '2', '--best', join(out, 'b.json'), ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect(readFileSync(params, 'utf8')).toBe('{"model": "gbdt", "params": {"leaves": 7}}\n');
    expect(existsSync(join(out, 'b.json'))).toBe(false);
    expect(existsSync(join(out, 'x.json'))).toBe(false);
  });
});
