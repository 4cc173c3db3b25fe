// The report of `descent compare`: several optimizers trained on one model and data set, one line
// per optimizer, against epochs and against wall time.
import { DEFAULT_MAX_POINTS } from './downsample';
import { chartCaption, renderFigures } from './figures';
import type { ChartEntry } from './figures';
import { formatNumber, formatOption, formatOptions, formatPercent, formatSeconds } from './format';
import { gridTable, htmlPage, keyValueTable } from './html-page';
import { lineChart } from './line-chart';
import type { LineChartOptions, Series } from './line-chart';
import type { ComparisonEpoch, ComparisonRecord, ComparisonRun, OptionValue } from './records';
import { checkReportOptions } from './report-options';
import type { ReportOptions } from './report-options';

function checkRecord(record: ComparisonRecord): void {
  if (record === null || typeof record !== 'object') throw new TypeError('renderComparisonReport: record must be a ComparisonRecord object');
  if (typeof record.title !== 'string') throw new TypeError('renderComparisonReport: record.title must be a string');
  if (!Array.isArray(record.runs) || record.runs.length === 0) throw new RangeError('renderComparisonReport: record.runs must be a non-empty array');
  const names = new Set<string>();
  for (const run of record.runs) {
    if (typeof run.name !== 'string' || !Array.isArray(run.epochs)) {
      throw new TypeError('renderComparisonReport: every run needs a name and an epochs array');
    }
    if (names.has(run.name)) throw new RangeError(`renderComparisonReport: two runs are named '${run.name}'; names label the lines`);
    names.add(run.name);
  }
}

function seriesPerRun(runs: readonly ComparisonRun[], x: (e: ComparisonEpoch) => number, y: (e: ComparisonEpoch) => number | undefined): Series[] {
  return runs.map((run) => ({
    name: run.name,
    points: run.epochs.flatMap((e) => {
      const v = y(e);
      return v === undefined ? [] : [{ x: x(e), y: v }];
    }),
  }));
}

function lastDefined(epochs: readonly ComparisonEpoch[], get: (e: ComparisonEpoch) => number | undefined): number | undefined {
  for (let i = epochs.length - 1; i >= 0; i--) {
    const v = get(epochs[i]);
    if (v !== undefined) return v;
  }
  return undefined;
}

function minDefined(epochs: readonly ComparisonEpoch[], get: (e: ComparisonEpoch) => number | undefined): number | undefined {
  let m: number | undefined;
  for (const e of epochs) {
    const v = get(e);
    if (v !== undefined && Number.isFinite(v) && (m === undefined || v < m)) m = v;
  }
  return m;
}

function summaryHtml(r: ComparisonRecord): string {
  const tables: string[] = [];
  const setup: Array<[string, string]> = [];
  if (r.model !== undefined) {
    setup.push(['Model', r.model.summary], ['Parameters', formatNumber(r.model.parameters)], ['Layers', r.model.layers.join(' → ')]);
  }
  if (r.data !== undefined) {
    setup.push(['Data', r.data.name]);
    if (r.data.trainSamples !== undefined) setup.push(['Training samples', formatNumber(r.data.trainSamples)]);
    if (r.data.validationSamples !== undefined) setup.push(['Validation samples', formatNumber(r.data.validationSamples)]);
    if (r.data.testSamples !== undefined) setup.push(['Test samples', formatNumber(r.data.testSamples)]);
    if (r.data.batchSize !== undefined) setup.push(['Batch size', formatNumber(r.data.batchSize)]);
  }
  if (setup.length > 0) tables.push(keyValueTable(setup, 'Setup'));
  if (r.environment !== undefined) tables.push(keyValueTable(Object.entries(r.environment).map(([k, v]: [string, OptionValue]) => [k, formatOption(v)]), 'Environment'));

  const optional = (get: (run: ComparisonRun) => string | undefined): Array<string | undefined> => r.runs.map(get);
  const columns: Array<[string, Array<string | undefined>]> = [
    ['Optimizer', optional((run) => run.name)],
    ['Options', optional((run) => (run.options === undefined ? undefined : formatOptions(run.options)))],
    ['Epochs', optional((run) => formatNumber(run.epochs.filter((e) => e.epoch > 0).length))],
    ['Final loss', optional((run) => {
      const v = lastDefined(run.epochs, (e) => e.loss);
      return v === undefined ? undefined : formatNumber(v);
    })],
    ['Best validation loss', optional((run) => {
      const v = minDefined(run.epochs, (e) => e.valLoss);
      return v === undefined ? undefined : formatNumber(v);
    })],
    ['Final validation accuracy', optional((run) => {
      const v = lastDefined(run.epochs, (e) => e.valAccuracy);
      return v === undefined ? undefined : formatPercent(v);
    })],
    ['Test accuracy', optional((run) => (run.final.testAccuracy === undefined ? undefined : formatPercent(run.final.testAccuracy)))],
    ['Test loss', optional((run) => (run.final.testLoss === undefined ? undefined : formatNumber(run.final.testLoss)))],
    ['Time', optional((run) => formatSeconds(run.final.totalSeconds))],
    ['Samples per second', optional((run) => (run.final.samplesPerSecond === undefined ? undefined : formatNumber(Math.round(run.final.samplesPerSecond))))],
    ['Stopped', optional((run) => run.final.stopReason)],
  ];
  const used = columns.filter(([, cells]) => cells.some((c) => c !== undefined && c !== ''));
  const rows = r.runs.map((_, i) => used.map(([, cells]) => cells[i] ?? ''));
  tables.push(gridTable(used.map(([h]) => h), rows, 'Results'));
  return tables.join('\n');
}

