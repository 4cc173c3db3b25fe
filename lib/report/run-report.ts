// The report of one training run: a summary of the model, optimizer, data and results, and the
// charts of the loss, accuracy, learning rate and gradient norm.
import { DEFAULT_MAX_POINTS } from './downsample';
import { chartCaption, renderFigures } from './figures';
import type { ChartEntry } from './figures';
import { formatNumber, formatOption, formatOptions, formatPercent, formatSeconds } from './format';
import { gridTable, htmlPage, keyValueTable } from './html-page';
import { lineChart } from './line-chart';
import type { LineChartOptions, Series } from './line-chart';
import type { EpochRecord, OptionValue, RunRecord, StepRecord } from './records';
import { checkReportOptions } from './report-options';
import type { ReportOptions } from './report-options';
import { debiasedEma } from './smoothing';

const MIN_STEPS_FOR_AVERAGE = 20;

function checkRecord(record: RunRecord): void {
  if (record === null || typeof record !== 'object') throw new TypeError('renderRunReport: record must be a RunRecord object');
  if (typeof record.title !== 'string') throw new TypeError('renderRunReport: record.title must be a string');
  if (!Array.isArray(record.steps)) throw new TypeError('renderRunReport: record.steps must be an array');
  if (!Array.isArray(record.epochs)) throw new TypeError('renderRunReport: record.epochs must be an array');
  if (record.steps.length === 0 && record.epochs.length === 0) throw new RangeError('renderRunReport: the record has no steps and no epochs');
  if (record.model === undefined || record.optimizer === undefined || record.data === undefined || record.final === undefined) {
    throw new TypeError('renderRunReport: record needs model, optimizer, data and final');
  }
}

function hasAny<T>(items: readonly T[], get: (t: T) => number | undefined): boolean {
  return items.some((t) => get(t) !== undefined);
}

function seriesOf<T>(name: string, items: readonly T[], x: (t: T) => number, y: (t: T) => number | undefined): Series {
  const points: Series['points'] = [];
  for (const t of items) {
    const v = y(t);
    if (v !== undefined) points.push({ x: x(t), y: v });
  }
  return { name, points };
}

/** The best (lowest or highest) defined value and its epoch. */
function best(epochs: readonly EpochRecord[], get: (e: EpochRecord) => number | undefined, lowest: boolean): { value: number; epoch: number } | undefined {
  let found: { value: number; epoch: number } | undefined;
  for (const e of epochs) {
    const v = get(e);
    if (v === undefined || !Number.isFinite(v)) continue;
    if (found === undefined || (lowest ? v < found.value : v > found.value)) found = { value: v, epoch: e.epoch };
  }
  return found;
}

