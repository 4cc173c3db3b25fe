// The blocked gemm driver, written once for every instruction set (it calls the packing routines
// and micro-kernel of a GemmKernels table). Loop nest of Goto & van de Geijn (2008):
//
//   for jc in N by NC:              B panel op(B)[pc:pc+kc, jc:jc+nc] packed once (L3)
//     for pc in K by KC:
//       for ic in M by MC:          A block op(A)[ic:ic+mc, pc:pc+kc] packed once (L2)
//         for jr in nc by NR:       B micro-panel stays in L1
//           for ir in mc by MR:     micro-kernel: MR x NR tile of C in registers
//
// Threads take disjoint rectangles of C aligned to the micro-tile, each packing its own A and B,
// so no thread waits for another and no thread count changes the bits of a result: an element
// of C depends only on the K blocking (a function of k alone) and on the micro-kernel.
#include <algorithm>
#include <cstdint>

#include "gemm/gemm.h"
#include "gemm/pack_buffer.h"
#include "threading/thread_pool.h"

namespace descent::kernels {
namespace {

// Multiply-adds (m·n·k) one extra thread must get before it pays for its wake-up and its
// duplicated packing: ~2^18 (about 5 µs of one core's peak).
constexpr double kMinFmaPerThread = 262144.0;

inline index_t ceil_div(index_t a, index_t b) { return (a + b - 1) / b; }
inline index_t round_up(index_t a, index_t b) { return ceil_div(a, b) * b; }

// Splits `extent` into ceil(extent/max_block) near-equal blocks, each a multiple of `granule`
// (except the last): avoids a thin last block that would cost a whole pass of its own.
inline index_t balanced_block(index_t extent, index_t max_block, index_t granule) {
  const index_t blocks = ceil_div(extent, max_block);
  return round_up(ceil_div(extent, blocks), granule);
}

// The K blocking, shared by every thread (it alone decides the summation order).
inline index_t k_block(index_t k, index_t kc) { return ceil_div(k, ceil_div(k, kc)); }

template <class T> void scale_c(index_t m, index_t n, T beta, T* c, index_t ldc) {
  for (index_t i = 0; i < m; ++i) {
    T* ci = c + i * ldc;
    if (beta == T(0)) {
      std::fill(ci, ci + n, T(0));
    } else if (beta != T(1)) {
      for (index_t j = 0; j < n; ++j) ci[j] *= beta;
    }
  }
}

// Prefetches op(B)[0:kc, 0:nc] (one micro-panel, as stored) into the cache.
template <class T> void prefetch_b_panel(bool trans_b, index_t kc, index_t nc, const T* b, index_t ldb) {
  constexpr index_t kLine = static_cast<index_t>(kCacheLine / sizeof(T));
  if (trans_b) {
    for (index_t j = 0; j < nc; ++j) {
      for (index_t p = 0; p < kc; p += kLine) __builtin_prefetch(b + j * ldb + p);
    }
  } else {
    for (index_t p = 0; p < kc; ++p) {
      for (index_t j = 0; j < nc; j += kLine) __builtin_prefetch(b + p * ldb + j);
      __builtin_prefetch(b + p * ldb + nc - 1);
    }
  }
}

// Last resort when packing buffers cannot be allocated: unblocked, still correct.
template <class T>
void gemm_unpacked(bool trans_a, bool trans_b, index_t m0, index_t m1, index_t n0, index_t n1, index_t k, T alpha,
                   const T* a, index_t lda, const T* b, index_t ldb, T beta, T* c, index_t ldc) {
  for (index_t i = m0; i < m1; ++i) {
    for (index_t j = n0; j < n1; ++j) {
      T sum = T(0);
      for (index_t p = 0; p < k; ++p) {
        const T av = trans_a ? a[p * lda + i] : a[i * lda + p];
        const T bv = trans_b ? b[j * ldb + p] : b[p * ldb + j];
        sum += av * bv;
      }
      const T t = alpha * sum;
      c[i * ldc + j] = beta == T(0) ? t : beta * c[i * ldc + j] + t;
    }
  }
}

// C[m0:m1, n0:n1] on the calling thread; m0 and n0 are multiples of MR and NR.
template <class T>
void gemm_rectangle(const GemmKernels<T>& kr, bool trans_a, bool trans_b, index_t m0, index_t m1, index_t n0,
                    index_t n1, index_t k, T alpha, const T* a, index_t lda, const T* b, index_t ldb, T beta, T* c,
                    index_t ldc) {
  const index_t mr = kr.mr, nr = kr.nr;
  const index_t kc_step = k_block(k, kr.kc);
  const index_t mc_step = balanced_block(m1 - m0, kr.mc, mr);
  const index_t nc_step = balanced_block(n1 - n0, kr.nc, nr);
  // With a single A block, each B micro-panel is used by one sweep of micro-kernels only: pack
  // it just before that sweep into an L1-sized buffer rather than packing the whole panel into
  // L2/L3 first (saves a write and a read of op(B), which dominate when m is small).
  const bool panel_at_a_time = m1 - m0 <= mc_step;
  const index_t b_elements = panel_at_a_time ? nr * kc_step : nc_step * kc_step;
  const PackBuffers buffers = thread_pack_buffers(sizeof(T) * static_cast<std::size_t>(mc_step * kc_step),
                                                  sizeof(T) * static_cast<std::size_t>(b_elements));
  if (buffers.a == nullptr) {
    gemm_unpacked(trans_a, trans_b, m0, m1, n0, n1, k, alpha, a, lda, b, ldb, beta, c, ldc);
    return;
  }
  T* const packed_a = static_cast<T*>(buffers.a);
  T* const packed_b = static_cast<T*>(buffers.b);
  // op(B)[p, j] starts at b_at(p, j).
  auto b_at = [&](index_t p, index_t j) { return trans_b ? b + j * ldb + p : b + p * ldb + j; };

  for (index_t jc = n0; jc < n1; jc += nc_step) {
    const index_t nc = std::min(nc_step, n1 - jc);
    for (index_t pc = 0; pc < k; pc += kc_step) {
      const index_t kc = std::min(kc_step, k - pc);
      if (!panel_at_a_time) kr.pack_b(trans_b, kc, nc, b_at(pc, jc), ldb, packed_b);
      // Later K blocks accumulate onto the first.
      const T beta_block = pc == 0 ? beta : T(1);
      for (index_t ic = m0; ic < m1; ic += mc_step) {
        const index_t mc = std::min(mc_step, m1 - ic);
        kr.pack_a(trans_a, mc, kc, trans_a ? a + pc * lda + ic : a + ic * lda + pc, lda, packed_a);
        for (index_t jr = 0; jr < nc; jr += nr) {
          const index_t n_tile = std::min(nr, nc - jr);
          const T* b_panel = packed_b + jr * kc;
          if (panel_at_a_time) {
            kr.pack_b(trans_b, kc, n_tile, b_at(pc, jc + jr), ldb, packed_b);
            b_panel = packed_b;
            // Start fetching the next micro-panel's source while this one is multiplied.
            if (jr + nr < nc) prefetch_b_panel(trans_b, kc, std::min(nr, nc - jr - nr), b_at(pc, jc + jr + nr), ldb);
          }
          T* c_col = c + ic * ldc + jc + jr;
          for (index_t ir = 0; ir < mc; ir += mr) {
            kr.microkernel(std::min(mr, mc - ir), n_tile, kc, packed_a + ir * kc, b_panel, c_col + ir * ldc, ldc,
                           alpha, beta_block);
          }
        }
      }
    }
  }
}

// How a team of `threads` splits C: a tm x tn grid of rectangles (tm·tn = threads).
struct Grid {
  int tm = 1, tn = 1;
};

// Picks the grid that minimizes the busiest thread's work: its micro-tiles (compute) plus the
// rows of A and columns of B it packs (each thread packs its own, so a split over N repeats the
// packing of A, a split over M that of B). Packing one value costs about as much as ~8 lanes of
// multiply-add along k.
Grid choose_grid(index_t m_tiles, index_t n_tiles, index_t mr, index_t nr, int threads) {
  Grid best;
  double best_cost = -1.0;
  for (int tm = 1; tm <= threads; ++tm) {
    if (threads % tm != 0) continue;
    const int tn = threads / tm;
    if (tm > m_tiles || tn > n_tiles) continue;
    const double rows = static_cast<double>(ceil_div(m_tiles, tm) * mr);
    const double cols = static_cast<double>(ceil_div(n_tiles, tn) * nr);
    const double cost = rows * cols + 8.0 * (rows + cols);
    if (best_cost < 0.0 || cost < best_cost) {
      best_cost = cost;
      best = Grid{tm, tn};
    }
  }
  return best;
}

// Threads worth using for an m x n x k product.
int useful_threads(index_t m, index_t n, index_t k, index_t mr, index_t nr) {
  const int available = num_threads();
  if (available <= 1) return 1;
  const double fma = static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k);
  const double by_work = fma / kMinFmaPerThread;
  const double by_tiles = static_cast<double>(ceil_div(m, mr) * ceil_div(n, nr));
  const double limit = std::min({static_cast<double>(available), by_work, by_tiles});
  return limit < 2.0 ? 1 : static_cast<int>(limit);
}

// Tile range [begin, end) of part `index` when `tiles` tiles are split into `parts`.
inline index_t split_point(index_t tiles, int parts, int index) { return tiles * index / parts; }

template <class T>
void gemm_team(const GemmKernels<T>& kr, int threads, bool trans_a, bool trans_b, index_t m, index_t n, index_t k,
               T alpha, const T* a, index_t lda, const T* b, index_t ldb, T beta, T* c, index_t ldc) {
  if (threads <= 1) {
    gemm_rectangle(kr, trans_a, trans_b, 0, m, 0, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    return;
  }
  const index_t m_tiles = ceil_div(m, kr.mr), n_tiles = ceil_div(n, kr.nr);
  run_team(threads, [&](const Team& team) {
    // The pool may grant fewer threads than asked (busy, or a nested call): split by what we got.
    const Grid grid = choose_grid(m_tiles, n_tiles, kr.mr, kr.nr, team.size());
    if (team.rank() >= grid.tm * grid.tn) return;
    const int rm = team.rank() / grid.tn, rn = team.rank() % grid.tn;
    const index_t m0 = split_point(m_tiles, grid.tm, rm) * kr.mr;
    const index_t m1 = std::min(m, split_point(m_tiles, grid.tm, rm + 1) * kr.mr);
    const index_t n0 = split_point(n_tiles, grid.tn, rn) * kr.nr;
    const index_t n1 = std::min(n, split_point(n_tiles, grid.tn, rn + 1) * kr.nr);
    if (m0 < m1 && n0 < n1) {
      gemm_rectangle(kr, trans_a, trans_b, m0, m1, n0, n1, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }
  });
}

}  // namespace

template <class T>
void gemm(const GemmKernels<T>& kernels, bool trans_a, bool trans_b, index_t m, index_t n, index_t k, T alpha,
          const T* a, index_t lda, const T* b, index_t ldb, T beta, T* c, index_t ldc) {
  if (m <= 0 || n <= 0) return;
  if (k <= 0 || alpha == T(0)) {
    scale_c(m, n, beta, c, ldc);
    return;
  }
  const int threads = useful_threads(m, n, k, kernels.mr, kernels.nr);
  gemm_team(kernels, threads, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

template <class T>
void gemm_batched(const GemmKernels<T>& kernels, bool trans_a, bool trans_b, index_t m, index_t n, index_t k,
                  T alpha, const T* a, index_t lda, index_t stride_a, const T* b, index_t ldb, index_t stride_b,
                  T beta, T* c, index_t ldc, index_t stride_c, index_t batch) {
  if (batch <= 0 || m <= 0 || n <= 0) return;
  const int per_product = useful_threads(m, n, k, kernels.mr, kernels.nr);
  if (batch == 1 || per_product > 1) {
    // Each product is big enough to share out by itself.
    for (index_t i = 0; i < batch; ++i) {
      gemm(kernels, trans_a, trans_b, m, n, k, alpha, a + i * stride_a, lda, b + i * stride_b, ldb, beta,
           c + i * stride_c, ldc);
    }
    return;
  }
  // Small products: whole products per thread (each computed exactly as on one thread).
  const double fma = static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(std::max<index_t>(k, 1));
  const double by_work = fma * static_cast<double>(batch) / kMinFmaPerThread;
  const int threads = static_cast<int>(std::min({static_cast<double>(num_threads()), by_work,
                                                 static_cast<double>(batch)}));
  auto one = [&](index_t i) {
    const T* ai = a + i * stride_a;
    const T* bi = b + i * stride_b;
    T* ci = c + i * stride_c;
    if (k <= 0 || alpha == T(0)) {
      scale_c(m, n, beta, ci, ldc);
    } else {
      gemm_team(kernels, 1, trans_a, trans_b, m, n, k, alpha, ai, lda, bi, ldb, beta, ci, ldc);
    }
  };
  if (threads <= 1) {
    for (index_t i = 0; i < batch; ++i) one(i);
    return;
  }
  run_team(threads, [&](const Team& team) {
    const index_t begin = batch * team.rank() / team.size();
    const index_t end = batch * (team.rank() + 1) / team.size();
    for (index_t i = begin; i < end; ++i) one(i);
  });
}

#define DESCENT_INSTANTIATE_GEMM(T)                                                                            \
  template void gemm<T>(const GemmKernels<T>&, bool, bool, index_t, index_t, index_t, T, const T*, index_t,   \
                        const T*, index_t, T, T*, index_t);                                                    \
  template void gemm_batched<T>(const GemmKernels<T>&, bool, bool, index_t, index_t, index_t, T, const T*,    \
                                index_t, index_t, const T*, index_t, index_t, T, T*, index_t, index_t, index_t);
DESCENT_INSTANTIATE_GEMM(float)
DESCENT_INSTANTIATE_GEMM(double)
#undef DESCENT_INSTANTIATE_GEMM

}  // namespace descent::kernels
