// AdaGrad (Duchi et al. 2011; Goodfellow et al., Alg. 8.4), as torch.optim.Adagrad:
//   g ← ∇θ + λθ;  r ← r + g²;  θ ← θ − γ/(1 + (t − 1)·η) · g/(√r + ε)
// The textbook's update −ε/(δ + √r)·g is the same form with δ = 1e-7 suggested; PyTorch's
// default ε is 1e-10.
import { Tensor } from '../tensor/tensor';
import { BaseOptions, checkFlag, checkRange, frozenDefaults, Optimizer, ParamGroup, ParamsArg, withDefaults } from './optimizer';

export interface AdagradOptions extends BaseOptions {
  /** Global learning rate γ. Default 1e-2. */
  lr: number;
  /** Learning-rate decay η: the step size is γ/(1 + (t − 1)η). Default 0. */
  lrDecay: number;
  /** L2 penalty λ. Default 0. */
  weightDecay: number;
  /** Initial value of the squared-gradient accumulator. Default 0. */
  initialAccumulatorValue: number;
  /** ε (the textbook's δ, which suggests 1e-7). Default 1e-10. */
  eps: number;
  maximize: boolean;
}

export class Adagrad extends Optimizer<AdagradOptions> {
  /** The options a new Adagrad starts from (frozen). */
  static readonly defaults = frozenDefaults<AdagradOptions>({ lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false });

  constructor(params: ParamsArg<AdagradOptions>, opts: Partial<AdagradOptions> = {}) {
    super(params, withDefaults(Adagrad.defaults, opts, new.target.name));
  }

  protected validate(o: AdagradOptions): void {
    checkRange('Adagrad', 'lr', o.lr, 0, Infinity);
    checkFlag('Adagrad', 'maximize', o.maximize);
    checkRange('Adagrad', 'lrDecay', o.lrDecay, 0, Infinity);
    checkRange('Adagrad', 'weightDecay', o.weightDecay, 0, Infinity);
    checkRange('Adagrad', 'initialAccumulatorValue', o.initialAccumulatorValue, 0, Infinity);
    checkRange('Adagrad', 'eps', o.eps, 0, Infinity);
  }

  protected updateGroup(g: ParamGroup<AdagradOptions>, params: Tensor[]): void {
    const states = this.stateFor(params, ['sum'], { step: 0 }, () => g.initialAccumulatorValue);
    this.fusedUpdate(
      'adagrad', params,
      { lr: g.lr, lrDecay: g.lrDecay, weightDecay: g.weightDecay, eps: g.eps, maximize: +g.maximize },
      states.map((st) => [st.sum as Tensor]),
      { state: states, keys: ['step'] },
    );
  }
}
