// Yielding to the event loop between batches (docs/ARCHITECTURE.md, decision 13): native calls are
// synchronous, so fit, evaluate and predict await one macrotask turn per batch. setImmediate
// runs after I/O polling, and one scheduled from inside an immediate runs on the next loop turn,
// so due timers and I/O callbacks get their turn in between; it costs microseconds.

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
