// Averaged SGD (Polyak & Juditsky 1992; Bottou 2012), as torch.optim.ASGD: SGD with a decaying
// step η_t = γ/(1 + λγt)^α, plus the running average ax of the iterates from step t0 on
// (μ_t = 1/max(1, t − t0)); ax is the Polyak-averaged solution.
//   g ← ∇θ + wd·θ;  θ ← θ(1 − λη) − ηg;  ax ← ax + μ(θ − ax)  (ax ← θ while μ = 1)
import { Tensor } from '../tensor/tensor';
import { BaseOptions, checkFlag, checkRange, frozenDefaults, Optimizer, ParamGroup, ParamsArg, withDefaults } from './optimizer';

export interface ASGDOptions extends BaseOptions {
  /** Learning rate γ. Default 1e-2. */
  lr: number;
  /** Decay term λ. Default 1e-4. */
  lambd: number;
  /** Power α of the step-size decay. Default 0.75. */
  alpha: number;
  /** Step at which averaging starts. Default 1e6. */
  t0: number;
  weightDecay: number;
  maximize: boolean;
}

export class ASGD extends Optimizer<ASGDOptions> {
  /** The options a new ASGD starts from (frozen). */
  static readonly defaults = frozenDefaults<ASGDOptions>({ lr: 1e-2, lambd: 1e-4, alpha: 0.75, t0: 1e6, weightDecay: 0, maximize: false });

  constructor(params: ParamsArg<ASGDOptions>, opts: Partial<ASGDOptions> = {}) {
    super(params, withDefaults(ASGD.defaults, opts, new.target.name));
  }

  protected validate(o: ASGDOptions): void {
    checkRange('ASGD', 'lr', o.lr, 0, Infinity);
    checkFlag('ASGD', 'maximize', o.maximize);
    checkRange('ASGD', 'lambd', o.lambd, 0, Infinity);
    checkRange('ASGD', 'alpha', o.alpha, 0, Infinity);
    checkRange('ASGD', 't0', o.t0, 0, Infinity);
    checkRange('ASGD', 'weightDecay', o.weightDecay, 0, Infinity);
  }

  protected updateGroup(g: ParamGroup<ASGDOptions>, params: Tensor[]): void {
    const states = this.stateFor(params, ['ax'], { step: 0, eta: g.lr, mu: 1 });
    this.fusedUpdate(
      'asgd', params,
      { lr: g.lr, lambd: g.lambd, alpha: g.alpha, t0: g.t0, weightDecay: g.weightDecay, maximize: +g.maximize },
      states.map((st) => [st.ax as Tensor]),
      { state: states, keys: ['step', 'eta', 'mu'] },
    );
  }

  /** The averaged iterate ax of each parameter (null before its first step). */
  averagedParameters(): Array<Tensor | null> {
    return this.paramGroups.flatMap((g) => g.params.map((p) => (this.state.get(p)?.ax as Tensor | undefined) ?? null));
  }
}
