// Module (lib/nn, docs/ARCHITECTURE.md): the base class of every layer and model, with PyTorch's
// discovery rules. Fields holding a Parameter are parameters, fields holding a Module are
// children, registerBuffer names buffers; everything else is a plain field. Discovery follows
// insertion order (a module's parameters, then its buffers, then its children), so stateDict
// keys and order equal PyTorch's: '0.weight', '1.running_mean', '1.num_batches_tracked'.
import { DType, checkDType, isFloat } from '../tensor/dtype';
import { castRaw } from '../tensor/raw/copy';
import { formatShape, sameShape } from '../tensor/shape';
import { zerosOf } from '../tensor/raw/alloc';
import { Tensor } from '../tensor/tensor';
import { Parameter, withoutGrad } from './parameter';

export type ForwardPreHook = (module: Module, inputs: Tensor[]) => Tensor[] | void;
export type ForwardHook = (module: Module, inputs: Tensor[], output: Tensor) => Tensor | void;

export interface HookHandle {
  remove(): void;
}

export interface LoadResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

interface BufferEntry {
  tensor: Tensor | null;
  persistent: boolean;
}

/** The flattened parameters and gradients of a module: one buffer each. */
export interface FlatParameters {
  params: Tensor;
  grads: Tensor;
}

// Fields the base class keeps for itself; never parameters, buffers or children.
const INTERNAL = new Set(['training', 'buffersByName', 'preHooks', 'postHooks', 'flat']);

export abstract class Module {
  /** True in training mode (dropout active, batch norm on batch statistics). */
  training = true;
  private buffersByName = new Map<string, BufferEntry>();
  private preHooks = new Map<number, ForwardPreHook>();
  private postHooks = new Map<number, ForwardHook>();
  /** Set by flattenParameters(). */
  flat: FlatParameters | null = null;

  /** The computation. Call a module through call(), which also runs its hooks. */
  abstract forward(...inputs: Tensor[]): Tensor;

  /** Runs the forward pre-hooks, forward, then the forward hooks (how a module is called). */
  call(...inputs: Tensor[]): Tensor {
    let xs = inputs;
    for (const hook of this.preHooks.values()) {
      const r = hook(this, xs);
      if (r !== undefined) xs = r;
    }
    let out = this.forward(...xs);
    for (const hook of this.postHooks.values()) {
      const r = hook(this, xs, out);
      if (r !== undefined) out = r;
    }
    return out;
  }

  registerForwardPreHook(fn: ForwardPreHook): HookHandle {
    return addHook(this.preHooks, fn);
  }

  registerForwardHook(fn: ForwardHook): HookHandle {
    return addHook(this.postHooks, fn);
  }

  /**
   * Registers a buffer: state that is not a parameter (running statistics). Persistent buffers
   * appear in stateDict. The name is the stateDict key; read it back with buffer(name).
   */
  registerBuffer(name: string, t: Tensor | null, opts: { persistent?: boolean } = {}): void {
    if (typeof name !== 'string' || name === '' || name.includes('.')) {
      throw new TypeError(`registerBuffer: invalid buffer name ${JSON.stringify(name)}`);
    }
    if (t !== null && !(t instanceof Tensor)) throw new TypeError(`registerBuffer: ${name} must be a Tensor or null`);
    if (name in this && !this.buffersByName.has(name)) {
      throw new Error(`registerBuffer: ${name} is already a field of ${this.constructor.name}`);
    }
    this.buffersByName.set(name, { tensor: t, persistent: opts.persistent ?? true });
  }

  /** The buffer registered under name. */
  buffer(name: string): Tensor | null {
    const entry = this.buffersByName.get(name);
    if (entry === undefined) throw new Error(`buffer: ${this.constructor.name} has no buffer ${name}`);
    return entry.tensor;
  }

  /** Replaces the tensor of a registered buffer. */
  setBuffer(name: string, t: Tensor | null): void {
    const entry = this.buffersByName.get(name);
    if (entry === undefined) throw new Error(`setBuffer: ${this.constructor.name} has no buffer ${name}`);
    entry.tensor = t;
  }

  /** (name, parameter) of this module only, in insertion order. */
  private ownParameters(): Array<[string, Parameter]> {
    const out: Array<[string, Parameter]> = [];
    for (const key of Object.keys(this)) {
      if (INTERNAL.has(key)) continue;
      const v = (this as Record<string, unknown>)[key];
      if (v instanceof Parameter) out.push([key, v]);
    }
    return out;
  }