function summaryHtml(r: RunRecord): string {
  const model: Array<[string, string]> = [
    ['Model', r.model.summary],
    ['Parameters', formatNumber(r.model.parameters)],
    ['Layers', r.model.layers.join(' → ')],
    ['Optimizer', r.optimizer.name],
  ];
  const opts = formatOptions(r.optimizer.options);
  if (opts !== '') model.push(['Options', opts]);

  const d = r.data;
  const data: Array<[string, string]> = [['Data', d.name]];
  const count = (label: string, v: number | undefined): void => {
    if (v !== undefined) data.push([label, formatNumber(v)]);
  };
  count('Training samples', d.trainSamples);
  count('Validation samples', d.validationSamples);
  count('Test samples', d.testSamples);
  count('Features', d.features);
  count('Classes', d.classes);
  count('Batch size', d.batchSize);

  const last = r.epochs[r.epochs.length - 1];
  const results: Array<[string, string]> = [];
  if (r.epochs.length > 0) results.push(['Epochs', formatNumber(r.epochs.length)]);
  if (r.steps.length > 0) results.push(['Steps', formatNumber(r.steps[r.steps.length - 1].step)]);
  if (last !== undefined) {
    results.push(['Final training loss', formatNumber(last.trainLoss)]);
    if (last.valLoss !== undefined) results.push(['Final validation loss', formatNumber(last.valLoss)]);
    if (last.trainAccuracy !== undefined) results.push(['Final training accuracy', formatPercent(last.trainAccuracy)]);
    if (last.valAccuracy !== undefined) results.push(['Final validation accuracy', formatPercent(last.valAccuracy)]);
  }
  const bestLoss = best(r.epochs, (e) => e.valLoss, true);
  if (bestLoss !== undefined) results.push(['Best validation loss', `${formatNumber(bestLoss.value)} (epoch ${bestLoss.epoch})`]);
  const bestAcc = best(r.epochs, (e) => e.valAccuracy, false);
  if (bestAcc !== undefined) results.push(['Best validation accuracy', `${formatPercent(bestAcc.value)} (epoch ${bestAcc.epoch})`]);
  const f = r.final;
  if (f.testLoss !== undefined) results.push(['Test loss', formatNumber(f.testLoss)]);
  if (f.testAccuracy !== undefined) results.push(['Test accuracy', formatPercent(f.testAccuracy)]);
  results.push(['Samples per second', formatNumber(Math.round(f.samplesPerSecond))]);
  results.push(['Total time', formatSeconds(f.totalSeconds)]);
  if (f.stopReason !== undefined) results.push(['Stopped', f.stopReason]);
  for (const [k, v] of Object.entries(f.extra ?? {})) results.push([k, formatOption(v)]);

  const tables = [keyValueTable(model, 'Model and optimizer'), keyValueTable(data, 'Data'), keyValueTable(results, 'Results')];
  if (r.environment !== undefined) tables.push(keyValueTable(Object.entries(r.environment).map(([k, v]: [string, OptionValue]) => [k, formatOption(v)]), 'Environment'));
  return tables.join('\n');
}

function epochTableHtml(epochs: readonly EpochRecord[]): string {
  if (epochs.length === 0) return '';
  const cols: Array<[string, (e: EpochRecord) => string | undefined]> = [
    ['Epoch', (e) => String(e.epoch)],
    ['Training loss', (e) => formatNumber(e.trainLoss)],
    ['Training accuracy', (e) => (e.trainAccuracy === undefined ? undefined : formatPercent(e.trainAccuracy))],
    ['Validation loss', (e) => (e.valLoss === undefined ? undefined : formatNumber(e.valLoss))],
    ['Validation accuracy', (e) => (e.valAccuracy === undefined ? undefined : formatPercent(e.valAccuracy))],
    ['Time', (e) => formatSeconds(e.seconds)],
  ];
  const used = cols.filter(([, get]) => epochs.some((e) => get(e) !== undefined));
  const rows = epochs.map((e) => used.map(([, get]) => get(e) ?? ''));
  return `<details class="epochs"><summary>Per-epoch values (${epochs.length})</summary>${gridTable(used.map(([h]) => h), rows)}</details>`;
}

