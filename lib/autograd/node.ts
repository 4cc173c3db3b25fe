// The tape: a graph node per recorded operation (define-by-run, docs/ARCHITECTURE.md, decision 8).
import { formatShape } from '../tensor/shape';
import type { Tensor } from '../tensor/tensor';

/** A tensor saved for backward, with the storage version it had when saved (decision 3). */
export class SavedTensor {
  readonly version: number;
  constructor(readonly tensor: Tensor) {
    this.version = tensor.storage.version;
  }

  unpack(op: string): Tensor {
    const now = this.tensor.storage.version;
    if (now !== this.version) {
      throw new Error(
        `${op}: a tensor saved for backward was modified in place (shape ${formatShape(this.tensor.shape)}, version ${this.version} when saved, ${now} now)`,
      );
    }
    return this.tensor;
  }
}

/**
 * What an operation keeps between forward and backward: saved tensors, which inputs need a
 * gradient, and any fields the operation sets on it.
 */
export class Context {
  /** needsInputGrad[i]: input i is a tensor that requires grad. */
  needsInputGrad: boolean[] = [];
  /** The shapes of the inputs ([] for non-tensor arguments). */
  inputShapes: ReadonlyArray<readonly number[]> = [];
  /** @internal */ saved: SavedTensor[] | null = [];
  /** @internal */ opName = '';
  [field: string]: unknown;

  /** Keeps tensors for backward; in-place writes to them afterwards make backward throw. */
  saveForBackward(...tensors: Tensor[]): void {
    if (this.saved === null) throw new Error(`${this.opName}: saveForBackward after the graph was freed`);
    this.saved = tensors.map((t) => new SavedTensor(t));
  }

  /** The saved tensors, checked against in-place modification. */
  get savedTensors(): Tensor[] {
    if (this.saved === null) {
      throw new Error(
        `${this.opName}: the graph was already freed by a backward pass; pass { retainGraph: true } to the first backward to run backward through it again`,
      );
    }
    return this.saved.map((s) => s.unpack(this.opName));
  }
}

/** Where a gradient goes: output `index` of `node`. */
export interface Edge {
  node: Node;
  index: number;
}

export type BackwardFn = (ctx: Context, ...gradOutputs: Tensor[]) => Array<Tensor | null>;

let sequenceCounter = 0;

export class Node {
  /** Creation order; later nodes run first when several are ready. */
  readonly sequence = sequenceCounter++;
  released = false;
  /** @internal Non-leaf outputs whose .grad should be kept (retainGrad). */
  retained: Array<WeakRef<Tensor> | undefined> | null = null;

  constructor(
    readonly name: string,
    readonly ctx: Context | null,
    /** One entry per input: where that input's gradient goes (null: no gradient needed). */
    readonly next: Array<Edge | null>,
    readonly backwardFn: BackwardFn | null,
    readonly numOutputs: number,
    readonly doubleBackward: boolean,
    readonly inputShapes: ReadonlyArray<readonly number[]>,
    /** Shapes and dtypes of the outputs, to check and materialize gradients. */
    readonly outputShapes: ReadonlyArray<readonly number[]>,
  ) {}

  release(): void {
    this.released = true;
    if (this.ctx !== null) this.ctx.saved = null;
  }
}

/** The node that accumulates a leaf's gradient into leaf.grad. One per leaf, reused. */
export class AccumulateGrad extends Node {
  constructor(readonly leaf: Tensor) {
    super('AccumulateGrad', null, [], null, 1, true, [leaf.shape], [leaf.shape]);
  }

  override release(): void {
    // A leaf's accumulator is never freed: the leaf outlives any one graph.
  }
}

// The tensor core stores graph links as opaque interfaces; these are what they hold.
declare module '../tensor/tensor' {
  interface GradFn extends Node {}
  interface GradAccumulator extends AccumulateGrad {}
}