  /** (name, child) of this module, in insertion order. */
  namedChildren(): Array<[string, Module]> {
    const out: Array<[string, Module]> = [];
    for (const key of Object.keys(this)) {
      if (INTERNAL.has(key)) continue;
      const v = (this as Record<string, unknown>)[key];
      if (v instanceof Module) out.push([key, v]);
    }
    return out;
  }

  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /** This module and every descendant, depth first, with dotted names ('' for this one). */
  namedModules(prefix = ''): Array<[string, Module]> {
    const out: Array<[string, Module]> = [[prefix, this]];
    for (const [name, child] of this.namedChildren()) out.push(...child.namedModules(prefix ? `${prefix}.${name}` : name));
    return out;
  }

  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  /** Every parameter with its dotted name, in PyTorch's order; a shared parameter once. */
  namedParameters(): Array<[string, Parameter]> {
    const out: Array<[string, Parameter]> = [];
    const seen = new Set<Parameter>();
    for (const [prefix, m] of this.namedModules()) {
      for (const [name, p] of m.ownParameters()) {
        if (seen.has(p)) continue;
        seen.add(p);
        out.push([prefix ? `${prefix}.${name}` : name, p]);
      }
    }
    return out;
  }

  parameters(): Parameter[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** Every buffer (persistent or not) with its dotted name. */
  namedBuffers(): Array<[string, Tensor]> {
    const out: Array<[string, Tensor]> = [];
    for (const [prefix, m] of this.namedModules()) {
      for (const [name, entry] of m.buffersByName) {
        if (entry.tensor !== null) out.push([prefix ? `${prefix}.${name}` : name, entry.tensor]);
      }
    }
    return out;
  }

  buffers(): Tensor[] {
    return this.namedBuffers().map(([, t]) => t);
  }

  /** Sets training mode on this module and every descendant. */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /** Evaluation mode: train(false). */
  eval(): this {
    return this.train(false);
  }

  /** Calls fn on every module (descendants first, then this one, as PyTorch). */
  apply(fn: (m: Module) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  /** Total number of elements in the parameters. */
  numParameters(opts: { trainableOnly?: boolean } = {}): number {
    return this.parameters()
      .filter((p) => !opts.trainableOnly || p.requiresGrad)
      .reduce((s, p) => s + p.numel(), 0);
  }

  /** Stops gradients for every parameter (requiresGrad = false). */
  freeze(): this {
    for (const p of this.parameters()) p.requiresGrad = false;
    return this;
  }

  unfreeze(): this {
    for (const p of this.parameters()) p.requiresGrad = true;
    return this;
  }

  /**
   * Converts float parameters and buffers to dtype. Parameters are replaced by new Parameter
   * objects (build optimizers after calling to()).
   */
  to(dtype: DType): this {
    const d = checkDType(dtype, 'to');
    if (!isFloat(d)) throw new TypeError(`to: modules hold float parameters; ${d} is not a float dtype`);
    for (const m of this.modules()) {
      for (const [name, p] of m.ownParameters()) {
        if (p.dtype === d) continue;
        (m as unknown as Record<string, unknown>)[name] = new Parameter(castRaw(p, d), p.requiresGrad);
      }
      for (const entry of m.buffersByName.values()) {
        if (entry.tensor !== null && isFloat(entry.tensor.dtype) && entry.tensor.dtype !== d) entry.tensor = castRaw(entry.tensor, d);
      }
      m.flat = null;
    }
    return this;
  }

  /** Parameters and persistent buffers by PyTorch key, in PyTorch's order (detached views). */
  stateDict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [prefix, m] of this.namedModules()) {
      const key = (name: string) => (prefix ? `${prefix}.${name}` : name);
      for (const [name, p] of m.ownParameters()) out[key(name)] = p.detach();
      for (const [name, entry] of m.buffersByName) {
        if (entry.persistent && entry.tensor !== null) out[key(name)] = entry.tensor.detach();
      }
    }
    return out;
  }

