// Reading a solution and a prediction file for `persodata score`, the way the
// challenges' scoring programs pair them:
//   prediction  a Codalab file (one value a line) or a CSV with a header
//               whose first column names the row and whose second holds the
//               value: a probability, or a logit when the column is `logit`;
//   solution    a `.solution` file (one 0/1 label a line) or a CSV with a
//               header: a `label` column (else the second) and the names
//               (the first column that is not the label).
// Label 1 is the class the prediction's number is about (real for Codalab
// and id,p_real; fake for name,pred, img_name,y_pred and logits).
// Rows are matched by name when both files have names, else by position.
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import { readInputFile } from '../io/file-errors.js';
import { binaryLabel, parseLabels } from '../io/labels.js';
import { formatOfHeader, type SubmissionFormatSpec } from '../io/submission-formats.js';
import { InputError } from '../util/errors.js';

export interface ScoredRows {
  readonly labels: Uint8Array;
  readonly values: Float64Array;
  /** The prediction's format (by its header): logit or probability, default metrics, class threshold. */
  readonly format: SubmissionFormatSpec;
}

interface Table {
  readonly header?: string[];
  readonly names?: string[];
  readonly column: string[];
  /** 1-based line of each row. */
  readonly lines: number[];
}

function readText(path: string, what: string): string {
  return readInputFile(path, 'utf8', { what });
}

/** A CSV with a header when the first line has a comma and a field that is not a number. */
function looksLikeCsv(text: string): boolean {
  const first = text.split(/\r?\n/, 1)[0];
  return first.includes(',') && first.split(',').some((f) => f.trim() !== '' && Number.isNaN(Number(f)));
}

function readTable(path: string, text: string, valueColumn: (header: string[]) => number): Table {
  const fileName = basename(path);
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { skip_empty_lines: true, trim: true, info: true, bom: true }) as unknown as typeof records;
  } catch (err) {
    throw new InputError(`${fileName}: ${(err as Error).message}`);
  }
  const header = records[0].record;
  if (header.length < 2)
    throw new InputError(
      `${fileName} line 1: expected a header of a name column and a value column, got "${header.join(',')}"`,
    );
  const at = valueColumn(header);
  const rows = records.slice(1);
  if (rows.length === 0) throw new InputError(`${fileName}: a header and no rows`);
  // the names are the first column that is not the value's (a solution may put its label first)
  const nameAt = at === 0 ? 1 : 0;
  return {
    header,
    names: rows.map((r) => r.record[nameAt]),
    column: rows.map((r) => r.record[at] ?? ''),
    lines: rows.map((r) => r.info.lines),
  };
}

function readPrediction(path: string): Table {
  const text = readText(path, 'prediction');
  if (looksLikeCsv(text)) return readTable(path, text, () => 1);
  const lines: number[] = [];
  const column: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    column.push(line.trim());
    lines.push(i + 1);
  });
  if (column.length === 0) throw new InputError(`${basename(path)}: the file holds no predictions`);
  return { column, lines };
}

function readSolution(path: string): { labels: Uint8Array; names?: string[] } {
  const text = readText(path, 'solution');
  const fileName = basename(path);
  if (!looksLikeCsv(text)) return { labels: parseLabels(text, fileName) };
  const table = readTable(path, text, (header) => (header.indexOf('label') >= 0 ? header.indexOf('label') : 1));
  const labels = Uint8Array.from(table.column, (v, i) => {
    const label = binaryLabel(v);
    if (label === undefined) throw new InputError(`${fileName} line ${table.lines[i]}: label "${v}" is not 0 or 1`);
    return label;
  });

  return { labels, names: table.names };
}

export function readScoredRows(solutionPath: string, predictionPath: string): ScoredRows {
  const solution = readSolution(solutionPath);
  const prediction = readPrediction(predictionPath);
  const predName = basename(predictionPath);
  const format = formatOfHeader(prediction.header);
  const kind = format.value === 'logit' ? 'logit' : 'probability';
  const values = Float64Array.from(prediction.column, (v, i) => {
    const x = v === '' ? Number.NaN : Number(v);
    if (!Number.isFinite(x)) throw new InputError(`${predName} line ${prediction.lines[i]}: "${v}" is not a number`);
    if (kind === 'probability' && (x < 0 || x > 1))
      throw new InputError(`${predName} line ${prediction.lines[i]}: probability ${v} is outside [0, 1]`);
    return x;
  });
  if (solution.names && prediction.names) {
    const at = new Map<string, number>();
    prediction.names.forEach((n, i) => {
      if (at.has(n)) throw new InputError(`${predName} line ${prediction.lines[i]}: "${n}" is predicted twice`);
      at.set(n, i);
    });
    const missing = solution.names.filter((n) => !at.has(n));
    const known = new Set(solution.names);
    const extra = prediction.names.filter((n) => !known.has(n));
    if (missing.length > 0 || extra.length > 0) {
      const parts = [];
      if (missing.length > 0)
        parts.push(`no prediction for ${missing.length} solution row(s), e.g. ${missing.slice(0, 3).join(', ')}`);
      if (extra.length > 0)
        parts.push(`${extra.length} predicted name(s) not in the solution, e.g. ${extra.slice(0, 3).join(', ')}`);
      throw new InputError(`${predName}: the names do not match ${basename(solutionPath)}: ${parts.join('; ')}`);
    }
    return {
      labels: solution.labels,
      values: Float64Array.from(solution.names, (n) => values[at.get(n)!]),
      format,
    };
  }
  if (values.length !== solution.labels.length) {
    throw new InputError(
      `${predName}: ${values.length} predictions, but ${basename(solutionPath)} has ${solution.labels.length} rows`,
    );
  }
  return { labels: solution.labels, values, format };
}
