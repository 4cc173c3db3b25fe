// Higher derivatives of ops whose first derivative is a native kernel: the derivative is
// re-expressed with recorded primitive ops on the original tensors and differentiated by the
// engine. An op's backward-of-backward is then exact at every order, without a hand-derived
// second-derivative formula.
import { grad } from '../autograd/backward';
import { isGradEnabled, setGradEnabled } from '../autograd/grad-mode';
import { add, mul } from '../ops/arithmetic';
import { sum } from '../ops/reduction';
import { Tensor } from '../tensor/tensor';

/**
 * The vector-Jacobian product of f at inputs with cotangents: Σ_k ⟨cotangents[k], f(inputs)[k]⟩
 * differentiated with respect to the inputs marked in `needs` (null elsewhere). f must be built
 * from recorded ops; it is recorded whatever the current mode, and the result is recorded only
 * when the caller records (the engine's createGraph).
 */
export function retraceVjp(
  f: (...inputs: Tensor[]) => Array<Tensor | null>,
  inputs: Tensor[],
  needs: boolean[],
  cotangents: Array<Tensor | null>,
): Array<Tensor | null> {
  const createGraph = isGradEnabled();
  if (!needs.some((n) => n)) return inputs.map(() => null);
  const previous = setGradEnabled(true);
  let total: Tensor | null = null;
  try {
    const outs = f(...inputs);
    outs.forEach((o, k) => {
      const c = cotangents[k];
      if (o === null || c === null || !o.requiresGrad) return;
      const term = sum(mul(o, c));
      total = total === null ? term : add(total, term);
    });
  } finally {
    setGradEnabled(previous);
  }
  if (total === null) return inputs.map(() => null);
  // Partial derivatives in each input: every input that is part of a graph is a stopping point,
  // so no gradient travels from one input through its own history into another.
  const stops = inputs.filter((t) => t.requiresGrad);
  const gs = grad(total, stops, { createGraph, allowUnused: true, stopAtInputs: true });
  return inputs.map((t, i) => (needs[i] ? gs[stops.indexOf(t)] ?? null : null));
}
