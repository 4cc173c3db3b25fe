// Child process of test/62-checkpoint.test.ts (exact resume): trains a small classifier
// (Linear, BatchNorm1d, ReLU, Dropout with its own generator, Linear) with Adam, a StepLR
// schedule (when descent has one) and a shuffling DataLoader, and
//   straight <dir>        trains all steps and writes <dir>/straight.safetensors + .json
//   first <dir> <k>       trains k steps and saves <dir>/checkpoint.safetensors
//   resume <dir>          builds everything afresh (other initial weights), loads the checkpoint,
//                         finishes, and writes <dir>/resumed.safetensors + .json
//   resume-model <dir>    the same, loading only the model (a control that must differ)
// and prints { scheduler } as JSON.
import * as fs from 'fs';
import * as path from 'path';
import * as d from '../lib';

const EPOCHS = 4;
const N = 44; // 6 batches of 8 per epoch, the last one short

interface Schedule {
  step(): void;
  stateDict(): unknown;
  loadStateDict(s: unknown): unknown;
}
type ScheduleClass = new (opt: object, opts: { stepSize: number; gamma: number }) => Schedule;

/** StepLR from the public API when exported, else from its module, else none. */
function stepLR(): ScheduleClass | null {
  const optim = d.optim as unknown as Record<string, unknown>;
  const ns = optim.lrScheduler as Record<string, unknown> | undefined;
  const found = ns?.StepLR ?? optim.StepLR;
  if (typeof found === 'function') return found as ScheduleClass;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('../lib/optim/lr-scheduler/step-lr') as { StepLR: ScheduleClass }).StepLR;
  } catch {
    return null;
  }
}

/** Fixed data from a tiny LCG (independent of descent's generators). */
function data(): { x: d.Tensor; y: d.Tensor } {
  let s = 12345;
  const next = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
  const x = new Float32Array(N * 4).map(() => next() * 4 - 2);
  const y = new Int32Array(N).map((_, i) => (x[4 * i] + x[4 * i + 1] > 0 ? 1 : 0) + (x[4 * i + 2] > 0.5 ? 1 : 0));
  return { x: d.fromArray(x, [N, 4]), y: d.fromArray(y) };
}

function build(initSeed: number) {
  d.manualSeed(initSeed);
  const dropout = new d.RandomGenerator(11);
  const model = new d.nn.Sequential(
    new d.nn.Linear(4, 16), new d.nn.BatchNorm1d(16), new d.nn.ReLU(), new d.nn.Dropout(0.25, { generator: dropout }), new d.nn.Linear(16, 3),
  );
  const optimizer = new d.optim.Adam(model.parameters(), { lr: 0.02 });
  const Schedule = stepLR();
  const scheduler = Schedule === null ? null : new Schedule(optimizer, { stepSize: 2, gamma: 0.5 });
  const { x, y } = data();
  const loader = new d.data.DataLoader(new d.data.TensorDataset(x, y), { batchSize: 8, shuffle: true, generator: new d.RandomGenerator(23) });
  return { model, optimizer, scheduler, dropout, loader };
}

async function main(): Promise<void> {
  const [mode, dir, kArg] = process.argv.slice(2);
  const stopAt = mode === 'first' ? Number(kArg) : Infinity;
  const world = build(mode === 'straight' || mode === 'first' ? 1 : 2);
  const { model, optimizer, scheduler, dropout, loader } = world;
  const checkpoint = path.join(dir, 'checkpoint.safetensors');
  let epoch = 0;
  let step = 0;
  if (mode === 'resume' || mode === 'resume-model') {
    const targets = mode === 'resume'
      ? { model, optimizer, scheduler: scheduler ?? undefined, generator: dropout, loader }
      : { model };
    const r = await d.load(checkpoint, targets);
    epoch = r.epoch!;
    step = r.step!;
  }
  const losses: Array<[number, number]> = [];
  for (; epoch < EPOCHS; epoch++) {
    for (const [xb, yb] of loader) {
      optimizer.zeroGrad();
      const loss = d.nn.crossEntropy(model.call(xb), yb);
      loss.backward();
      optimizer.step();
      step++;
      losses.push([step, loss.item()]);
      if (step === stopAt) {
        await d.save(checkpoint, { model, optimizer, scheduler: scheduler ?? undefined, generator: dropout, loader, epoch, step });
        process.stdout.write(JSON.stringify({ scheduler: scheduler === null ? 'none' : 'StepLR' }));
        return;
      }
    }
    scheduler?.step();
  }
  const name = mode === 'straight' ? 'straight' : mode === 'resume' ? 'resumed' : 'model-only';
  d.safetensors.writeFileSync(path.join(dir, `${name}.safetensors`), model.stateDict());
  const lr = optimizer.paramGroups[0].lr;
  fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({ losses, lr, dropout: dropout.getState(), step }));
  process.stdout.write(JSON.stringify({ scheduler: scheduler === null ? 'none' : 'StepLR' }));
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
