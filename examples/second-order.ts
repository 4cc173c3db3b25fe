// Every full-batch method of descent on one small network, beside Adam: a 2-8-8-1 tanh MLP
// (105 parameters, float64) fitted to z = sin(x)·cos(y) on 256 points from identical weights.
// Prints, per method, the iterations, the closure evaluations (forward + backward passes), the
// final mean squared error and the wall time.
//
//   node dist/examples/second-order.js
import * as d from '../lib';

const N = 256;
const gen = new d.RandomGenerator(7);
const x = d.rand([N, 2], { generator: gen, dtype: 'float64', low: -2, high: 2 });
const xs = x.toArray() as number[][];
const y = d.tensor(xs.map(([a, b]) => [Math.sin(a) * Math.cos(b)]), { dtype: 'float64' });

function makeModel(): d.nn.Sequential {
  const g = new d.RandomGenerator(11); // the same initial weights for every method
  return new d.nn.Sequential(
    new d.nn.Linear(2, 8, { dtype: 'float64', generator: g }), new d.nn.Tanh(),
    new d.nn.Linear(8, 8, { dtype: 'float64', generator: g }), new d.nn.Tanh(),
    new d.nn.Linear(8, 1, { dtype: 'float64', generator: g }),
  );
}

interface Row { method: string; iterations: number; evaluations: number; loss: number; ms: number }

function run(method: string, body: (model: d.nn.Sequential, loss: () => d.Tensor) => { iterations: number; evaluations: number }): Row {
  const model = makeModel();
  const loss = () => d.nn.mseLoss(model.call(x), y);
  const t0 = performance.now();
  const { iterations, evaluations } = body(model, loss);
  const ms = performance.now() - t0;
  return { method, iterations, evaluations, loss: d.noGrad(() => loss().item()), ms };
}

/** `steps` calls of step(closure); the closure returns the loss (the method differentiates it). */
function closureMethod(steps: number, make: (params: d.Tensor[]) => d.optim.Optimizer & { evaluations: number }) {
  return (model: d.nn.Sequential, loss: () => d.Tensor) => {
    const opt = make(model.parameters());
    for (let i = 0; i < steps; i++) opt.step(loss);
    return { iterations: Number(opt.stateDict().state[0]?.n_iter ?? opt.stateDict().state[0]?.step ?? steps), evaluations: opt.evaluations };
  };
}

{
  const m = makeModel();
  console.log(`initial MSE ${d.noGrad(() => d.nn.mseLoss(m.call(x), y).item()).toExponential(3)}`);
}

const rows: Row[] = [
  run('Adam (lr 0.01)', (model, loss) => {
    const opt = new d.optim.Adam(model.parameters(), { lr: 0.01 });
    const steps = 2000;
    for (let i = 0; i < steps; i++) {
      d.tidy(() => {
        opt.zeroGrad();
        loss().backward();
        opt.step();
      });
    }
    return { iterations: steps, evaluations: steps };
  }),
  run('ConjugateGradient (PR+)', closureMethod(1, (p) => new d.optim.ConjugateGradient(p, { maxIter: 300, maxEval: 600 }))),
  run('BFGS', closureMethod(1, (p) => new d.optim.BFGS(p, { maxIter: 300, maxEval: 600 }))),
  run('LBFGS (strong Wolfe)', closureMethod(1, (p) => new d.optim.LBFGS(p, { maxIter: 300, maxEval: 600, lineSearchFn: 'strongWolfe' }))),
  run('Newton (damped)', closureMethod(30, (p) => new d.optim.Newton(p))),
  run('HessianFree (Gauss-Newton)', (model) => {
    // Gauss–Newton products need the network's output as well as the loss computed from it.
    const opt = new d.optim.HessianFree(model.parameters(), { curvature: 'gaussNewton' });
    const steps = 30;
    for (let i = 0; i < steps; i++) {
      opt.step(() => {
        const output = model.call(x);
        return { output, loss: d.nn.mseLoss(output, y) };
      });
    }
    return { iterations: steps, evaluations: opt.evaluations };
  }),
  run('CoordinateDescent (layers)', (model, loss) => {
    // Block coordinate descent over the three layers; each block is minimized approximately by
    // 20 L-BFGS iterations with the other layers held fixed.
    const layers = [0, 2, 4].map((i) => (model.at(i) as d.nn.Linear).parameters());
    let evaluations = 0;
    const blocks = layers.map((params, i) => ({
      name: `layer ${i}`,
      params,
      minimize: () => {
        const inner = new d.optim.LBFGS(params, { maxIter: 20, lineSearchFn: 'strongWolfe' });
        inner.step(loss);
        evaluations += inner.evaluations;
      },
    }));
    const opt = new d.optim.CoordinateDescent(model.parameters(), blocks, { sweeps: 1 });
    const sweeps = 15;
    for (let i = 0; i < sweeps; i++) opt.step(loss);
    return { iterations: sweeps, evaluations: evaluations + opt.evaluations };
  }),
];

const header = ['method', 'iterations', 'evaluations', 'final MSE', 'ms'];
const body = rows.map((r) => [r.method, String(r.iterations), String(r.evaluations), r.loss.toExponential(3), r.ms.toFixed(0)]);
const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
for (const line of [header, ...body]) console.log(line.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
