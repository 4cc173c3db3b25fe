// Tabular data from CSV: numeric feature columns to a float tensor, one label column to class
// indices (numbers, or strings mapped to indices with their class list) or to regression targets.
import { fromArray } from '../tensor/creation';
import { Tensor } from '../tensor/tensor';
import { CsvRecordOptions, parseCsvRecords } from './csv-records';
import { readMaybeGzipped } from './idx';

export type CsvLabelType = 'auto' | 'index' | 'class' | 'number';

export interface CsvOptions extends CsvRecordOptions {
  /** Whether the first record names the columns; 'auto' (default) when it has a non-number feature field. */
  header?: boolean | 'auto';
  /** The label column: an index (negative counts from the end), a header name, or null for none. Default -1 (the last). */
  labelColumn?: number | string | null;
  /** The feature columns, by index or header name, in this order. Default: every column but the label. */
  featureColumns?: ReadonlyArray<number | string>;
  /**
   * How labels are read. 'index': non-negative integers used as class indices as they are;
   * 'class': distinct values sorted (numerically when all are numbers) and replaced by their
   * position, the values listed in `classes`; 'number': float regression targets. 'auto'
   * (default): 'index' for non-negative integers, 'number' for other numbers when some is not an
   * integer, 'class' otherwise.
   */
  labelType?: CsvLabelType;
  /** Feature dtype (default float32). */
  dtype?: 'float32' | 'float64';
  /** Empty, NA, NaN, null and ? fields: 'error' (default) or 'nan' (read as NaN). */
  missing?: 'error' | 'nan';
}

export interface CsvData {
  /** Features [N, F]. */
  x: Tensor;
  /** Labels [N]: int32 class indices, or float32 for labelType 'number'; null without a label column. */
  y: Tensor | null;
  /** Class names, classes[y[i]]; null for regression targets or without labels. */
  classes: string[] | null;
  /** The feature columns' names (null without a header). */
  featureNames: string[] | null;
  /** The label column's name (null without a header or label column). */
  labelName: string | null;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INFINITY = /^[+-]?(?:inf|infinity)$/i;
const MISSING = new Set(['', 'na', 'nan', 'null', '?', 'n/a']);

/** The number a field holds, or undefined (missing or not a number). */
function numberOf(field: string): number | undefined {
  if (NUMBER.test(field)) return Number(field);
  if (INFINITY.test(field)) return field.startsWith('-') ? -Infinity : Infinity;
  return undefined;
}

function resolveColumn(col: number | string, width: number, names: string[] | null, op: string, what: string): number {
  if (typeof col === 'string') {
    if (names === null) throw new TypeError(`${op}: ${what} ${JSON.stringify(col)} is a name, but the file has no header`);
    const k = names.indexOf(col);
    if (k < 0) throw new RangeError(`${op}: ${what} ${JSON.stringify(col)} is not a column (columns: ${names.join(', ')})`);
    return k;
  }
  if (!Number.isInteger(col) || col < -width || col >= width) {
    throw new RangeError(`${op}: ${what} ${String(col)} is out of range for ${width} columns`);
  }
  return col < 0 ? width + col : col;
}

function labelTypeOf(values: string[]): Exclude<CsvLabelType, 'auto'> {
  const nums = values.map(numberOf);
  if (nums.some((v) => v === undefined)) return 'class';
  if ((nums as number[]).every((v) => Number.isInteger(v) && v >= 0 && v <= 2147483647)) return 'index';
  if ((nums as number[]).some((v) => !Number.isInteger(v))) return 'number';
  return 'class';
}

function buildTable(text: string, opts: CsvOptions, source: string, op: string): CsvData {
  const { rows, lines } = parseCsvRecords(text, opts, source, op);
  if (rows.length === 0) throw new RangeError(`${op}: ${source}: no records`);
  const width = rows[0].length;
  const labelSpec = opts.labelColumn === undefined ? -1 : opts.labelColumn;
  const names0 = rows[0].map((s) => s);
  let header: boolean;
  if (opts.header === undefined || opts.header === 'auto') {
    const byName = typeof labelSpec === 'string' || (opts.featureColumns ?? []).some((c) => typeof c === 'string');
    const labelAt = typeof labelSpec === 'number' ? resolveColumn(labelSpec, width, null, op, 'labelColumn') : -1;
    header = byName || rows[0].some((f, k) => k !== labelAt && numberOf(f) === undefined && !MISSING.has(f.toLowerCase()));
  } else if (typeof opts.header === 'boolean') {
    header = opts.header;
  } else {
    throw new TypeError(`${op}: header must be true, false or 'auto'`);
  }
  const names = header ? names0 : null;
  const first = header ? 1 : 0;
  const label = labelSpec === null ? -1 : resolveColumn(labelSpec, width, names, op, 'labelColumn');
  const features = opts.featureColumns === undefined
    ? Array.from({ length: width }, (_, k) => k).filter((k) => k !== label)
    : opts.featureColumns.map((c) => resolveColumn(c, width, names, op, 'feature column'));
  if (features.includes(label)) throw new RangeError(`${op}: the label column is also a feature column`);
  const dtype = opts.dtype ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'float64') throw new TypeError(`${op}: dtype must be float32 or float64`);
  const missing = opts.missing ?? 'error';
  if (missing !== 'error' && missing !== 'nan') throw new TypeError(`${op}: missing must be 'error' or 'nan'`);

