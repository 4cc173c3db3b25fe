// Nothing JavaScript passes may crash the process: every native entry point validates its
// arguments and throws a TypeError or RangeError naming itself, whether it is called through
// the kernel layer (lib/kernels) or on the raw addon with a malformed argument block.
import { expect } from 'chai';
import * as k from '../lib/kernels';
import { seededValues } from './helpers';

const f = new Float32Array(16);
const g = new Float32Array(16);
const i32 = new Int32Array(16);
const ops = k.ops;

// A descriptor of whatever the test passes (malformed ones included).
const d = (data: unknown, offset: unknown, shape: unknown, strides?: unknown): never =>
  (strides === undefined ? { data, offset, shape } : { data, offset, shape, strides }) as never;

function expectNativeError(fn: () => unknown, name: string, pattern?: RegExp): void {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, `${name} should throw`).to.be.instanceOf(Error);
  const message = (thrown as Error).message;
  expect(message.startsWith(`${name}: `), message).to.equal(true);
  if (pattern) expect(message).to.match(pattern);
}

describe('native argument validation', () => {
  it('unary rejects wrong types, bad ops, out-of-range and partially overlapping arrays', () => {
    const exp = ops.unary.exp;
    const unary = (op: number, x: never, y: never, p0: unknown = 0) => () => k.unary({ op, p0: p0 as number, p1: 0, x, y });
    expectNativeError(unary(exp, d([1, 2], 0, [2]), d(g, 0, [2])), 'unary', /x must be a Float32Array/);
    expectNativeError(unary(99, d(f, 0, [2]), d(g, 0, [2])), 'unary', /op must be in/);
    expectNativeError(unary(exp, d(f, 0, [17]), d(g, 0, [17])), 'unary', /needs elements \[0, 17\) of an array of length 16/);
    expectNativeError(unary(exp, d(f, -1, [2]), d(g, 0, [2])), 'unary', /xOffset/);
    expectNativeError(unary(exp, d(f, 1.5, [2]), d(g, 0, [2])), 'unary', /integer/);
    expectNativeError(unary(exp, d(f, 0, [2]), d(new Float64Array(4), 0, [2])), 'unary', /y is float64, expected float32/);
    expectNativeError(unary(exp, d(f, 0, [4]), d(f, 1, [4])), 'unary', /overlaps/);
    expectNativeError(unary(exp, d(i32, 0, [2]), d(i32, 0, [2])), 'unary', /exp is not defined for int32/);
    expectNativeError(unary(exp, d(f, 0, [NaN]), d(g, 0, [NaN])), 'unary', /integer/);
    expectNativeError(unary(exp, d(f, 0, [2]), d(g, 0, [2]), 'a'), 'unary', /p0 must be a number/);
    expectNativeError(() => (k.unary as (...a: unknown[]) => void)(), 'unary');
  });

  it('binary checks strides against array lengths and shapes against limits', () => {
    const add = ops.binary.add;
    const binary = (op: number, a: never, b: never, out: never) => () => k.binary({ op, p0: 0, p1: 0, a, b, out });
    const out16 = () => new Float32Array(16);
    expectNativeError(binary(add, d(f, 0, [5, 4], [4, 1]), d(g, 0, [5, 4], [4, 1]), d(out16(), 0, [5, 4])), 'binary', /reaches element 19 of an array of length 16/);
    expectNativeError(binary(add, d(f, 0, [2, 2], [1]), d(g, 0, [2, 2], [1, 1]), d(out16(), 0, [2, 2])), 'binary', /aStrides has 1 entries/);
    expectNativeError(binary(add, d(f, 0, [2], [-1]), d(g, 0, [2], [1]), d(out16(), 0, [2])), 'binary', /non-negative/);
    const ones = new Array(17).fill(1);
    const zeros = new Array(17).fill(0);
    expectNativeError(binary(add, d(f, 0, ones, zeros), d(g, 0, ones, zeros), d(out16(), 0, ones)), 'binary', /at most 16/);
    const huge = [2 ** 40, 2 ** 40];
    expectNativeError(binary(add, d(f, 0, huge, [0, 0]), d(g, 0, huge, [0, 0]), d(out16(), 0, huge)), 'binary', /too large/);
    expectNativeError(binary(ops.binary.div, d(i32, 0, [4], [1]), d(i32, 0, [4], [1]), d(new Int32Array(16), 0, [4])), 'binary', /div is not defined for int32/);
    expectNativeError(binary(ops.binary.lt, d(i32, 0, [4], [1]), d(i32, 0, [4], [1]), d(new Int32Array(16), 0, [4])), 'binary', /out is int32, expected float32/);
    expectNativeError(binary(add, d(f, 0, [4], [1]), d(g, 0, [4], [1]), d(f, 2, [4])), 'binary', /overlaps a/);
  });

  it('gemm checks leading dimensions, extents, batch strides and overlap', () => {
    const a = new Float32Array(12);
    const b = new Float32Array(12);
    const c = new Float32Array(9);
    const gemm = (a: never, b: never, c: never) => () => k.gemm({ transA: false, transB: false, alpha: 1, beta: 0, a, b, c });
    expectNativeError(gemm(d(a, 0, [1, 3, 4], [0, 3, 1]), d(b, 0, [1, 4, 3], [0, 3, 1]), d(c, 0, [1, 3, 3], [0, 3, 1])), 'gemm', /leading dimension of a \(3\) is less than its row length 4/);
    expectNativeError(gemm(d(a, 1, [1, 3, 4], [0, 4, 1]), d(b, 0, [1, 4, 3], [0, 3, 1]), d(c, 0, [1, 3, 3], [0, 3, 1])), 'gemm', /a .* reaches element 12/);
    expectNativeError(gemm(d(a, 0, [2, 3, 4], [12, 4, 1]), d(b, 0, [2, 4, 3], [0, 3, 1]), d(c, 0, [2, 3, 3], [9, 3, 1])), 'gemm', /a \(offset 0, shape \[2, 3, 4\], strides \[12, 4, 1\]\) reaches element 23/);
    expectNativeError(gemm(d(a, 0, [2, 1, 4], [0, 4, 1]), d(b, 0, [2, 4, 3], [0, 3, 1]), d(c, 0, [2, 1, 3], [1, 3, 1])), 'gemm', /strideC \(1\) makes the output matrices overlap/);
    expectNativeError(gemm(d(a, 0, [1, 2, 2], [0, 2, 1]), d(a, 4, [1, 2, 2], [0, 2, 1]), d(a, 2, [1, 2, 2], [0, 2, 1])), 'gemm', /c overlaps a or b/);
    expectNativeError(gemm(d(i32, 0, [1, 2, 2], [0, 2, 1]), d(i32, 0, [1, 2, 2], [0, 2, 1]), d(new Int32Array(4), 0, [1, 2, 2], [0, 2, 1])), 'gemm', /int32/);
  });

  it('reduce, softmax, copy, indexing and random validate too', () => {
    const reduce = (op: number, x: never, out: never) => () => k.reduce({ op, correction: 0, x, out, index: null });
    expectNativeError(reduce(ops.reduce.max, d(f, 0, [2, 0, 1]), d(g, 0, [2, 1])), 'reduce', /empty dimension/);
    expectNativeError(reduce(ops.reduce.argmax, d(f, 0, [2, 8, 1]), null as never), 'reduce', /needs an index array/);
    expectNativeError(reduce(ops.reduce.sum, d(f, 0, [2, 9, 1]), d(g, 0, [2, 1])), 'reduce', /needs elements/);
    expectNativeError(reduce(ops.reduce.mean, d(i32, 0, [2, 8, 1]), d(new Int32Array(2), 0, [2, 1])), 'reduce', /int32/);
    expectNativeError(() => k.softmax({ log: false, x: d(f, 0, [2, 5, 1]), y: d(f, 3, [2, 5, 1]) }), 'softmax', /overlaps/);
    expectNativeError(() => k.copy({ src: d(f, 0, [8], [1]), dst: d(f, 4, [8], [1]) }), 'copy', /dst overlaps src/);
    expectNativeError(() => k.gather({ x: d(f, 0, [1, 4, 1]), index: d(Int32Array.from([0, 4]), 0, [1, 2, 1]), out: d(g, 0, [1, 2, 1]) }), 'gather', /index 4 at position 1/);
    expectNativeError(() => k.gather({ x: d(f, 0, [1, 4, 1]), index: d(new Float32Array(2), 0, [1, 2, 1]), out: d(g, 0, [1, 2, 1]) }), 'gather', /index is float32, expected int32/);
    const random = (kind: number, seed: unknown, p: number[], out: never = d(f, 0, [4])) => () =>
      k.random({ kind, seed: seed as bigint, offset: 0n, p0: p[0], p1: p[1], p2: p[2], p3: p[3], out });
    expectNativeError(random(ops.random.uniform, 1, [0, 1, 0, 0]), 'random', /seed must be a bigint/);
    expectNativeError(random(ops.random.uniform, -1n, [0, 1, 0, 0]), 'random', /64 unsigned bits/);
    expectNativeError(random(ops.random.normal, 1n, [0, -1, 0, 0]), 'random', /std/);
    expectNativeError(random(ops.random.randint, 1n, [0, 10, 0, 0]), 'random', /out is float32, expected int32/);
    expectNativeError(random(ops.random.truncatedNormal, 1n, [0, 1, 2, 1]), 'random', /a < b/);
    expectNativeError(() => k.setNumThreads({ n: 0 }), 'setNumThreads', /\[1, 256\]/);
    expectNativeError(() => k.fmaPeak({ threads: 1, seconds: 0 }), 'fmaPeak', /seconds/);
  });

  const pool: unknown[] = [
    f, g, i32, new Float64Array(3), new Uint8Array(4), new Float32Array(0), null, undefined, -1, 0, 1, 2, 3, 7, 1e9, 2 ** 53, NaN, Infinity,
    0.5, '1', [], [1], [2, 2], [0, 1], [1, 0], [-1], {}, true, 0n, 5n,
  ];
  // Entry points the barrages leave out: they would spin for seconds or resize the pool.
  const skipped = new Set(['fmaPeak', 'setNumThreads']);

  it('survives a random barrage of malformed calls', () => {
    const values = seededValues(200_000, 77, 0, pool.length);
    let n = 0;
    const pick = () => pool[Math.floor(values[n++ % values.length])];
    // Through the kernel layer: argument objects with the entry's field names and random values,
    // tensors as random descriptors (or random values where a descriptor belongs).
    const descriptor = () => (n % 4 === 0 ? pick() : { data: pick(), offset: pick(), shape: pick(), strides: n % 3 === 0 ? pick() : undefined });
    const entries = Object.entries(k.schema).filter(([name]) => !skipped.has(name));
    const active = k.simd().active;
    let threw = 0;
    for (let round = 0; round < 4000; round++) {
      const [name, entry] = entries[round % entries.length];
      const fn = (k as unknown as Record<string, (args: unknown) => unknown>)[name];
      const args: Record<string, unknown> = {};
      for (const o of entry.options) args[o.name] = pick();
      for (const t of entry.tensors) args[t.name] = t.kind === 'list' || t.kind === 'optionalList' ? Array.from({ length: round % 4 }, descriptor) : descriptor();
      try {
        fn(round % 97 === 0 ? pick() : args);
      } catch (e) {
        threw++;
        expect((e as Error).message.startsWith(`${name}: `), (e as Error).message).to.equal(true);
      }
    }
    k.useSimd({ name: ops.simd[active as 'scalar' | 'avx2'] });
    expect(threw).to.be.greaterThan(3000);
    expect(k.getNumThreads()).to.be.greaterThan(0);
  });

  it('survives well-typed calls with random shapes, offsets, strides and values', () => {
    // Right JavaScript types everywhere, so the calls reach the bindings' own checks (and many
    // run): one float dtype per call mostly, shapes near a per-call base shape, int32 indices.
    const values = seededValues(400_000, 79, 0, 1);
    let n = 0;
    const choose = <T>(xs: readonly T[]): T => xs[Math.floor(values[n++ % values.length] * xs.length)];
    const chance = (p: number) => values[n++ % values.length] < p;
    const numbers = [0, 1, 2, 3, 4, -1, 0.5, 1e-3, 1e9, NaN, Infinity, -0, 100];
    const entries = Object.entries(k.schema).filter(([name]) => !skipped.has(name) && name !== 'useSimd');
    let ran = 0;
    for (let round = 0; round < 20_000; round++) {
      const [name, entry] = entries[round % entries.length];
      const arrays: k.NativeArray[] = [new Float32Array(64), new Float64Array(64), Int32Array.from({ length: 24 }, () => choose([0, 1, 2, -1, 5]))];
      const main = choose([0, 0, 1, 1, 2]);
      const base = Array.from({ length: choose([1, 2, 2, 3, 3]) }, () => choose([1, 1, 2, 2, 3, 4]));
      const descriptor = (slot: string): k.TensorDescriptor => {
        const shape = chance(0.6) ? base.slice() : Array.from({ length: choose([0, 1, 2, 3]) }, () => choose([0, 1, 2, 3]));
        const data = slot === 'index' || slot === 'target' ? arrays[2] : chance(0.8) ? arrays[main] : choose(arrays);
        const offset = choose([0, 0, 0, 1, 2, 5]);
        return chance(0.4) ? { data, offset, shape, strides: shape.map(() => choose([0, 1, 2, 3, 4, 6])) } : { data, offset, shape };
      };
      const args: Record<string, unknown> = {};
      for (const o of entry.options) {
        if (o.kind === 'flag') args[o.name] = chance(0.5);
        else if (o.kind === 'u64') args[o.name] = BigInt(choose([0, 1, 7, 2 ** 40]));
        else if (o.kind === 'integer' && chance(0.8)) args[o.name] = o.lo! + Math.floor(values[n++ % values.length] * Math.min(o.hi! - o.lo! + 1, 30));
        else args[o.name] = choose(numbers);
      }
      for (const t of entry.tensors) {
        if (t.kind === 'list' || t.kind === 'optionalList') {
          args[t.name] = Array.from({ length: choose([0, 1, 2, 3, 6]) }, () => (t.kind === 'optionalList' && chance(0.3) ? null : descriptor(t.name)));
        } else {
          args[t.name] = t.kind === 'optional' && chance(0.3) ? null : descriptor(t.name);
        }
      }
      if (name === 'optimizerStep') args.code = 1 + (round % 11);
      try {
        (k as unknown as Record<string, (a: unknown) => unknown>)[name](args);
        ran++;
      } catch (e) {
        expect((e as Error).message.startsWith(`${name}: `), (e as Error).message).to.equal(true);
      }
    }
    expect(ran).to.be.greaterThan(1000);
    expect(k.getNumThreads()).to.be.greaterThan(0);
  });

  it('survives a random barrage of malformed calls on the raw addon, argument blocks included', () => {
    const values = seededValues(200_000, 78, 0, 1);
    let n = 0;
    const next = () => values[n++ % values.length];
    // Argument blocks of plausible numbers: presence flags, offsets, dimension counts, sizes.
    const numbers = [0, 1, 2, 3, 4, 16, 17, -1, 0.5, NaN, 2 ** 48, 2 ** 53];
    const blocks = Array.from({ length: 40 }, (_, i) => new DataView(Float64Array.from({ length: i }, () => numbers[Math.floor(next() * numbers.length)]).buffer));
    const all = [...pool, ...blocks];
    const pick = () => all[Math.floor(next() * all.length)];
    const raw = k.rawAddon as unknown as Record<string, (...a: unknown[]) => unknown>;
    const entries = Object.entries(raw).filter(([name, v]) => typeof v === 'function' && !skipped.has(name));
    expect(entries.length).to.equal(Object.keys(k.schema).length - skipped.size);
    const active = k.simd().active;
    let threw = 0;
    for (let round = 0; round < 4000; round++) {
      const [name, fn] = entries[round % entries.length];
      const args = Array.from({ length: round % 10 }, pick);
      if (round % 2 === 0) args.unshift(blocks[Math.floor(next() * blocks.length)]);
      try {
        fn(...args);
      } catch (e) {
        threw++;
        expect((e as Error).message.startsWith(`${name}: `), (e as Error).message).to.equal(true);
      }
    }
    k.useSimd({ name: ops.simd[active as 'scalar' | 'avx2'] });
    expect(threw).to.be.greaterThan(3000);
    expect(k.getNumThreads()).to.be.greaterThan(0);
  });
});
