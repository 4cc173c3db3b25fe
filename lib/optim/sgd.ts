// Stochastic gradient descent with momentum, dampening, Nesterov momentum, weight decay.
//   g ← ∇θ + λθ;  b ← μb + (1 − τ)g  (b ← g at the first step);  g ← nesterov ? g + μb : b;
//   θ ← θ − γg                                            (PyTorch's torch.optim.SGD)
// For a constant learning rate this is the same trajectory as the textbook's
// v ← αv − εg, θ ← θ + v (Goodfellow et al., Alg. 8.2): v = −εb with α = μ, ε = γ, τ = 0.
// Nesterov momentum (Alg. 8.3) is taken in Sutskever et al.'s reparametrized form, which needs
// the gradient only at the current parameters.
import { Tensor } from '../tensor/tensor';
import { BaseOptions, checkFlag, checkRange, frozenDefaults, Optimizer, ParamGroup, ParamsArg, withDefaults } from './optimizer';

export interface SGDOptions extends BaseOptions {
  /** Learning rate γ. Default 1e-3. */
  lr: number;
  /** Momentum μ. Default 0. */
  momentum: number;
  /** Dampening τ of the momentum's gradient term. Default 0. */
  dampening: number;
  /** Nesterov momentum (needs momentum > 0 and dampening 0). Default false. */
  nesterov: boolean;
  /** L2 penalty λ added to the gradient. Default 0. */
  weightDecay: number;
  /** Ascend instead of descend. Default false. */
  maximize: boolean;
}

export class SGD extends Optimizer<SGDOptions> {
  /** The options a new SGD starts from (frozen). */
  static readonly defaults = frozenDefaults<SGDOptions>({ lr: 1e-3, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, maximize: false });

  constructor(params: ParamsArg<SGDOptions>, opts: Partial<SGDOptions> = {}) {
    super(params, withDefaults(SGD.defaults, opts, new.target.name));
  }

  protected validate(o: SGDOptions): void {
    checkRange('SGD', 'lr', o.lr, 0, Infinity);
    checkFlag('SGD', 'nesterov', o.nesterov);
    checkFlag('SGD', 'maximize', o.maximize);
    checkRange('SGD', 'momentum', o.momentum, 0, Infinity);
    checkRange('SGD', 'dampening', o.dampening, -Infinity, Infinity);
    checkRange('SGD', 'weightDecay', o.weightDecay, 0, Infinity);
    if (o.nesterov && (o.momentum <= 0 || o.dampening !== 0)) {
      throw new RangeError(`SGD: nesterov needs momentum > 0 and dampening 0, got momentum ${o.momentum} and dampening ${o.dampening}`);
    }
  }

  protected updateGroup(g: ParamGroup<SGDOptions>, params: Tensor[]): void {
    const useMomentum = g.momentum !== 0;
    const states = useMomentum ? this.stateFor(params, ['momentum_buffer'], {}) : params.map(() => null);
    this.fusedUpdate(
      'sgd', params,
      { lr: g.lr, momentum: g.momentum, dampening: g.dampening, weightDecay: g.weightDecay, nesterov: +g.nesterov, maximize: +g.maximize },
      states.map((st) => [st ? (st.momentum_buffer as Tensor) : null]),
      // The first step sets the momentum buffer to the gradient.
      { values: params.map((p) => [useMomentum && this.created.has(p) ? 1 : 0]) },
    );
  }
}
