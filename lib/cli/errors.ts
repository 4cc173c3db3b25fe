// How the command line fails. A usage error (a bad option, a missing or unreadable data file, a
// setting the library rejects before training starts) exits with code 2; a failure while training
// or writing the results exits with code 1. Either way the user sees one line on stderr naming the
// command and the problem, never a stack trace (DESCENT_DEBUG=1 adds it, for bug reports).

/** Exit code of a usage error (as POSIX utilities and commander's conventions use it). */
export const USAGE_EXIT_CODE = 2;
/** Exit code of a failure after the command started its work. */
export const FAILURE_EXIT_CODE = 1;

/** Something the user asked for that cannot be done as asked: exits with code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The error's message on one line, without the "error:" prefix commander and some libraries add. */
export function oneLine(message: string): string {
  return message
    .replace(/^error:\s*/i, '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join(' ');
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return oneLine(error.message) || error.name;
  return oneLine(String(error));
}

/** Writes `descent <command>: <message>` to stderr (plus the stack under DESCENT_DEBUG). */
export function printError(command: string, error: unknown): void {
  process.stderr.write(`${command}: ${messageOf(error)}\n`);
  if (process.env.DESCENT_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
}

/**
 * Runs the setup part of a command: anything it throws (a library RangeError for a bad option
 * value, a missing file, a parse error in a CSV) is the user's input at fault, so it becomes a
 * UsageError with the same message.
 */
export async function asUsage<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const u = new UsageError(messageOf(e));
    if (e instanceof Error) u.stack = e.stack;
    throw u;
  }
}
