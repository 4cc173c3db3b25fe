// The memory of L-BFGS: the latest m curvature pairs (yᵢ = gᵢ₊₁ − gᵢ, sᵢ = θᵢ₊₁ − θᵢ) and
// ρᵢ = 1/yᵢᵀsᵢ, oldest first (Nocedal & Wright, sec. 7.2). Rows of two [capacity, n] buffers used
// as a ring: adding a pair to a full memory overwrites the oldest one, nothing moves. The
// capacity doubles up to m as pairs arrive, so a short run never allocates m·n.
import { ParamState } from '../optimizer';
import { DType } from '../../tensor/dtype';
import { zerosOf } from '../../tensor/raw/alloc';
import { copyInto } from '../../tensor/raw/copy';
import { Tensor } from '../../tensor/tensor';

export class CurvaturePairs {
  private ys: Tensor;
  private ss: Tensor;
  private rhos: Tensor;
  private start: number;
  /** Number of pairs held. */
  count: number;

  private constructor(readonly n: number, readonly dtype: DType, ys: Tensor, ss: Tensor, rhos: Tensor, start: number, count: number) {
    this.ys = ys;
    this.ss = ss;
    this.rhos = rhos;
    this.start = start;
    this.count = count;
  }

  static empty(n: number, dtype: DType): CurvaturePairs {
    return new CurvaturePairs(n, dtype, zerosOf([0, n], dtype), zerosOf([0, n], dtype), zerosOf([0], 'float64'), 0, 0);
  }

  /** The memory saved in st by save(), or an empty one. */
  static load(st: ParamState, n: number, dtype: DType): CurvaturePairs {
    const ys = st.old_dirs;
    const ss = st.old_stps;
    const rhos = st.ro;
    if (!(ys instanceof Tensor) || !(ss instanceof Tensor) || !(rhos instanceof Tensor)) return CurvaturePairs.empty(n, dtype);
    return new CurvaturePairs(n, dtype, ys, ss, rhos, st.history_start as number, st.history_count as number);
  }

  /** Throws unless st holds a consistent memory for vectors of n elements (or none). */
  static check(st: ParamState, n: number, dtype: DType, op: string): void {
    const { old_dirs: ys, old_stps: ss, ro: rhos, history_start: start, history_count: count } = st;
    if (ys === undefined && ss === undefined && rhos === undefined) return;
    if (!(ys instanceof Tensor) || !(ss instanceof Tensor) || !(rhos instanceof Tensor)) throw new TypeError(`${op}: state old_dirs, old_stps and ro must be tensors`);
    const cap = rhos.numel();
    for (const [name, t] of [['old_dirs', ys], ['old_stps', ss]] as const) {
      if (t.ndim !== 2 || t.shape[0] !== cap || t.shape[1] !== n) throw new RangeError(`${op}: state ${name} must be [${cap}, ${n}], got [${t.shape.join(', ')}]`);
    }
    if (!Number.isInteger(start) || !Number.isInteger(count) || (start as number) < 0 || (count as number) < 0 || (count as number) > cap || (start as number) >= Math.max(cap, 1)) {
      throw new RangeError(`${op}: state history_start ${String(start)} and history_count ${String(count)} do not fit a memory of ${cap} pairs`);
    }
    if (ys.dtype !== dtype) st.old_dirs = ys.to(dtype);
    if (ss.dtype !== dtype) st.old_stps = ss.to(dtype);
    if (rhos.dtype !== 'float64') st.ro = rhos.to('float64');
  }

  save(st: ParamState): void {
    st.old_dirs = this.ys;
    st.old_stps = this.ss;
    st.ro = this.rhos;
    st.history_start = this.start;
    st.history_count = this.count;
  }

  clear(): void {
    this.start = 0;
    this.count = 0;
  }

  private get capacity(): number {
    return this.rhos.numel();
  }

  private row(i: number): number {
    return (this.start + i) % this.capacity;
  }

  /** yᵢ, i = 0 the oldest pair (a view into the memory). */
  y(i: number): Tensor {
    return new Tensor(this.ys.storage, [this.n], undefined, this.ys.offset + this.row(i) * this.n);
  }

  /** sᵢ (a view into the memory). */
  s(i: number): Tensor {
    return new Tensor(this.ss.storage, [this.n], undefined, this.ss.offset + this.row(i) * this.n);
  }

  rho(i: number): number {
    return this.rhos.storage.data[this.rhos.offset + this.row(i)];
  }

  /** Adds a pair, dropping the oldest ones while the memory holds m or more. */
  push(y: Tensor, s: Tensor, rho: number, m: number): void {
    while (this.count >= m && this.count > 0) {
      this.start = (this.start + 1) % this.capacity;
      this.count--;
    }
    if (this.count === this.capacity) this.grow(Math.min(Math.max(2 * this.capacity, 1), m));
    const r = (this.start + this.count) % this.capacity;
    copyInto(y, new Tensor(this.ys.storage, [this.n], undefined, this.ys.offset + r * this.n));
    copyInto(s, new Tensor(this.ss.storage, [this.n], undefined, this.ss.offset + r * this.n));
    this.rhos.storage.data[this.rhos.offset + r] = rho;
    this.count++;
  }

  private grow(capacity: number): void {
    const ys = zerosOf([capacity, this.n], this.dtype);
    const ss = zerosOf([capacity, this.n], this.dtype);
    const rhos = zerosOf([capacity], 'float64');
    for (let i = 0; i < this.count; i++) {
      copyInto(this.y(i), new Tensor(ys.storage, [this.n], undefined, i * this.n));
      copyInto(this.s(i), new Tensor(ss.storage, [this.n], undefined, i * this.n));
      rhos.storage.data[i] = this.rho(i);
    }
    this.ys = ys;
    this.ss = ss;
    this.rhos = rhos;
    this.start = 0;
  }
}
