import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { denseMatrix } from '../../src/core/dense-matrix.js';
import { decodeModelFile, loadModel, saveModel } from '../../src/models/model-file.js';
import { LogisticRegression } from '../../src/linear/logistic.js';
import { tempDir } from '../helpers/temp-dir.js';

function fitted(): Promise<LogisticRegression> {
  const X = denseMatrix(4, 2, Float32Array.from([0, 1, 1, 0, 2, 2, 3, 1]));
  return new LogisticRegression().fit(X, Uint8Array.from([0, 1, 0, 1]));
}

async function fittedText(): Promise<string> {
  const path = join(tempDir(), 'model.json');
  saveModel(path, await fitted(), ['a', 'b']);
  return readFileSync(path, 'utf8');
}

describe('model files', () => {
  it('hold the tag, kind, version, options, state and features', async () => {
    const json = JSON.parse(await fittedText());
    expect(Object.keys(json)).toEqual(['format', 'kind', 'formatVersion', 'options', 'state', 'features', 'checksum']);
    expect(json.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(json).toMatchObject({ format: 'persodata-model', kind: 'logistic', formatVersion: 1, features: ['a', 'b'] });
  });

  it('refuse JSON that is not ours, truncated files and unknown kinds or versions', async () => {
    // the checks behind the checksum, on files that carry none (as written before checksums)
    const text = (await fittedText()).replace(/,"checksum":"[0-9a-f]+"/, '');
    expect(() => decodeModelFile('{"name": "LogisticRegression"}', 'm.json')).toThrow(
      'm.json: not a persodata model file (no "format": "persodata-model")',
    );
    expect(() => decodeModelFile(text.slice(0, text.length / 2), 'm.json')).toThrow(
      /^m\.json: not valid JSON \(the file looks truncated\)/,
    );
    expect(() => decodeModelFile('', 'm.json')).toThrow('m.json: not valid JSON (the file looks truncated)');
    expect(() => decodeModelFile(text.replace('"kind":"logistic"', '"kind":"svm"'), 'm.json')).toThrow(
      'm.json: unknown model kind "svm" (known: logistic, gbdt, forest, blend)',
    );
    expect(() => decodeModelFile(text.replace('"formatVersion":1', '"formatVersion":9'), 'm.json')).toThrow(
      'm.json: logistic model formatVersion 9 is not supported (expected 1)',
    );
    expect(() => decodeModelFile(text.replace(/"coef":\[[^\]]*\]/, '"coef":[1]'), 'm.json')).toThrow(
      'm.json: logistic model: state.mean, state.scale and state.coef differ in length (2, 2, 1)',
    );
    expect(() => decodeModelFile(text.replace('"features":["a","b"]', '"features":3'), 'm.json')).toThrow(
      'm.json: "features" must be a list of feature names',
    );
  });

  it('are not overwritten silently, and a missing one is named', async () => {
    const dir = tempDir();
    const path = join(dir, 'model.json');
    writeFileSync(path, 'mine');
    const model = await fitted();
    expect(() => saveModel(path, model, ['a', 'b'])).toThrow(`${path} already exists; pass --force to overwrite it`);
    expect(readFileSync(path, 'utf8')).toBe('mine');
    expect(() => loadModel(join(dir, 'none.json'))).toThrow(`${join(dir, 'none.json')}: file not found`);
    expect(existsSync(join(dir, 'none.json'))).toBe(false);
  });

  it('catch any changed byte by the checksum, and are never written for a model their loader would refuse', async () => {
    const text = await fittedText();
    expect(decodeModelFile(text, 'm.json').features).toEqual(['a', 'b']);
    expect(() => decodeModelFile(text.replace('"l2":1', '"l2":2'), 'm.json')).toThrow(
      'm.json: the checksum does not match the contents',
    );
    const damagedSum = text.replace(/"checksum":"(.)/, (_, c: string) => `"checksum":"${c === '0' ? '1' : '0'}`);
    expect(() => decodeModelFile(damagedSum, 'm.json')).toThrow('m.json: the checksum does not match the contents');
    const model = await fitted();
    model.state!.coef[0] = Number.NaN;
    const path = join(tempDir(), 'nan.json');
    expect(() => saveModel(path, model, ['a', 'b'])).toThrow(
      /^the fitted model is not valid, nothing written to .*nan\.json: logistic model:/,
    );
    expect(existsSync(path)).toBe(false);
  });
});
