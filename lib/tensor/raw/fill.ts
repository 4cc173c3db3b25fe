// Every element of a contiguous tensor set to one value (the caller bumps the version where it must).
import * as kernels from '../../kernels';
import { Tensor } from '../tensor';
import { contiguousDescriptor } from './descriptor';

export function fillRaw(t: Tensor, value: number): void {
  kernels.fill({ value, dst: contiguousDescriptor(t) });
}
