// What the kernel layer passes for a tensor: the memory it lives in and how it is laid out.
// Element (i_0, ..., i_{n-1}) is data[offset + Σ i_d·strides[d]]; strides omitted means
// row-major contiguous. Sizes, offsets and strides are non-negative integers (stride 0
// broadcasts); the addon checks every element reached lies inside data.

export type NativeArray = Float32Array | Float64Array | Int32Array;

export interface TensorDescriptor {
  data: NativeArray;
  offset: number;
  shape: readonly number[];
  strides?: readonly number[];
}
