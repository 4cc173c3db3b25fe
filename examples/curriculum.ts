// Curriculum learning with d.data.CurriculumSampler: linear regression y = x·w* + noise where
// each example has its own noise level, the difficulty score. SGD with a constant step settles
// at an error set by the gradient noise, so while the pool holds only the quieter examples the
// curriculum gets much closer to w* (despite taking fewer steps); once the pool is the whole set
// both orders settle at the same level. (Weinshall, Cohen & Amir 2018 prove this speed-up for
// scores given by the loss at the optimum.)
import * as d from '../lib';

const N = 1000;
const D = 10;

/** The data of one seed: x [N, D], y [N, 1], the per-example noise levels, and w*. */
export function regressionData(seed: number): { ds: d.data.TensorDataset; noise: Float32Array; wStar: Float32Array } {
  const g = new d.RandomGenerator(seed);
  const wStar = d.randn([D], { generator: g }).data as Float32Array;
  const x = d.randn([N, D], { generator: g });
  const u = d.rand([N], { generator: g }).data;
  const e = d.randn([N], { generator: g }).data;
  const xs = x.data;
  const noise = new Float32Array(N);
  const y = new Float32Array(N);
  for (let i = 0; i < N; i++) {
    noise[i] = 0.05 * 100 ** u[i]; // log-uniform in [0.05, 5]
    let dot = 0;
    for (let j = 0; j < D; j++) dot += xs[i * D + j] * wStar[j];
    y[i] = dot + noise[i] * e[i];
  }
  return { ds: new d.data.TensorDataset(x, d.fromArray(y, [N, 1])), noise, wStar };
}

/** ‖w − w*‖ after each epoch of SGD (lr 0.01, batches of 10), in random or curriculum order. */
export function weightErrors(seed: number, mode: 'random' | 'curriculum', epochs = 12): { errors: number[]; steps: number[] } {
  const { ds, noise, wStar } = regressionData(seed);
  const g = new d.RandomGenerator(1000 + seed);
  const model = new d.nn.Linear(D, 1, { bias: false, generator: g });
  d.noGrad(() => model.weight.zero_());
  const optimizer = new d.optim.SGD(model.parameters(), { lr: 0.01 });
  const sampler = mode === 'curriculum'
    ? new d.data.CurriculumSampler(noise, { pacing: 'linear', start: 0.2, epochs: 8, generator: g }) // 20% → 100% by epoch 8
    : new d.data.RandomSampler(ds, { generator: g });
  const loader = new d.data.DataLoader(ds, { sampler, batchSize: 10 });
  const errors: number[] = [];
  const steps: number[] = [];
  let step = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const [xb, yb] of loader) {
      optimizer.zeroGrad();
      d.nn.mseLoss(model.call(xb), yb).backward();
      optimizer.step();
      step++;
    }
    const w = model.weight.data;
    errors.push(Math.hypot(...Array.from(w, (v, j) => v - wStar[j])));
    steps.push(step);
  }
  return { errors, steps };
}

if (require.main === module) {
  const random = weightErrors(0, 'random');
  const curriculum = weightErrors(0, 'curriculum');
  console.log('epoch  random: ‖w−w*‖ (steps)  curriculum: ‖w−w*‖ (steps)');
  random.errors.forEach((r, e) => {
    const cell = (err: number, steps: number) => `${err.toFixed(4)} (${steps})`.padEnd(24);
    console.log(`${String(e).padStart(5)}  ${cell(r, random.steps[e])}${cell(curriculum.errors[e], curriculum.steps[e])}`);
  });
  console.log(`best error: random ${Math.min(...random.errors).toFixed(4)}, curriculum ${Math.min(...curriculum.errors).toFixed(4)}`);
}
