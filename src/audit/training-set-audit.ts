// The header check `pca` and `features` run on their labelled training
// pictures before the work: the same audit as `persodata audit`, on at most
// MAX_AUDITED files (evenly spread), files it cannot read left to the run
// itself to report. Undefined when there is nothing to compare.
import type { PictureSet } from '../pictures/picture-sets.js';
import { auditFacts, DEFAULT_WARN_AUC, type AuditResult } from './audit.js';
import { readAllFacts, type FileFacts } from './file-facts.js';

const MAX_AUDITED = 10000;

export async function auditTrainingPictures(
  sets: readonly PictureSet[],
  opts: { seed: number; threads: number },
): Promise<AuditResult | undefined> {
  const train = sets.find((s) => s.setName === 'train');
  if (!train?.labels || !('files' in train.source)) return undefined;
  const n = train.names.length;
  const step = Math.max(1, n / MAX_AUDITED);
  const picked = Array.from({ length: Math.min(n, MAX_AUDITED) }, (_, i) => Math.floor(i * step));
  const { facts } = await readAllFacts(picked.map((i) => (train.source as { files: readonly string[] }).files[i]));
  const kept = picked.flatMap((i, k) => (facts[k] ? [k] : []));
  const labels = Uint8Array.from(kept, (k) => train.labels![picked[k]]);
  if (!labels.includes(0) || !labels.includes(1)) return undefined;
  return auditFacts(
    kept.map((k) => facts[k] as FileFacts),
    labels,
    { warnAuc: DEFAULT_WARN_AUC, ...opts },
  );
}

/** The one-line warning the picture commands print. */
export function trainingAuditWarning(audit: AuditResult | undefined): string | undefined {
  return audit?.warning
    ? `${audit.warning}: a model can learn the files' encoding instead of the pictures (persodata audit shows the table; --reencode-jpeg Q gives every picture one encoding)`
    : undefined;
}
