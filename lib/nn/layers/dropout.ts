// Dropout (Srivastava et al. 2014, inverted): in training, each element is zeroed with
// probability p and the survivors are scaled by 1/(1 − p); in evaluation it is the identity.
// Masks come from a seedable generator.
import { empty } from '../../tensor/raw/alloc';
import { scal } from '../../linalg/level1';
import { mul } from '../../ops/arithmetic';
import { expectFloat, expectTensor } from '../../tensor/raw/operands';
import { generatorOf, RandomGenerator } from '../../tensor/random';
import { Tensor } from '../../tensor/tensor';
import { Module } from '../module';

/** x·m/(1 − p) with m ~ Bernoulli(1 − p), drawn from generator. */
export function dropout(x: Tensor, p = 0.5, opts: { training?: boolean; generator?: RandomGenerator } = {}): Tensor {
  expectTensor(x, 'dropout');
  expectFloat(x, 'dropout');
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new RangeError(`dropout: p must be in [0, 1], got ${p}`);
  if (opts.training === false || p === 0) return x;
  const mask = empty(x.shape, x.dtype);
  generatorOf(opts, 'dropout').draw('bernoulli', mask.storage.data, 0, mask.numel(), 1 - p);
  if (p < 1) scal(1 / (1 - p), mask);
  return mul(x, mask);
}

export class Dropout extends Module {
  /** generator: where masks come from (default: the default generator at each call). */
  constructor(readonly p = 0.5, private readonly opts: { generator?: RandomGenerator } = {}) {
    super();
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new RangeError(`Dropout: p must be in [0, 1], got ${p}`);
  }

  forward(x: Tensor): Tensor {
    return dropout(x, this.p, { training: this.training, generator: this.opts.generator });
  }

  override extraRepr(): string { return `p=${this.p}`; }
}
