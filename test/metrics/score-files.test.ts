// Pairing solution and prediction files for `score`: by name or position,
// and the bad inputs the issue lists, each a clear error.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readScoredRows } from '../../src/metrics/score-files.js';
import { tempDir } from '../helpers/temp-dir.js';

function files(solution: string, prediction: string): [string, string] {
  const dir = tempDir();
  writeFileSync(join(dir, 'perso_valid.solution'), solution);
  writeFileSync(join(dir, 'perso_valid.predict'), prediction);
  return [join(dir, 'perso_valid.solution'), join(dir, 'perso_valid.predict')];
}

describe('readScoredRows', () => {
  it('pairs Codalab files by position and CSVs by name', () => {
    const rows = readScoredRows(...files('1\n0\n0 1\n', '0.7\n0.1\n0.4\n'));
    expect(Array.from(rows.labels)).toEqual([1, 0, 1]);
    expect(Array.from(rows.values)).toEqual([0.7, 0.1, 0.4]);
    const named = readScoredRows(...files('name,label\nb,1\na,0\n', 'img_name,y_pred\na,0.2\nb,0.8\n'));
    expect(Array.from(named.values)).toEqual([0.8, 0.2]);
    // the label first: the names are the other column (they were read from the label column)
    const labelFirst = readScoredRows(...files('label,name\n1,b\n0,a\n', 'img_name,y_pred\na,0.2\nb,0.8\n'));
    expect(Array.from(labelFirst.labels)).toEqual([1, 0]);
    expect(Array.from(labelFirst.values)).toEqual([0.8, 0.2]);
  });

  it('refuses a count mismatch, names that do not match, probabilities outside [0, 1] and NaN', () => {
    expect(() => readScoredRows(...files('1\n0\n', '0.5\n'))).toThrow(
      'perso_valid.predict: 1 predictions, but perso_valid.solution has 2 rows',
    );
    expect(() => readScoredRows(...files('name,label\na,1\nb,0\n', 'name,pred\na,0.2\nc,0.8\n'))).toThrow(
      'perso_valid.predict: the names do not match perso_valid.solution: no prediction for 1 solution row(s), e.g. b; 1 predicted name(s) not in the solution, e.g. c',
    );
    expect(() => readScoredRows(...files('1\n0\n', '0.5\n1.2\n'))).toThrow(
      'perso_valid.predict line 2: probability 1.2 is outside [0, 1]',
    );
    expect(() => readScoredRows(...files('1\n0\n', '0.5\nNaN\n'))).toThrow(
      'perso_valid.predict line 2: "NaN" is not a number',
    );
    expect(() => readScoredRows(...files('name,label\na,1\n', 'name,pred\na,0.2\na,0.3\n'))).toThrow(
      'perso_valid.predict line 3: "a" is predicted twice',
    );
    // logits may be any finite number
    expect(Array.from(readScoredRows(...files('name,label\na,1\n', 'name,logit\na,-7.5\n')).values)).toEqual([-7.5]);
  });
});
