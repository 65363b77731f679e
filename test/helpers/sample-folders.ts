// The sample PNGs laid out as a user would have them, and the rows of a
// written .data file, for the picture commands' end-to-end tests.
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IMAGES_SAMPLE } from './samples.js';
import { tempDir } from './temp-dir.js';

/** The sample PNGs split into train/, valid/, test/ folders by their name prefix, with the labels CSV. */
export function splitImages(): { train: string; valid: string; test: string; labels: string } {
  const root = tempDir();
  const dirs = { train: join(root, 'train'), valid: join(root, 'valid'), test: join(root, 'test') };
  for (const d of Object.values(dirs)) mkdirSync(d);
  for (const f of readdirSync(IMAGES_SAMPLE).filter((f) => f.endsWith('.png')))
    copyFileSync(join(IMAGES_SAMPLE, f), join(dirs[f.split('_')[0] as keyof typeof dirs], f));
  return { ...dirs, labels: join(IMAGES_SAMPLE, 'labels.csv') };
}

/** The numbers of each line of a .data file. */
export const rows = (path: string): number[][] =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(' ').map(Number));
