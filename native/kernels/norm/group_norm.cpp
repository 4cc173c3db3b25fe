#include "norm/group_norm.h"

#include <algorithm>
#include <vector>

#include "norm/channel_moments.h"
#include "norm/norm_blocks.h"
#include "threading/thread_pool.h"

namespace descent::kernels {
namespace {

// Samples are grouped into at most this many slots; dgamma and dbeta are summed per slot in
// sample order, then over slots in slot order (a decomposition fixed by n alone).
constexpr index_t kMaxSlots = 16;

template <class T>
void stats_typed(const NormKernels<T>& k, const T* x, index_t n, index_t c, index_t s, index_t groups, double eps,
                 T* mean, T* var, T* invstd) {
  const index_t rows = n * groups;
  if (rows == 0) return;
  const index_t group_len = c / groups * s;
  std::vector<double> mu(static_cast<std::size_t>(rows)), m2(mu.size());
  // The groups are consecutive runs of group_len values: the channels of the view [1, n·groups, group_len].
  if (group_len > 0) channel_moments(k, x, 1, rows, group_len, mu.data(), m2.data());
  write_norm_stats(mu.data(), m2.data(), rows, group_len, eps, mean, var, invstd);
}

// Calls fn(row, block, coefficient offset) over the blocks of [n, c, s], one row at a time:
// group norm's coefficients change with the sample.
template <class F> void for_each_block_row(index_t n, index_t c, index_t s, F fn) {
  const NormBlocks blocks(n, c, s);
  parallel_for(blocks.tasks(), [&](index_t t) {
    const NormBlock b = blocks.block(t);
    for (index_t r = b.r0; r < b.r0 + b.rows; ++r) fn(r, b, (r * c + b.c0) * s + b.l0);
  });
}

template <class T>
void apply_typed(const NormKernels<T>& k, const T* x, index_t n, index_t c, index_t s, index_t groups, const T* mean,
                 const T* invstd, const T* gamma, const T* beta, T* y) {
  if (n == 0 || c == 0 || s == 0) return;
  const index_t cg = c / groups;
  for_each_block_row(n, c, s, [&](index_t r, const NormBlock& b, index_t at) {
    T center[kNormMaxChannelBlock], scale[kNormMaxChannelBlock], shift[kNormMaxChannelBlock];
    for (index_t i = 0; i < b.width; ++i) {
      const index_t ch = b.c0 + i, ng = r * groups + ch / cg;
      center[i] = mean[ng];
      scale[i] = gamma != nullptr ? static_cast<T>(static_cast<double>(invstd[ng]) * gamma[ch]) : invstd[ng];
      shift[i] = beta != nullptr ? beta[ch] : T(0);
    }
    k.affine(x + at, y + at, 1, b.width, b.len, c * s, center, scale, shift);
  });
}

template <class T>
void backward_typed(const NormKernels<T>& k, const T* g, const T* x, index_t n, index_t c, index_t s, index_t groups,
                    const T* mean, const T* invstd, const T* gamma, T* dx, T* dgamma, T* dbeta) {
  if (c == 0) return;
  const index_t cg = c / groups, group_len = cg * s;
  const bool want_params = dgamma != nullptr || dbeta != nullptr;
  if (n == 0 || s == 0) {
    for (index_t ch = 0; ch < c; ++ch) {
      if (dgamma != nullptr) dgamma[ch] = T(0);
      if (dbeta != nullptr) dbeta[ch] = T(0);
    }
    return;
  }
  // Phase 1, per (sample, group): u = Σ h and v = Σ h·(x − mean) with h = gamma_c·g, from the
  // per-channel sums A_c = Σ g and B_c = Σ g·(x − mean); dgamma_c += invstd·B_c, dbeta_c += A_c
  // into the sample's slot.
  const index_t per_slot = std::max<index_t>(1, (n + kMaxSlots - 1) / kMaxSlots);
  const index_t slots = (n + per_slot - 1) / per_slot;
  std::vector<double> u(static_cast<std::size_t>(n * groups)), v(u.size());
  std::vector<double> slot_dgamma(want_params ? static_cast<std::size_t>(slots * c) : 0, 0.0);
  std::vector<double> slot_dbeta(slot_dgamma.size(), 0.0);
  const index_t items = slots * groups;
  const index_t items_per_task = std::max<index_t>(1, kNormTaskElements / std::max<index_t>(1, per_slot * group_len));
  parallel_for((items + items_per_task - 1) / items_per_task, [&](index_t t) {
    const index_t end = std::min(items, (t + 1) * items_per_task);
    T center[kNormMaxChannelBlock];
    double sum_g[kNormMaxChannelBlock], sum_gx[kNormMaxChannelBlock];
    for (index_t item = t * items_per_task; item < end; ++item) {
      const index_t slot = item / groups, gi = item % groups;
      for (index_t r = slot * per_slot; r < std::min(n, (slot + 1) * per_slot); ++r) {
        const index_t ng = r * groups + gi;
        const double sigma = static_cast<double>(invstd[ng]);
        double su = 0, sv = 0;
        for (index_t c0 = gi * cg; c0 < (gi + 1) * cg; c0 += kNormMaxChannelBlock) {
          const index_t w = std::min(kNormMaxChannelBlock, (gi + 1) * cg - c0);
          std::fill(center, center + w, mean[ng]);
          const index_t at = (r * c + c0) * s;
          k.grad_sums(g + at, x + at, 1, w, s, c * s, center, sum_g, sum_gx);
          for (index_t i = 0; i < w; ++i) {
            const double gam = gamma != nullptr ? static_cast<double>(gamma[c0 + i]) : 1.0;
            su += gam * sum_g[i];
            sv += gam * sum_gx[i];
            if (want_params) {
              slot_dgamma[static_cast<std::size_t>(slot * c + c0 + i)] += sigma * sum_gx[i];
              slot_dbeta[static_cast<std::size_t>(slot * c + c0 + i)] += sum_g[i];
            }
          }
        }
        u[static_cast<std::size_t>(ng)] = su;
        v[static_cast<std::size_t>(ng)] = sv;
      }
    }
  });
  if (want_params) {
    for (index_t ch = 0; ch < c; ++ch) {
      double dg = 0, db = 0;
      for (index_t sl = 0; sl < slots; ++sl) {
        dg += slot_dgamma[static_cast<std::size_t>(sl * c + ch)];
        db += slot_dbeta[static_cast<std::size_t>(sl * c + ch)];
      }
      if (dgamma != nullptr) dgamma[ch] = static_cast<T>(dg);
      if (dbeta != nullptr) dbeta[ch] = static_cast<T>(db);
    }
  }
  if (dx == nullptr) return;
  // Phase 2: dx = a·(e_c·g + b·(x − mean) + c) with a = invstd, e_c = gamma_c,
  // b = −invstd²·v/K and c = −u/K.
  const double count = static_cast<double>(group_len);
  for_each_block_row(n, c, s, [&](index_t r, const NormBlock& b, index_t at) {
    T center[kNormMaxChannelBlock], ca[kNormMaxChannelBlock], ce[kNormMaxChannelBlock], cb[kNormMaxChannelBlock],
        cc[kNormMaxChannelBlock];
    for (index_t i = 0; i < b.width; ++i) {
      const index_t ch = b.c0 + i, ng = r * groups + ch / cg;
      const double sigma = static_cast<double>(invstd[ng]);
      center[i] = mean[ng];
      ca[i] = invstd[ng];
      ce[i] = gamma != nullptr ? gamma[ch] : T(1);
      cb[i] = static_cast<T>(-sigma * sigma * v[static_cast<std::size_t>(ng)] / count);
      cc[i] = static_cast<T>(-u[static_cast<std::size_t>(ng)] / count);
    }
    k.input_grad(g + at, x + at, dx + at, 1, b.width, b.len, c * s, center, ca, ce, cb, cc);
  });
}

}  // namespace

void group_norm_stats(const NormKernelSet& kernels, DType dtype, const void* x, index_t n, index_t c, index_t s,
                      index_t groups, double eps, void* mean, void* var, void* invstd) {
  if (dtype == DType::Float32) {
    stats_typed(kernels.f32, static_cast<const float*>(x), n, c, s, groups, eps, static_cast<float*>(mean),
                static_cast<float*>(var), static_cast<float*>(invstd));
  } else if (dtype == DType::Float64) {
    stats_typed(kernels.f64, static_cast<const double*>(x), n, c, s, groups, eps, static_cast<double*>(mean),
                static_cast<double*>(var), static_cast<double*>(invstd));
  }
}

void group_norm_apply(const NormKernelSet& kernels, DType dtype, const void* x, index_t n, index_t c, index_t s,
                      index_t groups, const void* mean, const void* invstd, const void* gamma, const void* beta,
                      void* y) {
  if (dtype == DType::Float32) {
    apply_typed(kernels.f32, static_cast<const float*>(x), n, c, s, groups, static_cast<const float*>(mean),
                static_cast<const float*>(invstd), static_cast<const float*>(gamma), static_cast<const float*>(beta),
                static_cast<float*>(y));
  } else if (dtype == DType::Float64) {
    apply_typed(kernels.f64, static_cast<const double*>(x), n, c, s, groups, static_cast<const double*>(mean),
                static_cast<const double*>(invstd), static_cast<const double*>(gamma),
                static_cast<const double*>(beta), static_cast<double*>(y));
  }
}

void group_norm_backward(const NormKernelSet& kernels, DType dtype, const void* g, const void* x, index_t n, index_t c,
                         index_t s, index_t groups, const void* mean, const void* invstd, const void* gamma, void* dx,
                         void* dgamma, void* dbeta) {
  if (dtype == DType::Float32) {
    backward_typed(kernels.f32, static_cast<const float*>(g), static_cast<const float*>(x), n, c, s, groups,
                   static_cast<const float*>(mean), static_cast<const float*>(invstd),
                   static_cast<const float*>(gamma), static_cast<float*>(dx), static_cast<float*>(dgamma),
                   static_cast<float*>(dbeta));
  } else if (dtype == DType::Float64) {
    backward_typed(kernels.f64, static_cast<const double*>(g), static_cast<const double*>(x), n, c, s, groups,
                   static_cast<const double*>(mean), static_cast<const double*>(invstd),
                   static_cast<const double*>(gamma), static_cast<double*>(dx), static_cast<double*>(dgamma),
                   static_cast<double*>(dbeta));
  }
}

}  // namespace descent::kernels