  const count = rows.length - first;
  const f = features.length;
  const x = new (dtype === 'float32' ? Float32Array : Float64Array)(count * f);
  const labelText: string[] = [];
  for (let r = first; r < rows.length; r++) {
    const row = rows[r];
    if (row.length !== width) {
      throw new RangeError(`${op}: ${source}: line ${lines[r]}: ${row.length} fields, expected ${width} (as in the first record)`);
    }
    const base = (r - first) * f;
    for (let j = 0; j < f; j++) {
      const field = row[features[j]];
      let v = numberOf(field);
      if (v === undefined) {
        const what = names === null ? `column ${features[j]}` : `column '${names[features[j]]}'`;
        if (!MISSING.has(field.toLowerCase())) throw new TypeError(`${op}: ${source}: line ${lines[r]}: ${what}: ${JSON.stringify(field)} is not a number`);
        if (missing === 'error') throw new TypeError(`${op}: ${source}: line ${lines[r]}: ${what}: missing value ${JSON.stringify(field)} (pass missing: 'nan' to read it as NaN)`);
        v = NaN;
      }
      x[base + j] = v;
    }
    if (label >= 0) labelText.push(row[label]);
  }
  const xt = fromArray(x, [count, f]);
  const featureNames = names === null ? null : features.map((k) => names[k]);
  if (label < 0) return { x: xt, y: null, classes: null, featureNames, labelName: null };

  const labelName = names === null ? null : names[label];
  const requested = opts.labelType ?? 'auto';
  if (!['auto', 'index', 'class', 'number'].includes(requested)) throw new TypeError(`${op}: unknown labelType ${JSON.stringify(requested)}`);
  const kind = requested === 'auto' ? labelTypeOf(labelText) : requested;
  const at = (r: number) => `${op}: ${source}: line ${lines[r + first]}: label ${JSON.stringify(labelText[r])}`;
  if (kind === 'number') {
    const y = new Float32Array(count);
    labelText.forEach((s, r) => {
      const v = numberOf(s);
      if (v === undefined) throw new TypeError(`${at(r)} is not a number`);
      y[r] = v;
    });
    return { x: xt, y: fromArray(y, [count]), classes: null, featureNames, labelName };
  }
  if (kind === 'index') {
    const y = new Int32Array(count);
    let max = -1;
    labelText.forEach((s, r) => {
      const v = numberOf(s);
      if (v === undefined || !Number.isInteger(v) || v < 0 || v > 2147483647) throw new TypeError(`${at(r)} is not a class index (a non-negative integer)`);
      y[r] = v;
      max = Math.max(max, v);
    });
    return { x: xt, y: fromArray(y, [count]), classes: Array.from({ length: max + 1 }, (_, k) => String(k)), featureNames, labelName };
  }
  const distinct = Array.from(new Set(labelText));
  const numeric = distinct.map(numberOf);
  if (numeric.every((v) => v !== undefined)) {
    const order = distinct.map((s, k) => [s, numeric[k] as number] as const).sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    distinct.splice(0, distinct.length, ...order.map((p) => p[0]));
  } else {
    distinct.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
  const position = new Map(distinct.map((s, k) => [s, k]));
  const y = Int32Array.from(labelText, (s) => position.get(s)!);
  return { x: xt, y: fromArray(y, [count]), classes: distinct, featureNames, labelName };
}

/** Parses CSV text into features and labels (see CsvOptions). */
export function parseCsv(text: string, opts: CsvOptions = {}): CsvData {
  return buildTable(text, opts, 'CSV text', 'parseCsv');
}

/** Reads a CSV file (gzipped or not, UTF-8) into features and labels (see CsvOptions). */
export function loadCsv(path: string, opts: CsvOptions = {}): CsvData {
  if (typeof path !== 'string') throw new TypeError('loadCsv: path must be a string');
  const text = new TextDecoder('utf-8').decode(readMaybeGzipped(path, 'loadCsv'));
  return buildTable(text, opts, path, 'loadCsv');
}
