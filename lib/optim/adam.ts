// Adam (Kingma & Ba 2015; Goodfellow et al., Alg. 8.7), with AMSGrad and weight decay, as
// torch.optim.Adam:
//   g ← ∇θ + λθ;  m ← β1m + (1 − β1)g;  v ← β2v + (1 − β2)g²;  (AMSGrad: v̂max ← max(v̂max, v))
//   θ ← θ − γ·(m/(1 − β1ᵗ)) / (√(v/(1 − β2ᵗ)) + ε)
// epsilonPlacement 'inside' gives the textbook's −ε·ŝ/√(r̂ + δ) instead.
// AdamW (Loshchilov & Hutter 2019) decouples the decay: θ ← θ(1 − γλ) before the Adam step.
import { Tensor } from '../tensor/tensor';
import { BaseOptions, checkFlag, checkRange, frozenDefaults, Optimizer, ParamGroup, ParamsArg, withDefaults } from './optimizer';

export type EpsilonPlacement = 'outside' | 'inside';

export interface AdamOptions extends BaseOptions {
  /** Step size γ. Default 1e-3. */
  lr: number;
  /** Decay rates (β1, β2) of the moment estimates. Default [0.9, 0.999]. */
  betas: [number, number];
  /** ε (δ in the textbook). Default 1e-8. */
  eps: number;
  /** Weight decay λ: L2 penalty for Adam (default 0), decoupled for AdamW (default 1e-2). */
  weightDecay: number;
  /** AMSGrad (Reddi et al. 2018): the maximum of past second moments. Default false. */
  amsgrad: boolean;
  /** Ascend instead of descend. Default false. */
  maximize: boolean;
  /** 'outside' (PyTorch): √v̂ + ε; 'inside' (Goodfellow et al.): √(v̂ + ε). Default 'outside'. */
  epsilonPlacement: EpsilonPlacement;
}

export function checkEpsilonPlacement(op: string, v: unknown): void {
  if (v !== 'outside' && v !== 'inside') throw new RangeError(`${op}: epsilonPlacement must be 'outside' or 'inside', got ${String(v)}`);
}

export function checkBetas(op: string, betas: unknown): [number, number] {
  if (!Array.isArray(betas) || betas.length !== 2) throw new RangeError(`${op}: betas must be a pair [β1, β2], got ${String(betas)}`);
  checkRange(op, 'betas[0]', betas[0], 0, 1);
  checkRange(op, 'betas[1]', betas[1], 0, 1);
  if (betas[0] >= 1 || betas[1] >= 1) throw new RangeError(`${op}: betas must lie in [0, 1), got [${betas.join(', ')}]`);
  return betas as [number, number];
}

abstract class AdamFamily extends Optimizer<AdamOptions> {
  protected abstract readonly decoupled: boolean;

  protected validate(o: AdamOptions): void {
    const op = this.constructor.name;
    checkRange(op, 'lr', o.lr, 0, Infinity);
    checkFlag(op, 'amsgrad', o.amsgrad);
    checkFlag(op, 'maximize', o.maximize);
    checkBetas(op, o.betas);
    checkRange(op, 'eps', o.eps, 0, Infinity);
    checkRange(op, 'weightDecay', o.weightDecay, 0, Infinity);
    checkEpsilonPlacement(op, o.epsilonPlacement);
  }

  protected updateGroup(g: ParamGroup<AdamOptions>, params: Tensor[]): void {
    const names = g.amsgrad ? ['exp_avg', 'exp_avg_sq', 'max_exp_avg_sq'] : ['exp_avg', 'exp_avg_sq'];
    const states = this.stateFor(params, names, { step: 0 });
    this.fusedUpdate(
      'adam', params,
      {
        lr: g.lr, beta1: g.betas[0], beta2: g.betas[1], eps: g.eps, weightDecay: g.weightDecay, decoupled: +this.decoupled,
        amsgrad: +g.amsgrad, epsInside: +(g.epsilonPlacement === 'inside'), maximize: +g.maximize,
      },
      states.map((st) => [st.exp_avg as Tensor, st.exp_avg_sq as Tensor, g.amsgrad ? (st.max_exp_avg_sq as Tensor) : null]),
      { state: states, keys: ['step'] },
    );
  }
}

export class Adam extends AdamFamily {
  /** The options a new Adam starts from (frozen). */
  static readonly defaults = frozenDefaults<AdamOptions>({
    lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false, epsilonPlacement: 'outside',
  });

  protected readonly decoupled = false;
  constructor(params: ParamsArg<AdamOptions>, opts: Partial<AdamOptions> = {}) {
    super(params, withDefaults(Adam.defaults, opts, new.target.name));
  }
}

export class AdamW extends AdamFamily {
  /** Adam's defaults but the decoupled weight decay λ = 1e-2 (frozen). */
  static readonly defaults = frozenDefaults<AdamOptions>({ ...Adam.defaults, weightDecay: 1e-2 });

  protected readonly decoupled = true;
  constructor(params: ParamsArg<AdamOptions>, opts: Partial<AdamOptions> = {}) {
    super(params, withDefaults(AdamW.defaults, opts, new.target.name));
  }
}
