// The optimizer contract (docs/ARCHITECTURE.md, decision 9), PyTorch's shape: parameter groups
// with their own options, zeroGrad, step(closure?), stateDict/loadStateDict. Every element-wise
// update runs as one fused native call per parameter group (multi-tensor): the group's
// parameters, gradients and state buffers are passed as segments of typed arrays, and segments
// that lie end to end in memory (a flattened model, or state buffers allocated together) merge
// into one.
import { enableGrad, setGradEnabled } from '../autograd/grad-mode';
import * as kernels from '../kernels';
import { optimizerInfo } from '../kernels';
import { DType, isFloat } from '../tensor/dtype';
import { zerosOf } from '../tensor/raw/alloc';
import { fillRaw } from '../tensor/raw/fill';
import { formatShape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { fromTensorData, isTensorData, TensorData, toTensorData } from '../tensor/tensor-data';

/** The options every optimizer has; each algorithm adds its own. */
export interface BaseOptions {
  lr: number;
}

export type ParamGroup<O> = O & { params: Tensor[] };
export type GroupSpec<O> = Partial<O> & { params: Iterable<Tensor> };
export type ParamsArg<O> = Iterable<Tensor> | Array<GroupSpec<O>>;

/** Per-parameter state: tensors (named as in PyTorch's state dicts) and numbers (step, ...). */
export type ParamState = Record<string, Tensor | number>;

export interface OptimizerStateDict {
  /** State by parameter index (the position in the concatenated groups), as plain data. */
  state: Record<number, Record<string, TensorData | number>>;
  /** Each group's options and the indices of its parameters. */
  paramGroups: Array<Record<string, unknown> & { params: number[] }>;
}

export type Closure = () => Tensor | number;

function algorithmInfo(name: string): kernels.OptimizerInfo {
  const info = optimizerInfo[name];
  if (info === undefined) throw new Error(`internal: the addon has no optimizer kernel ${name}`);
  return info;
}

/**
 * The per-tensor scalars a fused kernel reads: each parameter's scalar state under `keys` (in
 * the kernel's order, optimizerInfo[kernel].scalars), which the kernel advances and fusedUpdate
 * writes back (step counts, NAdam's μ product, ASGD's η and μ); or plain values the kernel only
 * reads (SGD's first-step flag).
 */
export type KernelScalars = { state: ParamState[]; keys: readonly string[] } | { values: number[][] };

/** Throws unless value is a finite number in [lo, hi] (or (lo, hi] when loOpen). */
export function checkRange(op: string, name: string, value: unknown, lo: number, hi: number, loOpen = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || (loOpen ? value <= lo : value < lo) || value > hi) {
    const interval = `${loOpen ? '(' : '['}${lo}, ${hi === Infinity ? '∞)' : `${hi}]`}`;
    throw new RangeError(`${op}: ${name} must be a number in ${interval}, got ${String(value)}`);
  }
  return value;
}

