// Block coordinate descent (Goodfellow et al. §8.7.2): minimize f over one block of variables at
// a time, the others held fixed, cycling through the blocks in a fixed order or in a fresh
// random order each sweep:
//   for each block B (in order):  θ_B ← θ_B + ω(argmin_{θ_B} f(θ) − θ_B)
// Each block brings its own exact minimizer (for example soft-thresholding for a lasso block,
// the normal equations for a least-squares block); with ω = 1 (the default) f can never increase
// after a block. It pays when the blocks separate the problem into easy convex pieces (sparse
// coding: convex in H for fixed W and in W for fixed H) and does poorly when the variables of
// different blocks are strongly coupled.
import { enableGrad, setGradEnabled } from '../../autograd/grad-mode';
import { RandomGenerator } from '../../tensor/random';
import { empty } from '../../tensor/raw/alloc';
import { copyInto } from '../../tensor/raw/copy';
import { Tensor } from '../../tensor/tensor';
import { BaseOptions, checkFlag, checkRange, Closure, frozenDefaults, ParamsArg, withDefaults } from '../optimizer';
import { ClosureOptimizer } from '../second-order/closure-optimizer';

/** One block: the parameters it updates and its exact minimizer. */
export interface CoordinateBlock {
  /** The tensors of this block (each one of the optimizer's parameters). */
  params: Tensor[];
  /**
   * Overwrites params, in place, with a minimizer of the objective over them, every other
   * parameter held fixed. Runs with recording off.
   */
  minimize(): void;
  /** A name for the trace and error messages. Default `block <index>`. */
  name?: string;
}

export interface CoordinateDescentOptions extends BaseOptions {
  /** Relaxation ω of each block update (1: the exact block minimizer). Default 1. */
  lr: number;
  /** 'cyclic': the blocks in the given order; 'random': a fresh seeded permutation each sweep. Default 'cyclic'. */
  order: 'cyclic' | 'random';
  /** Seed of the random order. Default 0. */
  seed: number;
  /** Sweeps over all blocks per step(). Default 1. */
  sweeps: number;
  /** Evaluate the closure after every block and record it in `trace`. Default true. */
  traceObjective: boolean;
}

/** The objective after one block update. */
export interface BlockRecord {
  sweep: number;
  block: number;
  name: string;
  loss: number;
}

export class CoordinateDescent extends ClosureOptimizer<CoordinateDescentOptions> {
  /** The options a new CoordinateDescent starts from (frozen). */
  static readonly defaults = frozenDefaults<CoordinateDescentOptions>({ lr: 1, order: 'cyclic', seed: 0, sweeps: 1, traceObjective: true });

  readonly blocks: readonly CoordinateBlock[];
  /** The objective after each block of the last step() (when traceObjective). */
  trace: BlockRecord[] = [];
  private readonly generator: RandomGenerator;

  /**
   * params: every tensor some block updates; blocks: the blocks (each block's params a subset
   * of params). Options (defaults): lr (ω) 1, order 'cyclic', seed 0, sweeps 1, traceObjective true.
   */
  constructor(params: ParamsArg<CoordinateDescentOptions>, blocks: CoordinateBlock[], opts: Partial<CoordinateDescentOptions> = {}) {
    super(params, withDefaults(CoordinateDescent.defaults, opts, new.target.name));
    const op = 'CoordinateDescent';
    if (!Array.isArray(blocks) || blocks.length === 0) throw new TypeError(`${op}: blocks must be a non-empty array of { params, minimize }`);
    const owned = new Set(this.group.params);
    blocks.forEach((b, i) => {
      if (b === null || typeof b !== 'object' || typeof b.minimize !== 'function' || !Array.isArray(b.params)) {
        throw new TypeError(`${op}: blocks[${i}] must be { params: Tensor[], minimize(): void }`);
      }
      b.params.forEach((p, j) => {
        if (!owned.has(p)) throw new RangeError(`${op}: blocks[${i}].params[${j}] is not one of the optimizer's parameters`);
      });
    });
    this.blocks = blocks.slice();
    this.generator = new RandomGenerator(this.group.seed);
  }

  protected validate(o: CoordinateDescentOptions): void {
    const op = 'CoordinateDescent';
    checkRange(op, 'lr', o.lr, 0, 2, true);
    if (o.order !== 'cyclic' && o.order !== 'random') throw new RangeError(`${op}: order must be 'cyclic' or 'random', got ${String(o.order)}`);
    if (!Number.isSafeInteger(o.seed) || o.seed < 0) throw new RangeError(`${op}: seed must be a non-negative integer, got ${String(o.seed)}`);
    if (!Number.isInteger(o.sweeps) || o.sweeps < 1) throw new RangeError(`${op}: sweeps must be a positive integer, got ${String(o.sweeps)}`);
    checkFlag(op, 'traceObjective', o.traceObjective);
  }

  /**
   * Runs `sweeps` sweeps over the blocks. closure (required) returns the objective (a Tensor or
   * a number; it need not call backward). Returns the objective before the step.
   */
  override step(closure?: Closure): number {
    if (typeof closure !== 'function') throw new TypeError('CoordinateDescent.step: a closure is required: a function returning the objective');
    const g = this.group;
    const st = this.scalars({ step: 0, func_evals: 0, rng_offset: 0 });
    const evaluate = (): number => {
      st.func_evals = (st.func_evals as number) + 1;
      const r = enableGrad(closure);
      const v = r instanceof Tensor ? r.item() : r;
      if (typeof v !== 'number') throw new TypeError(`CoordinateDescent.step: the closure must return the objective (a Tensor or a number), got ${typeof v}`);
      return v;
    };
    const initial = evaluate();
    this.trace = [];
    this.generator.setState({ seed: String(g.seed), offset: String(st.rng_offset) });
    for (let sweep = 0; sweep < g.sweeps; sweep++) {
      for (const b of this.order(g.order)) {
        const block = this.blocks[b];
        this.minimizeBlock(block, g.lr);
        if (g.traceObjective) this.trace.push({ sweep, block: b, name: block.name ?? `block ${b}`, loss: evaluate() });
      }
    }
    st.rng_offset = Number(this.generator.offset);
    st.step = (st.step as number) + 1;
    return initial;
  }

  private order(kind: 'cyclic' | 'random'): number[] {
    const n = this.blocks.length;
    if (kind === 'cyclic' || n === 1) return Array.from({ length: n }, (_, i) => i);
    const perm = new Int32Array(n);
    this.generator.draw('randperm', perm, 0, n);
    return Array.from(perm);
  }

  private minimizeBlock(block: CoordinateBlock, omega: number): void {
    const before = omega === 1 ? [] : block.params.map((p) => {
      const c = empty(p.shape, p.dtype);
      copyInto(p, c);
      return c;
    });
    const previous = setGradEnabled(false);
    try {
      block.minimize();
      // θ_B ← θ_old + ω(θ* − θ_old) = ωθ* + (1 − ω)θ_old.
      if (omega !== 1) block.params.forEach((p, i) => p.mul_(omega).add_(before[i].mul(1 - omega)));
    } finally {
      setGradEnabled(previous);
    }
  }
}
