// Finite-difference checks of gradients: gradcheck compares the Jacobian from backward with
// central differences in float64; gradgradcheck does the same for the gradient itself (so the
// backward ops' own backward is checked), as PyTorch's torch.autograd.gradcheck.
import { zerosOf } from '../tensor/raw/alloc';
import { formatShape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { grad } from '../autograd/backward';

export interface GradcheckOptions {
  /** Central-difference step. Default 1e-6. */
  eps?: number;
  /** Absolute tolerance. Default 1e-5. */
  atol?: number;
  /** Relative tolerance. Default 1e-3. */
  rtol?: number;
  /** Name used in error messages (default: the name of the op that produced the first output). */
  name?: string;
  /** Seed of the random gradOutputs gradgradcheck uses. Default 0. */
  seed?: number;
}

type Fn = (...inputs: Tensor[]) => Tensor | Tensor[];

function outputsOf(f: Fn, inputs: Tensor[]): Tensor[] {
  const r = f(...inputs);
  const list = Array.isArray(r) ? r : [r];
  list.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new TypeError(`gradcheck: output ${i} of f is not a Tensor`);
  });
  return list;
}

function flatValues(ts: Tensor[]): number[] {
  const out: number[] = [];
  for (const t of ts) for (const v of t.contiguous().values()) out.push(v);
  return out;
}

function checkInputs(inputs: Tensor[], op: string): void {
  inputs.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new TypeError(`${op}: inputs[${i}] must be a Tensor`);
    if (t.requiresGrad && t.dtype !== 'float64') {
      throw new TypeError(`${op}: inputs[${i}] must be float64 (central differences in float32 are too coarse), got ${t.dtype}`);
    }
    if (t.requiresGrad && !t.isContiguous()) throw new TypeError(`${op}: inputs[${i}] must be contiguous`);
  });
}

/**
 * Checks backward's Jacobian of f at inputs (float64; those with requiresGrad are checked)
 * against central differences. Returns true, or throws an error naming the op, the input, the
 * worst element and both values.
 */
export function gradcheck(f: Fn, inputs: Tensor[], opts: GradcheckOptions = {}): true {
  const eps = opts.eps ?? 1e-6;
  const atol = opts.atol ?? 1e-5;
  const rtol = opts.rtol ?? 1e-3;
  checkInputs(inputs, 'gradcheck');
  const outputs = outputsOf(f, inputs);
  const name = opts.name ?? outputs.find((o) => o.gradFn !== null)?.gradFn?.name ?? 'f';
  const nOut = outputs.reduce((s, o) => s + o.numel(), 0);
  const checked = inputs.map((t, i) => (t.requiresGrad ? i : -1)).filter((i) => i >= 0);
  if (checked.length === 0) throw new Error('gradcheck: no input requires grad');

  // Numerical Jacobian columns by central differences on each input element. f runs with
  // recording on: it may itself take gradients (gradgradcheck's vector-Jacobian product).
  const numerical = new Map<number, number[][]>(); // input -> [element][output]
  {
    for (const i of checked) {
      const data = inputs[i].data;
      const cols: number[][] = [];
      for (let j = 0; j < data.length; j++) {
        const saved = data[j];
        data[j] = saved + eps;
        const plus = flatValues(outputsOf(f, inputs));
        data[j] = saved - eps;
        const minus = flatValues(outputsOf(f, inputs));
        data[j] = saved;
        cols.push(plus.map((p, k) => (p - minus[k]) / (2 * eps)));
      }
      numerical.set(i, cols);
    }
  }

  // Analytic Jacobian rows: one backward per output element.
  const differentiable = outputs.filter((o) => o.requiresGrad);
  const analytic = new Map<number, number[][]>(checked.map((i) => [i, inputs[i].data.length ? Array.from({ length: inputs[i].numel() }, () => new Array<number>(nOut).fill(0)) : []]));
  let k = 0;
  for (const out of outputs) {
    for (let e = 0; e < out.numel(); e++, k++) {
      if (!out.requiresGrad) continue;
      const seeds = differentiable.map((o) => {
        const s = zerosOf(o.shape, o.dtype);
        if (o === out) s.storage.data[e] = 1;
        return s;
      });
      const gs = grad(differentiable, checked.map((i) => inputs[i]), { gradOutputs: seeds, retainGraph: true, allowUnused: true });
      checked.forEach((i, c) => {
        const g = gs[c];
        if (g === null) return;
        const values = g.contiguous().values();
        const rows = analytic.get(i)!;
        for (let j = 0; j < values.length; j++) rows[j][k] = values[j];
      });
    }
  }

  for (const i of checked) {
    const num = numerical.get(i)!;
    const ana = analytic.get(i)!;
    let worst: { j: number; k: number; a: number; n: number; excess: number } | null = null;
    for (let j = 0; j < num.length; j++) {
      for (let kk = 0; kk < nOut; kk++) {
        const a = ana[j][kk];
        const n = num[j][kk];
        const excess = Math.abs(a - n) - (atol + rtol * Math.abs(n));
        if (!(excess <= 0) && (worst === null || !(excess <= worst.excess))) worst = { j, k: kk, a, n, excess };
      }
    }
    if (worst !== null) {
      throw new Error(
        `gradcheck: ${name}: the gradient of input ${i} (shape ${formatShape(inputs[i].shape)}) is wrong at element ${worst.j} ` +
          `for output element ${worst.k}: backward gives ${worst.a}, central differences give ${worst.n} (atol ${atol}, rtol ${rtol})`,
      );
    }
  }
  return true;
}

function seededNormal(n: number, seed: number): Float64Array {
  // A small deterministic generator for the check's own random directions.
  let s = (seed * 2654435761 + 1) >>> 0 || 1;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = (s / 4294967296) * 2 - 1;
  }
  return out;
}

/**
 * Checks the second derivatives of f: the vector-Jacobian product with random gradOutputs v,
 * computed with createGraph, is itself gradchecked in (inputs, v).
 */
export function gradgradcheck(f: Fn, inputs: Tensor[], opts: GradcheckOptions = {}): true {
  checkInputs(inputs, 'gradgradcheck');
  const outputs = outputsOf(f, inputs);
  const name = opts.name ?? outputs.find((o) => o.gradFn !== null)?.gradFn?.name ?? 'f';
  const differentiable = outputs.filter((o) => o.requiresGrad);
  let seed = opts.seed ?? 0;
  const vs = differentiable.map((o) => {
    const v = zerosOf(o.shape, 'float64');
    (v.storage.data as Float64Array).set(seededNormal(o.numel(), ++seed));
    return v.requiresGrad_();
  });
  const checked = inputs.filter((t) => t.requiresGrad);
  const vjp = (...args: Tensor[]): Tensor[] => {
    const ins = args.slice(0, inputs.length);
    const v = args.slice(inputs.length);
    const outs = outputsOf(f, ins).filter((o) => o.requiresGrad);
    const gs = grad(outs, ins.filter((t) => t.requiresGrad), { gradOutputs: v, createGraph: true, allowUnused: true });
    // An input the outputs do not depend on has a zero gradient.
    return gs.map((g, c) => g ?? zerosOf(checked[c].shape, 'float64'));
  };
  return gradcheck(vjp, [...inputs, ...vs], { ...opts, name: `${name} (second order)` });
}
