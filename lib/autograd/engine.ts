// The backward engine: runs recorded nodes in dependency order, summing gradients that meet at
// a node, and accumulates into leaves' .grad (backward) or returns the gradients of chosen
// inputs (autograd.grad). With createGraph the backward ops are themselves recorded.
import { formatShape, sameShape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { checkFinite, isAnomalyEnabled, withoutOpChecks } from './anomaly';
import { edgeOf } from './function';
import { setGradEnabled } from './grad-mode';
import { AccumulateGrad, Edge, Node } from './node';
import { sumGradients } from './gradient-sum';
import { zerosOf } from '../tensor/raw/alloc';
import { castRaw } from '../tensor/raw/copy';
import { binaryInPlaceRaw, expectOwnElements } from '../tensor/raw/elementwise';
import { release, setAllocationListener, Storage } from '../tensor/storage';
import { keep } from '../tensor/memory';

// Without createGraph, every gradient the engine produces is private to it: temporaries inside a
// node's backward are recycled as soon as the node returns, and the gradients passed between
// nodes as soon as their last consumer has run (reference-counted by storage). Storages the
// engine did not allocate in this run (user seeds, forward tensors) are never touched.
class Recycler {
  private readonly refs = new Map<Storage, number>();
  private readonly born = new Set<Storage>();
  private readonly kept = new Set<Storage>();

  constructor(readonly enabled: boolean) {}

  /** Runs fn; storages it allocated that are not in keep() of its result are released. */
  scope<R>(fn: () => R, result: (r: R) => Array<Tensor | null>): R {
    if (!this.enabled) return fn();
    const allocated: Storage[] = [];
    const previous = setAllocationListener((st) => {
      allocated.push(st);
      previous?.(st);
    });
    let r: R;
    try {
      r = fn();
    } finally {
      setAllocationListener(previous);
    }
    const live = new Set<Storage>();
    for (const t of result(r)) if (t) live.add(t.storage);
    for (const st of allocated) {
      if (live.has(st)) this.born.add(st);
      else release(st);
    }
    return r;
  }

  hold(t: Tensor): void {
    if (this.enabled) this.refs.set(t.storage, (this.refs.get(t.storage) ?? 0) + 1);
  }

  drop(t: Tensor): void {
    if (!this.enabled) return;
    const n = (this.refs.get(t.storage) ?? 1) - 1;
    if (n > 0) {
      this.refs.set(t.storage, n);
      return;
    }
    this.refs.delete(t.storage);
    if (this.born.has(t.storage) && !this.kept.has(t.storage)) {
      this.born.delete(t.storage);
      release(t.storage);
    }
  }

  /** Marks a gradient as handed to the caller: never recycled. */
  keep(t: Tensor): void {
    this.kept.add(t.storage);
  }

  /**
   * Whether g may become a leaf's .grad without a copy: the engine made it, nothing else holds
   * its storage, and it is a plain contiguous tensor covering its whole storage.
   */
  canAdopt(g: Tensor): boolean {
    return this.enabled && this.born.has(g.storage) && this.refs.get(g.storage) === 1 && g.isContiguous() &&
      g.offset === 0 && g.numel() === g.storage.length;
  }
}

export interface BackwardOptions {
  /** Keep the graph (saved tensors) so backward can run through it again. Default: createGraph. */
  retainGraph?: boolean;
  /** Record the backward pass, so the gradients are differentiable (higher derivatives). */
  createGraph?: boolean;
}

interface RunOptions extends BackwardOptions {
  op: string;
  /** autograd.grad: return the gradients of these instead of accumulating into .grad. */
  inputs?: readonly Tensor[];
  allowUnused?: boolean;
  /**
   * Partial derivatives: gradients stop at the inputs instead of also flowing through their own
   * graphs into other inputs (used to differentiate re-expressed derivatives, retrace.ts).
   */
  stopAtInputs?: boolean;
}

/** Runs backward from `roots` seeded with `seeds`. Returns the inputs' gradients in grad mode. */
export function runBackward(roots: readonly Tensor[], seeds: readonly Tensor[], opts: RunOptions): Array<Tensor | null> {
  const createGraph = opts.createGraph ?? false;
  const retainGraph = opts.retainGraph ?? createGraph;
  const op = opts.op;

  const rootEdges: Edge[] = roots.map((r, i) => {
    if (!r.requiresGrad) {
      throw new Error(`${op}: output ${i} (shape ${formatShape(r.shape)}) does not require grad and has no gradFn`);
    }
    return edgeOf(r);
  });

  // Targets (autograd.grad): the edge each input's gradient arrives on.
  const targets = opts.inputs?.map((t, i) => {
    if (!(t instanceof Tensor)) throw new TypeError(`${op}: inputs[${i}] must be a Tensor`);
    if (!t.requiresGrad) throw new Error(`${op}: inputs[${i}] (shape ${formatShape(t.shape)}) does not require grad`);
    return edgeOf(t);
  });

  // Dependency counts over the reachable graph.
  const deps = new Map<Node, number>();
  const order: Node[] = [];
  // Several outputs of one node may be roots: walk each node once.
  const seen = new Set<Node>(rootEdges.map((e) => e.node));
  const stack: Node[] = [...seen];
  while (stack.length > 0) {
    const node = stack.pop()!;
    order.push(node);
    for (const e of node.next) {
      if (e === null) continue;
      deps.set(e.node, (deps.get(e.node) ?? 0) + 1);
      if (!seen.has(e.node)) {
        seen.add(e.node);
        stack.push(e.node);
      }
    }
  }

  // In grad mode, only nodes on a path to a target run; a target's own node runs only when it
  // leads to another target (its gradient is captured when it is reached).
  let needed: Set<Node> | null = null;
  const targetNodes0 = new Set(targets?.map((t) => t.node) ?? []);
  if (targets) {
    const reaches = new Set(targets.map((t) => t.node));
    needed = new Set();
    let changed = true;
    while (changed) {
      changed = false;
      for (let i = order.length - 1; i >= 0; i--) {
        const node = order[i];
        if (needed.has(node)) continue;
        if (opts.stopAtInputs && targetNodes0.has(node)) continue;
        if (node.next.some((e) => e !== null && reaches.has(e.node))) {
          needed.add(node);
          reaches.add(node);
          changed = true;
        }
      }
    }
  }

  const recycler = new Recycler(!createGraph);
  const buffers = new Map<Node, Array<Tensor | null>>();
  const deliver = (edge: Edge, grad: Tensor) => {
    let buf = buffers.get(edge.node);
    if (buf === undefined) {
      buf = new Array(edge.node.numOutputs).fill(null);
      buffers.set(edge.node, buf);
    }
    const existing = buf[edge.index];
    if (existing === null) {
      recycler.hold(grad);
      buf[edge.index] = grad;
      return;
    }
    const total = recycler.scope(() => sumGradients(existing, grad), (t) => [t]);
    recycler.hold(total);
    recycler.drop(existing);
    buf[edge.index] = total;
  };

  roots.forEach((r, i) => {
    const seed = seeds[i];
    if (!sameShape(seed.shape, r.shape) || seed.dtype !== r.dtype) {
      throw new RangeError(
        `${op}: the gradient for output ${i} has shape ${formatShape(seed.shape)} (${seed.dtype}); the output has ${formatShape(r.shape)} (${r.dtype})`,
      );
    }
    deliver(rootEdges[i], seed);
  });

  const captured: Array<Tensor | null> = targets ? targets.map(() => null) : [];
  const targetNodes = new Set(targets?.map((t) => t.node) ?? []);
  const isTarget = (n: Node) => targetNodes.has(n);
  const capture = (node: Node, buf: Array<Tensor | null>) => {
    if (!targets) return;
    targets.forEach((t, k) => {
      const g = buf[t.index];
      if (t.node === node && g !== null) {
        captured[k] = g;
        recycler.keep(g);
      }
    });
  };

  // Ready nodes: all their consumers have delivered. Among ready nodes the most recently
  // created runs first, as in PyTorch.
  const ready: Node[] = [];
  const pushReady = (n: Node) => {
    let i = ready.length;
    ready.push(n);
    while (i > 0 && ready[i - 1].sequence > n.sequence) {
      ready[i] = ready[i - 1];
      i--;
    }
    ready[i] = n;
  };
  for (const e of rootEdges) if (!deps.has(e.node) && !ready.includes(e.node)) pushReady(e.node);

  const executed: Node[] = [];
  const previousMode = setGradEnabled(createGraph);
  try {
    while (ready.length > 0) {
      const node = ready.pop()!;
      const buf = buffers.get(node) ?? new Array(node.numOutputs).fill(null);
      buffers.delete(node);
      capture(node, buf);
      // A node none of whose outputs received a gradient contributes nothing.
      const runIt = (needed === null || needed.has(node)) && buf.some((g) => g !== null);
      if (runIt) {
        executed.push(node);
        if (node instanceof AccumulateGrad) {
          const g = buf[0]!;
          if (targets) {
            // grad mode: leaves are only captured
          } else if (node.leaf.grad === null && recycler.canAdopt(g)) {
            node.leaf.grad = new Tensor(g.storage, g.shape);
            recycler.keep(g);
          } else {
            accumulateIntoLeaf(node.leaf, g, createGraph);
          }
          // A leaf's gradient outlives any d.tidy() scope the backward ran in.
          if (node.leaf.grad !== null) keep(node.leaf.grad);
        } else {
          const inGrads = recycler.scope(() => runNode(node, buf, createGraph, op), (r) => r);
          node.next.forEach((e, i) => {
            const g = inGrads[i];
            if (e !== null && g !== null && g !== undefined && (needed === null || needed.has(e.node) || isTarget(e.node))) deliver(e, g);
          });
          retainGrads(node, buf, createGraph);
        }
      }
      for (const g of buf) if (g !== null) recycler.drop(g);
      for (const e of node.next) {
        if (e === null) continue;
        const left = deps.get(e.node)! - 1;
        deps.set(e.node, left);
        if (left === 0) pushReady(e.node);
      }
    }
  } finally {
    setGradEnabled(previousMode);
    if (!retainGraph) for (const n of executed) n.release();
  }

  if (targets) {
    captured.forEach((g, k) => {
      if (g === null && !opts.allowUnused) {
        throw new Error(`${op}: inputs[${k}] is not reachable from the outputs (pass { allowUnused: true } to get null for it)`);
      }
    });
    return captured.map((g) => (g === null ? null : createGraph ? g : castRaw(g, g.dtype)));
  }
  return [];
}

function runNode(node: Node, buf: Array<Tensor | null>, createGraph: boolean, op: string): Array<Tensor | null> {
  if (node.released) {
    throw new Error(
      `${op}: the graph of ${node.name} was already freed by a backward pass; pass { retainGraph: true } to the first backward to run backward through it again`,
    );
  }
  if (createGraph && !node.doubleBackward) throw new Error(`${node.name}: createGraph is not supported`);
  // Outputs that received no gradient get zeros (only possible for multi-output ops).
  const grads = buf.map((g, i) => g ?? zerosOf(node.outputShapes[i], dtypeOf(buf)));
  const checking = isAnomalyEnabled();
  const result = checking ? withoutOpChecks(() => node.backwardFn!(node.ctx!, ...grads)) : node.backwardFn!(node.ctx!, ...grads);
  if (!Array.isArray(result) || result.length !== node.next.length) {
    throw new Error(`internal: ${node.name}.backward returned ${Array.isArray(result) ? result.length : typeof result} gradients for ${node.next.length} inputs`);
  }
  result.forEach((g, i) => {
    if (g === null || g === undefined || node.next[i] === null) return;
    if (!(g instanceof Tensor)) throw new TypeError(`${node.name}.backward returned a non-tensor gradient for input ${i}`);
    if (!sameShape(g.shape, node.inputShapes[i])) {
      throw new Error(`${node.name}.backward returned a gradient of shape ${formatShape(g.shape)} for input ${i} of shape ${formatShape(node.inputShapes[i])}`);
    }
  });
  if (checking) checkFinite(node.name, 'backward', result.map((g) => g ?? null), node.inputShapes);
  return result;
}

function dtypeOf(buf: Array<Tensor | null>): Tensor['dtype'] {
  return buf.find((g) => g !== null)?.dtype ?? 'float32';
}

function retainGrads(node: Node, buf: Array<Tensor | null>, createGraph: boolean): void {
  if (node.retained === null) return;
  node.retained.forEach((ref, i) => {
    const t = ref?.deref();
    const g = buf[i];
    if (t === undefined || g === null) return;
    t.grad = t.grad === null ? (createGraph ? g : castRaw(g, g.dtype)) : sumGradients(t.grad, g);
  });
}

// leaf.grad += g. A first gradient is copied (it may alias other tensors); later ones are added
// in place unless the graph is being recorded.
function accumulateIntoLeaf(leaf: Tensor, g: Tensor, createGraph: boolean): void {
  if (leaf.grad === null) {
    leaf.grad = createGraph ? g : castRaw(g, g.dtype);
  } else if (createGraph || leaf.grad.requiresGrad) {
    leaf.grad = sumGradients(leaf.grad, g);
  } else {
    expectOwnElements(leaf.grad, 'add_');
    binaryInPlaceRaw('add', leaf.grad, g);
  }
}
