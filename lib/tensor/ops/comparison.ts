// Comparisons: 1 where the relation holds, else 0, as float (float32 for int32 operands). Not
// differentiable.
import { binaryRaw } from '../raw/elementwise';
import { expectTensor, operand } from '../raw/operands';
import { Operand, Tensor } from '../tensor';

function compare(name: string, a: Operand, b: Operand): Tensor {
  if (typeof a === 'number') {
    const tb = expectTensor(b, name, 'operand');
    return binaryRaw(name, operand(a, tb, name), tb, 0, 0, name);
  }
  const ta = expectTensor(a, name, 'operand');
  return binaryRaw(name, ta, operand(b, ta, name), 0, 0, name);
}

export function eq(a: Operand, b: Operand): Tensor { return compare('eq', a, b); }
export function ne(a: Operand, b: Operand): Tensor { return compare('ne', a, b); }
export function lt(a: Operand, b: Operand): Tensor { return compare('lt', a, b); }
export function le(a: Operand, b: Operand): Tensor { return compare('le', a, b); }
export function gt(a: Operand, b: Operand): Tensor { return compare('gt', a, b); }
export function ge(a: Operand, b: Operand): Tensor { return compare('ge', a, b); }
