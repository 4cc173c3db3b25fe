// The registry of library ops, walked by the test that requires every differentiable op to
// have a gradcheck and a gradgradcheck case.
import type { BackwardFn } from './node';

/** What the registry says of an op. */
export interface OpInfo {
  name: string;
  differentiable: boolean;
  doubleBackward: boolean;
}

/** @internal An op's definition; its derivative may be registered after the op (lib/derivatives). */
export interface OpDefinition {
  readonly name: string;
  readonly differentiable: boolean;
  backward: BackwardFn | null;
  doubleBackward: boolean;
}

const ops = new Map<string, OpDefinition>();

/** @internal */
export function registerOp(definition: OpDefinition): OpDefinition {
  if (ops.has(definition.name)) throw new Error(`internal: op ${definition.name} is defined twice`);
  ops.set(definition.name, definition);
  return definition;
}

export function registeredOps(): OpInfo[] {
  return [...ops.values()].map((d) => ({ name: d.name, differentiable: d.differentiable, doubleBackward: d.doubleBackward }));
}
