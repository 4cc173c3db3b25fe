// The one place that loads the compiled addon (docs/ARCHITECTURE.md: the one door). Every other
// file reaches native code through the typed functions of entry-points.ts (lib/kernels/index).
import * as fs from 'fs';
import * as path from 'path';

export type OptionKind = 'number' | 'integer' | 'size' | 'flag' | 'u64';
export type SlotKind = 'tensor' | 'optional' | 'list' | 'optionalList';
export type ReturnKind = 'void' | 'number' | 'boolean' | 'object';

/** One row of the addon's entry-point table (native/addon/entry_points.h). */
export interface OptionSchema {
  readonly name: string;
  readonly kind: OptionKind;
  /** The range of an integer option. */
  readonly lo?: number;
  readonly hi?: number;
}

export interface SlotSchema {
  readonly name: string;
  readonly kind: SlotKind;
  readonly written: boolean;
  /** A list's element name, as the addon's messages spell it ("paramOffsets[2]"). */
  readonly element?: string;
}

export interface EntrySchema {
  readonly options: readonly OptionSchema[];
  readonly tensors: readonly SlotSchema[];
  readonly returns: ReturnKind;
  readonly doc: string;
}

export interface OpCodes {
  readonly unary: Readonly<Record<string, number>>;
  readonly binary: Readonly<Record<string, number>>;
  readonly reduce: Readonly<Record<string, number>>;
  readonly random: Readonly<Record<string, number>>;
  /** useSimd's names. */
  readonly simd: Readonly<Record<'scalar' | 'avx2' | 'auto', number>>;
}

/** Per fused optimizer: its code and the names of its group scalars, state buffers and scalar state. */
export interface OptimizerInfo {
  readonly code: number;
  readonly hyper: readonly string[];
  readonly states: readonly string[];
  readonly scalars: readonly string[];
}

/** What simd() returns. */
export interface SimdInfo {
  active: string;
  available: string[];
}

/** The addon as loaded: one function per entry point, called as (block, ...arrays), and its tables. */
export interface RawAddon {
  readonly schema: Readonly<Record<string, EntrySchema>>;
  readonly ops: OpCodes;
  readonly optimizerInfo: Readonly<Record<string, OptimizerInfo>>;
  readonly [entry: string]: unknown;
}

const packageRoot = path.resolve(__dirname, '..', '..', '..');

function candidates(): string[] {
  const list: string[] = [];
  if (process.env.DESCENT_ADDON_PATH) list.push(path.resolve(process.env.DESCENT_ADDON_PATH));
  list.push(path.join(packageRoot, 'build', 'Release', 'descent.node'));
  list.push(path.join(packageRoot, 'prebuilds', `${process.platform}-${process.arch}`, 'descent.node'));
  return list;
}

function load(): RawAddon {
  const tried: string[] = [];
  for (const file of candidates()) {
    if (!fs.existsSync(file)) {
      tried.push(`${file} (missing)`);
      continue;
    }
    try {
      return require(file) as RawAddon;
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

export const addon: RawAddon = load();
export const schema = addon.schema;
export const ops: OpCodes = addon.ops;
export const optimizerInfo = addon.optimizerInfo;
