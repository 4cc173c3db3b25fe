// Shared test helpers: tolerant comparisons, running under each kernel table and thread count.
import { expect } from 'chai';
import * as d from '../lib';

export type Nested = number | Nested[];

/** |a − b| <= atol + rtol·|b| element-wise (NaN matches NaN, infinities match exactly). */
export function expectClose(actual: ArrayLike<number> | d.Tensor, expected: ArrayLike<number> | d.Tensor, rtol = 1e-6, atol = 0, label = ''): void {
  const a = actual instanceof d.Tensor ? actual.contiguous().data : actual;
  const b = expected instanceof d.Tensor ? expected.contiguous().data : expected;
  expect(a.length, `${label} length`).to.equal(b.length);
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (Number.isNaN(x) || Number.isNaN(y)) {
      if (Number.isNaN(x) !== Number.isNaN(y)) throw new Error(`${label} element ${i}: ${x} vs ${y}`);
      continue;
    }
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      if (x !== y) throw new Error(`${label} element ${i}: ${x} vs ${y}`);
      continue;
    }
    const excess = Math.abs(x - y) - (atol + rtol * Math.abs(y));
    if (excess > worstExcess) {
      worstExcess = excess;
      worst = i;
    }
  }
  if (worst >= 0) {
    throw new Error(`${label} element ${worst}: got ${a[worst]}, expected ${b[worst]} (rtol ${rtol}, atol ${atol})`);
  }
}

export function flat(x: Nested): number[] {
  return Array.isArray(x) ? x.flatMap(flat) : [x];
}

/** Runs fn once per instruction-set table this CPU has, restoring the automatic choice after. */
export function forEachSimd(fn: (name: d.SimdName) => void): void {
  for (const name of d.getSimd().available) {
    d.setSimd(name);
    try {
      fn(name);
    } finally {
      d.setSimd('auto');
    }
  }
}

export function withThreads<T>(n: number, fn: () => T): T {
  const saved = d.getNumThreads();
  d.setNumThreads(n);
  try {
    return fn();
  } finally {
    d.setNumThreads(saved);
  }
}

/** Deterministic test data without touching descent's own generator. */
export function seededValues(n: number, seed: number, lo = -1, hi = 1): number[] {
  let s = seed >>> 0 || 1;
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    // xorshift32
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = lo + ((hi - lo) * s) / 4294967296;
  }
  return out;
}

export function bitsEqual(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  const fa = new Float64Array(a.length);
  const fb = new Float64Array(b.length);
  fa.set(a);
  fb.set(b);
  const ua = new BigUint64Array(fa.buffer);
  const ub = new BigUint64Array(fb.buffer);
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) return false;
  return true;
}
