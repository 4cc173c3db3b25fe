// Option checks shared by the schedules: each throws a RangeError or TypeError whose message
// starts with the schedule's name and names the option and the value at fault.

/** A finite number in [lo, hi] (or with open ends). */
export function numberIn(owner: string, name: string, value: unknown, lo: number, hi: number, open: { lo?: boolean; hi?: boolean } = {}): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || (open.lo ? value <= lo : value < lo) || (open.hi ? value >= hi : value > hi)) {
    const interval = `${open.lo ? '(' : '['}${lo}, ${hi === Infinity ? '∞)' : `${hi}${open.hi ? ')' : ']'}`}`;
    throw new RangeError(`${owner}: ${name} must be a number in ${interval}, got ${String(value)}`);
  }
  return value;
}

/** A positive number (finite). */
export function positive(owner: string, name: string, value: unknown): number {
  return numberIn(owner, name, value, 0, Infinity, { lo: true });
}

/** An integer >= min. */
export function integerAtLeast(owner: string, name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    const what = min === 1 ? 'a positive integer' : min === 0 ? 'a non-negative integer' : `an integer >= ${min}`;
    throw new RangeError(`${owner}: ${name} must be ${what}, got ${String(value)}`);
  }
  return value;
}

/** One of the allowed strings. */
export function oneOf<T extends string>(owner: string, name: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new RangeError(`${owner}: ${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${String(value)}`);
  }
  return value as T;
}

export function flag(owner: string, name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${owner}: ${name} must be a boolean, got ${String(value)}`);
  return value;
}

/**
 * A value per param group: one number for all, or a list with one per group, each checked
 * by check.
 */
export function perGroup(owner: string, name: string, value: number | readonly number[], groups: number, check: (owner: string, name: string, v: unknown) => number): number[] {
  if (Array.isArray(value)) {
    if (value.length !== groups) {
      throw new RangeError(`${owner}: ${name} has ${value.length} values but the optimizer has ${groups} param groups`);
    }
    return value.map((v, i) => check(owner, `${name}[${i}]`, v));
  }
  const v = check(owner, name, value);
  return new Array<number>(groups).fill(v);
}

/** A function per param group: one for all, or a list with one per group. */
export function functionsPerGroup<F extends (x: number) => number>(owner: string, name: string, value: F | readonly F[], groups: number): F[] {
  const list = Array.isArray(value) ? value : new Array<F>(groups).fill(value as F);
  if (list.length !== groups) {
    throw new RangeError(`${owner}: ${name} has ${list.length} functions but the optimizer has ${groups} param groups`);
  }
  list.forEach((f, i) => {
    if (typeof f !== 'function') throw new TypeError(`${owner}: ${name}${Array.isArray(value) ? `[${i}]` : ''} must be a function, got ${String(f)}`);
  });
  return list.slice();
}

/** Strictly increasing integers >= min. */
export function increasingIntegers(owner: string, name: string, value: unknown, min: number): number[] {
  if (!Array.isArray(value)) throw new TypeError(`${owner}: ${name} must be an array of integers, got ${String(value)}`);
  value.forEach((v, i) => {
    integerAtLeast(owner, `${name}[${i}]`, v, min);
    if (i > 0 && v <= value[i - 1]) {
      throw new RangeError(`${owner}: ${name} must be strictly increasing, got [${value.join(', ')}]`);
    }
  });
  return (value as number[]).slice();
}

/** Rejects options the schedule does not know (a misspelt option would otherwise be ignored). */
export function knownOptions(owner: string, opts: object, known: readonly string[]): void {
  if (opts === null || typeof opts !== 'object') throw new TypeError(`${owner}: options must be an object`);
  for (const key of Object.keys(opts)) {
    if (!known.includes(key)) throw new TypeError(`${owner}: unknown option ${key} (known: ${known.join(', ')})`);
  }
}
