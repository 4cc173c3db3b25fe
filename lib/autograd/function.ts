// Recording operations: every op of the library is defined with defineOp, and user ops subclass
// Function; both go through the same apply (docs/ARCHITECTURE.md, decision 8).
import { Tensor } from '../tensor/tensor';
import { checkFinite, isAnomalyEnabled } from './anomaly';
import { isGradEnabled, setGradEnabled } from './grad-mode';
import { AccumulateGrad, BackwardFn, Context, Edge, Node } from './node';
import { OpDefinition, registerOp } from './registry';

export interface OpSpec<Args extends unknown[]> {
  /** The operation's name, used in errors and by the gradcheck registry test. */
  name: string;
  /** Computes the output(s). Runs with recording off. */
  forward(ctx: Context, ...args: Args): Tensor | Tensor[];
  /**
   * Gradients of the inputs, one entry per argument (null where none is needed), written with
   * recorded ops so that backward is itself differentiable. The ops of lib/ops leave it out and
   * get theirs from lib/derivatives (defineDerivative); ops defined above the derivatives
   * (nn/functional) give it here.
   */
  backward?: BackwardFn;
  /** false when backward is not itself differentiable (createGraph then throws). */
  doubleBackward?: boolean;
  /** false for ops that have no derivative at all (comparisons, argmax). Default true. */
  differentiable?: boolean;
}

/** A recorded operation: call it like the function it computes. */
export interface RecordedOp<Args extends unknown[], R = Tensor> {
  (...args: Args): R;
  /** @internal */ readonly definition: OpDefinition;
}

/** The edge a gradient for tensor t travels along. */
export function edgeOf(t: Tensor): Edge {
  if (t.gradFn !== null) return { node: t.gradFn, index: t.outputIndex };
  if (t.accumulator === null) t.accumulator = new AccumulateGrad(t);
  return { node: t.accumulator, index: 0 };
}

/** @internal Runs an operation and records it when an input requires grad. */
export function applyOp(
  name: string,
  forward: (ctx: Context, ...args: unknown[]) => Tensor | Tensor[],
  backward: BackwardFn | null,
  doubleBackward: boolean,
  args: unknown[],
): Tensor | Tensor[] {
  let needs = false;
  if (backward !== null && isGradEnabled()) {
    for (const a of args) {
      if (a instanceof Tensor && a.requiresGrad) {
        needs = true;
        break;
      }
    }
  }
  const ctx = new Context();
  ctx.opName = name;
  ctx.needsInputGrad = args.map((a) => needs && a instanceof Tensor && a.requiresGrad);
  ctx.inputShapes = args.map((a) => (a instanceof Tensor ? a.shape : []));
  const previous = setGradEnabled(false);
  let result: Tensor | Tensor[];
  try {
    result = forward(ctx, ...args);
  } finally {
    setGradEnabled(previous);
  }
  const many = Array.isArray(result);
  const outputs = (many ? result : [result]) as Tensor[];
  for (let i = 0; i < outputs.length; i++) {
    if (!(outputs[i] instanceof Tensor)) throw new TypeError(`${name}: forward must return a Tensor or an array of Tensors`);
    // An output that is an input object gets its own view, so recording never rewires an input.
    if (args.includes(outputs[i])) outputs[i] = outputs[i].view();
  }
  if (isAnomalyEnabled()) {
    checkFinite(name, 'forward', outputs, args.filter((a): a is Tensor => a instanceof Tensor).map((t) => t.shape));
  }
  if (needs) {
    const next = args.map((a) => (a instanceof Tensor && a.requiresGrad ? edgeOf(a) : null));
    const node = new Node(name, ctx, next, backward, outputs.length, doubleBackward, ctx.inputShapes, outputs.map((o) => o.shape));
    outputs.forEach((o, i) => {
      if (o.dtype === 'int32') return;
      o.setRequiresGradUnchecked(true);
      o.gradFn = node;
      o.outputIndex = i;
    });
  }
  return many ? outputs : outputs[0];
}

