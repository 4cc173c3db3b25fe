// `descent compare`: the same model (the same initial weights) on the same data, trained with
// several optimizers from the same seed; prints one table and writes the comparison report (loss
// against epochs and against wall time) and its data into the output folder.
import { Command } from 'commander';
import { writeFile } from 'fs/promises';
import { join } from 'path';
import * as d from '../index';
import { describeData, PreparedData, prepareData } from './data';
import { environment } from './environment';
import { asUsage, UsageError } from './errors';
import { COMPARE_DEFAULT, OptimizerChoice, parseOptimizerEntry, settingsForReport } from './optimizers';
import {
  addDataOptions, addLoopOptions, addModelOptions, addOutputOptions, DataOptions, LoopOptions, ModelOptions, OutputOptions,
} from './options';
import { prepareOutputFolder } from './output-folder';
import { executeRun, generatorsFor, PreparedRun, prepareRun, RunResult } from './session';
import { formatLoss, formatPercent, formatRate, formatSeconds, renderTable } from './table';

type CompareOptions = DataOptions & ModelOptions & LoopOptions & OutputOptions & { optimizers: string };

const HELP = `
Each entry of --optimizers is an optimizer name (see descent train --help for the list and their
defaults), optionally with settings as name:key=value[:key=value...], for example
  descent compare --optimizers sgd:lr=0.05,adam:lr=0.003,lbfgs:history-size=50 --epochs 20
Every run starts from the same initial weights and draws the same validation split and batch
order from --seed. Full-batch methods (lbfgs, cg, bfgs, newton, hessian-free) take one step per
epoch on all training examples.

`;

export function registerCompare(program: Command): Command {
  const cmd = program.command('compare').description('train the same model with several optimizers and write a comparison report');
  addDataOptions(cmd);
  addModelOptions(cmd);
  cmd.optionsGroup('Optimizers:').option('--optimizers <list>', 'comma-separated optimizers, each optionally name:key=value', COMPARE_DEFAULT.join(','));
  addLoopOptions(cmd, { schedule: 'none' });
  addOutputOptions(cmd, 'comparison.html and comparison.json');
  cmd.addHelpText('after', HELP);
  cmd.action((opts: CompareOptions) => compare(opts));
  return cmd;
}

/** The --optimizers entries; a comma followed by a digit belongs to a value (betas=0.9,0.99). */
export function parseOptimizerList(text: string): OptimizerChoice[] {
  const entries = text.split(/,(?=\s*[a-z])/i).map((s) => s.trim()).filter((s) => s !== '');
  if (entries.length === 0) throw new UsageError('--optimizers: expected at least one optimizer');
  const choices = entries.map(parseOptimizerEntry);
  const twice = entries.find((e, i) => entries.indexOf(e) !== i);
  if (twice !== undefined) throw new UsageError(`--optimizers: ${twice} is listed twice`);
  return choices;
}

/** A run's legend entry: the label, plus the settings given beyond the defaults. */
function runName(c: OptimizerChoice, all: OptimizerChoice[]): string {
  const same = all.filter((o) => o.spec.name === c.spec.name).length > 1;
  const changed = Object.entries(c.settings).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify((c.spec.defaults as Record<string, unknown>)[k]));
  const extras = changed.length > 0 || same ? ` (${(changed.length > 0 ? changed : [['lr', c.settings.lr]]).map(([k, v]) => `${k} ${v}`).join(', ')})` : '';
  return `${c.spec.label}${extras}`;
}

/**
 * The run's epochs for the report: epoch 0 the initial weights' loss, then the mean mini-batch loss
 * of each epoch; for a full-batch method the loss after each step (the loss the next step started
 * from; after the last step, the final evaluation), since its logged loss is the one before.
 */
