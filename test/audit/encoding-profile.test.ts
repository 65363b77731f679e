// The encoding profile a picture model keeps, and predict's comparison with
// the pictures it scores: hand-made profiles, each difference named once.
import { describe, expect, it } from 'vitest';
import {
  encodingDifferences,
  trainingFilesFromJson,
  type EncodingProfile,
  type TrainingFiles,
} from '../../src/audit/encoding-profile.js';

const jpeg = (pictures: number, q: number, dims = '1024x1024'): EncodingProfile => ({
  pictures,
  formats: [['JPEG', pictures]],
  jpegQualities: [[q, pictures]],
  dimensions: [[dims, pictures]],
});
const SHORTCUT: TrainingFiles = { real: jpeg(100, 75), fake: jpeg(50, 100) };
const ALIKE: TrainingFiles = { real: jpeg(100, 90), fake: jpeg(50, 90) };

describe('encodingDifferences', () => {
  it('nothing for pictures saved as the training set was, a mix of both classes included', () => {
    expect(encodingDifferences(ALIKE, jpeg(10, 90), false)).toEqual([]);
    const mix: EncodingProfile = {
      ...jpeg(20, 75),
      jpegQualities: [
        [75, 10],
        [100, 10],
      ],
    };
    expect(encodingDifferences(SHORTCUT, mix, false)).toEqual([]);
  });

  it("pictures saved like one class only, where the classes' qualities do not overlap", () => {
    expect(encodingDifferences(SHORTCUT, jpeg(10, 75), false)).toEqual([
      "JPEG quality q75, as the training's real pictures only (real q75, fake q100): a model that learnt the quality calls them all real",
    ]);
    expect(encodingDifferences(SHORTCUT, jpeg(10, 99), false)[0]).toContain('calls them all fake');
    // re-encoded first: the quality cannot be what the model learnt
    expect(encodingDifferences(SHORTCUT, jpeg(10, 75), true)).toEqual([]);
  });

  it('a quality outside the training range, another format, other dimensions (these last also when re-encoded)', () => {
    expect(encodingDifferences(ALIKE, jpeg(10, 65), false)).toEqual(['JPEG quality q65, median q65 (training: q90)']);
    const png: EncodingProfile = {
      pictures: 4,
      formats: [['PNG', 4]],
      jpegQualities: [],
      dimensions: [['200x200', 4]],
    };
    expect(encodingDifferences(ALIKE, png, false)).toEqual([
      'format PNG (100% of them; training: JPEG 100%)',
      'size 200x200 (100% of them; training: mostly 1024x1024)',
    ]);
    expect(encodingDifferences(ALIKE, png, true)).toEqual(['size 200x200 (100% of them; training: mostly 1024x1024)']);
  });
});

describe('trainingFilesFromJson', () => {
  it('reads back what it was given, and refuses a damaged profile naming the field', () => {
    expect(trainingFilesFromJson(JSON.parse(JSON.stringify(SHORTCUT)), 'm.json "trainingFiles"')).toEqual(SHORTCUT);
    const bad = (raw: unknown) => () => trainingFilesFromJson(raw, 'm.json "trainingFiles"');
    expect(bad([])).toThrow('m.json "trainingFiles": must be an object');
    expect(bad({ real: jpeg(1, 75) })).toThrow('m.json "trainingFiles".fake: must be an object');
    expect(bad({ ...SHORTCUT, real: { ...jpeg(1, 75), pictures: 0 } })).toThrow(
      '.real: "pictures" must be a count >= 1',
    );
    expect(bad({ ...SHORTCUT, fake: { ...jpeg(1, 75), jpegQualities: [[101, 1]] } })).toThrow(
      '.fake: "jpegQualities" must be a list of [value, count] pairs',
    );
  });
});
