// Copies between strided layouts with dtype conversion: contiguous(), concat, stack, transpose
// materialization, .to(dtype). No instruction-set dispatch: these are memory-bound.
#pragma once

#include "common/dtype.h"
#include "common/isa.h"

namespace descent::kernels {

// dst[idx] = convert(src[idx]) for every multi-index of `shape`; both sides through element
// strides. src and dst must not overlap. Float to int32 truncates toward zero, saturates out of
// range and maps NaN to 0.
void copy_strided(DType src_type, const void* src, const index_t* src_strides, DType dst_type, void* dst,
                  const index_t* dst_strides, const index_t* shape, int ndim);

// dst[0:n] = value (converted as above).
void fill(DType dtype, void* dst, index_t n, double value);

}  // namespace descent::kernels
