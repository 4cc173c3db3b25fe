// Constant and plain random fills (Keras's Constant, RandomUniform, RandomNormal,
// TruncatedNormal; PyTorch's constant_, uniform_, normal_, trunc_normal_). Each writes t in
// place, returns it, and works on views and on parameters that require grad.
import { describe, expectNumber } from '../../tensor/raw/operands';
import { generatorOf } from '../../tensor/random';
import { Tensor } from '../../tensor/tensor';
import { drawInto, expectInitTarget, fillValue, InitOptions } from './write';

function finiteArg(value: unknown, op: string, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`${op}: ${what} must be a finite number, got ${describe(value)}`);
  return value;
}

/** Sets every element to 0. */
export function zeros_<T extends Tensor>(t: T): T {
  expectInitTarget(t, 'zeros_');
  return fillValue(t, 0);
}

/** Sets every element to 1. */
export function ones_<T extends Tensor>(t: T): T {
  expectInitTarget(t, 'ones_');
  return fillValue(t, 1);
}

/** Sets every element to value. */
export function constant_<T extends Tensor>(t: T, value: number): T {
  expectInitTarget(t, 'constant_');
  return fillValue(t, expectNumber(value, 'constant_', 'value'));
}

/** Draws from the uniform distribution U[a, b) (a ≤ b; defaults a = 0, b = 1). */
export function uniform_<T extends Tensor>(t: T, a = 0, b = 1, opts?: InitOptions): T {
  const op = 'uniform_';
  expectInitTarget(t, op);
  finiteArg(a, op, 'a');
  finiteArg(b, op, 'b');
  if (!(a <= b) || !Number.isFinite(b - a)) throw new RangeError(`${op}: expected a <= b with a finite width, got a = ${a}, b = ${b}`);
  return drawInto(t, 'uniform', generatorOf(opts, op), a, b);
}

/** Draws from N(mean, std²) (std ≥ 0; defaults mean = 0, std = 1). */
export function normal_<T extends Tensor>(t: T, mean = 0, std = 1, opts?: InitOptions): T {
  const op = 'normal_';
  expectInitTarget(t, op);
  finiteArg(mean, op, 'mean');
  finiteArg(std, op, 'std');
  if (std < 0) throw new RangeError(`${op}: std must be >= 0, got ${std}`);
  return drawInto(t, 'normal', generatorOf(opts, op), mean, std);
}

/**
 * Draws from N(mean, std²) conditioned on [a, b], with a and b ABSOLUTE bounds as in PyTorch's
 * trunc_normal_ (defaults mean = 0, std = 1, a = −2, b = 2). Keras's TruncatedNormal instead
 * cuts at mean ± 2·std; the result then has standard deviation 0.8796·std (see
 * varianceScaling_). Sampled by inverse CDF, so bounds far in a tail are exact, not rejected.
 * std > 0, a < b; a = −∞ or b = +∞ are allowed.
 */
export function truncatedNormal_<T extends Tensor>(t: T, mean = 0, std = 1, a = -2, b = 2, opts?: InitOptions): T {
  const op = 'truncatedNormal_';
  expectInitTarget(t, op);
  finiteArg(mean, op, 'mean');
  finiteArg(std, op, 'std');
  expectNumber(a, op, 'a');
  expectNumber(b, op, 'b');
  if (!(std > 0)) throw new RangeError(`${op}: std must be > 0, got ${std}`);
  if (!(a < b)) throw new RangeError(`${op}: expected a < b, got a = ${a}, b = ${b}`);
  return drawInto(t, 'truncatedNormal', generatorOf(opts, op), mean, std, a, b);
}
