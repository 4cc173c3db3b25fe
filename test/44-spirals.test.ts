// The end-to-end check of the networks layer: a 2-hidden-layer MLP learns the two-spirals
// problem (a classic non-linearly-separable benchmark) to over 97% training accuracy.
import { expect } from 'chai';
import * as d from '../lib';

/** Two interleaved spirals of n points each, with Gaussian noise, as [2n, 2] and int32 labels. */
export function twoSpirals(n: number, noise: number, generator: d.RandomGenerator): [d.Tensor, d.Tensor] {
  const e = d.randn([4 * n], { generator, dtype: 'float64' }).data;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let c = 0; c < 2; c++) {
    for (let i = 0; i < n; i++) {
      const t = 0.25 + 3.5 * Math.PI * (i / n); // angle along the spiral
      const r = t / (3.5 * Math.PI);
      const a = t + c * Math.PI;
      xs.push(r * Math.cos(a) + noise * e[2 * (c * n + i)], r * Math.sin(a) + noise * e[2 * (c * n + i) + 1]);
      ys.push(c);
    }
  }
  return [d.tensor(xs, [2 * n, 2]), d.tensor(ys, { dtype: 'int32' })];
}

describe('two spirals', () => {
  it('a 2-hidden-layer tanh MLP reaches over 97% training accuracy', function () {
    this.timeout(120000);
    const g = new d.RandomGenerator(7);
    const [x, y] = twoSpirals(200, 0.02, g);
    const model = new d.nn.Sequential(
      new d.nn.Linear(2, 64, { generator: g }), new d.nn.Tanh(),
      new d.nn.Linear(64, 64, { generator: g }), new d.nn.Tanh(),
      new d.nn.Linear(64, 2, { generator: g }),
    );
    const params = model.parameters();
    const velocity = params.map((p) => d.zerosLike(p));
    const accuracy = () => d.noGrad(() => model.call(x).argmax(1).eq(y).mean().item());
    expect(accuracy()).to.be.below(0.7);
    // Full-batch gradient descent with heavy-ball momentum (v ← 0.9v + g, θ ← θ − 0.1v).
    for (let step = 0; step < 1500; step++) {
      for (const p of params) p.grad = null;
      d.nn.crossEntropy(model.call(x), y).backward();
      d.noGrad(() =>
        params.forEach((p, i) => {
          velocity[i].mul_(0.9).add_(p.grad!);
          p.sub_(velocity[i].mul(0.1));
        }),
      );
    }
    expect(accuracy()).to.be.above(0.97);
  });
});
