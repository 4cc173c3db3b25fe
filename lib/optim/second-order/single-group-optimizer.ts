// What every method that treats the parameters as one flat vector θ shares (conjugate
// gradients, BFGS, L-BFGS, Newton, Hessian-free, coordinate descent): exactly one parameter
// group, updates in step(closure) rather than per group, and global state (counters, damping,
// flat vectors) kept on the first parameter's entry of Optimizer.state, where stateDict() and
// loadStateDict() carry it.
import { BaseOptions, GroupSpec, Optimizer, ParamGroup, ParamState } from '../optimizer';
import { FlatParameters } from './flat-parameters';

export abstract class SingleGroupOptimizer<O extends BaseOptions> extends Optimizer<O> {
  private flatView: FlatParameters | null = null;

  /** Only one group: a second one throws (as PyTorch's LBFGS). */
  override addParamGroup(group: GroupSpec<O>): void {
    if (this.paramGroups.length > 0) {
      throw new RangeError(`${this.constructor.name}: supports exactly one parameter group (the parameters form one vector); got a second group`);
    }
    super.addParamGroup(group);
  }

  protected get group(): ParamGroup<O> {
    return this.paramGroups[0];
  }

  /** θ as one vector (created once; all parameters must share one dtype). */
  protected get flat(): FlatParameters {
    this.flatView ??= new FlatParameters(this.group.params, this.constructor.name);
    return this.flatView;
  }

  /** The global state on the first parameter's entry, with the given scalars where absent. */
  protected scalars(initial: Record<string, number> = {}): ParamState {
    const p = this.group.params[0];
    let st = this.state.get(p);
    if (st === undefined) {
      st = {};
      this.state.set(p, st);
    }
    for (const [k, v] of Object.entries(initial)) if (!(k in st)) st[k] = v;
    return st;
  }

  /** Closure evaluations over all steps so far (state func_evals, PyTorch's name). */
  get evaluations(): number {
    const v = this.state.get(this.group.params[0])?.func_evals;
    return typeof v === 'number' ? v : 0;
  }

  /** Never used: these methods override step(). */
  protected override updateGroup(): void {
    throw new Error(`internal: ${this.constructor.name} updates in step(closure)`);
  }
}
