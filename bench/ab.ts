// Two builds of descent measured in one run, interleaved (ABAB...), for changes that must not
// slow anything down:
//   node dist/bench/ab.js --a /path/to/old/checkout --b /path/to/new/checkout [--rounds 9]
// Each round runs every workload in a fresh process for A and for B (the order alternating
// between rounds), on the public API of each checkout's dist/lib. Reported per workload: the
// median time of A and of B over the rounds, B/A, and the noise of the run: the spread between the
// two halves of A's rounds and of B's rounds (A against A, B against B) — a difference below it is
// not a measured difference.
import { spawnSync } from 'child_process';
import * as path from 'path';
import { parseArgs } from 'util';
import { fixed, markdownTable } from './table';
import { median, nowMs, timeCall } from './timing';

type Descent = typeof import('../lib');

interface Workload {
  name: string;
  /** What one timed call does. */
  label: string;
  /** Builds the state and returns one step. */
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

// In a child process: time one workload of one checkout and print milliseconds per call.
function child(checkout: string, name: string, threads: number): void {
  const d = require(path.join(checkout, 'dist', 'lib')) as Descent;
  d.setNumThreads(threads);
  const w = WORKLOADS.find((x) => x.name === name);
  if (w === undefined) throw new Error(`ab: unknown workload ${name}`);
  const step = w.setup(d);
  for (let i = 0; i < 5; i++) step();
  process.stdout.write(`${JSON.stringify({ ms: timeCall(step, 7, 100) })}\n`);
}

function measure(checkout: string, name: string, threads: number): number {
  const r = spawnSync(process.execPath, ['--expose-gc', __filename, '--child', '--checkout', checkout, '--workload', name, '--threads', String(threads)], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`ab: ${name} in ${checkout} failed:\n${r.stderr}`);
  return (JSON.parse(r.stdout.trim().split('\n').pop()!) as { ms: number }).ms;
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
      rounds: { type: 'string', default: '9' },
      threads: { type: 'string', default: '2' },
      only: { type: 'string' },
      child: { type: 'boolean', default: false },
      checkout: { type: 'string' },
      workload: { type: 'string' },
    },
  });
  if (values.child) {
    child(values.checkout!, values.workload!, Number(values.threads));
    return;
  }
  if (values.a === undefined || values.b === undefined) {
    process.stderr.write('usage: node dist/bench/ab.js --a <old checkout> --b <new checkout> [--rounds 9] [--threads 2] [--only mlp,adam-1e5]\n');
    process.exit(2);
  }
  const rounds = Number(values.rounds);
  const threads = Number(values.threads);
  const chosen = values.only ? WORKLOADS.filter((w) => values.only!.split(',').includes(w.name)) : WORKLOADS;
  const times = new Map(chosen.map((w) => [w.name, { a: [] as number[], b: [] as number[] }]));
  const t0 = nowMs();
  for (let r = 0; r < rounds; r++) {
    for (const w of chosen) {
      const order = r % 2 === 0 ? (['a', 'b'] as const) : (['b', 'a'] as const);
      for (const which of order) times.get(w.name)![which].push(measure(which === 'a' ? values.a : values.b, w.name, threads));
    }
    process.stderr.write(`  round ${r + 1}/${rounds} (${((nowMs() - t0) / 1000).toFixed(0)} s)\n`);
  }
  const rows = chosen.map((w) => {
    const { a, b } = times.get(w.name)!;
    const ma = median(a);
    const mb = median(b);
    const noise = Math.max(halfSpread(a), halfSpread(b));
    return [w.label, fixed(ma, 3), fixed(mb, 3), `${((mb / ma - 1) * 100).toFixed(1)}%`, `${(noise * 100).toFixed(1)}%`];
  });
  process.stdout.write(
    `A: ${path.resolve(values.a)}\nB: ${path.resolve(values.b)}\n${rounds} rounds, ${threads} thread(s), ABAB order, medians of per-process medians\n\n` +
      markdownTable(['workload', 'A ms', 'B ms', 'B vs A', 'noise (A vs A, B vs B)'], rows) + '\n',
  );
}

main();
