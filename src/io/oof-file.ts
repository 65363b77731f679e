// Out-of-fold prediction files, as `cv --oof` writes them: a header
// `id,fold,label,p_label_1[,p_label_1_processed]`, one line per training row.
// Read by column name, every value checked (a blank is never read as 0), for
// `persodata blend`, which also checks that several files hold the same rows.
import { columnAt, readCsvRecords } from './csv.js';
import { InputError } from '../util/errors.js';

export interface OofFile {
  readonly path: string;
  readonly ids: string[];
  /** 1-based fold of each row. */
  readonly folds: Int32Array;
  readonly labels: Uint8Array;
  /** P(label 1) from the model fitted on the other folds. */
  readonly p: Float64Array;
  /** The line of each row in the file, for messages. */
  readonly lines: number[];
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function readOofFile(path: string): OofFile {
  const { fileName, records } = readCsvRecords(path, { what: 'out-of-fold predictions' });
  if (records.length < 2) throw new InputError(`${fileName}: expected a header row and at least one data row`);
  const header = records[0].record;
  const flag = 'cv --oof writes it';
  const at = {
    id: columnAt(header, 'id', fileName, flag),
    fold: columnAt(header, 'fold', fileName, flag),
    label: columnAt(header, 'label', fileName, flag),
    p: columnAt(header, 'p_label_1', fileName, flag),
  };
  const n = records.length - 1;
  const out = {
    path,
    ids: new Array<string>(n),
    folds: new Int32Array(n),
    labels: new Uint8Array(n),
    p: new Float64Array(n),
    lines: new Array<number>(n),
  };
  for (let i = 0; i < n; i++) {
    const { record, info } = records[i + 1];
    const where = (column: number) => `${fileName} line ${info.lines}, column ${column + 1} (${header[column]})`;
    if (record.length !== header.length)
      throw new InputError(`${fileName} line ${info.lines}: ${record.length} fields, the header has ${header.length}`);
    const fold = record[at.fold];
    if (!/^\d+$/.test(fold) || Number(fold) < 1)
      throw new InputError(`${where(at.fold)}: "${fold}" is not a fold number`);
    const label = record[at.label];
    if (label !== '0' && label !== '1') throw new InputError(`${where(at.label)}: "${label}" is not a label 0 or 1`);
    const p = NUMBER.test(record[at.p]) ? Number(record[at.p]) : Number.NaN;
    if (!(p >= 0 && p <= 1)) throw new InputError(`${where(at.p)}: "${record[at.p]}" is not a probability in [0, 1]`);
    if (record[at.id] === '') throw new InputError(`${where(at.id)}: the id is blank`);
    out.ids[i] = record[at.id];
    out.folds[i] = Number(fold);
    out.labels[i] = Number(label);
    out.p[i] = p;
    out.lines[i] = info.lines;
  }
  return out;
}

/**
 * Refuses files that do not hold the same rows in the same order, with the
 * same labels and folds: their models were not cross-validated on the same
 * data with the same --folds and --seed, and a blend fitted on them would
 * mix rows.
 */
export function checkSameRows(files: readonly OofFile[]): void {
  const [first, ...rest] = files;
  for (const f of rest) {
    if (f.ids.length !== first.ids.length)
      throw new InputError(
        `${f.path}: ${f.ids.length} rows, ${first.path} has ${first.ids.length}; out-of-fold files must come from cv on the same data`,
      );
    for (let i = 0; i < f.ids.length; i++) {
      const what =
        f.ids[i] !== first.ids[i]
          ? `id "${f.ids[i]}" where ${first.path} line ${first.lines[i]} has "${first.ids[i]}"`
          : f.labels[i] !== first.labels[i]
            ? `label ${f.labels[i]} where ${first.path} line ${first.lines[i]} has ${first.labels[i]}`
            : f.folds[i] !== first.folds[i]
              ? `fold ${f.folds[i]} where ${first.path} line ${first.lines[i]} has ${first.folds[i]} (run every cv with the same --folds and --seed)`
              : undefined;
      if (what) throw new InputError(`${f.path} line ${f.lines[i]}: ${what}`);
    }
  }
}