/** The figures of a run, in order: loss per step, loss per epoch, accuracy, learning rate, gradient norm. */
function runCharts(r: RunRecord, o: ReportOptions): { charts: ChartEntry[]; remarks: string[] } {
  const maxPoints = o.maxPoints ?? DEFAULT_MAX_POINTS;
  const logScale = o.logScale ?? 'auto';
  const beta = o.smoothing ?? 0.9;
  const charts: ChartEntry[] = [];
  const remarks: string[] = [];
  const add = (id: string, opts: LineChartOptions, extra: string[] = []): void => {
    const chart = lineChart({ ...opts, maxPoints });
    charts.push({ id, chart, title: opts.title, caption: chartCaption(chart, extra) });
  };
  const steps: readonly StepRecord[] = r.steps;
  const stepX = (s: StepRecord): number => s.step;

  if (steps.length > 0) {
    const series: Series[] = [seriesOf('Mini-batch loss', steps, stepX, (s) => s.loss)];
    const extra: string[] = [];
    if (beta > 0 && steps.length >= MIN_STEPS_FOR_AVERAGE) {
      const ema = debiasedEma(steps.map((s) => s.loss), beta);
      series.push({ name: `Moving average (β = ${beta})`, points: steps.map((s, i) => ({ x: s.step, y: ema[i] })) });
    }
    const bad = steps.filter((s) => !Number.isFinite(s.loss));
    if (bad.length > 0) extra.push(`${formatNumber(bad.length)} non-finite losses not drawn (first at step ${bad[0].step})`);
    add('loss-step', { title: 'Training loss per step', xTitle: 'Step', yTitle: 'Loss', series, logY: logScale }, extra);
  }

  if (r.epochs.length > 0) {
    const series = [seriesOf('Training', r.epochs, (e) => e.epoch, (e) => e.trainLoss)];
    if (hasAny(r.epochs, (e) => e.valLoss)) series.push(seriesOf('Validation', r.epochs, (e) => e.epoch, (e) => e.valLoss));
    add('loss-epoch', { title: 'Loss per epoch', xTitle: 'Epoch', xInteger: true, yTitle: 'Loss', series, logY: logScale });

    if (hasAny(r.epochs, (e) => e.trainAccuracy ?? e.valAccuracy)) {
      const acc: Series[] = [];
      if (hasAny(r.epochs, (e) => e.trainAccuracy)) acc.push(seriesOf('Training', r.epochs, (e) => e.epoch, (e) => e.trainAccuracy));
      if (hasAny(r.epochs, (e) => e.valAccuracy)) acc.push(seriesOf('Validation', r.epochs, (e) => e.epoch, (e) => e.valAccuracy));
      add('accuracy-epoch', { title: 'Accuracy per epoch', xTitle: 'Epoch', xInteger: true, yTitle: 'Accuracy', series: acc, yFormat: '.0%' });
    } else {
      remarks.push('Accuracy was not recorded.');
    }
  }

  if (hasAny(steps, (s) => s.lr)) {
    add('lr-step', { title: 'Learning rate per step', xTitle: 'Step', yTitle: 'Learning rate', series: [seriesOf('Learning rate', steps, stepX, (s) => s.lr)], points: false });
  } else if (steps.length > 0) {
    remarks.push('The learning rate was not recorded per step.');
  }

  if (hasAny(steps, (s) => s.gradNorm)) {
    add('grad-norm-step', { title: 'Gradient norm per step', xTitle: 'Step', yTitle: 'Gradient L2 norm', series: [seriesOf('Gradient norm', steps, stepX, (s) => s.gradNorm)], logY: true, points: false });
  } else if (steps.length > 0) {
    remarks.push('The gradient norm was not recorded per step.');
  }
  return { charts, remarks };
}

/**
 * A self-contained HTML page reporting one training run: title, summary tables, the per-epoch
 * values and inline SVG charts (loss per step with a moving average, loss and accuracy per epoch
 * for training and validation, learning rate and gradient norm per step; a chart whose data the
 * record lacks is left out and named under the charts). The page has no script and fetches
 * nothing. Per-step lines longer than `maxPoints` (default 2,000) are downsampled, which the
 * chart's caption states.
 */
export async function renderRunReport(record: RunRecord, options: ReportOptions = {}): Promise<string> {
  checkRecord(record);
  checkReportOptions('renderRunReport', options);
  const { charts, remarks } = runCharts(record, options);
  const figures = await renderFigures(charts, options);
  const footer = `Generated by descent${record.createdAt === undefined ? '' : ` from a run made ${record.createdAt}`}.`;
  return htmlPage({
    title: record.title,
    note: record.note,
    summary: summaryHtml(record) + epochTableHtml(record.epochs),
    figures,
    remarks,
    footer,
  });
}
