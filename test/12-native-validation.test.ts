// Nothing JavaScript passes may crash the process: every native entry point validates its
// arguments and throws a TypeError or RangeError naming itself.
import { expect } from 'chai';
import { native, ops } from '../lib/native';
import { seededValues } from './helpers';

const f = new Float32Array(16);
const g = new Float32Array(16);
const i32 = new Int32Array(16);

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
    expectNativeError(() => native.unary(exp, [1, 2] as never, 0, g, 0, 2, 0, 0), 'unary', /x must be a Float32Array/);
    expectNativeError(() => native.unary(99, f, 0, g, 0, 2, 0, 0), 'unary', /op must be in/);
    expectNativeError(() => native.unary(exp, f, 0, g, 0, 17, 0, 0), 'unary', /needs elements \[0, 17\) of an array of length 16/);
    expectNativeError(() => native.unary(exp, f, -1, g, 0, 2, 0, 0), 'unary', /xOffset/);
    expectNativeError(() => native.unary(exp, f, 1.5, g, 0, 2, 0, 0), 'unary', /integer/);
    expectNativeError(() => native.unary(exp, f, 0, new Float64Array(4), 0, 2, 0, 0), 'unary', /y is float64, expected float32/);
    expectNativeError(() => native.unary(exp, f, 0, f, 1, 4, 0, 0), 'unary', /overlaps/);
    expectNativeError(() => native.unary(exp, i32, 0, i32, 0, 2, 0, 0), 'unary', /exp is not defined for int32/);
    expectNativeError(() => native.unary(exp, f, 0, g, 0, NaN, 0, 0), 'unary', /integer/);
    expectNativeError(() => native.unary(exp, f, 0, g, 0, 2, 'a' as never, 0), 'unary', /p0 must be a number/);
    expectNativeError(() => (native.unary as (...a: unknown[]) => void)(), 'unary');
  });

  it('binary checks strides against array lengths and shapes against limits', () => {
    const add = ops.binary.add;
    expectNativeError(() => native.binary(add, f, 0, [4, 1], g, 0, [4, 1], new Float32Array(16), 0, [5, 4], 0, 0), 'binary', /reaches element 19 of an array of length 16/);
    expectNativeError(() => native.binary(add, f, 0, [1], g, 0, [1, 1], new Float32Array(16), 0, [2, 2], 0, 0), 'binary', /aStrides has 1 entries/);
    expectNativeError(() => native.binary(add, f, 0, [-1], g, 0, [1], new Float32Array(16), 0, [2], 0, 0), 'binary', /non-negative/);
    expectNativeError(() => native.binary(add, f, 0, new Array(17).fill(0), g, 0, new Array(17).fill(0), new Float32Array(16), 0, new Array(17).fill(1), 0, 0), 'binary', /at most 16/);
    expectNativeError(() => native.binary(add, f, 0, [0, 0], g, 0, [0, 0], new Float32Array(16), 0, [2 ** 40, 2 ** 40], 0, 0), 'binary', /too large/);
    expectNativeError(() => native.binary(ops.binary.div, i32, 0, [1], i32, 0, [1], new Int32Array(16), 0, [4], 0, 0), 'binary', /div is not defined for int32/);
    expectNativeError(() => native.binary(ops.binary.lt, i32, 0, [1], i32, 0, [1], new Int32Array(16), 0, [4], 0, 0), 'binary', /out is int32, expected float32/);
    expectNativeError(() => native.binary(add, f, 0, [1], g, 0, [1], f, 2, [4], 0, 0), 'binary', /overlaps a/);
  });

  it('gemm checks leading dimensions, extents, batch strides and overlap', () => {
    const a = new Float32Array(12);
    const b = new Float32Array(12);
    const c = new Float32Array(9);
    expectNativeError(() => native.gemm(false, false, 3, 3, 4, 1, a, 0, 3, 0, b, 0, 3, 0, 0, c, 0, 3, 0, 1), 'gemm', /leading dimension of a \(3\) is less than its row length 4/);
    expectNativeError(() => native.gemm(false, false, 3, 3, 4, 1, a, 1, 4, 0, b, 0, 3, 0, 0, c, 0, 3, 0, 1), 'gemm', /a .* reaches element 12/);
    expectNativeError(() => native.gemm(false, false, 3, 3, 4, 1, a, 0, 4, 12, b, 0, 3, 0, 0, c, 0, 3, 9, 2), 'gemm', /a \(offset 0, shape \[2, 3, 4\], strides \[12, 4, 1\]\) reaches element 23/);
    expectNativeError(() => native.gemm(false, false, 1, 3, 4, 1, a, 0, 4, 0, b, 0, 3, 0, 0, c, 0, 3, 1, 2), 'gemm', /strideC \(1\) makes the output matrices overlap/);
    expectNativeError(() => native.gemm(false, false, 2, 2, 2, 1, a, 0, 2, 0, a, 4, 2, 0, 0, a, 2, 2, 0, 1), 'gemm', /c overlaps a or b/);
    expectNativeError(() => native.gemm(false, false, 2, 2, 2, 1, i32, 0, 2, 0, i32, 0, 2, 0, 0, new Int32Array(4), 0, 2, 0, 1), 'gemm', /int32/);
  });

  it('reduce, softmax, copy, indexing and random validate too', () => {
    expectNativeError(() => native.reduce(ops.reduce.max, f, 0, 2, 0, 1, g, 0, null, 0, 0), 'reduce', /empty dimension/);
    expectNativeError(() => native.reduce(ops.reduce.argmax, f, 0, 2, 8, 1, null, 0, null, 0, 0), 'reduce', /needs an index array/);
    expectNativeError(() => native.reduce(ops.reduce.sum, f, 0, 2, 9, 1, g, 0, null, 0, 0), 'reduce', /needs elements/);
    expectNativeError(() => native.reduce(ops.reduce.mean, i32, 0, 2, 8, 1, new Int32Array(2), 0, null, 0, 0), 'reduce', /int32/);
    expectNativeError(() => native.softmax(f, 0, f, 3, 2, 5, 1, false), 'softmax', /overlaps/);
    expectNativeError(() => native.copy(f, 0, [1], f, 4, [1], [8]), 'copy', /dst overlaps src/);
    expectNativeError(() => native.gather(f, 0, 1, 4, 1, Int32Array.from([0, 4]), 0, 2, g, 0), 'gather', /index 4 at position 1/);
    expectNativeError(() => native.gather(f, 0, 1, 4, 1, new Float32Array(2) as never, 0, 2, g, 0), 'gather', /index is float32, expected int32/);
    expectNativeError(() => native.random(ops.random.uniform, 1 as never, 0n, f, 0, 4, 0, 1, 0, 0), 'random', /seed must be a bigint/);
    expectNativeError(() => native.random(ops.random.uniform, -1n, 0n, f, 0, 4, 0, 1, 0, 0), 'random', /64 unsigned bits/);
    expectNativeError(() => native.random(ops.random.normal, 1n, 0n, f, 0, 4, 0, -1, 0, 0), 'random', /std/);
    expectNativeError(() => native.random(ops.random.randint, 1n, 0n, f, 0, 4, 0, 10, 0, 0), 'random', /out is float32, expected int32/);
    expectNativeError(() => native.random(ops.random.truncatedNormal, 1n, 0n, f, 0, 4, 0, 1, 2, 1), 'random', /a < b/);
    expectNativeError(() => native.setNumThreads(0), 'setNumThreads', /\[1, 256\]/);
    expectNativeError(() => native.fmaPeak(1, 0), 'fmaPeak', /seconds/);
  });

  it('survives a random barrage of malformed calls', () => {
    const pool: unknown[] = [
      f, g, i32, new Float64Array(3), new Uint8Array(4), new Float32Array(0), null, undefined, -1, 0, 1, 2, 3, 7, 1e9, 2 ** 53, NaN, Infinity,
      0.5, '1', [], [1], [2, 2], [0, 1], [1, 0], [-1], {}, true, 0n, 5n,
    ];
    const values = seededValues(200_000, 77, 0, pool.length);
    let k = 0;
    const pick = () => pool[Math.floor(values[k++ % values.length])];
    const entries = Object.entries(native).filter(([name, v]) => typeof v === 'function' && name !== 'fmaPeak' && name !== 'setNumThreads');
    let threw = 0;
    for (let round = 0; round < 4000; round++) {
      const [name, fn] = entries[round % entries.length] as [string, (...a: unknown[]) => unknown];
      const args = Array.from({ length: 12 + (round % 10) }, pick);
      try {
        fn(...args);
      } catch (e) {
        threw++;
        expect((e as Error).message.startsWith(`${name}: `), (e as Error).message).to.equal(true);
      }
    }
    expect(threw).to.be.greaterThan(3000);
    expect(native.getNumThreads()).to.be.greaterThan(0);
  });
});
