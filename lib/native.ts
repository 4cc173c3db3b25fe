// The one place that loads the compiled addon (ARCHITECTURE: lib/native.ts), with the typed
// signature of every native entry point. Argument order mirrors native/addon/bind_*.cpp.
import * as fs from 'fs';
import * as path from 'path';

export type NativeArray = Float32Array | Float64Array | Int32Array;

export interface OpCodes {
  readonly unary: Readonly<Record<string, number>>;
  readonly binary: Readonly<Record<string, number>>;
  readonly reduce: Readonly<Record<string, number>>;
  readonly random: Readonly<Record<string, number>>;
}

export interface NativeAddon {
  setNumThreads(n: number): void;
  getNumThreads(): number;
  simd(): { active: string; available: string[] };
  useSimd(name: string): boolean;
  scratchBytes(): number;
  fmaPeak(threads: number, seconds: number): number;
  readonly ops: OpCodes;

  unary(op: number, x: NativeArray, xOffset: number, y: NativeArray, yOffset: number, n: number, p0: number, p1: number): void;
  binary(
    op: number,
    a: NativeArray, aOffset: number, aStrides: readonly number[],
    b: NativeArray, bOffset: number, bStrides: readonly number[],
    out: NativeArray, outOffset: number, shape: readonly number[],
    p0: number, p1: number,
  ): void;
  reduce(
    op: number, x: NativeArray, xOffset: number, outer: number, len: number, inner: number,
    out: NativeArray | null, outOffset: number, index: Int32Array | null, indexOffset: number, correction: number,
  ): void;
  softmax(x: NativeArray, xOffset: number, y: NativeArray, yOffset: number, outer: number, len: number, inner: number, log: boolean): void;
  softmaxBackward(g: NativeArray, gOffset: number, y: NativeArray, yOffset: number, dx: NativeArray, dxOffset: number, outer: number, len: number, inner: number, log: boolean): void;
  gemm(
    transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
    a: NativeArray, aOffset: number, lda: number, strideA: number,
    b: NativeArray, bOffset: number, ldb: number, strideB: number,
    beta: number, c: NativeArray, cOffset: number, ldc: number, strideC: number, batch: number,
  ): void;
  dot(x: NativeArray, xOffset: number, y: NativeArray, yOffset: number, n: number): number;
  norm2(x: NativeArray, xOffset: number, n: number): number;
  axpy(n: number, alpha: number, x: NativeArray, xOffset: number, y: NativeArray, yOffset: number): void;
  scal(n: number, alpha: number, x: NativeArray, xOffset: number): void;
  copy(
    src: NativeArray, srcOffset: number, srcStrides: readonly number[],
    dst: NativeArray, dstOffset: number, dstStrides: readonly number[], shape: readonly number[],
  ): void;
  fill(dst: NativeArray, offset: number, n: number, value: number): void;
  gather(x: NativeArray, xOffset: number, outer: number, len: number, inner: number, index: Int32Array, indexOffset: number, jlen: number, out: NativeArray, outOffset: number): void;
  scatterAdd(src: NativeArray, srcOffset: number, outer: number, jlen: number, inner: number, index: Int32Array, indexOffset: number, len: number, out: NativeArray, outOffset: number): void;
  indexSelect(x: NativeArray, xOffset: number, outer: number, len: number, inner: number, index: Int32Array, indexOffset: number, jlen: number, out: NativeArray, outOffset: number): void;
  indexAdd(src: NativeArray, srcOffset: number, outer: number, jlen: number, inner: number, index: Int32Array, indexOffset: number, len: number, out: NativeArray, outOffset: number): void;
  where(
    cond: NativeArray, condOffset: number, condStrides: readonly number[],
    a: NativeArray, aOffset: number, aStrides: readonly number[],
    b: NativeArray, bOffset: number, bStrides: readonly number[],
    out: NativeArray, outOffset: number, shape: readonly number[],
  ): void;
  random(kind: number, seed: bigint, offset: bigint, out: NativeArray, outOffset: number, n: number, p0: number, p1: number, p2: number, p3: number): number;
}

const packageRoot = path.resolve(__dirname, '..', '..');

function candidates(): string[] {
  const list: string[] = [];
  if (process.env.DESCENT_ADDON_PATH) list.push(path.resolve(process.env.DESCENT_ADDON_PATH));
  list.push(path.join(packageRoot, 'build', 'Release', 'descent.node'));
  list.push(path.join(packageRoot, 'prebuilds', `${process.platform}-${process.arch}`, 'descent.node'));
  return list;
}

function load(): NativeAddon {
  const tried: string[] = [];
  for (const file of candidates()) {
    if (!fs.existsSync(file)) {
      tried.push(`${file} (missing)`);
      continue;
    }
    try {
      return require(file) as NativeAddon;
    } catch (error) {
      tried.push(`${file} (${(error as Error).message.split('\n')[0]})`);
    }
  }
  throw new Error(
    'descent: the native addon could not be loaded. Tried:\n  ' +
      tried.join('\n  ') +
      '\nRun `npm rebuild descent` to build it (in a checkout of descent: `npm run build:native`).',
  );
}

export const native: NativeAddon = load();
export const ops: OpCodes = native.ops;
