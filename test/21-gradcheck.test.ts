// Every differentiable op: finite-difference gradcheck and gradgradcheck (double backward), and
// float32 against float64 on both instruction-set tables.
import { expect } from 'chai';
import * as d from '../lib';
import { expectClose, forEachSimd } from './helpers';
import { opCases } from './op-cases';

describe('gradcheck and gradgradcheck of every op', () => {
  it('the registry has a case for every differentiable op (and no case without an op)', () => {
    const differentiable = d.autograd.registeredOps().filter((o) => o.differentiable).map((o) => o.name);
    const covered = new Set(opCases.map((c) => c.op));
    const missing = differentiable.filter((n) => !covered.has(n));
    expect(missing, 'ops without a gradcheck case').to.deep.equal([]);
    const unknown = [...covered].filter((n) => !differentiable.includes(n));
    expect(unknown, 'cases naming no registered op').to.deep.equal([]);
    expect(differentiable.length).to.be.greaterThan(50);
  });

  for (const c of opCases) {
    it(`${c.op}: gradcheck and gradgradcheck`, () => {
      const inputs = c.inputs();
      // The case must really record the op it is about.
      const names = new Set<string>();
      const walk = (t: d.Tensor) => {
        const stack = t.gradFn ? [t.gradFn] : [];
        const seen = new Set(stack);
        while (stack.length) {
          const n = stack.pop()!;
          names.add(n.name);
          for (const e of n.next) if (e && !seen.has(e.node)) (seen.add(e.node), stack.push(e.node));
        }
      };
      walk(c.f(...inputs));
      expect([...names], `the graph of the ${c.op} case`).to.include(c.op);
      expect(d.autograd.gradcheck(c.f, inputs, { eps: c.eps ?? 1e-6, atol: 1e-6, rtol: 1e-4 })).to.equal(true);
      expect(d.autograd.gradgradcheck(c.f, inputs, { eps: c.eps ?? 1e-6, atol: 1e-6, rtol: 1e-4 })).to.equal(true);
    });
  }

  it('gradcheck fails, naming the op, input, element and both values, for a wrong backward', () => {
    class WrongSquare extends d.autograd.Function {
      static override forward(ctx: d.autograd.Context, x: d.Tensor) {
        ctx.saveForBackward(x);
        return x.square();
      }
      static override backward(ctx: d.autograd.Context, g: d.Tensor) {
        const [x] = ctx.savedTensors;
        return g.mul(x).mul(2.1); // should be 2
      }
    }
    const x = d.tensor([0.5, -1, 2], { dtype: 'float64' }).requiresGrad_();
    expect(() => d.autograd.gradcheck((a) => WrongSquare.apply(a) as d.Tensor, [x])).to.throw(
      /gradcheck: WrongSquare: the gradient of input 0 \(shape \[3\]\) is wrong at element 2 for output element 2: backward gives 4\.2\d*, central differences give (3\.99|4\.00)\d*/,
    );
  });

  it('gradgradcheck catches a wrong double backward', () => {
    class BadTanh extends d.autograd.Function {
      static override forward(ctx: d.autograd.Context, x: d.Tensor) {
        const y = x.tanh();
        ctx.saveForBackward(y.detach());
        return y;
      }
      static override backward(ctx: d.autograd.Context, g: d.Tensor) {
        const [y] = ctx.savedTensors; // detached: the backward's dependence on x is lost
        return g.mul(d.sub(1, y.square()));
      }
    }
    const x = d.tensor([0.3, -0.7], { dtype: 'float64' }).requiresGrad_();
    expect(d.autograd.gradcheck((a) => BadTanh.apply(a) as d.Tensor, [x])).to.equal(true);
    expect(() => d.autograd.gradgradcheck((a) => BadTanh.apply(a) as d.Tensor, [x])).to.throw(/BadTanh \(second order\)/);
  });

  it('float32 and float64 agree within rtol 1e-4 forward and backward, on every table', () => {
    forEachSimd((simd) => {
      for (const c of opCases) {
        const inputs64 = c.inputs();
        const inputs32 = inputs64.map((x) => x.detach().to('float32').requiresGrad_());
        const y64 = c.f(...inputs64);
        const y32 = c.f(...inputs32);
        const scale = Math.max(1e-30, ...Array.from(y64.contiguous().data, Math.abs));
        expectClose(y32.to('float64'), y64, 1e-4, 1e-5 * scale, `${c.op} forward (${simd})`);
        const v = d.linspace(-1, 1, y64.numel(), { dtype: 'float64' }).reshape(y64.shape as number[]);
        const g64 = d.autograd.grad(y64, inputs64, { gradOutputs: [v], allowUnused: true });
        const g32 = d.autograd.grad(y32, inputs32, { gradOutputs: [v.to('float32')], allowUnused: true });
        g64.forEach((g, i) => {
          if (g === null) return;
          const gs = Math.max(1e-30, ...Array.from(g.contiguous().data, Math.abs));
          expectClose(g32[i]!.to('float64'), g, 1e-4, 1e-5 * gs, `${c.op} backward input ${i} (${simd})`);
        });
      }
    });
  });
});
