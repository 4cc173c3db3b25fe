// Comparisons: 1 where the relation holds, else 0, as float (float32 for int32 operands). Not
// differentiable: the results never require grad.
import { defineOp } from '../autograd/function';
import { binaryRaw } from '../tensor/raw/elementwise';
import { expectTensor, operand } from '../tensor/raw/operands';
import { Operand, Tensor } from '../tensor/tensor';

function comparison(name: string) {
  const op = defineOp({ name, differentiable: false, forward: (_ctx, a: Tensor, b: Tensor) => binaryRaw(name, a, b, 0, 0, name) });
  return (a: Operand, b: Operand): Tensor => {
    if (typeof a === 'number') {
      const tb = expectTensor(b, name, 'operand');
      return op(operand(a, tb, name), tb);
    }
    const ta = expectTensor(a, name, 'operand');
    return op(ta, operand(b, ta, name));
  };
}

export const eq = comparison('eq');
export const ne = comparison('ne');
export const lt = comparison('lt');
export const le = comparison('le');
export const gt = comparison('gt');
export const ge = comparison('ge');