function recordedOp<Args extends unknown[], R>(spec: OpSpec<Args>): RecordedOp<Args, R> {
  const definition = registerOp({
    name: spec.name,
    differentiable: spec.differentiable ?? true,
    backward: (spec.backward ?? null) as BackwardFn | null,
    doubleBackward: spec.doubleBackward ?? true,
  });
  const forward = spec.forward as (ctx: Context, ...args: unknown[]) => Tensor | Tensor[];
  const run = (...args: Args): R => {
    if (definition.differentiable && definition.backward === null) {
      throw new Error(`internal: ${definition.name} has no derivative registered (lib/derivatives is not loaded)`);
    }
    return applyOp(definition.name, forward, definition.backward, definition.doubleBackward, args) as R;
  };
  return Object.assign(run, { definition });
}

/** Defines a library op: registers it and returns the recording function. */
export function defineOp<Args extends unknown[]>(spec: OpSpec<Args>): RecordedOp<Args> {
  return recordedOp<Args, Tensor>(spec);
}

/** Like defineOp for ops with several outputs. */
export function defineMultiOutputOp<Args extends unknown[]>(spec: OpSpec<Args>): RecordedOp<Args, Tensor[]> {
  return recordedOp<Args, Tensor[]>(spec);
}

/**
 * Gives an op defined without a backward its derivative (lib/derivatives does this for every op
 * of lib/ops, whose derivatives call each other).
 */
export function defineDerivative<Args extends unknown[], R>(
  op: RecordedOp<Args, R>, backward: BackwardFn, opts: { doubleBackward?: boolean } = {},
): void {
  const d = op.definition;
  if (!d.differentiable) throw new Error(`internal: ${d.name} is declared not differentiable`);
  if (d.backward !== null) throw new Error(`internal: ${d.name} has a derivative already`);
  d.backward = backward;
  d.doubleBackward = opts.doubleBackward ?? true;
}

/**
 * Custom differentiable operations, recorded like the library's own:
 *
 *   class Cube extends d.autograd.Function {
 *     static forward(ctx, x) { ctx.saveForBackward(x); return x.pow(3); }
 *     static backward(ctx, g) { const [x] = ctx.savedTensors; return g.mul(x.square()).mul(3); }
 *   }
 *   const y = Cube.apply(x);
 *
 * forward runs with recording off; backward gets one gradient per output and returns one
 * gradient per forward argument (null for non-tensors or inputs that need none; a single
 * Tensor is accepted for one-argument functions). Written with descent ops, backward is itself
 * differentiable, so createGraph works through custom functions too.
 */
export class Function {
  /** Set to false when backward is not itself differentiable: createGraph through it then throws. */
  static doubleBackward = true;

  static forward(ctx: Context, ...args: unknown[]): Tensor | Tensor[] {
    throw new TypeError(`${this.name}: subclasses of autograd.Function must define static forward(ctx, ...inputs)`);
  }

  static backward(ctx: Context, ...gradOutputs: Tensor[]): Tensor | null | Array<Tensor | null> {
    throw new TypeError(`${this.name}: subclasses of autograd.Function must define static backward(ctx, ...gradOutputs)`);
  }

  static apply(...args: unknown[]): Tensor | Tensor[] {
    const cls = this;
    const name = cls.name || 'Function';
    const backward: BackwardFn = (ctx, ...grads) => {
      const r = cls.backward(ctx, ...grads);
      const list = Array.isArray(r) ? r : [r];
      if (list.length === args.length) return list;
      // One gradient per tensor argument: spread over the argument positions.
      const tensorPositions = args.map((a, i) => (a instanceof Tensor ? i : -1)).filter((i) => i >= 0);
      if (list.length === tensorPositions.length) {
        const full: Array<Tensor | null> = args.map(() => null);
        tensorPositions.forEach((p, k) => (full[p] = list[k]));
        return full;
      }
      throw new TypeError(`${name}.backward returned ${list.length} gradients for ${args.length} forward arguments`);
    };
    return applyOp(name, (ctx, ...a) => cls.forward(ctx as Context, ...a), backward, cls.doubleBackward !== false, args);
  }
}
