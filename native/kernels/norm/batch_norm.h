// Batch normalization (Ioffe & Szegedy 2015) over a contiguous x of shape [n, c, l] (l = 1 for
// [N, C] input): channel c is normalized over its M = n·l values. Float types only; every
// array holds `dtype` elements; outputs overlap no input and no other output (the binding
// checks). Running statistics are the caller's.
#pragma once

#include "common/dtype.h"
#include "norm/norm_kernels.h"

namespace descent::kernels {

// mean[c] and, where non-null, var[c] = Σ (x − mean)² / M (biased) and
// invstd[c] = 1/√(var + eps). With M = 0 they are NaN.
void batch_norm_stats(const NormKernelSet& kernels, DType dtype, const void* x, index_t n, index_t c, index_t l,
                      double eps, void* mean, void* var, void* invstd);

// y = (x − mean_c)·invstd_c·gamma_c + beta_c; gamma and beta may be null (1 and 0). Training
// passes the batch statistics, evaluation the running mean and 1/√(running_var + eps).
void batch_norm_apply(const NormKernelSet& kernels, DType dtype, const void* x, index_t n, index_t c, index_t l,
                      const void* mean, const void* invstd, const void* gamma, const void* beta, void* y);

// The first derivative given g = ∂L/∂y, with x̂ = (x − mean)·invstd: dgamma_c = Σ g·x̂,
// dbeta_c = Σ g, and dx = gamma·invstd/M·(M·g − Σ g − x̂·Σ g·x̂) when training (mean and
// invstd are x's batch statistics) or dx = g·gamma·invstd in evaluation (constant statistics).
// gamma may be null (1); any of dx, dgamma, dbeta may be null (not computed).
void batch_norm_backward(const NormKernelSet& kernels, DType dtype, const void* g, const void* x, index_t n, index_t c,
                         index_t l, const void* mean, const void* invstd, const void* gamma, bool training, void* dx,
                         void* dgamma, void* dbeta);

}  // namespace descent::kernels
