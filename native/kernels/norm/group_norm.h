// Group normalization (Wu & He 2018) over a contiguous x of shape [n, c, s] (s = the product
// of the spatial sizes, 1 for [N, C] input) with `groups` groups of c/groups consecutive
// channels: each (sample, group) pair is normalized over its K = (c/groups)·s values, then each
// channel gets its own affine. Statistics arrays hold n·groups entries (sample-major); gamma,
// beta, dgamma and dbeta hold c. Float types only; groups >= 1 divides c; outputs overlap no
// input and no other output (the binding checks).
#pragma once

#include "common/dtype.h"
#include "norm/norm_kernels.h"

namespace descent::kernels {

// mean[n·groups] and, where non-null, var = Σ (x − mean)² / K (biased) and
// invstd = 1/√(var + eps). With K = 0 they are NaN.
void group_norm_stats(const NormKernelSet& kernels, DType dtype, const void* x, index_t n, index_t c, index_t s,
                      index_t groups, double eps, void* mean, void* var, void* invstd);

// y = (x − mean_ng)·invstd_ng·gamma_c + beta_c; gamma and beta may be null (1 and 0).
void group_norm_apply(const NormKernelSet& kernels, DType dtype, const void* x, index_t n, index_t c, index_t s,
                      index_t groups, const void* mean, const void* invstd, const void* gamma, const void* beta,
                      void* y);

// The first derivative given g = ∂L/∂y, with x̂ = (x − mean_ng)·invstd_ng and h = gamma_c·g:
// dx = invstd·(h − mean over the group of h − x̂·mean over the group of h·x̂),
// dgamma_c = Σ over samples and positions of g·x̂, dbeta_c = Σ g. gamma may be null (1); any
// of dx, dgamma, dbeta may be null (not computed).
void group_norm_backward(const NormKernelSet& kernels, DType dtype, const void* g, const void* x, index_t n, index_t c,
                         index_t s, index_t groups, const void* mean, const void* invstd, const void* gamma, void* dx,
                         void* dgamma, void* dbeta);

}  // namespace descent::kernels
