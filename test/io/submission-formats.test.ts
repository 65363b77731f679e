// Every submission format written and read back by the score reader, with
// the class each format's number is about, whatever label 1 meant.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  formatOfHeader,
  formatSubmission,
  SUBMISSION_FORMAT_SPECS,
  SUBMISSION_FORMATS,
  submissionFileName,
  type SubmissionFormat,
} from '../../src/io/submission-formats.js';
import { readScoredRows } from '../../src/metrics/score-files.js';
import { tempDir } from '../helpers/temp-dir.js';

const p1 = [0.9, 0.2, 0.5, 1, 0]; // P(label 1)
const names = ['c.png', 'a.png', 'b, "odd".png', 'e.png', 'd.png'];
const opts = { positive: 'real' as const, clip: 0.025 };

function roundTrip(format: SubmissionFormat, solution: string, positive: 'real' | 'fake' = 'real') {
  const dir = tempDir();
  writeFileSync(join(dir, 'pred'), formatSubmission(format, p1, names, { ...opts, positive }));
  writeFileSync(join(dir, 'sol'), solution);
  return readScoredRows(join(dir, 'sol'), join(dir, 'pred'));
}

describe('submission formats', () => {
  it('codalab: P(label 1) a line, in row order', () => {
    expect(formatSubmission('codalab', p1, names, opts)).toBe('0.9\n0.2\n0.5\n1\n0\n');
    expect(Array.from(roundTrip('codalab', '1\n0\n1\n1\n0\n').values)).toEqual(p1);
  });

  it('name-pred: P(fake), rows sorted by name, names quoted where needed', () => {
    const text = formatSubmission('name-pred', p1, names, opts);
    expect(text.split('\n')[0]).toBe('name,pred');
    expect(
      text
        .split('\n')
        .slice(1, -1)
        .map((l) => l.slice(0, 5)),
    ).toEqual(['a.png', '"b, "', 'c.png', 'd.png', 'e.png']);
    expect(text).toContain('"b, ""odd"".png",0.5\n');
    // read back by name against a solution in another order
    const rows = roundTrip('name-pred', 'name,label\nd.png,1\nc.png,0\na.png,1\ne.png,0\n"b, ""odd"".png",1\n');
    expect(Array.from(rows.values)).toEqual([1, 1 - 0.9, 1 - 0.2, 0, 0.5]);
  });

  it('id-p-real: P(real) clipped to [clip, 1 - clip]; with --positive fake, label 1 is fake', () => {
    expect(formatSubmission('id-p-real', p1, names, opts)).toBe(
      'id,p_real\nc.png,0.9\na.png,0.2\n"b, ""odd"".png",0.5\ne.png,0.975\nd.png,0.025\n',
    );
    expect(formatSubmission('id-p-real', [0.9], ['x'], { positive: 'fake', clip: 0.025 })).toBe(
      'id,p_real\nx,0.09999999999999998\n',
    );
  });

  it('img-name-y-pred: P(fake) in row order; logit: log odds of fake, > 0 = synthetic, finite at 0 and 1', () => {
    expect(formatSubmission('img-name-y-pred', p1, names, opts).split('\n')[1]).toBe('c.png,0.09999999999999998');
    const logits = formatSubmission('logit', p1, names, opts)
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => Number(l.split(',').at(-1)));
    expect(logits[0]).toBeCloseTo(Math.log(0.1 / 0.9), 12);
    expect(logits[2]).toBe(0);
    expect(logits[3]).toBeLessThan(-30); // P(real) = 1: surely not synthetic
    expect(logits[4]).toBeGreaterThan(30);
    const rows = roundTrip('logit', 'name,label\nc.png,0\na.png,1\n"b, ""odd"".png",1\ne.png,0\nd.png,1\n');
    expect(rows.format).toMatchObject({
      format: 'logit',
      value: 'logit',
      threshold: 0,
      metrics: ['balanced-accuracy'],
    });
  });

  it('every format reads back with one value per row', () => {
    for (const format of SUBMISSION_FORMATS) {
      const solution =
        format === 'codalab'
          ? '1\n0\n1\n1\n0\n'
          : 'name,label\n' +
            names.map((n, i) => `${n.includes(',') ? `"${n.replace(/"/g, '""')}"` : n},${i % 2}`).join('\n') +
            '\n';
      expect(roundTrip(format, solution).values).toHaveLength(5);
    }
  });
});

describe('the submission format table', () => {
  it('is read back by header: each format writes the header score recognises', () => {
    for (const format of SUBMISSION_FORMATS) {
      const spec = SUBMISSION_FORMAT_SPECS[format];
      const text = formatSubmission(format, [0.25, 0.75], ['a', 'b'], { positive: 'real', clip: 0.025 });
      const header = spec.header === undefined ? undefined : text.split('\n')[0].split(',');
      expect(formatOfHeader(header).format).toBe(format);
      expect(submissionFileName(format, 'perso', 'test')).toBe(`perso_test${spec.extension}`);
    }
    expect(formatOfHeader(['id', 'score']).metrics).toEqual(['auc']);
  });
});
