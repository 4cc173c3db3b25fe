// The data of a run: the embedded digits, an IDX folder (MNIST layout) or a CSV file, cut into
// training, validation and test examples. The test examples never depend on --seed: the embedded
// data and CSV files hold out a stratified fraction drawn with a fixed seed, IDX folders their
// t10k files. The validation examples are a stratified fraction of the rest, drawn from --seed.
// Standardization is fitted on the training examples only and applied to all three.
import { statSync } from 'fs';
import { basename, resolve } from 'path';
import * as d from '../index';
import { UsageError } from './errors';
import type { DataOptions } from './options';

/** The seed of the held-out test split: fixed, so the test examples are the same for every run. */
export const TEST_SPLIT_SEED = 20_231_797;

export interface Split {
  x: d.Tensor;
  y: d.Tensor;
}

export interface PreparedData {
  name: string;
  /** Where it came from, for the report (undefined for the embedded data). */
  source?: string;
  train: Split;
  validation: Split | null;
  test: Split;
  features: number;
  classes: string[];
  /** Fitted on the training examples, or null when the features are used as they are. */
  standardizer: d.data.Standardizer | null;
  /** How the test examples were chosen. */
  testNote: string;
}

function rows(s: Split, indices: Int32Array): Split {
  const index = d.fromArray(indices, [indices.length]);
  return { x: d.indexSelect(s.x, 0, index), y: d.indexSelect(s.y, 0, index) };
}

/** Cuts `fraction` of s off, stratified by label, drawn from generator. */
function holdOut(s: Split, fraction: number, generator: d.RandomGenerator): [Split, Split] {
  const [keep, held] = d.data.stratifiedSplit(s.y, [1 - fraction, fraction], { generator });
  if (keep.length === 0 || held.length === 0) throw new UsageError(`a split of ${fraction} of ${s.y.shape[0]} examples leaves one part empty`);
  return [rows(s, keep), rows(s, held)];
}

interface Loaded {
  name: string;
  source?: string;
  /** The examples to train and validate on, and the test examples when the data brings its own. */
  all: Split;
  test: Split | null;
  classes: string[];
  /** Whether the features are raw values that standardization helps (false for [0, 1] images). */
  standardizeByDefault: boolean;
}

function loadIdxFolder(dir: string): Loaded {
  const fashion = /fashion/i.test(basename(resolve(dir)));
  const data = fashion ? d.data.loadFashionMnist(dir) : d.data.loadMnist(dir);
  return {
    name: `${fashion ? 'Fashion-MNIST' : 'MNIST'} (IDX, ${dir})`,
    source: resolve(dir),
    all: data.train,
    test: data.test,
    classes: data.classes,
    standardizeByDefault: false,
  };
}

function columnOf(text: string | undefined): number | string {
  if (text === undefined) return -1;
  return /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : text;
}

function loadCsvFile(file: string, labelColumn: string | undefined): Loaded {
  const table = d.data.loadCsv(file, { labelColumn: columnOf(labelColumn) });
  if (table.y === null) throw new UsageError(`${file}: no label column`);
  if (table.y.dtype !== 'int32') {
    throw new UsageError(`${file}: the label column holds non-integer numbers; descent trains classifiers (class labels are integers >= 0 or names)`);
  }
  const labels = table.y.data as Int32Array;
  let max = 0;
  for (const v of labels) max = Math.max(max, v);
  const classes = table.classes ?? Array.from({ length: max + 1 }, (_, i) => String(i));
  if (classes.length < 2) throw new UsageError(`${file}: the label column has a single class`);
  return { name: `${basename(file)} (CSV)`, source: resolve(file), all: { x: table.x, y: table.y }, test: null, classes, standardizeByDefault: true };
}

function loadSource(opts: DataOptions): Loaded {
  if (opts.data === undefined) {
    if (opts.labelColumn !== undefined) throw new UsageError('--label-column needs --data <file.csv>');
    const digits = d.data.digits();
    return { name: 'digits (UCI 8x8, embedded)', all: { x: digits.x, y: digits.y }, test: null, classes: digits.classes, standardizeByDefault: true };
  }
  let stat;
  try {
    stat = statSync(opts.data);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `--data: no such file or folder: ${opts.data}` : `--data: cannot read ${opts.data} (${code ?? (e as Error).message})`);
  }
  if (stat.isDirectory()) {
    if (opts.labelColumn !== undefined) throw new UsageError('--label-column applies to CSV files, not IDX folders');
    return loadIdxFolder(opts.data);
  }
  return loadCsvFile(opts.data, opts.labelColumn);
}

/** Loads and splits the data; `generator` draws the validation split. */
export function prepareData(opts: DataOptions, generator: d.RandomGenerator): PreparedData {
  const loaded = loadSource(opts);
  let trainAll = loaded.all;
  let test = loaded.test;
  let testNote = 'the data set\'s own test files';
  if (test === null) {
    [trainAll, test] = holdOut(trainAll, opts.testSplit, new d.RandomGenerator(TEST_SPLIT_SEED));
    testNote = `${opts.testSplit * 100}% held out, stratified, fixed seed`;
  }
  let train = trainAll;
  let validation: Split | null = null;
  if (opts.validationSplit > 0) [train, validation] = holdOut(trainAll, opts.validationSplit, generator);

  let standardizer: d.data.Standardizer | null = null;
  if (opts.standardize ?? loaded.standardizeByDefault) {
    standardizer = new d.data.Standardizer().fit(train.x);
    const s = standardizer;
    const apply = (p: Split): Split => ({ x: s.transform(p.x), y: p.y });
    train = apply(train);
    validation = validation === null ? null : apply(validation);
    test = apply(test);
  }
  return {
    name: loaded.name,
    source: loaded.source,
    train, validation, test,
    features: train.x.shape[1],
    classes: loaded.classes,
    standardizer,
    testNote,
  };
}

/** The data as the reports describe it. */
export function describeData(p: PreparedData, batchSize: number): d.report.DataDescription {
  return {
    name: p.name,
    trainSamples: p.train.x.shape[0],
    validationSamples: p.validation?.x.shape[0],
    testSamples: p.test.x.shape[0],
    features: p.features,
    classes: p.classes.length,
    batchSize,
  };
}
