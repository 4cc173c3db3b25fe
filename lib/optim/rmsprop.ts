// RMSProp (Hinton 2012; Goodfellow et al., Alg. 8.5), as torch.optim.RMSprop:
//   g ← ∇θ + λθ;  v ← αv + (1 − α)g²;  centered: ḡ ← αḡ + (1 − α)g, ṽ = v − ḡ²;
//   momentum μ > 0: b ← μb + g/(√ṽ + ε), θ ← θ − γb;   else θ ← θ − γ·g/(√ṽ + ε)
// epsilonPlacement 'inside' uses the textbook's 1/√(δ + r). nesterov (descent's extension)
// gives Alg. 8.6, RMSProp with Nesterov momentum, in the reparametrized form that needs the
// gradient at the current parameters only: θ ← θ − γ(μb + g/(√ṽ + ε)).
import { Tensor } from '../tensor/tensor';
import { checkEpsilonPlacement, EpsilonPlacement } from './adam';
import { BaseOptions, checkFlag, checkRange, frozenDefaults, Optimizer, ParamGroup, ParamsArg, withDefaults } from './optimizer';

export interface RMSpropOptions extends BaseOptions {
  /** Learning rate γ. Default 1e-2. */
  lr: number;
  /** Smoothing constant α (the textbook's decay rate ρ). Default 0.99. */
  alpha: number;
  /** ε (δ). Default 1e-8. */
  eps: number;
  weightDecay: number;
  /** Momentum μ. Default 0. */
  momentum: number;
  /** Normalize by the estimated variance of the gradient. Default false. */
  centered: boolean;
  /** Nesterov momentum (Alg. 8.6; needs momentum > 0). Default false. */
  nesterov: boolean;
  maximize: boolean;
  /** 'outside' (PyTorch): √v + ε; 'inside' (Goodfellow et al.): √(δ + r). Default 'outside'. */
  epsilonPlacement: EpsilonPlacement;
}

export class RMSprop extends Optimizer<RMSpropOptions> {
  /** The options a new RMSprop starts from (frozen). */
  static readonly defaults = frozenDefaults<RMSpropOptions>({
    lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, nesterov: false, maximize: false,
    epsilonPlacement: 'outside',
  });

  constructor(params: ParamsArg<RMSpropOptions>, opts: Partial<RMSpropOptions> = {}) {
    super(params, withDefaults(RMSprop.defaults, opts, new.target.name));
  }

  protected validate(o: RMSpropOptions): void {
    checkRange('RMSprop', 'lr', o.lr, 0, Infinity);
    checkFlag('RMSprop', 'centered', o.centered);
    checkFlag('RMSprop', 'nesterov', o.nesterov);
    checkFlag('RMSprop', 'maximize', o.maximize);
    checkRange('RMSprop', 'alpha', o.alpha, 0, 1);
    checkRange('RMSprop', 'eps', o.eps, 0, Infinity);
    checkRange('RMSprop', 'weightDecay', o.weightDecay, 0, Infinity);
    checkRange('RMSprop', 'momentum', o.momentum, 0, Infinity);
    checkEpsilonPlacement('RMSprop', o.epsilonPlacement);
    if (o.nesterov && o.momentum <= 0) throw new RangeError(`RMSprop: nesterov needs momentum > 0, got ${o.momentum}`);
  }

  protected updateGroup(g: ParamGroup<RMSpropOptions>, params: Tensor[]): void {
    const names = ['square_avg'];
    if (g.centered) names.push('grad_avg');
    if (g.momentum > 0) names.push('momentum_buffer');
    const states = this.stateFor(params, names, { step: 0 });
    this.fusedUpdate(
      'rmsprop', params,
      {
        lr: g.lr, alpha: g.alpha, eps: g.eps, weightDecay: g.weightDecay, momentum: g.momentum, centered: +g.centered,
        nesterov: +g.nesterov, epsInside: +(g.epsilonPlacement === 'inside'), maximize: +g.maximize,
      },
      states.map((st) => [
        st.square_avg as Tensor,
        g.centered ? (st.grad_avg as Tensor) : null,
        g.momentum > 0 ? (st.momentum_buffer as Tensor) : null,
      ]),
      { state: states, keys: ['step'] },
    );
  }
}