  /**
   * Copies values from sd into the parameters and buffers (converting dtypes). strict (default)
   * requires exactly the same keys; a shape mismatch always throws. Nothing is changed unless
   * the whole load succeeds.
   */
  loadStateDict(sd: Record<string, Tensor>, opts: { strict?: boolean } = {}): LoadResult {
    if (sd === null || typeof sd !== 'object') throw new TypeError('loadStateDict: expected an object of tensors');
    const strict = opts.strict ?? true;
    const own = this.stateDict();
    const targets = new Map<string, Tensor>();
    for (const [prefix, m] of this.namedModules()) {
      const key = (name: string) => (prefix ? `${prefix}.${name}` : name);
      for (const [name, p] of m.ownParameters()) targets.set(key(name), p);
      for (const [name, entry] of m.buffersByName) if (entry.persistent && entry.tensor !== null) targets.set(key(name), entry.tensor);
    }
    const missingKeys = Object.keys(own).filter((k) => !(k in sd));
    const unexpectedKeys = Object.keys(sd).filter((k) => !(k in own));
    const mismatches: string[] = [];
    for (const [k, t] of targets) {
      if (!(k in sd)) continue;
      const src = sd[k];
      if (!(src instanceof Tensor)) throw new TypeError(`loadStateDict: ${k} is not a Tensor`);
      if (!sameShape(src.shape, t.shape)) mismatches.push(`${k}: checkpoint ${formatShape(src.shape)}, model ${formatShape(t.shape)}`);
    }
    if (mismatches.length > 0) throw new RangeError(`loadStateDict: size mismatch for ${mismatches.join('; ')}`);
    if (strict && (missingKeys.length > 0 || unexpectedKeys.length > 0)) {
      const parts: string[] = [];
      if (missingKeys.length) parts.push(`missing keys ${missingKeys.join(', ')}`);
      if (unexpectedKeys.length) parts.push(`unexpected keys ${unexpectedKeys.join(', ')}`);
      throw new Error(`loadStateDict: ${parts.join('; ')} (pass { strict: false } to load the matching keys)`);
    }
    withoutGrad(() => {
      for (const [k, t] of targets) if (k in sd) t.copy_(sd[k]);
    });
    return { missingKeys, unexpectedKeys };
  }

  /**
   * Moves every float32 (or every float64) parameter into one contiguous buffer and gives each a
   * gradient that is a view of one gradient buffer, so an optimizer updates the whole model in
   * one fused call. Parameters are replaced by views of the flat buffer (values kept).
   */
  flattenParameters(): FlatParameters {
    const params = this.parameters();
    if (params.length === 0) throw new Error('flattenParameters: the module has no parameters');
    const dtype = params[0].dtype;
    if (params.some((p) => p.dtype !== dtype)) throw new TypeError('flattenParameters: parameters of different dtypes cannot share one buffer');
    const total = params.reduce((s, p) => s + p.numel(), 0);
    const flatParams = zerosOf([total], dtype);
    const flatGrads = zerosOf([total], dtype);
    const replacement = new Map<Parameter, Parameter>();
    let at = 0;
    for (const p of params) {
      const n = p.numel();
      const view = new Tensor(flatParams.storage, p.shape, undefined, at);
      withoutGrad(() => view.copy_(p));
      const np = new Parameter(view, p.requiresGrad);
      np.grad = new Tensor(flatGrads.storage, p.shape, undefined, at);
      replacement.set(p, np);
      at += n;
    }
    for (const m of this.modules()) {
      for (const [name, p] of m.ownParameters()) {
        const np = replacement.get(p);
        if (np !== undefined) (m as unknown as Record<string, unknown>)[name] = np;
      }
    }
    this.flat = { params: flatParams, grads: flatGrads };
    return this.flat;
  }

  /** Extra text inside the module's parentheses in toString (override in layers). */
  extraRepr(): string {
    return '';
  }

  toString(): string {
    const children = this.namedChildren();
    const head = `${this.constructor.name}(${this.extraRepr()}`;
    if (children.length === 0) return `${head})`;
    const lines = children.map(([name, m]) => `  (${name}): ${m.toString().split('\n').join('\n  ')}`);
    return `${head}\n${lines.join('\n')}\n)`;
  }
}

let hookId = 0;
function addHook<F>(map: Map<number, F>, fn: F): HookHandle {
  if (typeof fn !== 'function') throw new TypeError('registerForwardHook: expected a function');
  const id = hookId++;
  map.set(id, fn);
  return { remove: () => map.delete(id) };
}
