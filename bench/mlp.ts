// The end-to-end rows: training samples per second of the 784-256-128-10 MLP with plain SGD at
// batch 128 (synthetic data, cross-entropy), and BatchNorm1d forward+backward on (256, 1024),
// at each thread count, beside PyTorch measured the same way in the same run (alternating
// descent and PyTorch measurements, medians). Both libraries zero gradients in place
// (PyTorch: zero_grad(set_to_none=False)); descent runs each step in d.tidy, as its fit loop does.
import * as d from '../lib';
import { runTorchPeer, torchAvailable } from './peers';
import { fixed, markdownTable } from './table';
import { median, nowMs } from './timing';

const BATCH = 128;
const STEPS = 20;

function mlpModel(): d.nn.Sequential {
  const g = new d.RandomGenerator(0);
  return new d.nn.Sequential(
    new d.nn.Linear(784, 256, { generator: g }), new d.nn.ReLU(),
    new d.nn.Linear(256, 128, { generator: g }), new d.nn.ReLU(),
    new d.nn.Linear(128, 10, { generator: g }),
  );
}

/** Samples per second (median over reps) and the memory one step allocates. */
export function descentMlp(reps: number): { rate: number; freshBytes: number; reusedBytes: number } {
  const model = mlpModel();
  const params = model.parameters();
  const g = new d.RandomGenerator(1);
  const x = d.randn([BATCH, 784], { generator: g });
  const y = d.randint(0, 10, [BATCH], { generator: g });
  const lr = 0.01;
  const step = () =>
    d.tidy(() => {
      d.noGrad(() => params.forEach((p) => p.grad?.zero_()));
      d.nn.crossEntropy(model.call(x), y).backward();
      d.noGrad(() => params.forEach((p) => p.sub_(p.grad!.mul(lr))));
    });
  for (let i = 0; i < 10; i++) step();
  const before = d.memory();
  step();
  const after = d.memory();
  const rates: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = nowMs();
    for (let i = 0; i < STEPS; i++) step();
    rates.push((BATCH * STEPS) / ((nowMs() - t0) / 1000));
  }
  return {
    rate: median(rates),
    freshBytes: after.allocatedBytesTotal - before.allocatedBytesTotal,
    reusedBytes: after.reusedBytesTotal - before.reusedBytesTotal,
  };
}

/** Microseconds per BatchNorm1d(1024) forward+backward on (256, 1024) (median over reps). */
export function descentBatchNorm(reps: number): number {
  const bn = new d.nn.BatchNorm1d(1024);
  const x = d.randn([256, 1024], { generator: new d.RandomGenerator(2) }).requiresGrad_();
  const gy = d.randn([256, 1024], { generator: new d.RandomGenerator(3) });
  const step = () =>
    d.tidy(() => {
      d.noGrad(() => x.grad?.zero_());
      bn.call(x).backward(gy);
    });
  for (let i = 0; i < 20; i++) step();
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const n = 200;
    const t0 = nowMs();
    for (let i = 0; i < n; i++) step();
    times.push(((nowMs() - t0) / n) * 1000);
  }
  return median(times);
}

export function mlpReport(threadCounts: number[], log: (s: string) => void): string {
  const saved = d.getNumThreads();
  const rows: Array<Array<string | number>> = [];
  const notes: string[] = [];
  try {
    for (const t of threadCounts) {
      d.setNumThreads(t);
      log(`  MLP and BatchNorm1d, ${t} thread(s)`);
      // Alternate descent and PyTorch, two rounds each, and keep the medians.
      const mlp: number[] = [];
      const torchMlp: number[] = [];
      const bn: number[] = [];
      const torchBn: number[] = [];
      let memory = { freshBytes: 0, reusedBytes: 0 };
      for (let round = 0; round < 2; round++) {
        const m = descentMlp(5);
        mlp.push(m.rate);
        memory = m;
        const tm = runTorchPeer('mlp', t, 5);
        if (tm) torchMlp.push(tm.samples_per_second);
        bn.push(descentBatchNorm(5));
        const tb = runTorchPeer('batchnorm', t, 5);
        if (tb) torchBn.push(tb.microseconds);
      }
      const rate = median(mlp);
      const torchRate = torchMlp.length ? median(torchMlp) : null;
      const bnUs = median(bn);
      const torchBnUs = torchBn.length ? median(torchBn) : null;
      rows.push([
        t, fixed(rate, 0), fixed(torchRate, 0), torchRate ? fixed(rate / torchRate, 2) : 'not measured',
        fixed(bnUs, 1), fixed(torchBnUs, 1), torchBnUs ? fixed(torchBnUs / bnUs, 2) : 'not measured',
      ]);
      if (t === threadCounts[0]) {
        notes.push(`Memory per MLP training step: ${(memory.freshBytes / 1024).toFixed(0)} KiB freshly allocated, ${(memory.reusedBytes / 1024).toFixed(0)} KiB served from the allocator's pool (d.memory()).`);
      }
    }
  } finally {
    d.setNumThreads(saved);
  }
  const header = [
    'threads', 'MLP samples/s', 'PyTorch samples/s', 'descent / PyTorch',
    'BatchNorm1d fwd+bwd µs', 'PyTorch µs', 'PyTorch time / descent time',
  ];
  const intro = `784-256-128-10 ReLU MLP, plain SGD, batch ${BATCH}, cross-entropy, float32; BatchNorm1d(1024) forward+backward on (256, 1024).${torchAvailable() ? '' : ' PyTorch not installed: its columns are not measured.'}`;
  return [intro, '', markdownTable(header, rows), '', ...notes, ''].join('\n');
}
