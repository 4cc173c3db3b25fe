// Schedules given by a function of the epoch (PyTorch's LambdaLR and MultiplicativeLR):
//   LambdaLR:         η_t = η_0 · λ(t)
//   MultiplicativeLR: η_t = η_{t−1} · λ(t) at every step but the constructor's (current
//                     PyTorch: also when SequentialLR restarts it at t = 0).
// The functions are not part of stateDict(): a restored schedule keeps its constructor's.
import { functionsPerGroup, knownOptions } from './options';
import { LRScheduler, ScheduledOptimizer } from './scheduler';

/** A function of the epoch t (0 at construction) giving a factor. */
export type LrLambda = (epoch: number) => number;

export interface LambdaLROptions {
  /** λ(t), one for all groups or one per group. Required. */
  lrLambda: LrLambda | LrLambda[];
}

export class LambdaLR extends LRScheduler {
  readonly lrLambdas: LrLambda[];

  constructor(optimizer: ScheduledOptimizer, opts: LambdaLROptions) {
    super(optimizer, 'LambdaLR');
    knownOptions('LambdaLR', opts, ['lrLambda']);
    this.lrLambdas = functionsPerGroup('LambdaLR', 'lrLambda', opts.lrLambda, this.groups.length);
    this.attach();
    this.initialStep();
  }

  protected override computeLr(): number[] {
    return this.baseLrs.map((base, i) => base * this.lrLambdas[i](this.lastEpoch));
  }
}

export interface MultiplicativeLROptions {
  /** λ(t), the factor applied at step t, one for all groups or one per group. Required. */
  lrLambda: LrLambda | LrLambda[];
}

export class MultiplicativeLR extends LRScheduler {
  readonly lrLambdas: LrLambda[];

  constructor(optimizer: ScheduledOptimizer, opts: MultiplicativeLROptions) {
    super(optimizer, 'MultiplicativeLR');
    knownOptions('MultiplicativeLR', opts, ['lrLambda']);
    this.lrLambdas = functionsPerGroup('MultiplicativeLR', 'lrLambda', opts.lrLambda, this.groups.length);
    this.attach();
    this.initialStep();
  }

  protected override computeLr(): number[] {
    if (this.isInitial) return this.groups.map((g) => g.lr);
    return this.groups.map((g, i) => g.lr * this.lrLambdas[i](this.lastEpoch));
  }
}
