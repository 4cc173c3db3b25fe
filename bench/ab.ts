// Two builds of descent measured in one run, interleaved (ABAB...), for changes that must not
// slow anything down:
//   node dist/bench/ab.js --a /path/to/old/checkout --b /path/to/new/checkout [--samples 31] [--threads 1]
// Each workload runs in a fresh process that loads both checkouts' dist/lib (two module trees,
// two addons) and builds the same workload in each; then samples alternate A, B, B, A, ... each
// sample a batch of calls long enough to swamp timer noise. Reported per workload: the median
// time per call of A and of B; B/A as the median of the paired ratios (the A and B samples of one
// pair run back to back, so the machine's slow drifts cancel); and the noise of the run, the
// larger of A against A and B against B (the relative difference between the medians of each
// build's first and second half of samples): a difference below it is not a measured one.
import { spawnSync } from 'child_process';
import * as path from 'path';
import { parseArgs } from 'util';
import { fixed, markdownTable } from './table';
import { median, nowMs } from './timing';

type Descent = typeof import('../lib');

interface Workload {
  name: string;
  label: string;
  /** Builds the state in one build and returns one call. */
  setup(d: Descent): () => void;
}

function mlp(d: Descent, batch: number, sizes: number[]): () => void {
  const g = new d.RandomGenerator(0);
  const layers: Array<import('../lib').nn.Module> = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    layers.push(new d.nn.Linear(sizes[i], sizes[i + 1], { generator: g }));
    if (i + 2 < sizes.length) layers.push(new d.nn.ReLU());
  }
  const model = new d.nn.Sequential(...layers);
  const opt = new d.optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
  const x = d.randn([batch, sizes[0]], { generator: g });
  const y = d.randint(0, sizes[sizes.length - 1], [batch], { generator: g });
  return () =>
    d.tidy(() => {
      opt.zeroGrad();
      d.nn.crossEntropy(model.call(x), y).backward();
      opt.step();
    });
}

function adam(d: Descent, n: number): () => void {
  const p = d.randn([n], { generator: new d.RandomGenerator(1) }).mul(0.01).requiresGrad_();
  p.grad = d.randn([n], { generator: new d.RandomGenerator(2) });
  const opt = new d.optim.Adam([p]);
  return () => opt.step();
}

const WORKLOADS: Workload[] = [
  { name: 'mlp', label: 'MLP 784-256-128-10 training step, batch 128 (SGD momentum)', setup: (d) => mlp(d, 128, [784, 256, 128, 10]) },
  { name: 'mlp-small', label: 'MLP 64-32-10 training step, batch 16 (per-call overhead)', setup: (d) => mlp(d, 16, [64, 32, 10]) },
  { name: 'adam-1e5', label: 'Adam step, 10^5 parameters', setup: (d) => adam(d, 1e5) },
  { name: 'adam-1e7', label: 'Adam step, 10^7 parameters', setup: (d) => adam(d, 1e7) },
];

interface Samples {
  a: number[];
  b: number[];
}

// Calls per sample so that one sample lasts about minMs.
function repsFor(fn: () => void, minMs: number): number {
  let reps = 1;
  for (;;) {
    const t0 = nowMs();
    for (let i = 0; i < reps; i++) fn();
    const dt = nowMs() - t0;
    if (dt >= minMs || reps >= 1 << 20) return reps;
    reps = Math.max(reps * 2, Math.ceil((reps * minMs) / Math.max(dt, 1e-3)));
  }
}

// In the child process: both builds, one workload, `samples` pairs; prints ms per call.
function child(a: string, b: string, name: string, threads: number, samples: number): void {
  const w = WORKLOADS.find((x) => x.name === name);
  if (w === undefined) throw new Error(`ab: unknown workload ${name}`);
  const builds = [a, b].map((dir) => require(path.join(dir, 'dist', 'lib')) as Descent);
  for (const d of builds) d.setNumThreads(threads);
  const [fa, fb] = builds.map((d) => w.setup(d));
  for (let i = 0; i < 5; i++) {
    fa();
    fb();
  }
  const reps = Math.max(repsFor(fa, 100), repsFor(fb, 100));
  const time = (fn: () => void) => {
    const t0 = nowMs();
    for (let i = 0; i < reps; i++) fn();
    return (nowMs() - t0) / reps;
  };
  const out: Samples = { a: [], b: [] };
  for (let s = 0; s < samples; s++) {
    if (s % 2 === 0) {
      out.a.push(time(fa));
      out.b.push(time(fb));
    } else {
      out.b.push(time(fb));
      out.a.push(time(fa));
    }
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

// The relative difference between the medians of the first and second half of the samples.
function halfSpread(xs: number[]): number {
  const h = xs.length >> 1;
  const a = median(xs.slice(0, h));
  const b = median(xs.slice(xs.length - h));
  return Math.abs(a - b) / Math.min(a, b);
}

function main(): void {
  const { values } = parseArgs({
    options: {
      a: { type: 'string' },
      b: { type: 'string' },
      samples: { type: 'string', default: '31' },
      threads: { type: 'string', default: '1' },
      only: { type: 'string' },
      child: { type: 'string' },
    },
  });
  if (values.a === undefined || values.b === undefined) {
    process.stderr.write('usage: node dist/bench/ab.js --a <old checkout> --b <new checkout> [--samples 31] [--threads 1] [--only mlp,adam-1e5]\n');
    process.exit(2);
  }
  const threads = Number(values.threads);
  const samples = Number(values.samples);
  if (values.child !== undefined) {
    child(values.a, values.b, values.child, threads, samples);
    return;
  }
  if (!Number.isInteger(samples) || samples < 7) {
    process.stderr.write('ab: --samples must be an integer of at least 7\n');
    process.exit(2);
  }
  const chosen = values.only ? WORKLOADS.filter((w) => values.only!.split(',').includes(w.name)) : WORKLOADS;
  const rows = chosen.map((w) => {
    process.stderr.write(`  ${w.name}\n`);
    const r = spawnSync(process.execPath, [__filename, '--child', w.name, '--a', values.a!, '--b', values.b!, '--threads', String(threads), '--samples', String(samples)], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`ab: ${w.name} failed:\n${r.stderr}`);
    const { a, b } = JSON.parse(r.stdout.trim().split('\n').pop()!) as Samples;
    const ratio = median(a.map((x, i) => b[i] / x));
    const noise = Math.max(halfSpread(a), halfSpread(b));
    return [w.label, fixed(median(a), 3), fixed(median(b), 3), `${((ratio - 1) * 100).toFixed(1)}%`, `${(noise * 100).toFixed(1)}%`];
  });
  process.stdout.write(
    `A: ${path.resolve(values.a)}\nB: ${path.resolve(values.b)}\n${samples} interleaved sample pairs per workload (ABBA...), ${threads} thread(s), one process per workload holding both builds\n\n` +
      markdownTable(['workload', 'A ms', 'B ms', 'B vs A (median of paired ratios)', 'noise (A vs A, B vs B)'], rows) + '\n',
  );
}

main();
