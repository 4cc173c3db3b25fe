// Whether operations are recorded on the tape (docs/ARCHITECTURE.md, decision 8). noGrad and enableGrad
// take synchronous functions only: a grad mode cannot follow an await.

let enabled = true;

export function isGradEnabled(): boolean {
  return enabled;
}

/** @internal Sets the mode and returns the previous one. */
export function setGradEnabled(value: boolean): boolean {
  const previous = enabled;
  enabled = value;
  return previous;
}

function withMode<R>(value: boolean, fn: () => R, op: string): R {
  if (typeof fn !== 'function') throw new TypeError(`${op}: expected a function`);
  const previous = setGradEnabled(value);
  let result: R;
  try {
    result = fn();
  } finally {
    setGradEnabled(previous);
  }
  if (result instanceof Promise) {
    throw new TypeError(`${op}: fn returned a promise; ${op} covers synchronous code only (the mode cannot follow an await)`);
  }
  return result;
}

/** Runs fn without recording operations: results do not require grad. */
export function noGrad<R>(fn: () => R): R {
  return withMode(false, fn, 'noGrad');
}

/** Runs fn with recording enabled (inside a noGrad scope). */
export function enableGrad<R>(fn: () => R): R {
  return withMode(true, fn, 'enableGrad');
}
