// Rprop (Riedmiller & Braun 1993), as torch.optim.Rprop: each parameter has its own step size,
// grown by η+ while the gradient keeps its sign and shrunk by η− when it flips (the update is
// then skipped for that element):
//   s = g·g_prev;  s > 0: Δ ← min(Δη+, Δmax);  s < 0: Δ ← max(Δη−, Δmin), g ← 0;  θ ← θ − sign(g)·Δ
import { Tensor } from '../tensor/tensor';
import { BaseOptions, checkFlag, checkRange, frozenDefaults, Optimizer, ParamGroup, ParamsArg, withDefaults } from './optimizer';

export interface RpropOptions extends BaseOptions {
  /** Initial step size. Default 1e-2. */
  lr: number;
  /** (η−, η+): the multiplicative decrease and increase. Default [0.5, 1.2]. */
  etas: [number, number];
  /** (Δmin, Δmax): the allowed step sizes. Default [1e-6, 50]. */
  stepSizes: [number, number];
  maximize: boolean;
}

export class Rprop extends Optimizer<RpropOptions> {
  /** The options a new Rprop starts from (frozen). */
  static readonly defaults = frozenDefaults<RpropOptions>({ lr: 1e-2, etas: [0.5, 1.2], stepSizes: [1e-6, 50], maximize: false });

  constructor(params: ParamsArg<RpropOptions>, opts: Partial<RpropOptions> = {}) {
    super(params, withDefaults(Rprop.defaults, opts, new.target.name));
  }

  protected validate(o: RpropOptions): void {
    checkRange('Rprop', 'lr', o.lr, 0, Infinity);
    checkFlag('Rprop', 'maximize', o.maximize);
    if (!Array.isArray(o.etas) || o.etas.length !== 2 || !(o.etas[0] > 0 && o.etas[0] < 1 && o.etas[1] > 1)) {
      throw new RangeError(`Rprop: etas must be [η−, η+] with 0 < η− < 1 < η+, got [${String(o.etas)}]`);
    }
    if (!Array.isArray(o.stepSizes) || o.stepSizes.length !== 2 || !(o.stepSizes[0] >= 0 && o.stepSizes[0] <= o.stepSizes[1])) {
      throw new RangeError(`Rprop: stepSizes must be [Δmin, Δmax] with 0 <= Δmin <= Δmax, got [${String(o.stepSizes)}]`);
    }
  }

  protected updateGroup(g: ParamGroup<RpropOptions>, params: Tensor[]): void {
    const states = this.stateFor(params, ['prev', 'step_size'], { step: 0 }, (name) => (name === 'step_size' ? g.lr : 0));
    this.fusedUpdate(
      'rprop', params,
      { etaMinus: g.etas[0], etaPlus: g.etas[1], stepMin: g.stepSizes[0], stepMax: g.stepSizes[1], maximize: +g.maximize },
      states.map((st) => [st.prev as Tensor, st.step_size as Tensor]),
      { state: states, keys: ['step'] },
    );
  }
}
