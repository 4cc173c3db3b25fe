// The shape shared by the methods that re-evaluate the objective inside one step (Newton,
// Hessian-free, coordinate descent): a single parameter group seen as one flat vector θ, a
// required closure, and state kept in Optimizer.state so that stateDict() round-trips —
// scalars on the first parameter's entry, flat vectors cut into per-parameter pieces (a state
// tensor must have its parameter's shape).
import { DType } from '../../tensor/dtype';
import { empty } from '../../tensor/raw/alloc';
import { copyInto } from '../../tensor/raw/copy';
import { Tensor } from '../../tensor/tensor';
import { BaseOptions, GroupSpec, Optimizer, ParamGroup, ParamsArg, ParamState } from '../optimizer';
import { FlatParameters } from './flat-parameters';

export abstract class ClosureOptimizer<O extends BaseOptions> extends Optimizer<O> {
  private flatView: FlatParameters | null = null;

  protected constructor(params: ParamsArg<O>, defaults: O) {
    super(params, defaults);
  }

  /** Only one group: the method sees all parameters as one vector. */
  override addParamGroup(group: GroupSpec<O>): void {
    if (this.paramGroups.length > 0) {
      throw new RangeError(`${this.constructor.name}.addParamGroup: this method takes one parameter group (it treats the parameters as one vector)`);
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

  /** The scalar state (step counts, damping, ...), kept on the first parameter's entry. */
  protected scalars(initial: Record<string, number>): ParamState {
    const p = this.group.params[0];
    let st = this.state.get(p);
    if (st === undefined) {
      st = {};
      this.state.set(p, st);
    }
    for (const [k, v] of Object.entries(initial)) if (!(k in st)) st[k] = v;
    return st;
  }

  /** Closure evaluations over all steps so far (state func_evals). */
  get evaluations(): number {
    const v = this.state.get(this.group.params[0])?.func_evals;
    return typeof v === 'number' ? v : 0;
  }

  /** The flat vector stored under name (a float64 copy), or null when absent. */
  protected readVector(name: string): Tensor | null {
    const params = this.group.params;
    const pieces = params.map((p) => this.state.get(p)?.[name]);
    if (pieces.some((t) => !(t instanceof Tensor))) return null;
    const out = empty([this.flat.numel], 'float64');
    let at = 0;
    pieces.forEach((t, i) => {
      copyInto(t as Tensor, new Tensor(out.storage, params[i].shape, undefined, at));
      at += params[i].numel();
    });
    return out;
  }

  /** Stores the flat vector v under name, as per-parameter pieces of one buffer (parameter dtype). */
  protected writeVector(name: string, v: Tensor): void {
    const params = this.group.params;
    const dtype: DType = this.flat.dtype;
    const buffer = empty([this.flat.numel], dtype);
    copyInto(v, buffer);
    let at = 0;
    for (const p of params) {
      let st = this.state.get(p);
      if (st === undefined) {
        st = {};
        this.state.set(p, st);
      }
      st[name] = new Tensor(buffer.storage, p.shape, undefined, at);
      at += p.numel();
    }
  }

  /** Never used: these methods override step(). */
  protected updateGroup(): void {
    throw new Error(`internal: ${this.constructor.name} updates in step()`);
  }
}