/** Throws unless value is a boolean (a string such as 'false' would otherwise read as true). */
export function checkFlag(op: string, name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${op}: ${name} must be true or false, got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`);
  return value;
}

/**
 * An optimizer class's static `defaults`: the options its constructor starts from, frozen, and
 * its array options (betas, etas) frozen too.
 */
export type OptimizerDefaults<O> = { readonly [K in keyof O]: O[K] extends readonly unknown[] ? Readonly<O[K]> : O[K] };

/** options frozen, array values included: a class's static defaults. */
export function frozenDefaults<O extends object>(options: OptimizerDefaults<O>): OptimizerDefaults<O> {
  for (const v of Object.values(options)) if (Array.isArray(v)) Object.freeze(v);
  return Object.freeze(options);
}

/**
 * defaults overridden by the options that are not undefined (undefined means "the default"), as
 * a fresh copy (the frozen defaults' arrays are not shared). An option the defaults do not name
 * is a mistake (a typo such as `momentun`) and throws.
 */
export function withDefaults<O extends object>(defaults: OptimizerDefaults<O>, opts: Partial<O> | undefined, op = 'optimizer'): O {
  checkOptionNames(op, defaults, opts ?? {}, []);
  return cloneOptions({ ...defaults, ...definedOnly(opts ?? {}) }) as O;
}

/** Throws a RangeError naming the first key of given that is neither in known nor allowed. */
export function checkOptionNames(op: string, known: object, given: object, allowed: readonly string[]): void {
  if (given === null || typeof given !== 'object') throw new TypeError(`${op}: options must be an object, got ${String(given)}`);
  for (const key of Object.keys(given)) {
    if (!(key in known) && !allowed.includes(key)) {
      throw new RangeError(`${op}: unknown option '${key}' (options: ${Object.keys(known).join(', ')})`);
    }
  }
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export abstract class Optimizer<O extends BaseOptions = BaseOptions> {
  readonly paramGroups: Array<ParamGroup<O>> = [];
  readonly defaults: O;
  /** Per-parameter state, created at a parameter's first step. */
  readonly state = new Map<Tensor, ParamState>();
  /** Parameters whose state stateFor() created during the current step. */
  protected readonly created = new Set<Tensor>();

  protected constructor(params: ParamsArg<O>, defaults: O) {
    // Deep copies: groups never share an array option (betas) with each other or the defaults.
    this.defaults = cloneOptions(defaults);
    this.validate(this.defaults);
    const list = [...(params as Iterable<Tensor | GroupSpec<O>>)];
    if (list.length === 0) throw new RangeError(`${this.constructor.name}: got an empty parameter list`);
    // A list of tensors is one group; anything but a list of group objects is checked as one.
    const isGroup = (x: unknown) => x !== null && typeof x === 'object' && !(x instanceof Tensor);
    if (!list.every(isGroup)) {
      this.addParamGroup({ params: list as Tensor[] } as unknown as GroupSpec<O>);
    } else {
      for (const g of list as Array<GroupSpec<O>>) this.addParamGroup(g);
    }
  }

  /** Throws a RangeError naming the option at fault. */
  protected abstract validate(options: O): void;

  /** Adds a group; options not given take the constructor's defaults. */
  addParamGroup(group: GroupSpec<O>): void {
    const op = `${this.constructor.name}.addParamGroup`;
    if (group === null || typeof group !== 'object' || !('params' in group)) throw new TypeError(`${op}: a group needs params`);
    const params = [...group.params];
    const seen = new Set(this.paramGroups.flatMap((g) => g.params));
    params.forEach((p, i) => {
      if (!(p instanceof Tensor)) throw new TypeError(`${op}: params[${i}] is not a Tensor`);
      if (!isFloat(p.dtype)) throw new TypeError(`${op}: params[${i}] is ${p.dtype}; only float tensors can be optimized`);
      if (!p.isLeaf) throw new TypeError(`${op}: params[${i}] is not a leaf tensor; optimize leaves (parameters), not results`);
      if (seen.has(p)) throw new Error(`${op}: params[${i}] appears in more than one group`);
      seen.add(p);
    });
    const { params: _given, ...options } = group;
    const full = { ...cloneOptions({ ...this.defaults, ...definedOnly(options) }), params } as ParamGroup<O>;
    this.validate(full);
    this.paramGroups.push(full);
  }

  /**
   * Clears gradients: to null (default, as PyTorch) or, with setToNone false, to zeros in place
   * (a gradient buffer then stays allocated and backward accumulates into it).
   */
  zeroGrad(opts: { setToNone?: boolean } = {}): void {
    const setToNone = opts.setToNone ?? true;
    const previous = setGradEnabled(false);
    try {
      for (const g of this.paramGroups) {
        for (const p of g.params) {
          if (p.grad === null) continue;
          // Flattened parameters keep their gradient views in the shared buffer.
          if (setToNone && !isFlatGradient(p)) p.grad = null;
          else p.grad.zero_();
        }
      }
    } finally {
      setGradEnabled(previous);
    }
  }

  /**
   * Updates the parameters. With a closure (which must compute the loss and call backward), the
   * closure runs first with recording on and its loss is returned. The update itself is never
   * recorded.
   */
  step(closure?: Closure): number | undefined {
    let loss: number | undefined;
    if (closure !== undefined) {
      if (typeof closure !== 'function') throw new TypeError(`${this.constructor.name}.step: closure must be a function`);
      const r = enableGrad(closure);
      loss = r instanceof Tensor ? r.item() : r;
    }
    // Every group is checked before any is updated (options may change between steps).
    for (const group of this.paramGroups) this.validate(group);
    const previous = setGradEnabled(false);
    this.created.clear();
    try {
      for (const group of this.paramGroups) {
        const live = group.params.filter((p) => p.grad !== null && p.requiresGrad);
        if (live.length > 0) this.updateGroup(group, live);
      }
    } finally {
      setGradEnabled(previous);
    }
    return loss;
  }

  /** Updates the parameters of one group that have gradients (recording is off). */
  protected abstract updateGroup(group: ParamGroup<O>, params: Tensor[]): void;

  /**
   * The state of params, created on first use with one buffer per state kind shared by the group
   * (so the fused call sees them end to end). init(name) gives a buffer's initial value (0 when
   * omitted); numbers start as given in scalars.
   */
  protected stateFor(params: Tensor[], tensorNames: string[], scalars: Record<string, number>, init?: (name: string) => number): ParamState[] {
    const fresh = params.filter((p) => !this.state.has(p) || tensorNames.some((n) => !(n in this.state.get(p)!)));
    for (const p of fresh) this.created.add(p);
    if (fresh.length > 0) {
      const byDtype = new Map<DType, Tensor[]>();
      for (const p of fresh) byDtype.set(p.dtype, [...(byDtype.get(p.dtype) ?? []), p]);
      for (const [dtype, ps] of byDtype) {
        const total = ps.reduce((s, p) => s + p.numel(), 0);
        const buffers = tensorNames.map((name) => {
          const b = zerosOf([total], dtype);
          const v = init?.(name) ?? 0;
          if (v !== 0) fillRaw(b, v);
          return b;
        });
        let at = 0;
        for (const p of ps) {
          const st: ParamState = { ...scalars, ...this.state.get(p) };
          tensorNames.forEach((name, k) => {
            if (!(name in st)) st[name] = new Tensor(buffers[k].storage, p.shape, undefined, at);
          });
          this.state.set(p, st);
          at += p.numel();
        }
      }
    }
    return params.map((p) => this.state.get(p)!);
  }

  /**
   * One fused native update of params (docs/ARCHITECTURE.md, decision 9): `kernel` names the
   * algorithm in optimizerInfo, `hyper` its group scalars by name, `states` each parameter's state
   * tensors in the kernel's order (null where the options leave a buffer unused), `scalars` its
   * per-tensor scalars. Every per-step quantity (bias corrections, step sizes) is the kernel's to
   * compute; this only moves the values.
   */
  protected fusedUpdate(kernel: string, params: Tensor[], hyper: Record<string, number>, states: Array<Array<Tensor | null>>, scalars: KernelScalars): void {
    const info = algorithmInfo(kernel);
    const P = info.scalars.length;
    if ('keys' in scalars && scalars.keys.length !== P) throw new Error(`internal: ${kernel} has ${P} scalars, got keys ${scalars.keys.join(', ')}`);
    const valuesOf = (i: number): number[] => ('values' in scalars ? scalars.values[i] : scalars.keys.map((k) => scalars.state[i][k] as number));
    // One native call per dtype: a group may mix float32 and float64 parameters.
    const dtypes = [...new Set(params.map((p) => p.dtype))];
    if (dtypes.length > 1) {
      for (const dtype of dtypes) {
        const at = params.flatMap((p, i) => (p.dtype === dtype ? [i] : []));
        const part: KernelScalars = 'values' in scalars
          ? { values: at.map((i) => scalars.values[i]) }
          : { state: at.map((i) => scalars.state[i]), keys: scalars.keys };
        this.fusedUpdate(kernel, at.map((i) => params[i]), hyper, at.map((i) => states[i]), part);
      }
      return;
    }
    const H = info.hyper.length;
    info.hyper.forEach((name, i) => {
      const v = hyper[name];
      if (v === undefined) throw new Error(`internal: ${kernel} needs hyperparameter ${name}`);
      scratch[i] = v;
    });
    // Merge parameters whose parameter, gradient and state segments continue the previous ones
    // and whose scalars are equal; `members` are the parameters a segment covers.
    interface Segment { p: Tensor; g: Tensor; s: Array<Tensor | null>; n: number; k: number[]; members: number[] }
    const segments: Segment[] = [];
    params.forEach((p, i) => {
      const g = p.grad!;
      if (!g.isContiguous() || !p.isContiguous()) throw new Error(`${this.constructor.name}: parameters and gradients must be contiguous (shape ${formatShape(p.shape)})`);
      if (g.dtype !== p.dtype) throw new TypeError(`${this.constructor.name}: gradient dtype ${g.dtype} differs from parameter dtype ${p.dtype}`);
      const k = valuesOf(i);
      const last = segments[segments.length - 1];
      const continues = (a: Tensor | null, b: Tensor | null, n: number) =>
        a === null ? b === null : b !== null && a.storage === b.storage && a.offset + n === b.offset;
      if (
        last !== undefined && continues(last.p, p, last.n) && continues(last.g, g, last.n) &&
        last.s.every((s, j) => continues(s, states[i][j], last.n)) && last.k.every((v, j) => v === k[j])
      ) {
        last.n += p.numel();
        last.members.push(i);
      } else {
        segments.push({ p, g, s: states[i], n: p.numel(), k, members: [i] });
      }
    });
    const S = info.states.length;
    const need = H + segments.length * P;
    if (need > scratch.length) scratch = growScratch(need, H);
    segments.forEach((s, i) => scratch.set(s.k, H + i * P));
    const vector = (t: Tensor, n: number) => ({ data: t.storage.data, offset: t.offset, shape: [n] });
    kernels.optimizerStep({
      code: info.code,
      hyper: { data: scratch, offset: 0, shape: [H] },
      scalars: { data: scratch, offset: H, shape: [segments.length, P] },
      params: segments.map((s) => vector(s.p, s.n)),
      grads: segments.map((s) => vector(s.g, s.n)),
      states: segments.flatMap((s) => Array.from({ length: S }, (_, j) => (s.s[j] ? vector(s.s[j]!, s.n) : null))),
    });
    for (const s of segments) s.p.storage.version++;
    if ('keys' in scalars) {
      segments.forEach((s, i) => {
        for (const m of s.members) scalars.keys.forEach((key, j) => (scalars.state[m][key] = scratch[H + i * P + j]));
      });
    }
  }

  /** The optimizer's state as plain data (JSON-safe but for typed arrays; structuredClone-safe). */
  stateDict(): OptimizerStateDict {
    const index = new Map<Tensor, number>();
    const groups = this.paramGroups.map((g) => {
      const { params, ...options } = g as ParamGroup<O> & Record<string, unknown>;
      return { ...cloneOptions(options), params: params.map((p) => {
        const i = index.size;
        index.set(p, i);
        return i;
      }) };
    });
    const state: OptimizerStateDict['state'] = {};
    for (const [p, st] of this.state) {
      const i = index.get(p);
      if (i === undefined) continue;
      state[i] = Object.fromEntries(Object.entries(st).map(([k, v]) => [k, v instanceof Tensor ? toTensorData(v) : v]));
    }
    return { state, paramGroups: groups };
  }

  /**
   * Restores a stateDict(): group options and per-parameter state (copied into fresh buffers).
   * The groups must have the same sizes as this optimizer's; nothing changes if they do not.
   */
  loadStateDict(sd: OptimizerStateDict): void {
    const op = `${this.constructor.name}.loadStateDict`;
    if (sd === null || typeof sd !== 'object' || !Array.isArray(sd.paramGroups) || typeof sd.state !== 'object') {
      throw new TypeError(`${op}: expected { state, paramGroups }`);
    }
    if (sd.paramGroups.length !== this.paramGroups.length) {
      throw new RangeError(`${op}: the state dict has ${sd.paramGroups.length} parameter groups, this optimizer ${this.paramGroups.length}`);
    }
    sd.paramGroups.forEach((g, i) => {
      if (!Array.isArray(g.params) || g.params.length !== this.paramGroups[i].params.length) {
        throw new RangeError(`${op}: group ${i} has ${g.params?.length} parameters in the state dict, ${this.paramGroups[i].params.length} here`);
      }
    });
    const all = this.paramGroups.flatMap((g) => g.params);
    const restored = new Map<Tensor, ParamState>();
    for (const [key, st] of Object.entries(sd.state)) {
      const p = all[Number(key)];
      if (p === undefined) throw new RangeError(`${op}: state for parameter ${key}, which does not exist`);
      const entry: ParamState = {};
      for (const [k, v] of Object.entries(st)) {
        if (isTensorData(v)) {
          const t = fromTensorData(v, op);
          if (t.numel() !== p.numel()) throw new RangeError(`${op}: state ${k} of parameter ${key} has shape ${formatShape(t.shape)}, the parameter ${formatShape(p.shape)}`);
          entry[k] = t.dtype === p.dtype ? t.reshape(p.shape as number[]) : t.to(p.dtype).reshape(p.shape as number[]);
        } else if (typeof v === 'number') {
          entry[k] = v;
        } else {
          throw new TypeError(`${op}: state ${k} of parameter ${key} is neither a number nor tensor data`);
        }
      }
      restored.set(p, entry);
    }
    const options = sd.paramGroups.map(({ params, ...rest }) => rest);
    options.forEach((o, i) => this.validate({ ...this.paramGroups[i], ...o } as ParamGroup<O>));
    options.forEach((o, i) => Object.assign(this.paramGroups[i], cloneOptions(o)));
    this.state.clear();
    for (const [p, st] of restored) this.state.set(p, st);
    this.packState();
  }

  /**
   * Moves each group's state buffers of one name (and dtype) into one allocation, end to end in
   * parameter order, as stateFor creates them, so the fused call can merge the segments of a
   * flattened model again after loadStateDict.
   */
  private packState(): void {
    for (const g of this.paramGroups) {
      const names = new Set(g.params.flatMap((p) => Object.keys(this.state.get(p) ?? {})));
      for (const name of names) {
        const byDtype = new Map<DType, Tensor[]>();
        for (const p of g.params) {
          if (this.state.get(p)?.[name] instanceof Tensor) byDtype.set(p.dtype, [...(byDtype.get(p.dtype) ?? []), p]);
        }
        for (const [dtype, ps] of byDtype) {
          const buffer = zerosOf([ps.reduce((s, p) => s + p.numel(), 0)], dtype);
          let at = 0;
          for (const p of ps) {
            const st = this.state.get(p)!;
            const view = new Tensor(buffer.storage, p.shape, undefined, at);
            view.copy_(st[name] as Tensor);
            st[name] = view;
            at += p.numel();
          }
        }
      }
    }
  }
}

/**
 * The group and per-tensor scalars of the fused calls, in one buffer reused across calls: a small
 * Float64Array made afresh lives on V8's heap and the addon's first look at it copies it out (a
 * few µs per call), while this one, once moved out, costs nothing to pass.
 */
let scratch = new Float64Array(1024);
function growScratch(n: number, keep: number): Float64Array<ArrayBuffer> {
  const grown = new Float64Array(2 * n);
  grown.set(scratch.subarray(0, keep));
  return grown;
}

function isFlatGradient(p: Tensor): boolean {
  const g = p.grad;
  return g !== null && (g.offset !== 0 || g.numel() !== g.storage.length);
}

// A deep copy of arrays and plain objects; numbers (Infinity too: Rprop's Δmax, which JSON would
// turn into null), strings and anything else are kept as they are.
function cloneOptions<T>(o: T): T {
  if (Array.isArray(o)) return o.map(cloneOptions) as T;
  if (o !== null && typeof o === 'object' && Object.getPrototypeOf(o) === Object.prototype) {
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, cloneOptions(v)])) as T;
  }
  return o;
}
