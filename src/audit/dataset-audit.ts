// The audit a picture command wrote beside its feature dataset
// (NAME_audit.json), read back for the cv report. A missing or unreadable
// file is no audit: the report is about the model, the audit only adds to it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatasetLocation } from '../io/automl.js';
import type { AuditResult } from './audit.js';

/** The audit of a dataset's training pictures, and the JPEG quality they were re-encoded at first, if they were. */
export interface DatasetAudit extends AuditResult {
  readonly reencodeJpeg?: number;
}

export function readDatasetAudit(location: DatasetLocation): DatasetAudit | undefined {
  const path = join(location.dir, `${location.name}_audit.json`);
  if (!existsSync(path)) return undefined;
  try {
    const audit = JSON.parse(readFileSync(path, 'utf8')) as DatasetAudit;
    return audit && audit.real && audit.fake && Array.isArray(audit.features) ? audit : undefined;
  } catch {
    return undefined;
  }
}
