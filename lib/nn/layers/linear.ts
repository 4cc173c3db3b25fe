// Linear: y = x·Wᵀ + b (a fully connected layer), with PyTorch's default initialization
// W, b ~ U(−1/√inFeatures, 1/√inFeatures) (kaiming_uniform_ with a = √5).
import { DType } from '../../tensor/dtype';
import { RandomGenerator } from '../../tensor/random';
import { empty } from '../../tensor/raw/alloc';
import { Tensor } from '../../tensor/tensor';
import { linear } from '../functional/linear';
import { linearDefault_ } from '../init';
import { Module } from '../module';
import { Parameter } from '../parameter';

export interface LinearOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean;
  /** Parameter dtype (default float32). */
  dtype?: DType;
  /** Generator of the initial weights (default: the default generator). */
  generator?: RandomGenerator;
}

export class Linear extends Module {
  weight: Parameter;
  bias: Parameter | null;

  constructor(readonly inFeatures: number, readonly outFeatures: number, opts: LinearOptions = {}) {
    super();
    for (const [name, v] of [['inFeatures', inFeatures], ['outFeatures', outFeatures]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new RangeError(`Linear: ${name} must be a positive integer, got ${v}`);
    }
    const dtype = opts.dtype ?? 'float32';
    this.weight = new Parameter(empty([outFeatures, inFeatures], dtype));
    this.bias = opts.bias === false ? null : new Parameter(empty([outFeatures], dtype));
    linearDefault_(this.weight, this.bias, { generator: opts.generator });
  }

  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}, bias=${this.bias !== null}`;
  }
}
