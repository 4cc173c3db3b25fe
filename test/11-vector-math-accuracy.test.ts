// The vectorized float32 exp, log, tanh and sigmoid, measured against double-precision
// references over more than 10^7 inputs: a stride through every float bit pattern (normals,
// subnormals, ±0, ±inf, NaN) plus the edges. Prints the max ulp per function and table.
import { expect } from 'chai';
import * as kernels from '../lib/kernels';
import { ops } from '../lib/kernels';
import * as d from '../lib';
import { forEachSimd } from './helpers';

const STRIDE = 409; // 2^32 / 409 ≈ 1.05·10^7 inputs

function inputs(): Float32Array {
  const edges = [0, -0, 1.4e-45, -1.4e-45, 1.1754942e-38, 1.1754944e-38, 3.4028235e38, -3.4028235e38, Infinity, -Infinity, NaN,
    88.72283, 88.72284, 88.7229, -87.33654, -87.33655, -103.97208, -103.97209, -104, 1e-8, -1e-8, 0.5, -0.5, 9, -9, 20, -20];
  const count = Math.floor(2 ** 32 / STRIDE) + 1;
  const bits = new Uint32Array(count + edges.length);
  for (let i = 0; i < count; i++) bits[i] = (i * STRIDE) >>> 0;
  const out = new Float32Array(bits.buffer);
  out.set(edges, count);
  return out;
}

const f32 = new Float32Array(1);
const f64 = new Float64Array(1);
const f64Words = new Uint32Array(f64.buffer);
// The spacing of float32 values around the exact result r (2^-149 in the subnormal range).
function ulpOf(r: number): number {
  const a = Math.abs(r);
  if (a < 2 ** -126) return 2 ** -149;
  f64[0] = a;
  const exponent = ((f64Words[1] >>> 20) & 0x7ff) - 1023;
  return 2 ** (exponent - 23);
}

const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

const functions: Array<[string, (x: number) => number, number]> = [
  ['exp', Math.exp, 2],
  ['log', Math.log, 2],
  ['tanh', Math.tanh, 3],
  ['sigmoid', sigmoid, 3],
];

describe('vector math accuracy (>= 10^7 points against double)', () => {
  const x = inputs();
  for (const [name, ref, bound] of functions) {
    it(`${name}: max error within ${bound} ulp on every table, specials exact`, () => {
      forEachSimd((simd) => {
        const y = new Float32Array(x.length);
        kernels.unary({ op: ops.unary[name], p0: 0, p1: 0, x: { data: x, offset: 0, shape: [x.length] }, y: { data: y, offset: 0, shape: [y.length] } });
        let worst = 0;
        let worstAt = 0;
        for (let i = 0; i < x.length; i++) {
          const r = ref(x[i]);
          const v = y[i];
          if (Number.isNaN(r)) {
            if (!Number.isNaN(v)) throw new Error(`${name} ${simd}: ${x[i]} gave ${v}, expected NaN`);
            continue;
          }
          f32[0] = r;
          if (!Number.isFinite(f32[0])) {
            if (v !== f32[0]) throw new Error(`${name} ${simd}: ${x[i]} gave ${v}, expected ${f32[0]}`);
            continue;
          }
          const err = Math.abs(v - r) / ulpOf(r);
          if (!(err <= worst)) {
            worst = err;
            worstAt = x[i];
          }
        }
        console.log(`      ${name} [${simd}]: max ${worst.toFixed(3)} ulp at x = ${worstAt} (${x.length} points)`);
        expect(worst, `${name} ${simd} worst at ${worstAt}`).to.be.at.most(bound);
      });
    });
  }

  it('the automatic table is still selected afterwards', () => {
    expect(d.getSimd().active).to.equal(d.getSimd().available.includes('avx2') ? 'avx2' : 'scalar');
  });
});
