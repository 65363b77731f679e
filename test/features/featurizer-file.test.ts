// The featurizer file: what --save writes, --model reads back whole; a PCA
// file from `pca --save` reads as the featurizer of the one kind pca; a
// damaged or foreign file is refused by name.
import { describe, expect, it } from 'vitest';
import { decodeFeaturizer, encodeFeaturizer, type Featurizer } from '../../src/features/featurizer-file.js';
import { encodePcaModel, type PcaModel } from '../../src/pca/pca-model.js';
import { FULL_RESOLUTION_KINDS, specWith } from '../../src/features/feature-kinds.js';

const pca: PcaModel = {
  size: 2,
  nComponents: 1,
  nFitRows: 3,
  seed: 7,
  mean: Float64Array.from({ length: 12 }, (_, i) => i / 2),
  components: Float32Array.from({ length: 12 }, (_, i) => (i % 3) - 1),
  explainedVariance: Float64Array.of(4.5),
  totalVariance: 9,
};

describe('featurizer files', () => {
  it('round-trips kinds, settings and the PCA', () => {
    const f: Featurizer = { kinds: ['residual', 'pca', 'spectrum'], spectrumBins: 64, grid: 8, pca };
    const back = decodeFeaturizer(encodeFeaturizer(f), 'f.json');
    expect(back.kinds).toEqual(['residual', 'pca', 'spectrum']);
    expect([back.spectrumBins, back.grid]).toEqual([64, 8]);
    expect(back.pca?.mean).toEqual(pca.mean);
    expect(back.pca?.components).toEqual(pca.components);
    const noPca = decodeFeaturizer(encodeFeaturizer({ kinds: ['spectrum'], spectrumBins: 128, grid: 16 }), 'g.json');
    expect(noPca.pca).toBeUndefined();
  });

  it("keeps every kind's parameter under the kinds table's key, its default when not given", () => {
    const params = Object.values(FULL_RESOLUTION_KINDS);
    const raw = JSON.parse(encodeFeaturizer(specWith(['pca'], {}))) as Record<string, unknown>;
    for (const k of params) expect(raw[k.param], k.param).toBe(k.default);
    const given = Object.fromEntries(params.map((k) => [k.param, k.min + 2]));
    const back = decodeFeaturizer(encodeFeaturizer(specWith(['spectrum', 'residual'], given)), 'f.json');
    for (const k of params) expect(back[k.param], k.param).toBe(given[k.param]);
  });

  it('reads a PCA file as the featurizer of pca alone', () => {
    const f = decodeFeaturizer(encodePcaModel(pca), 'pca.json');
    expect(f.kinds).toEqual(['pca']);
    expect(f.pca?.nComponents).toBe(1);
  });

  it('refuses foreign, newer and inconsistent files by name', () => {
    const good = JSON.parse(encodeFeaturizer({ kinds: ['spectrum'], spectrumBins: 128, grid: 16 })) as Record<
      string,
      unknown
    >;
    const bad = (patch: Record<string, unknown>) => () =>
      decodeFeaturizer(JSON.stringify({ ...good, ...patch }), 'f.json');
    expect(() => decodeFeaturizer('{', 'f.json')).toThrow('f.json: not valid JSON');
    expect(bad({ format: 'persodata-model' })).toThrow('f.json: not a persodata featurizer');
    expect(bad({ formatVersion: 2 })).toThrow('featurizer format version 2');
    expect(bad({ kinds: ['spectrum', 'spectrum'] })).toThrow('"kinds" must list distinct kinds');
    expect(bad({ grid: 15 })).toThrow('f.json: "grid" 15: expected an even integer');
    expect(bad({ spectrumBins: 0 })).toThrow('f.json: "spectrumBins" 0: expected an integer from 1 to 4096');
    expect(bad({ kinds: ['pca'] })).toThrow('"pca" must be present exactly when "kinds" holds pca');
  });
});
