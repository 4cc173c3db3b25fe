// Adadelta (Zeiler 2012), as torch.optim.Adadelta:
//   g ← ∇θ + λθ;  v ← ρv + (1 − ρ)g²;  Δ = √(u + ε)/√(v + ε)·g;  u ← ρu + (1 − ρ)Δ²;  θ ← θ − γΔ
import { Tensor } from '../tensor/tensor';
import { BaseOptions, checkFlag, checkRange, frozenDefaults, Optimizer, ParamGroup, ParamsArg, withDefaults } from './optimizer';

export interface AdadeltaOptions extends BaseOptions {
  /** Coefficient γ scaling Δ. Default 1. */
  lr: number;
  /** Decay ρ of both running averages. Default 0.9. */
  rho: number;
  eps: number;
  weightDecay: number;
  maximize: boolean;
}

export class Adadelta extends Optimizer<AdadeltaOptions> {
  /** The options a new Adadelta starts from (frozen). */
  static readonly defaults = frozenDefaults<AdadeltaOptions>({ lr: 1, rho: 0.9, eps: 1e-6, weightDecay: 0, maximize: false });

  constructor(params: ParamsArg<AdadeltaOptions>, opts: Partial<AdadeltaOptions> = {}) {
    super(params, withDefaults(Adadelta.defaults, opts, new.target.name));
  }

  protected validate(o: AdadeltaOptions): void {
    checkRange('Adadelta', 'lr', o.lr, 0, Infinity);
    checkFlag('Adadelta', 'maximize', o.maximize);
    checkRange('Adadelta', 'rho', o.rho, 0, 1);
    checkRange('Adadelta', 'eps', o.eps, 0, Infinity);
    checkRange('Adadelta', 'weightDecay', o.weightDecay, 0, Infinity);
  }

  protected updateGroup(g: ParamGroup<AdadeltaOptions>, params: Tensor[]): void {
    const states = this.stateFor(params, ['square_avg', 'acc_delta'], { step: 0 });
    this.fusedUpdate(
      'adadelta', params,
      { lr: g.lr, rho: g.rho, eps: g.eps, weightDecay: g.weightDecay, maximize: +g.maximize },
      states.map((st) => [st.square_avg as Tensor, st.acc_delta as Tensor]),
      { state: states, keys: ['step'] },
    );
  }
}