/**
 * A self-contained HTML page comparing optimizers: a results table (one row per run) and inline
 * SVG charts with one line per optimizer and a legend: training loss against epochs and against
 * wall time, and validation loss and accuracy against epochs when recorded. Options as for
 * `renderRunReport` (`smoothing` is not used).
 */
export async function renderComparisonReport(record: ComparisonRecord, options: ReportOptions = {}): Promise<string> {
  checkRecord(record);
  checkReportOptions('renderComparisonReport', options);
  const maxPoints = options.maxPoints ?? DEFAULT_MAX_POINTS;
  const logScale = options.logScale ?? 'auto';
  const charts: ChartEntry[] = [];
  const remarks: string[] = [];
  const add = (id: string, opts: LineChartOptions): void => {
    const chart = lineChart({ ...opts, maxPoints, legendTitle: 'Optimizer' });
    charts.push({ id, chart, title: opts.title, caption: chartCaption(chart) });
  };
  const runs = record.runs;
  const byEpoch = (e: ComparisonEpoch): number => e.epoch;
  const byTime = (e: ComparisonEpoch): number => e.seconds;
  add('loss-epoch', { title: 'Training loss vs epoch', xTitle: 'Epoch', xInteger: true, yTitle: 'Training loss', series: seriesPerRun(runs, byEpoch, (e) => e.loss), logY: logScale });
  add('loss-time', { title: 'Training loss vs wall time', xTitle: 'Wall time (s)', yTitle: 'Training loss', series: seriesPerRun(runs, byTime, (e) => e.loss), logY: logScale });
  if (runs.some((run) => run.epochs.some((e) => e.valLoss !== undefined))) {
    add('val-loss-epoch', { title: 'Validation loss vs epoch', xTitle: 'Epoch', xInteger: true, yTitle: 'Validation loss', series: seriesPerRun(runs, byEpoch, (e) => e.valLoss), logY: logScale });
  } else {
    remarks.push('Validation loss was not recorded.');
  }
  if (runs.some((run) => run.epochs.some((e) => e.valAccuracy !== undefined))) {
    add('val-accuracy-epoch', { title: 'Validation accuracy vs epoch', xTitle: 'Epoch', xInteger: true, yTitle: 'Validation accuracy', series: seriesPerRun(runs, byEpoch, (e) => e.valAccuracy), yFormat: '.0%' });
  }
  const figures = await renderFigures(charts, options);
  return htmlPage({
    title: record.title,
    note: record.note,
    summary: summaryHtml(record),
    figures,
    remarks,
    footer: `Generated by descent${record.createdAt === undefined ? '' : ` from runs made ${record.createdAt}`}.`,
  });
}
