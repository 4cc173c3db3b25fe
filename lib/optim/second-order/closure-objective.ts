// The objective f(θ) of a second-order method, seen through the user's closure: its value, its
// value and gradient, or one recorded evaluation kept for curvature products. Every closure call
// is counted (the optimizers report the count in their state as func_evals).
//
// The closure returns the loss as a Tensor (or { output, loss } for Gauss–Newton curvature). It
// need not call backward(): the gradient is taken from the returned graph. A closure written for
// LBFGS (zeroGrad, backward, return the loss) also works where no curvature is needed, since the
// gradient is then read from .grad once backward has freed the graph.
import { grad } from '../../autograd/backward';
import { copyOf } from '../../linalg/level1';
import { Tensor } from '../../tensor/tensor';
import { CurvatureClosureResult, CurvatureKind, CurvatureOperator, hasLiveGraph, lossOf } from '../curvature/curvature-operator';
import { Closure } from '../optimizer';
import { FlatParameters } from './flat-parameters';
import { concatFlat } from './parameter-layout';

/** A closure for the second-order methods: the loss Tensor, or { output, loss } (Gauss–Newton). */
export type SecondOrderClosure = () => CurvatureClosureResult;

export class ClosureObjective {
  /** Closure calls so far. */
  evaluations = 0;

  constructor(
    readonly flat: FlatParameters,
    private readonly closure: Closure | SecondOrderClosure,
    private readonly op: string,
  ) {
    if (typeof closure !== 'function') {
      throw new TypeError(`${op}.step: a closure is required: a function that computes and returns the loss`);
    }
  }

  // Runs the closure (recording on, gradients cleared first) and returns its raw result.
  private run(): { result: CurvatureClosureResult | number; loss: Tensor | number; flatGrad: Tensor } {
    let result: CurvatureClosureResult | number = 0;
    let loss: Tensor | number = 0;
    const evaluation = this.flat.evaluate(() => {
      result = (this.closure as () => CurvatureClosureResult | number)();
      loss = lossOf(result, this.op);
      return loss;
    }, { backward: false }); // the gradient is taken from the kept graph below
    this.evaluations++;
    return { result, loss, flatGrad: evaluation.grad };
  }

  /** f(θ). */
  value(): number {
    const { loss } = this.run();
    return typeof loss === 'number' ? loss : loss.item();
  }

  /** f(θ) and ∇f(θ) (float64). */
  valueAndGrad(): { loss: number; grad: Tensor } {
    const { loss, flatGrad } = this.run();
    if (typeof loss === 'number' || !hasLiveGraph(loss)) {
      // The closure ran backward itself (or the loss is constant): the gradient is in .grad.
      return { loss: typeof loss === 'number' ? loss : loss.item(), grad: copyOf(flatGrad, 'float64') };
    }
    const params = this.flat.params;
    const gs = grad(loss, params, { allowUnused: true });
    return { loss: loss.item(), grad: concatFlat(gs, params, this.flat.numel) };
  }

  /** One evaluation kept for curvature products: f(θ), ∇f(θ) and v ↦ B·v. */
  curvature(kind: CurvatureKind): CurvatureOperator {
    const { result } = this.run();
    if (typeof result === 'number') {
      throw new TypeError(`${this.op}: the closure must return the loss as a Tensor with its graph (it returned a number), so that curvature can be computed`);
    }
    return new CurvatureOperator(result, this.flat.params, kind, this.op);
  }
}
