// Per-call overhead of the native boundary: the positional addon of an older build against the
// descriptor boundary of this one (lib/kernels), loaded in one process, timed in alternation
// (ABAB...) on calls small enough that the boundary is most of their cost. Each sample runs one
// call site `reps` times in its own loop (as a hot call site in the library runs); the table
// shows medians over the samples and the ratio new/old.
//   npm run build:ts && node dist/bench/boundary.js <old build root> [samples]
// <old build root> is a checkout built before the descriptor boundary (its dist/lib/native.js
// and build/Release/descent.node), e.g. /work/baseline.
import * as path from 'path';
import * as k from '../lib/kernels';
import { markdownTable } from './table';
import { median } from './timing';

type NativeArray = Float32Array | Float64Array | Int32Array;
type Positional = Record<string, (...args: unknown[]) => unknown> & {
  ops: { unary: Record<string, number>; binary: Record<string, number> };
  optimizerInfo: Record<string, { code: number; hyper: string[] }>;
};

// A loop of `reps` calls of one call site.
type Loop = (reps: number) => void;

interface Case {
  name: string;
  reps: number;
  old: Loop;
  new: Loop;
}

function cases(old: Positional): Case[] {
  const x16 = new Float32Array(16).fill(0.5);
  const y16 = new Float32Array(16);
  const s16 = [16];
  const a = Float32Array.from({ length: 64 * 64 }, (_, i) => i % 7);
  const b = Float32Array.from({ length: 64 }, (_, i) => i);
  const out = new Float32Array(64 * 64);
  const shape64 = [64, 64], strides64 = [64, 1], broadcast = [0, 1];
  const ga = new Float32Array(64).fill(1), gb = new Float32Array(64).fill(2), gc = new Float32Array(64);
  const gShape = [1, 8, 8], gStrides = [64, 8, 1];

  // Adam over 10 small tensors, each with its own buffers (10 segments), as the optimizers pass them.
  const sizes = Array.from({ length: 10 }, (_, i) => 16 + i);
  const params = sizes.map((n) => new Float32Array(n).fill(0.1));
  const grads = sizes.map((n) => new Float32Array(n).fill(0.01));
  const m = sizes.map((n) => new Float32Array(n));
  const v = sizes.map((n) => new Float32Array(n));
  const shapes = sizes.map((n) => [n]);
  const values: Record<string, number> = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
  const oldInfo = old.optimizerInfo.adam;
  const oldHyper = Float64Array.from(oldInfo.hyper.map((n) => values[n] ?? 0));
  const perTensor = new Float64Array(20);
  let oldStep = 0;
  const info = k.optimizerInfo.adam;
  const hyper = Float64Array.from(info.hyper.map((n) => values[n] ?? 0));
  const hyperShape = [hyper.length];
  const scalars = new Float64Array(10);
  const scalarShape = [10, 1];

  return [
    {
      name: 'unary exp, 16 float32',
      reps: 20000,
      old: (reps) => {
        for (let i = 0; i < reps; i++) old.unary(old.ops.unary.exp, x16, 0, y16, 0, 16, 0, 0);
      },
      new: (reps) => {
        for (let i = 0; i < reps; i++) {
          k.unary({
            op: k.ops.unary.exp, p0: 0, p1: 0,
            x: { data: x16, offset: 0, shape: s16 },
            y: { data: y16, offset: 0, shape: s16 },
          });
        }
      },
    },
    {
      name: 'binary add, [64, 64] + [64] broadcast',
      reps: 5000,
      old: (reps) => {
        for (let i = 0; i < reps; i++) old.binary(old.ops.binary.add, a, 0, strides64, b, 0, broadcast, out, 0, shape64, 0, 0);
      },
      new: (reps) => {
        for (let i = 0; i < reps; i++) {
          k.binary({
            op: k.ops.binary.add, p0: 0, p1: 0,
            a: { data: a, offset: 0, shape: shape64, strides: strides64 },
            b: { data: b, offset: 0, shape: shape64, strides: broadcast },
            out: { data: out, offset: 0, shape: shape64 },
          });
        }
      },
    },
    {
      name: 'gemm 8x8x8 float32',
      reps: 20000,
      old: (reps) => {
        for (let i = 0; i < reps; i++) old.gemm(false, false, 8, 8, 8, 1, ga, 0, 8, 0, gb, 0, 8, 0, 0, gc, 0, 8, 0, 1);
      },
      new: (reps) => {
        for (let i = 0; i < reps; i++) {
          k.gemm({
            transA: false, transB: false, alpha: 1, beta: 0,
            a: { data: ga, offset: 0, shape: gShape, strides: gStrides },
            b: { data: gb, offset: 0, shape: gShape, strides: gStrides },
            c: { data: gc, offset: 0, shape: gShape, strides: gStrides },
          });
        }
      },
    },
    {
      name: 'fill, 16 float32',
      reps: 20000,
      old: (reps) => {
        for (let i = 0; i < reps; i++) old.fill(y16, 0, 16, 1.5);
      },
      new: (reps) => {
        for (let i = 0; i < reps; i++) k.fill({ value: 1.5, dst: { data: y16, offset: 0, shape: s16 } });
      },
    },
    {
      name: 'optimizerStep Adam, 10 tensors of 16-25',
      reps: 5000,
      // As lib/optim/optimizer.ts builds the positional call: bias corrections in JavaScript,
      // one array per argument.
      old: (reps) => {
        for (let r = 0; r < reps; r++) {
          const t = ++oldStep;
          for (let i = 0; i < 10; i++) {
            perTensor[2 * i] = 1 - 0.9 ** t;
            perTensor[2 * i + 1] = 1 - 0.999 ** t;
          }
          old.optimizerStep(
            oldInfo.code, oldHyper, params, params.map(() => 0), grads, grads.map(() => 0), sizes,
            params.flatMap((_, i) => [m[i], v[i], null]), params.flatMap(() => [0, 0, 0]), perTensor,
          );
        }
      },
      // As the kernel layer takes it: descriptors; the step count advances natively.
      new: (reps) => {
        for (let r = 0; r < reps; r++) {
          k.optimizerStep({
            code: info.code,
            hyper: { data: hyper, offset: 0, shape: hyperShape },
            scalars: { data: scalars, offset: 0, shape: scalarShape },
            params: params.map((p, i) => ({ data: p, offset: 0, shape: shapes[i] })),
            grads: grads.map((g, i) => ({ data: g, offset: 0, shape: shapes[i] })),
            states: params.flatMap((_, i) => [
              { data: m[i], offset: 0, shape: shapes[i] }, { data: v[i], offset: 0, shape: shapes[i] }, null,
            ]),
          });
        }
      },
    },
  ];
}

