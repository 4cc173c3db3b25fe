// The line search a method's `lineSearch` option names, run on φ along the method's direction.
import { armijo } from './armijo';
import { exactStepWith } from './exact-quadratic';
import { LINE_SEARCH_NAMES, LineFunction, LinePoint, LineSearchName, LineSearchResult } from './line-function';
import { strongWolfeSearch } from './strong-wolfe';

/** Settings shared by the methods' line searches (validated by the method). */
export interface MethodSearchSettings {
  initialStep: number;
  c1: number;
  c2: number;
  /** Budget of one search: Armijo's evaluations, strong Wolfe's trials after the first. */
  maxIter: number;
  /** Armijo's shrink factor. */
  shrink: number;
  /** Strong Wolfe's interval tolerance, and ‖d‖∞. */
  toleranceChange: number;
  directionScale: number;
  /** dᵀHd for the exact step (undefined: measured with one more evaluation at the initial step). */
  curvature?: number;
}

export function runLineSearch(name: LineSearchName, phi: LineFunction, start: LinePoint, s: MethodSearchSettings, op: string): LineSearchResult {
  switch (name) {
    case 'strongWolfe':
      return strongWolfeSearch(phi, start, s.initialStep, s.c1, s.c2, s.maxIter, s.toleranceChange, s.directionScale);
    case 'armijo':
      return armijo(phi, start, { initialStep: s.initialStep, c1: s.c1, shrink: s.shrink, maxIter: s.maxIter });
    case 'exact':
      return exactStepWith(phi, start, s.curvature, s.initialStep, op);
  }
}

/** Validates a `lineSearch` option value (a name or null). */
export function checkLineSearchName(op: string, option: string, v: unknown): LineSearchName | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' && (LINE_SEARCH_NAMES as readonly string[]).includes(v)) return v as LineSearchName;
  throw new RangeError(`${op}: ${option} must be one of ${LINE_SEARCH_NAMES.map((n) => `'${n}'`).join(', ')} or null, got ${JSON.stringify(v)}`);
}
