// Adamax (Kingma & Ba 2015, §7.1: Adam with the infinity norm), as torch.optim.Adamax:
//   g ← ∇θ + λθ;  m ← β1m + (1 − β1)g;  u ← max(β2u, |g| + ε);  θ ← θ − γ/(1 − β1ᵗ) · m/u
import { Tensor } from '../tensor/tensor';
import { checkBetas } from './adam';
import { BaseOptions, checkFlag, checkRange, frozenDefaults, Optimizer, ParamGroup, ParamsArg, withDefaults } from './optimizer';

export interface AdamaxOptions extends BaseOptions {
  /** Step size γ. Default 2e-3. */
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  maximize: boolean;
}

export class Adamax extends Optimizer<AdamaxOptions> {
  /** The options a new Adamax starts from (frozen). */
  static readonly defaults = frozenDefaults<AdamaxOptions>({ lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, maximize: false });

  constructor(params: ParamsArg<AdamaxOptions>, opts: Partial<AdamaxOptions> = {}) {
    super(params, withDefaults(Adamax.defaults, opts, new.target.name));
  }

  protected validate(o: AdamaxOptions): void {
    checkRange('Adamax', 'lr', o.lr, 0, Infinity);
    checkFlag('Adamax', 'maximize', o.maximize);
    checkBetas('Adamax', o.betas);
    checkRange('Adamax', 'eps', o.eps, 0, Infinity);
    checkRange('Adamax', 'weightDecay', o.weightDecay, 0, Infinity);
  }

  protected updateGroup(g: ParamGroup<AdamaxOptions>, params: Tensor[]): void {
    const states = this.stateFor(params, ['exp_avg', 'exp_inf'], { step: 0 });
    this.fusedUpdate(
      'adamax', params,
      { lr: g.lr, beta1: g.betas[0], beta2: g.betas[1], eps: g.eps, weightDecay: g.weightDecay, maximize: +g.maximize },
      states.map((st) => [st.exp_avg as Tensor, st.exp_inf as Tensor]),
      { state: states, keys: ['step'] },
    );
  }
}