function comparisonRun(name: string, c: OptimizerChoice, r: RunResult, fullBatch: boolean): d.report.ComparisonRun {
  const h = r.history;
  const at = (key: string, i: number): number | undefined => {
    const v = h.metrics[key]?.[i];
    return v === undefined || Number.isNaN(v) ? undefined : v;
  };
  const lossAfter = (i: number): number => (i + 1 < h.epochs.length ? at('loss', i + 1) : r.final.train.loss) ?? NaN;
  return {
    name,
    options: settingsForReport(c),
    epochs: [
      { epoch: 0, loss: r.initialLoss, seconds: 0 },
      ...h.epochs.map((epoch, i) => ({
        epoch,
        loss: fullBatch ? lossAfter(i) : at('loss', i) ?? NaN,
        valLoss: at('val_loss', i),
        valAccuracy: at('val_accuracy', i),
        seconds: r.meter.elapsedAtEpochEnd[i],
      })),
    ],
    final: {
      testLoss: r.final.test.loss,
      testAccuracy: r.final.test.accuracy,
      samplesPerSecond: r.meter.samplesPerSecond,
      totalSeconds: r.totalSeconds,
      stopReason: h.stopReason ?? undefined,
    },
  };
}

async function compare(opts: CompareOptions): Promise<void> {
  const { choices, out, data } = await asUsage(() => {
    if (opts.threads !== undefined) d.setNumThreads(opts.threads);
    const choices = parseOptimizerList(opts.optimizers);
    const out = prepareOutputFolder('compare', opts);
    const data: PreparedData = prepareData(opts, generatorsFor(opts.seed).validationSplit);
    return { choices, out, data };
  });
  const names = choices.map((c) => runName(c, choices));
  const clash = names.find((n, i) => names.indexOf(n) !== i);
  if (clash !== undefined) throw new UsageError(`--optimizers: two entries are both ${clash}`);
  // Every run is built before any trains, so a bad setting fails at once.
  const runs: PreparedRun[] = [];
  for (const c of choices) runs.push(await prepareRun(data, opts, c, opts));
  const say = (s: string) => process.stdout.write(s);
  say(`data: ${data.name}: ${data.train.x.shape[0]} training, ${data.validation?.x.shape[0] ?? 0} validation, ${data.test.x.shape[0]} test examples; ${data.features} features, ${data.classes.length} classes\n`);

  const model = runs[0].built.description;
  say(`model: ${model.summary}; ${model.parameters.toLocaleString('en-US')} parameters; the same initial weights for every optimizer\n`);
  const results: RunResult[] = [];
  for (const [i, c] of choices.entries()) {
    const opt = Object.entries(settingsForReport(c)).map(([k, v]) => `${k} ${v}`).join(', ');
    say(`\n[${i + 1}/${choices.length}] ${names[i]}: ${opt}\n`);
    results.push(await executeRun(runs[i], data, opts));
  }
  const built = results[0].built;
  say(`\n${opts.epochs} epochs, seed ${opts.seed}:\n`);
  say(renderTable(
    ['optimizer', 'train loss', 'val accuracy', 'test accuracy', 'time', 'samples/s'],
    results.map((r, i) => [
      names[i], formatLoss(r.final.train.loss), formatPercent(r.final.validation?.accuracy), formatPercent(r.final.test.accuracy),
      formatSeconds(r.totalSeconds), formatRate(r.meter.samplesPerSecond),
    ]),
  ));
  const record: d.report.ComparisonRecord = {
    title: `Optimizers on ${data.name}`,
    note: `${built.description.summary}; the same initial weights for every optimizer (seed ${opts.seed}); test examples: ${data.testNote}. Epoch 0 is the loss of the initial weights; full-batch methods show the loss after each step, mini-batch methods the mean over each epoch's batches.`,
    model: built.description,
    data: describeData(data, opts.batchSize),
    runs: choices.map((c, i) => comparisonRun(names[i], c, results[i], runs[i].loader.length === 1)),
    environment: environment(),
    createdAt: new Date().toISOString(),
  };
  const report = join(out.dir, 'comparison.html');
  await d.report.writeReport(report, await d.report.renderComparisonReport(record));
  const json = join(out.dir, 'comparison.json');
  await writeFile(json, `${JSON.stringify(record, null, 1)}\n`);
  say(`\nreport:   ${report}\nrun data: ${json}\n`);
}
