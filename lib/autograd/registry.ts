// The registry of library ops, walked by the test that requires every differentiable op to
// have a gradcheck and a gradgradcheck case.
export interface OpInfo {
  name: string;
  differentiable: boolean;
  doubleBackward: boolean;
}

const ops = new Map<string, OpInfo>();

export function registerOp(name: string, differentiable: boolean, doubleBackward: boolean): void {
  if (ops.has(name)) throw new Error(`internal: op ${name} is defined twice`);
  ops.set(name, { name, differentiable, doubleBackward });
}

export function registeredOps(): OpInfo[] {
  return [...ops.values()];
}
