// The outputs of a run that writes a picture dataset (pca, features),
// checked before the work: each file refused if it exists (without --force),
// and an earlier dataset of the same name that the run would leave stale.
import { basename } from 'node:path';
import { refuseExisting } from '../io/atomic-write.js';
import { datasetFilePaths, staleDatasetFiles, type DatasetFormat } from '../io/write-automl.js';
import { OutputExistsError } from '../util/errors.js';
import type { Notes } from './assemble-sets.js';
import type { PictureSet } from './picture-sets.js';

/**
 * Fails before the work, not after: every file the run would write is
 * refused if it exists (without --force), and so is an earlier dataset of
 * the same name whose other files this run would leave stale.
 */
export function checkDatasetTargets(
  target: { out: string; name: string; format: DatasetFormat; force: boolean },
  sets: readonly PictureSet[],
  notes: Notes,
  alsoWritten: readonly string[] = [],
): void {
  const targets = [...datasetFilePaths({ dir: target.out, name: target.name, sets }, target.format), ...alsoWritten];
  for (const path of targets) refuseExisting(path, target.force);
  const stale = staleDatasetFiles(target.out, target.name, targets);
  if (stale.length > 0 && !target.force)
    throw new OutputExistsError(
      `${target.out} holds ${target.name}_* files this run would not rewrite (${stale.map((p) => basename(p)).join(', ')}); pass --force to replace the whole dataset`,
    );
  if (stale.length > 0)
    notes.info(
      `replacing the earlier ${target.name}_* dataset in ${target.out}: ${stale.map((p) => basename(p)).join(', ')} will be removed`,
    );
}
