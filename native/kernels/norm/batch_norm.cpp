#include "norm/batch_norm.h"

#include <vector>

#include "norm/channel_moments.h"
#include "norm/norm_blocks.h"
#include "threading/thread_pool.h"

namespace descent::kernels {
namespace {

// One channel's n·l values are contiguous: [n, 1, l] is viewed as [1, 1, n·l], so the blocks
// cut that run into pieces instead of handling one value per row.
void fold_single_channel(index_t& n, index_t c, index_t& l) {
  if (c == 1) {
    l *= n;
    n = 1;
  }
}

template <class T>
void stats_typed(const NormKernels<T>& k, const T* x, index_t n, index_t c, index_t l, double eps, T* mean, T* var,
                 T* invstd) {
  if (c == 0) return;
  const index_t count = n * l;
  std::vector<double> mu(static_cast<std::size_t>(c)), m2(mu.size());
  if (count > 0) {
    fold_single_channel(n, c, l);
    channel_moments(k, x, n, c, l, mu.data(), m2.data());
  }
  write_norm_stats(mu.data(), m2.data(), c, count, eps, mean, var, invstd);
}

template <class T>
void apply_typed(const NormKernels<T>& k, const T* x, index_t n, index_t c, index_t l, const T* mean,
                 const T* invstd, const T* gamma, const T* beta, T* y) {
  if (n == 0 || c == 0 || l == 0) return;
  std::vector<T> scale(static_cast<std::size_t>(c)), shift(scale.size());
  for (index_t ch = 0; ch < c; ++ch) {
    scale[ch] = gamma != nullptr ? static_cast<T>(static_cast<double>(invstd[ch]) * gamma[ch]) : invstd[ch];
    shift[ch] = beta != nullptr ? beta[ch] : T(0);
  }
  fold_single_channel(n, c, l);
  const NormBlocks blocks(n, c, l);
  parallel_for(blocks.tasks(), [&](index_t t) {
    const NormBlock b = blocks.block(t);
    const index_t at = blocks.offset(b);
    k.affine(x + at, y + at, b.rows, b.width, b.len, blocks.row_stride(), mean + b.c0, scale.data() + b.c0,
                  shift.data() + b.c0);
  });
}

// Σ g and Σ g·(x − mean) per channel, partials combined in block order.
template <class T>
void grad_sums(const NormKernels<T>& k, const T* g, const T* x, index_t n, index_t c, index_t l, const T* mean,
               double* sum_g, double* sum_gx) {
  const NormBlocks blocks(n, c, l);
  const index_t parts = blocks.parts();
  std::vector<double> part_g, part_gx;
  double* a = sum_g;
  double* b = sum_gx;
  if (parts > 1) {
    part_g.assign(static_cast<std::size_t>(parts * c), 0.0);
    part_gx.assign(part_g.size(), 0.0);
    a = part_g.data();
    b = part_gx.data();
  }
  parallel_for(blocks.tasks(), [&](index_t t) {
    const NormBlock blk = blocks.block(t);
    const index_t at = blocks.offset(blk), out = blk.part * c + blk.c0;
    k.grad_sums(g + at, x + at, blk.rows, blk.width, blk.len, blocks.row_stride(), mean + blk.c0, a + out,
                     b + out);
  });
  if (parts == 1) return;
  for (index_t ch = 0; ch < c; ++ch) {
    double sa = 0, sb = 0;
    for (index_t p = 0; p < parts; ++p) {
      sa += part_g[static_cast<std::size_t>(p * c + ch)];
      sb += part_gx[static_cast<std::size_t>(p * c + ch)];
    }
    sum_g[ch] = sa;
    sum_gx[ch] = sb;
  }
}

template <class T>
void backward_typed(const NormKernels<T>& k, const T* g, const T* x, index_t n, index_t c, index_t l, const T* mean,
                    const T* invstd, const T* gamma, bool training, T* dx, T* dgamma, T* dbeta) {
  if (c == 0) return;
  const index_t count = n * l;
  const bool need_sums = dgamma != nullptr || dbeta != nullptr || (dx != nullptr && training);
  std::vector<double> sum_g(static_cast<std::size_t>(c), 0.0), sum_gx(sum_g.size(), 0.0);
  fold_single_channel(n, c, l);
  if (count > 0 && need_sums) grad_sums(k, g, x, n, c, l, mean, sum_g.data(), sum_gx.data());
  for (index_t ch = 0; ch < c; ++ch) {
    // Σ g·x̂ = invstd·Σ g·(x − mean).
    if (dgamma != nullptr) dgamma[ch] = count > 0 ? static_cast<T>(sum_gx[ch] * static_cast<double>(invstd[ch])) : T(0);
    if (dbeta != nullptr) dbeta[ch] = static_cast<T>(sum_g[ch]);
  }
  if (dx == nullptr || count == 0) return;
  // Training: dx = a·(g + b·(x − mean) + c) with a = gamma·invstd, b = −invstd²·Σ g·(x − mean)/M
  // and c = −Σ g/M. Evaluation: dx = a·g.
  std::vector<T> ca(static_cast<std::size_t>(c)), cb(ca.size(), T(0)), cc(ca.size(), T(0));
  const double m = static_cast<double>(count);
  for (index_t ch = 0; ch < c; ++ch) {
    const double s = static_cast<double>(invstd[ch]);
    ca[ch] = static_cast<T>((gamma != nullptr ? static_cast<double>(gamma[ch]) : 1.0) * s);
    if (training) {
      cb[ch] = static_cast<T>(-s * s * sum_gx[ch] / m);
      cc[ch] = static_cast<T>(-sum_g[ch] / m);
    }
  }
  const NormBlocks blocks(n, c, l);
  parallel_for(blocks.tasks(), [&](index_t t) {
    const NormBlock b = blocks.block(t);
    const index_t at = blocks.offset(b);
    if (training) {
      k.input_grad(g + at, x + at, dx + at, b.rows, b.width, b.len, blocks.row_stride(), mean + b.c0,
                        ca.data() + b.c0, nullptr, cb.data() + b.c0, cc.data() + b.c0);
    } else {
      // dx = (g − 0)·a + 0: x does not enter.
      k.affine(g + at, dx + at, b.rows, b.width, b.len, blocks.row_stride(), cb.data() + b.c0, ca.data() + b.c0,
                    cc.data() + b.c0);
    }
  });
}

}  // namespace

void batch_norm_stats(const NormKernelSet& kernels, DType dtype, const void* x, index_t n, index_t c, index_t l,
                      double eps, void* mean, void* var, void* invstd) {
  if (dtype == DType::Float32) {
    stats_typed(kernels.f32, static_cast<const float*>(x), n, c, l, eps, static_cast<float*>(mean),
                static_cast<float*>(var), static_cast<float*>(invstd));
  } else if (dtype == DType::Float64) {
    stats_typed(kernels.f64, static_cast<const double*>(x), n, c, l, eps, static_cast<double*>(mean),
                static_cast<double*>(var), static_cast<double*>(invstd));
  }
}

void batch_norm_apply(const NormKernelSet& kernels, DType dtype, const void* x, index_t n, index_t c, index_t l,
                      const void* mean, const void* invstd, const void* gamma, const void* beta, void* y) {
  if (dtype == DType::Float32) {
    apply_typed(kernels.f32, static_cast<const float*>(x), n, c, l, static_cast<const float*>(mean),
                static_cast<const float*>(invstd), static_cast<const float*>(gamma), static_cast<const float*>(beta),
                static_cast<float*>(y));
  } else if (dtype == DType::Float64) {
    apply_typed(kernels.f64, static_cast<const double*>(x), n, c, l, static_cast<const double*>(mean),
                static_cast<const double*>(invstd), static_cast<const double*>(gamma),
                static_cast<const double*>(beta), static_cast<double*>(y));
  }
}

void batch_norm_backward(const NormKernelSet& kernels, DType dtype, const void* g, const void* x, index_t n, index_t c,
                         index_t l, const void* mean, const void* invstd, const void* gamma, bool training, void* dx,
                         void* dgamma, void* dbeta) {
  if (dtype == DType::Float32) {
    backward_typed(kernels.f32, static_cast<const float*>(g), static_cast<const float*>(x), n, c, l,
                   static_cast<const float*>(mean), static_cast<const float*>(invstd),
                   static_cast<const float*>(gamma), training, static_cast<float*>(dx), static_cast<float*>(dgamma),
                   static_cast<float*>(dbeta));
  } else if (dtype == DType::Float64) {
    backward_typed(kernels.f64, static_cast<const double*>(g), static_cast<const double*>(x), n, c, l,
                   static_cast<const double*>(mean), static_cast<const double*>(invstd),
                   static_cast<const double*>(gamma), training, static_cast<double*>(dx),
                   static_cast<double*>(dgamma), static_cast<double*>(dbeta));
  }
}

}  // namespace descent::kernels
