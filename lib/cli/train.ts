// `descent train`: trains an MLP classifier (by default on the embedded digits data, with Adam),
// shows progress, prints the final loss and accuracy on the training, validation and held-out
// test examples, and writes a checkpoint (model.safetensors), the HTML report (report.html) and
// the report's data (run.json) into the output folder.
import { Command } from 'commander';
import { writeFile } from 'fs/promises';
import { join } from 'path';
import * as d from '../index';
import { describeData, PreparedData, prepareData } from './data';
import { environment } from './environment';
import { asUsage } from './errors';
import {
  addOptimizerOptions, givenSettings, OptimizerChoice, optimizerHelp, optimizerSpec, resolveSettings, settingsForReport,
} from './optimizers';
import {
  addDataOptions, addLoopOptions, addModelOptions, addOutputOptions, DataOptions, LoopOptions, ModelOptions, OutputOptions,
} from './options';
import { prepareOutputFolder } from './output-folder';
import { executeRun, generatorsFor, prepareRun, RunResult } from './session';
import { formatLoss, formatPercent, formatRate, formatSeconds, renderTable } from './table';

type TrainOptions = DataOptions & ModelOptions & LoopOptions & OutputOptions & { optimizer: string } & Record<string, unknown>;

const EXAMPLES = `
Examples:
  descent train                                  the embedded digits data, a 64-256-128-10 MLP, Adam
  descent train --optimizer lbfgs --epochs 20    full-batch L-BFGS (one step per epoch)
  descent train --data /usr/share/datasets/fashion-mnist --batch-norm --epochs 3
  descent train --data iris.csv --label-column species --layers 16 --epochs 100

`;

export function registerTrain(program: Command): Command {
  const cmd = program.command('train').description('train an MLP classifier and write a checkpoint and an HTML report');
  addDataOptions(cmd);
  addModelOptions(cmd);
  addOptimizerOptions(cmd);
  addLoopOptions(cmd);
  addOutputOptions(cmd, 'model.safetensors, report.html and run.json');
  cmd.addHelpText('after', `${EXAMPLES}${optimizerHelp()}\n`);
  cmd.action((opts: TrainOptions) => train(opts));
  return cmd;
}

function epochRecords(h: d.train.History): d.report.EpochRecord[] {
  const col = (name: string, i: number): number | undefined => {
    const v = h.metrics[name]?.[i];
    return v === undefined || Number.isNaN(v) ? undefined : v;
  };
  return h.epochs.map((epoch, i) => ({
    epoch,
    trainLoss: col('loss', i) ?? NaN,
    trainAccuracy: col('accuracy', i),
    valLoss: col('val_loss', i),
    valAccuracy: col('val_accuracy', i),
    seconds: h.time[i],
  }));
}

function stepRecords(h: d.train.History): d.report.StepRecord[] {
  const norms = new Map<number, number>();
  h.gradNorms.step.forEach((s, i) => norms.set(s, h.gradNorms.total[i]));
  return h.steps.loss.map((loss, i) => ({ step: i + 1, epoch: h.steps.epoch[i], loss, lr: h.steps.lr[i], gradNorm: norms.get(i + 1) }));
}

function runRecord(data: PreparedData, choice: OptimizerChoice, loop: LoopOptions, r: RunResult): d.report.RunRecord {
  const { final } = r;
  return {
    title: `${r.built.description.summary.split(';')[0]} on ${data.name}`,
    note: `Test examples: ${data.testNote}; trained with seed ${loop.seed}.`,
    model: r.built.description,
    optimizer: {
      name: choice.spec.label,
      options: { ...settingsForReport(choice), schedule: r.schedule.description, epochs: loop.epochs, batchSize: r.batchSize },
    },
    data: describeData(data, r.batchSize),
    steps: stepRecords(r.history),
    epochs: epochRecords(r.history),
    final: {
      testLoss: final.test.loss,
      testAccuracy: final.test.accuracy,
      samplesPerSecond: r.meter.samplesPerSecond,
      totalSeconds: r.totalSeconds,
      stopReason: r.history.stopReason ?? undefined,
      extra: {
        'Training time (steps only)': `${r.meter.trainSeconds.toFixed(2)} s`,
        'Standardized features': data.standardizer !== null ? 'yes (fitted on the training examples)' : 'no',
        'Test examples': data.testNote,
      },
    },
    environment: environment(),
    createdAt: new Date().toISOString(),
  };
}

/** The end-of-run table. */
export function summaryTable(data: PreparedData, r: RunResult): string {
  const row = (name: string, n: number, e: { loss: number; accuracy: number } | null) => [name, n, formatLoss(e?.loss), formatPercent(e?.accuracy)];
  const table = renderTable(['split', 'examples', 'loss', 'accuracy'], [
    row('train', data.train.x.shape[0], r.final.train),
    row('validation', data.validation?.x.shape[0] ?? 0, r.final.validation),
    row('test', data.test.x.shape[0], r.final.test),
  ]);
  const time = `time: ${formatSeconds(r.totalSeconds)} in all, ${formatSeconds(r.meter.trainSeconds)} training; ${formatRate(r.meter.samplesPerSecond)} samples/s`;
  return `${table}${time}\n`;
}

async function train(opts: TrainOptions): Promise<void> {
  const { choice, out, data } = await asUsage(() => {
    if (opts.threads !== undefined) d.setNumThreads(opts.threads);
    const choice = resolveSettings(optimizerSpec(opts.optimizer), givenSettings(opts));
    const out = prepareOutputFolder('train', opts);
    const data = prepareData(opts, generatorsFor(opts.seed).validationSplit);
    return { choice, out, data };
  });
  const run = await prepareRun(data, opts, choice, opts);
  const say = (s: string) => process.stdout.write(s);
  say(`data: ${data.name}: ${data.train.x.shape[0]} training, ${data.validation?.x.shape[0] ?? 0} validation, ${data.test.x.shape[0]} test examples (${data.testNote}); ${data.features} features, ${data.classes.length} classes\n`);
  const opt = Object.entries(settingsForReport(choice)).map(([k, v]) => `${k} ${v}`).join(', ');
  say(`model: ${run.built.description.summary}; ${run.built.description.parameters.toLocaleString('en-US')} parameters\n`);
  say(`optimizer: ${choice.spec.label} (${opt}); schedule: ${run.schedule.description}; batch ${run.batchSize}; ${opts.epochs} epochs; ${d.getNumThreads()} threads; seed ${opts.seed}\n`);
  const r = await executeRun(run, data, opts);
  say(`\n${summaryTable(data, r)}`);

  const record = runRecord(data, choice, opts, r);
  const checkpoint = join(out.dir, 'model.safetensors');
  await d.save(checkpoint, {
    model: r.built.model,
    optimizer: r.optimizer,
    epoch: r.history.epochs.at(-1) ?? 0,
    step: r.history.totalSteps,
    meta: {
      architecture: { ...r.built.architecture },
      classes: data.classes,
      standardizer: data.standardizer === null ? null : data.standardizer.stateDict(),
      data: data.name,
      optimizer: choice.spec.name,
      seed: opts.seed,
      testAccuracy: r.final.test.accuracy,
    },
  });
  const report = join(out.dir, 'report.html');
  await d.report.writeReport(report, await d.report.renderRunReport(record));
  const json = join(out.dir, 'run.json');
  await writeFile(json, `${JSON.stringify(record, null, 1)}\n`);
  say(`\ncheckpoint: ${checkpoint}\nreport:     ${report}\nrun data:   ${json}\n`);
}
