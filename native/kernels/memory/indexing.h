// Index-driven copies: gather, indexSelect, their adjoints (scatter-add, index-add) and where.
// Tensors are contiguous and viewed as [outer, len, inner] around the indexed axis.
#pragma once

#include <cstdint>

#include "common/dtype.h"
#include "common/isa.h"

namespace descent::kernels {

// Position of the first index outside [0, len), or -1 when all are valid.
index_t find_invalid_index(const std::int32_t* index, index_t n, index_t len);

// out[o, j, i] = x[o, index[o, j, i], i] for j < jlen. Indices must be valid.
void gather(DType dtype, const void* x, index_t outer, index_t len, index_t inner, const std::int32_t* index,
            index_t jlen, void* out);
// out[o, index[o, j, i], i] += src[o, j, i] (the adjoint of gather), accumulating in order of j.
void scatter_add(DType dtype, const void* src, index_t outer, index_t jlen, index_t inner,
                 const std::int32_t* index, index_t len, void* out);

// out[o, j, i] = x[o, index[j], i]. Indices must be valid.
void index_select(DType dtype, const void* x, index_t outer, index_t len, index_t inner,
                  const std::int32_t* index, index_t jlen, void* out);
// out[o, index[j], i] += src[o, j, i] (the adjoint of index_select), accumulating in order of j.
void index_add(DType dtype, const void* src, index_t outer, index_t jlen, index_t inner,
               const std::int32_t* index, index_t len, void* out);

// out = cond != 0 ? a : b over `shape` (contiguous out); operands through element strides.
void where(DType cond_type, const void* cond, const index_t* cond_strides, DType dtype, const void* a,
           const index_t* a_strides, const void* b, const index_t* b_strides, void* out, const index_t* shape,
           int ndim);

}  // namespace descent::kernels
