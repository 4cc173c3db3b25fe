// The base of the methods that differentiate the closure's loss graph themselves (Newton,
// Hessian-free, coordinate descent; fit hands them a closure that returns the graph): flat
// vectors kept in state as per-parameter pieces (a state tensor must have its parameter's
// shape), so the base loadStateDict() restores them.
import { DType } from '../../tensor/dtype';
import { empty } from '../../tensor/raw/alloc';
import { copyInto } from '../../tensor/raw/copy';
import { Tensor } from '../../tensor/tensor';
import { BaseOptions } from '../optimizer';
import { SingleGroupOptimizer } from './single-group-optimizer';

export abstract class ClosureOptimizer<O extends BaseOptions> extends SingleGroupOptimizer<O> {
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

}
