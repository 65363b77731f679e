// Where the real PersoData samples the tests read live: inside the repository
// (test/fixtures/ and data/), so a lone clone has all it needs.
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;

/** The challenge's 200-component AutoML sample (35 / 5 / 10 rows), also the quick start's data. */
export const PCA_SAMPLE = { dir: join(ROOT, 'data'), name: 'perso' } as const;
/** 17 real sample pictures as PNG files, with labels.csv. */
export const IMAGES_SAMPLE = join(ROOT, 'test/fixtures/persodata-images-sample');
/** The same pictures as raw-pixel AutoML rows (8 train, 3 valid, 6 test). */
export const PIXELS_SAMPLE = join(ROOT, 'test/fixtures/persodata-pixels-sample');
