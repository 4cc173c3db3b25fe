// NAdam (Dozat 2016: Adam with Nesterov momentum), as torch.optim.NAdam, with a momentum
// schedule μ_t = β1(1 − ½·0.96^(tψ)):
//   g ← ∇θ + λθ (or θ ← θ(1 − γλ) when decoupled);  m, v as Adam;  Π_t = Π_{t−1}·μ_t;
//   θ ← θ − γ(1 − μ_t)/(1 − Π_t)·g/d − γμ_{t+1}/(1 − Π_t·μ_{t+1})·m/d,   d = √(v/(1 − β2ᵗ)) + ε
import { Tensor } from '../tensor/tensor';
import { checkBetas } from './adam';
import { BaseOptions, checkFlag, checkRange, frozenDefaults, Optimizer, ParamGroup, ParamsArg, withDefaults } from './optimizer';

export interface NAdamOptions extends BaseOptions {
  /** Step size γ. Default 2e-3. */
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  /** ψ in the momentum schedule. Default 4e-3. */
  momentumDecay: number;
  /** Decay θ by (1 − γλ) instead of adding λθ to the gradient (NAdamW). Default false. */
  decoupledWeightDecay: boolean;
  maximize: boolean;
}

export class NAdam extends Optimizer<NAdamOptions> {
  /** The options a new NAdam starts from (frozen). */
  static readonly defaults = frozenDefaults<NAdamOptions>({ lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, momentumDecay: 4e-3, decoupledWeightDecay: false, maximize: false });

  constructor(params: ParamsArg<NAdamOptions>, opts: Partial<NAdamOptions> = {}) {
    super(params, withDefaults(NAdam.defaults, opts, new.target.name));
  }

  protected validate(o: NAdamOptions): void {
    checkRange('NAdam', 'lr', o.lr, 0, Infinity);
    checkFlag('NAdam', 'decoupledWeightDecay', o.decoupledWeightDecay);
    checkFlag('NAdam', 'maximize', o.maximize);
    checkBetas('NAdam', o.betas);
    checkRange('NAdam', 'eps', o.eps, 0, Infinity);
    checkRange('NAdam', 'weightDecay', o.weightDecay, 0, Infinity);
    checkRange('NAdam', 'momentumDecay', o.momentumDecay, 0, Infinity);
  }

  protected updateGroup(g: ParamGroup<NAdamOptions>, params: Tensor[]): void {
    const states = this.stateFor(params, ['exp_avg', 'exp_avg_sq'], { step: 0, mu_product: 1 });
    this.fusedUpdate(
      'nadam', params,
      {
        lr: g.lr, beta1: g.betas[0], beta2: g.betas[1], eps: g.eps, weightDecay: g.weightDecay, momentumDecay: g.momentumDecay,
        decoupled: +g.decoupledWeightDecay, maximize: +g.maximize,
      },
      states.map((st) => [st.exp_avg as Tensor, st.exp_avg_sq as Tensor]),
      { state: states, keys: ['step', 'mu_product'] },
    );
  }
}
