// BatchNorm1d, GroupNorm and a 3-layer MLP with batch norm against PyTorch goldens
// (scripts/goldens/nn.py → test/fixtures/nn.json), in float64 and float32, on both tables.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import * as d from '../lib';
import { expectClose, forEachSimd } from './helpers';

const fixtures = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'nn.json'), 'utf8'));
type Case = Record<string, unknown> & { name: string; shape: number[] };

const tol = (dtype: d.DType, values: number[]) =>
  dtype === 'float64' ? { rtol: 1e-10, atol: 1e-12 } : { rtol: 1e-4, atol: 1e-5 * Math.max(...values.map(Math.abs)) };

// scale: the magnitude the float32 atol is relative to (default: the expected values'); pass the
// scale of related values when the expected ones are zero in exact arithmetic.
function check(actual: d.Tensor, expected: number[], dtype: d.DType, label: string, scale?: number[]): void {
  const { rtol, atol } = tol(dtype, scale ?? expected);
  expectClose(actual.to('float64'), expected, rtol, atol, label);
}

describe('normalization layers against PyTorch', () => {
  for (const c of fixtures.batchnorm as Case[]) {
    it(`BatchNorm1d ${c.name}: output, running statistics and gradients`, () => {
      forEachSimd((simd) => {
        for (const dtype of ['float64', 'float32'] as const) {
          const channels = c.shape[1];
          const bn = new d.nn.BatchNorm1d(channels, {
            eps: c.eps as number, momentum: c.momentum as number | null, affine: c.affine as boolean,
            trackRunningStats: c.trackRunningStats as boolean, dtype,
          });
          d.noGrad(() => {
            if (c.affine) {
              bn.weight!.copy_(d.tensor(c.weight as number[], { dtype: 'float64' }));
              bn.bias!.copy_(d.tensor(c.bias as number[], { dtype: 'float64' }));
            }
            if (c.trackRunningStats) {
              bn.runningMean!.copy_(d.tensor(c.runningMeanIn as number[], { dtype: 'float64' }));
              bn.runningVar!.copy_(d.tensor(c.runningVarIn as number[], { dtype: 'float64' }));
            }
          });
          bn.train(c.training as boolean);
          const x = d.tensor(c.x as number[], c.shape, { dtype }).requiresGrad_();
          const y = bn.call(x);
          const label = `${c.name} ${dtype} ${simd}`;
          check(y, c.y as number[], dtype, `${label} y`);
          y.backward(d.tensor(c.gy as number[], c.shape, { dtype }));
          check(x.grad!, c.gx as number[], dtype, `${label} dx`);
          if (c.affine) {
            check(bn.weight!.grad!, c.gweight as number[], dtype, `${label} dweight`);
            check(bn.bias!.grad!, c.gbias as number[], dtype, `${label} dbias`);
          }
          if (c.trackRunningStats) {
            check(bn.runningMean!, c.runningMeanOut as number[], dtype, `${label} running_mean`);
            check(bn.runningVar!, c.runningVarOut as number[], dtype, `${label} running_var`);
            expect(bn.numBatchesTracked!.item()).to.equal(c.numBatchesTracked);
          }
        }
      });
    });
  }

  for (const c of fixtures.groupnorm as Case[]) {
    it(`GroupNorm ${c.name}: output and gradients`, () => {
      forEachSimd((simd) => {
        for (const dtype of ['float64', 'float32'] as const) {
          const gn = new d.nn.GroupNorm(c.groups as number, c.shape[1], { eps: c.eps as number, affine: c.affine as boolean, dtype });
          if (c.affine) {
            d.noGrad(() => {
              gn.weight!.copy_(d.tensor(c.weight as number[], { dtype: 'float64' }));
              gn.bias!.copy_(d.tensor(c.bias as number[], { dtype: 'float64' }));
            });
          }
          const x = d.tensor(c.x as number[], c.shape, { dtype }).requiresGrad_();
          const y = gn.call(x);
          const label = `${c.name} ${dtype} ${simd}`;
          check(y, c.y as number[], dtype, `${label} y`);
          y.backward(d.tensor(c.gy as number[], c.shape, { dtype }));
          check(x.grad!, c.gx as number[], dtype, `${label} dx`);
          if (c.affine) {
            check(gn.weight!.grad!, c.gweight as number[], dtype, `${label} dweight`);
            check(gn.bias!.grad!, c.gbias as number[], dtype, `${label} dbias`);
          }
        }
      });
    });
  }

  it('a 3-layer MLP with batch norm: PyTorch state-dict keys load, forward, backward and running statistics match', () => {
    const mlp = fixtures.mlp;
    for (const dtype of ['float64', 'float32'] as const) {
      const model = new d.nn.Sequential(
        new d.nn.Linear(5, 8, { dtype }), new d.nn.BatchNorm1d(8, { dtype }), new d.nn.Tanh(),
        new d.nn.Linear(8, 6, { dtype }), new d.nn.BatchNorm1d(6, { dtype }), new d.nn.ReLU(),
        new d.nn.Linear(6, 3, { dtype }),
      );
      expect(Object.keys(model.stateDict())).to.deep.equal(mlp.stateDictKeys);
      const sd: Record<string, d.Tensor> = {};
      for (const [k, v] of Object.entries(mlp.stateDict as Record<string, { shape: number[]; values: number[] }>)) {
        sd[k] = d.tensor(v.values, v.shape, { dtype: 'float64' });
      }
      model.loadStateDict(sd);
      const x = d.tensor(mlp.x, [7, 5], { dtype }).requiresGrad_();
      const y = model.call(x);
      check(y, mlp.y, dtype, `mlp ${dtype} y`);
      y.backward(d.tensor(mlp.gy, [7, 3], { dtype }));
      check(x.grad!, mlp.gx, dtype, `mlp ${dtype} dx`);
      // A linear bias feeding batch norm has a zero gradient in exact arithmetic: its float32
      // tolerance is relative to the other gradients.
      const allGrads = Object.values(mlp.grads as Record<string, number[]>).flat();
      for (const [name, p] of model.namedParameters()) check(p.grad!, mlp.grads[name], dtype, `mlp ${dtype} d${name}`, allGrads);
      const after = model.stateDict();
      for (const [k, v] of Object.entries(mlp.stateAfter as Record<string, number[]>)) check(after[k].to('float64'), v, dtype, `mlp ${dtype} ${k} after`);
    }
  });

  it('batch norm rejects bad shapes and a single value per channel in training', () => {
    const bn = new d.nn.BatchNorm1d(3);
    expect(() => bn.call(d.zeros([4, 5]))).to.throw(RangeError, /expected 3 channels/);
    expect(() => bn.call(d.zeros([1, 3]))).to.throw(RangeError, /more than 1 value per channel when training/);
    bn.eval();
    expect(bn.call(d.zeros([1, 3])).shape).to.deep.equal([1, 3]);
    expect(() => new d.nn.GroupNorm(4, 6)).to.throw(RangeError, /divisible/);
    expect(() => d.nn.functional.groupNorm(d.zeros([2, 6]), 4)).to.throw(RangeError, /positive divisor/);
  });

  it('Hessian-vector products go through batch norm exactly', () => {
    const g = new d.RandomGenerator(3);
    const model = new d.nn.Sequential(new d.nn.Linear(4, 6, { dtype: 'float64', generator: g }), new d.nn.BatchNorm1d(6, { dtype: 'float64' }), new d.nn.Tanh(), new d.nn.Linear(6, 1, { dtype: 'float64', generator: g }));
    const x = d.randn([10, 4], { generator: g, dtype: 'float64' });
    const loss = () => model.call(x).square().mean();
    const params = model.parameters();
    const v = params.map((p) => d.randn(p.shape as number[], { generator: g, dtype: 'float64' }));
    const hv = d.autograd.hvp(loss, params, v);
    const eps = 1e-6;
    const shift = (s: number) => d.noGrad(() => params.forEach((p, i) => p.add_(v[i].mul(s))));
    const gradAt = () => d.autograd.grad(loss(), params);
    shift(eps);
    const gp = gradAt();
    shift(-2 * eps);
    const gm = gradAt();
    shift(eps);
    hv.forEach((h, i) => expectClose(h, gp[i].sub(gm[i]).div(2 * eps), 1e-5, 1e-7, `hvp ${i}`));
  });
});
