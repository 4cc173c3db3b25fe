// Delta-bar-delta (Jacobs 1988, "Increased rates of convergence through learning rate
// adaptation"): every parameter has its own learning rate ε_i. δ̄ is an exponential average of
// past gradients; when the current gradient agrees in sign with δ̄ the rate grows additively by
// κ, when it disagrees the rate shrinks multiplicatively by φ:
//   s = δ̄·g;  s > 0: ε ← ε + κ;  s < 0: ε ← (1 − φ)ε;  θ ← θ − ε⊙g;  δ̄ ← (1 − ϑ)g + ϑδ̄
// (κ, φ, ϑ are the paper's κ, φ, θ; ϑ here to keep θ for the parameters.)
import { Tensor } from '../tensor/tensor';
import { BaseOptions, checkFlag, checkRange, frozenDefaults, Optimizer, ParamGroup, ParamsArg, withDefaults } from './optimizer';

export interface DeltaBarDeltaOptions extends BaseOptions {
  /** Initial per-parameter learning rate. Default 1e-2. */
  lr: number;
  /** κ: additive increase of a rate while signs agree. Default 1e-3. */
  kappa: number;
  /** φ: fraction a rate loses when the sign flips, in [0, 1]. Default 0.1. */
  phi: number;
  /** ϑ (the paper's θ): weight of the past in δ̄, in [0, 1). Default 0.7. */
  theta: number;
  maximize: boolean;
}

export class DeltaBarDelta extends Optimizer<DeltaBarDeltaOptions> {
  /** The options a new DeltaBarDelta starts from (frozen). */
  static readonly defaults = frozenDefaults<DeltaBarDeltaOptions>({ lr: 1e-2, kappa: 1e-3, phi: 0.1, theta: 0.7, maximize: false });

  constructor(params: ParamsArg<DeltaBarDeltaOptions>, opts: Partial<DeltaBarDeltaOptions> = {}) {
    super(params, withDefaults(DeltaBarDelta.defaults, opts, new.target.name));
  }

  protected validate(o: DeltaBarDeltaOptions): void {
    checkRange('DeltaBarDelta', 'lr', o.lr, 0, Infinity);
    checkFlag('DeltaBarDelta', 'maximize', o.maximize);
    checkRange('DeltaBarDelta', 'kappa', o.kappa, 0, Infinity);
    checkRange('DeltaBarDelta', 'phi', o.phi, 0, 1);
    checkRange('DeltaBarDelta', 'theta', o.theta, 0, 1);
    if (o.theta >= 1) throw new RangeError(`DeltaBarDelta: theta must be in [0, 1), got ${o.theta}`);
  }

  protected updateGroup(g: ParamGroup<DeltaBarDeltaOptions>, params: Tensor[]): void {
    const states = this.stateFor(params, ['rates', 'delta_bar'], { step: 0 }, (name) => (name === 'rates' ? g.lr : 0));
    this.fusedUpdate(
      'deltaBarDelta', params,
      { kappa: g.kappa, phi: g.phi, theta: g.theta, maximize: +g.maximize },
      states.map((st) => [st.rates as Tensor, st.delta_bar as Tensor]),
      { state: states, keys: ['step'] },
    );
  }
}
