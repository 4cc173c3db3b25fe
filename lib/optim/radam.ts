// RAdam (Liu et al. 2020: Adam with a rectified adaptive learning rate), as torch.optim.RAdam.
// With ρ∞ = 2/(1 − β2) − 1 and ρ_t = ρ∞ − 2tβ2ᵗ/(1 − β2ᵗ): when ρ_t > 5,
//   θ ← θ − γ·m̂·r_t·√(1 − β2ᵗ)/(√v + ε),  r_t = √((ρ_t − 4)(ρ_t − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρ_t));
// otherwise the un-adapted momentum step θ ← θ − γ·m̂ (m̂ = m/(1 − β1ᵗ)).
import { Tensor } from '../tensor/tensor';
import { checkBetas } from './adam';
import { BaseOptions, checkFlag, checkRange, frozenDefaults, Optimizer, ParamGroup, ParamsArg, withDefaults } from './optimizer';

export interface RAdamOptions extends BaseOptions {
  /** Step size γ. Default 1e-3. */
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  /** Decay θ by (1 − γλ) instead of adding λθ to the gradient. Default false. */
  decoupledWeightDecay: boolean;
  maximize: boolean;
}

export class RAdam extends Optimizer<RAdamOptions> {
  /** The options a new RAdam starts from (frozen). */
  static readonly defaults = frozenDefaults<RAdamOptions>({ lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, decoupledWeightDecay: false, maximize: false });

  constructor(params: ParamsArg<RAdamOptions>, opts: Partial<RAdamOptions> = {}) {
    super(params, withDefaults(RAdam.defaults, opts, new.target.name));
  }

  protected validate(o: RAdamOptions): void {
    checkRange('RAdam', 'lr', o.lr, 0, Infinity);
    checkFlag('RAdam', 'decoupledWeightDecay', o.decoupledWeightDecay);
    checkFlag('RAdam', 'maximize', o.maximize);
    checkBetas('RAdam', o.betas);
    checkRange('RAdam', 'eps', o.eps, 0, Infinity);
    checkRange('RAdam', 'weightDecay', o.weightDecay, 0, Infinity);
  }

  protected updateGroup(g: ParamGroup<RAdamOptions>, params: Tensor[]): void {
    const states = this.stateFor(params, ['exp_avg', 'exp_avg_sq'], { step: 0 });
    this.fusedUpdate(
      'radam', params,
      { lr: g.lr, beta1: g.betas[0], beta2: g.betas[1], eps: g.eps, weightDecay: g.weightDecay, decoupled: +g.decoupledWeightDecay, maximize: +g.maximize },
      states.map((st) => [st.exp_avg as Tensor, st.exp_avg_sq as Tensor]),
      { state: states, keys: ['step'] },
    );
  }
}
