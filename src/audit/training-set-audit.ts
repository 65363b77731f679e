// The header check every run on labelled training pictures makes before the
// work (pca, features, cv and train on pictures): the same audit as
// `persodata audit`, on at most MAX_AUDITED files (evenly spread), files it
// cannot read left to the run itself to report; its warning printed before
// any score, and the file written beside a dataset (NAME_audit.json).
import { join } from 'node:path';
import type { Notes } from '../pictures/assemble-sets.js';
import type { PictureSet } from '../pictures/picture-sets.js';
import type { DatasetAudit } from './dataset-audit.js';
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

/** Where the training pictures' audit goes, beside the dataset (cv --report shows it). */
export function auditPath(target: { out: string; name: string }): string {
  return join(target.out, `${target.name}_audit.json`);
}

/**
 * The header audit of the labelled training pictures, its warning printed;
 * `path` is where the run writes it (auditPath), when there is one.
 */
export async function auditTraining(
  ctx: { out: string; name: string; seed: number; threads: number },
  sets: readonly PictureSet[],
  notes: Notes,
  reencodeJpeg: number | undefined,
): Promise<{ path: string; contents: string } | undefined> {
  const audit = await warnAboutTrainingFiles(ctx, sets, notes, reencodeJpeg);
  // the re-encoding is kept beside the audit: cv and train on the features know its warning was answered
  return audit ? { path: auditPath(ctx), contents: JSON.stringify({ ...audit, reencodeJpeg }) + '\n' } : undefined;
}

/** The header audit of the labelled training pictures, its warning printed (a note when re-encoding answers it). */
export async function warnAboutTrainingFiles(
  ctx: { seed: number; threads: number },
  sets: readonly PictureSet[],
  notes: Notes,
  reencodeJpeg: number | undefined,
): Promise<AuditResult | undefined> {
  const audit = await auditTrainingPictures(sets, { seed: ctx.seed, threads: ctx.threads });
  reportShortcut(audit && { ...audit, reencodeJpeg }, notes);
  return audit;
}

/**
 * The audit's warning that the classes differ in how their files were saved,
 * printed before any score (`where` names the dataset it came with); a note
 * instead when every picture was re-encoded first.
 */
export function reportShortcut(audit: DatasetAudit | undefined, notes: Notes, where?: string): void {
  const warning = trainingAuditWarning(audit);
  const reencodeJpeg = audit?.reencodeJpeg;
  const from = where ? `${where}: the training pictures behind it: ` : '';
  if (warning && reencodeJpeg !== undefined)
    notes.info(
      `${from}${audit!.warning}; every picture is encoded as JPEG q${reencodeJpeg} first (--reencode-jpeg), so the features do not see how the files were saved`,
    );
  else if (warning) notes.warn(`${from}${warning}`);
}

/** The training set is labelled picture files: the run audits them and writes auditPath. */
export function auditsTraining(sets: readonly PictureSet[]): boolean {
  const train = sets.find((s) => s.setName === 'train');
  return train?.labels !== undefined && 'files' in train.source;
}
