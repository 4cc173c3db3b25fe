// Per-channel statistics of a contiguous [n, c, l] tensor: each channel's n·l values. Blocks
// (norm_blocks.h) give partial (count, mean, M2) triples, combined in index order as
// mean = Σ nᵢ·meanᵢ / N and M2 = Σ (M2ᵢ + nᵢ·(meanᵢ − mean)²) (Chan, Golub & LeVeque 1983).
// Batch norm calls this on [N, C, L]; group norm on the view [1, N·G, (C/G)·S].
#pragma once

#include <cmath>
#include <limits>
#include <vector>

#include "norm/norm_kernels.h"
#include "norm/norm_blocks.h"
#include "threading/thread_pool.h"

namespace descent::kernels {

// mean[c] and m2[c] = Σ (x − mean)² in double; n, c, l >= 1.
template <class T>
void channel_moments(const NormKernels<T>& k, const T* x, index_t n, index_t c, index_t l, double* mean,
                     double* m2) {
  const NormBlocks blocks(n, c, l);
  const index_t parts = blocks.parts();
  if (parts == 1) {
    parallel_for(blocks.tasks(), [&](index_t t) {
      const NormBlock b = blocks.block(t);
      k.moments(x + blocks.offset(b), b.rows, b.width, b.len, blocks.row_stride(), mean + b.c0, m2 + b.c0);
    });
    return;
  }
  std::vector<double> part_mean(static_cast<std::size_t>(parts * c)), part_m2(part_mean.size());
  parallel_for(blocks.tasks(), [&](index_t t) {
    const NormBlock b = blocks.block(t);
    const index_t at = b.part * c + b.c0;
    k.moments(x + blocks.offset(b), b.rows, b.width, b.len, blocks.row_stride(), part_mean.data() + at,
                   part_m2.data() + at);
  });
  const double total = static_cast<double>(n * l);
  std::vector<double> counts(static_cast<std::size_t>(parts));
  for (index_t p = 0; p < parts; ++p) counts[static_cast<std::size_t>(p)] = static_cast<double>(blocks.part_count(p));
  for (index_t ch = 0; ch < c; ++ch) {
    double weighted = 0;
    for (index_t p = 0; p < parts; ++p) {
      weighted += counts[static_cast<std::size_t>(p)] * part_mean[static_cast<std::size_t>(p * c + ch)];
    }
    const double mu = weighted / total;
    double q = 0;
    for (index_t p = 0; p < parts; ++p) {
      const double d = part_mean[static_cast<std::size_t>(p * c + ch)] - mu;
      q += part_m2[static_cast<std::size_t>(p * c + ch)] + counts[static_cast<std::size_t>(p)] * d * d;
    }
    mean[ch] = mu;
    m2[ch] = q;
  }
}

// The outputs of a statistics entry point from per-channel moments over `count` values each:
// mean, biased variance M2/count and invstd = 1/√(var + eps); var and invstd may be null. With
// count = 0 every output is NaN.
template <class T>
void write_norm_stats(const double* mean, const double* m2, index_t channels, index_t count, double eps, T* mean_out,
                      T* var_out, T* invstd_out) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (index_t ch = 0; ch < channels; ++ch) {
    const double mu = count > 0 ? mean[ch] : nan;
    const double var = count > 0 ? m2[ch] / static_cast<double>(count) : nan;
    mean_out[ch] = static_cast<T>(mu);
    if (var_out != nullptr) var_out[ch] = static_cast<T>(var);
    if (invstd_out != nullptr) invstd_out[ch] = static_cast<T>(1.0 / std::sqrt(var + eps));
  }
}

}  // namespace descent::kernels
