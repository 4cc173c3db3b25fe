// The optimizer table: the fused update's throughput at 10^5 and 10^7 parameters, as elements
// per second and GB/s, beside the bandwidth of a triad (a ← b + s·c) and of an in-place triad
// (y ← y + s·x) measured in the same run at the
// same size and thread count. Bytes per element count each array read or written once:
// SGD 12, momentum/Nesterov/Adagrad/RMSprop 20, Adam/AdamW 28. Also a full optimizer.step() of
// a 10-tensor model, which measures the per-call overhead.
import * as d from '../lib';
import * as kernels from '../lib/kernels';
import { fixed, markdownTable } from './table';
import { timeCall } from './timing';

interface Case {
  name: string;
  bytes: number;
  make: (p: d.Tensor) => d.optim.Optimizer;
}

const CASES: Case[] = [
  { name: 'SGD', bytes: 12, make: (p) => new d.optim.SGD([p], { lr: 1e-3 }) },
  { name: 'SGD momentum', bytes: 20, make: (p) => new d.optim.SGD([p], { lr: 1e-3, momentum: 0.9 }) },
  { name: 'SGD Nesterov', bytes: 20, make: (p) => new d.optim.SGD([p], { lr: 1e-3, momentum: 0.9, nesterov: true }) },
  { name: 'Adagrad', bytes: 20, make: (p) => new d.optim.Adagrad([p]) },
  { name: 'RMSprop', bytes: 20, make: (p) => new d.optim.RMSprop([p]) },
  { name: 'Adam', bytes: 28, make: (p) => new d.optim.Adam([p]) },
  { name: 'AdamW', bytes: 28, make: (p) => new d.optim.AdamW([p]) },
];

function triadGBs(n: number): number {
  const a = new Float32Array(n);
  const b = new Float32Array(n).fill(1);
  const c = new Float32Array(n).fill(2);
  const args = { s: 0.5, a: { data: a, offset: 0, shape: [n] }, b: { data: b, offset: 0, shape: [n] }, c: { data: c, offset: 0, shape: [n] } };
  const ms = timeCall(() => kernels.triad(args), 7, 50);
  return (12 * n) / (ms * 1e6);
}

/**
 * The in-place triad y ← y + s·x (axpy): the access pattern of an optimizer update, which reads
 * and writes its arrays in place. A store to a fresh destination (the STREAM triad's a) first
 * reads the line (write-allocate), so that triad moves 16 bytes per element while counting 12;
 * the in-place form moves the 12 it counts.
 */
function inPlaceTriadGBs(n: number): number {
  const y = new Float32Array(n).fill(1);
  const x = new Float32Array(n).fill(2);
  const args = { alpha: 1e-7, x: { data: x, offset: 0, shape: [n] }, y: { data: y, offset: 0, shape: [n] } };
  const ms = timeCall(() => kernels.axpy(args), 7, 50);
  return (12 * n) / (ms * 1e6);
}

function stepSeconds(c: Case, n: number): number {
  const p = d.randn([n], { generator: new d.RandomGenerator(1) }).mul(0.01).requiresGrad_();
  p.grad = d.randn([n], { generator: new d.RandomGenerator(2) });
  const opt = c.make(p);
  return timeCall(() => opt.step(), 7, 50) / 1000;
}

function tenTensorStepMicroseconds(): number {
  const g = new d.RandomGenerator(3);
  const params = Array.from({ length: 10 }, (_, i) => {
    const p = d.randn([32 + i, 16], { generator: g }).requiresGrad_();
    p.grad = d.randn([32 + i, 16], { generator: g });
    return p;
  });
  const opt = new d.optim.Adam(params);
  return timeCall(() => opt.step(), 7, 50) * 1000;
}

export function optimReport(threadCounts: number[], log: (s: string) => void): string {
  const saved = d.getNumThreads();
  const rows: Array<Array<string | number>> = [];
  let overhead = 0;
  try {
    for (const n of [1e5, 1e7]) {
      for (const t of threadCounts) {
        d.setNumThreads(t);
        log(`  optimizers at ${n} parameters, ${t} thread(s)`);
        const triad = triadGBs(n);
        const inPlace = inPlaceTriadGBs(n);
        for (const c of CASES) {
          const s = stepSeconds(c, n);
          const gbs = (c.bytes * n) / s / 1e9;
          rows.push([
            c.name, n === 1e5 ? '10^5' : '10^7', t, fixed(n / s / 1e6, 0), fixed(gbs, 1),
            fixed(triad, 1), `${((100 * gbs) / triad).toFixed(0)}%`, fixed(inPlace, 1), `${((100 * gbs) / inPlace).toFixed(0)}%`,
          ]);
        }
      }
    }
    d.setNumThreads(threadCounts[0]);
    overhead = tenTensorStepMicroseconds();
  } finally {
    d.setNumThreads(saved);
  }
  return [
    'float32, one parameter tensor; GB/s counts SGD 12, momentum/Nesterov/Adagrad/RMSprop 20, Adam/AdamW 28 bytes per element.',
    '',
    'Triad: a ← b + s·c (STREAM; 12 bytes counted, 16 moved, as the store to a first reads the line). In-place triad: y ← y + s·x (12 bytes moved), the access pattern of an in-place optimizer update.',
    '',
    markdownTable(['optimizer', 'parameters', 'threads', 'M elements/s', 'GB/s', 'triad GB/s', 'of triad', 'in-place triad GB/s', 'of in-place triad'], rows),
    '',
    `A full Adam step of a 10-tensor model (10 × ~600 parameters, ${threadCounts[0]} thread): ${overhead.toFixed(1)} µs.`,
    '',
  ].join('\n');
}
