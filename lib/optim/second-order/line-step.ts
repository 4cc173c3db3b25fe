// A method's `lineSearch` option applied to its direction d: the named search on
// φ(α) = f(θ₀ + α·d), each trial a closure call through the method's ClosureObjective, leaving the
// parameters at θ₀ + α*·d (θ₀ when the search finds no acceptable step).
import { dot, normInf } from '../../linalg/level1';
import { LineFunction, LineSearchName, LineSearchResult } from '../line-search/line-function';
import { runLineSearch } from '../line-search/select';
import { FlatParameters } from './flat-parameters';
import { ClosureObjective } from './closure-objective';
import { Tensor } from '../../tensor/tensor';

/**
 * Searches along d (float64) from θ₀ (f0 = f(θ₀), grad = ∇f(θ₀), float64), first trial
 * initialStep. curvature() gives dᵀHd for the 'exact' search. Armijo needs no gradients, so its
 * trials evaluate the loss only.
 */
export function searchAlong(
  objective: ClosureObjective, flat: FlatParameters, theta0: Tensor, d: Tensor, f0: number, grad: Tensor,
  name: LineSearchName, initialStep: number, curvature: () => number, op: string,
): LineSearchResult {
  const moveTo = (step: number) => {
    flat.set(theta0);
    if (step !== 0) flat.addScaled(step, d);
  };
  const phi: LineFunction = (step) => {
    moveTo(step);
    if (name === 'armijo') return { value: objective.value(), slope: Number.NaN };
    const r = objective.valueAndGrad();
    return { value: r.loss, slope: dot(r.grad, d), grad: r.grad };
  };
  const result = runLineSearch(name, phi, { value: f0, slope: dot(grad, d), grad }, {
    initialStep, c1: 1e-4, c2: 0.9, maxIter: 25, shrink: 0.5, toleranceChange: 1e-9, directionScale: normInf(d),
    curvature: name === 'exact' ? curvature() : undefined,
  }, op);
  moveTo(result.step);
  return result;
}