// ns per call of one loop of `reps` calls.
function sample(loop: Loop, reps: number): number {
  const t0 = process.hrtime.bigint();
  loop(reps);
  return Number(process.hrtime.bigint() - t0) / reps;
}

function main(): void {
  const root = process.argv[2];
  if (root === undefined) {
    process.stderr.write('usage: node dist/bench/boundary.js <old build root> [samples]\n');
    process.exit(2);
  }
  const samples = Number(process.argv[3] ?? 15);
  const old = require(path.resolve(root, 'dist', 'lib', 'native')).native as Positional;
  k.setNumThreads({ n: 1 });
  old.setNumThreads(1);
  const rows: Array<Array<string | number>> = [];
  for (const c of cases(old)) {
    for (let w = 0; w < 3; w++) {
      sample(c.old, c.reps);
      sample(c.new, c.reps);
    }
    const oldNs: number[] = [];
    const newNs: number[] = [];
    for (let s = 0; s < samples; s++) {
      // ABAB, starting alternately with either, so drift falls on both equally.
      if (s % 2 === 0) {
        oldNs.push(sample(c.old, c.reps));
        newNs.push(sample(c.new, c.reps));
      } else {
        newNs.push(sample(c.new, c.reps));
        oldNs.push(sample(c.old, c.reps));
      }
    }
    const o = median(oldNs), n = median(newNs);
    const spread = (xs: number[]) => {
      const s = [...xs].sort((p, q) => p - q);
      return `${s[Math.floor(s.length / 4)].toFixed(0)}-${s[Math.floor((3 * s.length) / 4)].toFixed(0)}`;
    };
    rows.push([c.name, o.toFixed(0), spread(oldNs), n.toFixed(0), spread(newNs), (n / o).toFixed(2)]);
  }
  process.stdout.write(
    `${markdownTable(['call', 'old ns (median)', 'old IQR', 'new ns (median)', 'new IQR', 'new/old'], rows)}\n` +
      `${samples} samples per variant, interleaved; 1 thread; node ${process.version}\n`,
  );
}

main();
