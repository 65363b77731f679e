// The audit as rows for a person, shared by `persodata audit` (text) and the
// cv report (HTML): one row per fact, the real class's value, the fake's.
import type { AuditResult } from './audit.js';
import type { ClassSummary } from './class-summary.js';

const pct = (n: number, of: number) => (of === 0 ? '-' : `${Math.round((100 * n) / of)}%`);

/** The three commonest values with their shares: "q75 90%, q90 10%". */
function top<T>(pairs: Array<[T, number]>, of: number, show: (v: T) => string = String): string {
  if (pairs.length === 0) return '-';
  const shown = pairs.slice(0, 3).map(([v, n]) => `${show(v)} ${pct(n, of)}`);
  return shown.join(', ') + (pairs.length > 3 ? `, +${pairs.length - 3} more` : '');
}

const kb = (bytes: number) => (bytes >= 10240 ? `${Math.round(bytes / 1024)} KB` : `${(bytes / 1024).toFixed(1)} KB`);
const jpegs = (s: ClassSummary) => s.jpegQualities.reduce((n, [, c]) => n + c, 0);

const ROWS: Array<[string, (s: ClassSummary) => string]> = [
  ['pictures', (s) => String(s.count)],
  ['format', (s) => top(s.formats, s.count)],
  ['JPEG quality', (s) => top(s.jpegQualities, jpegs(s), (q) => `q${q}`)],
  ['chroma subsampling', (s) => top(s.subsampling, jpegs(s))],
  ['progressive JPEG', (s) => (jpegs(s) ? pct(s.progressive, jpegs(s)) : '-')],
  ['dimensions', (s) => top(s.dimensions, s.count)],
  ['channels x bits', (s) => top(s.channelsBits, s.count)],
  ['file size (median, quartiles)', (s) => `${kb(s.fileBytes[2])} (${kb(s.fileBytes[1])}-${kb(s.fileBytes[3])})`],
  ['EXIF / ICC / XMP / text', (s) => [s.exif, s.icc, s.xmp, s.text].map((n) => pct(n, s.count)).join(' / ')],
];

/** [fact, real, fake] rows. */
export function auditRows(r: Pick<AuditResult, 'real' | 'fake'>): Array<[string, string, string]> {
  return ROWS.map(([name, f]) => [name, f(r.real), f(r.fake)]);
}

export function modelLine(r: AuditResult): string {
  return r.model
    ? `metadata-only model (${r.model.kind}, ${r.model.folds}-fold cv): AUC ${r.model.meanAuc.toFixed(3)} ± ${r.model.stdAuc.toFixed(3)}`
    : (r.modelNote ?? 'no metadata model');
}

export function separatingLine(r: AuditResult): string {
  const shown = r.features.slice(0, 5).map((f) => `${f.name} ${Math.max(f.auc, 1 - f.auc).toFixed(2)}`);
  return `the facts that separate most (each one's own AUC): ${shown.join(', ')}`;
}
