// The blocked gemm driver, written once for every instruction set (it calls the packing routines
// and micro-kernel of a GemmKernels table). Loop nest of Goto & van de Geijn (2008):
//
//   for jc in N by NC:              B panel op(B)[pc:pc+kc, jc:jc+nc] packed once (L3)
//     for pc in K by KC:
//       for ic in M by MC:          A block op(A)[ic:ic+mc, pc:pc+kc] packed once (L2)
//         for jr in nc by NR:       B micro-panel stays in L1
//           for ir in mc by MR:     micro-kernel: MR x NR tile of C in registers
//
// Threads split C over M or N only, on micro-tile boundaries, and the K blocking depends on k
// alone, so every element of C is computed by the same operations whatever the thread count:
// results are bit-identical for any number of threads. Threads never wait for one another.
#include <algorithm>
#include <atomic>
#include <cstdint>

#include "gemm/gemm.h"
#include "gemm/pack_buffer.h"
#include "threading/thread_pool.h"

namespace descent::kernels {
namespace {

// Multiply-adds (m·n·k) each thread must get before a split pays for waking a worker and for
// the duplicated packing: 2^17, about 3 µs of one core. Measured on Zen 3 with the pool's
// workers spinning (back-to-back calls): 2 threads already gain 1.2x at 48³ and 1.4x at 64³.
constexpr double kMinFmaPerThread = 131072.0;

// Largest operand (elements) a thread packs whole so that it can take chunks of C one at a time
// (see gemm_chunks); larger problems are split statically.
constexpr index_t kMaxWholePack = index_t(1) << 19;

// Chunks of C per thread in a dynamic split: enough to even out a thread that runs late or
// slowly (a busy or descheduled core), few enough to keep chunks wide.
constexpr index_t kChunksPerThread = 4;

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

// The arguments of one product.
template <class T> struct Product {
  bool trans_a, trans_b;
  index_t m, n, k;
  T alpha;
  const T* a;
  index_t lda;
  const T* b;
  index_t ldb;
  T beta;
  T* c;
  index_t ldc;

  // Where op(A)[i, p] and op(B)[p, j] are stored.
  const T* a_at(index_t i, index_t p) const { return trans_a ? a + p * lda + i : a + i * lda + p; }
  const T* b_at(index_t p, index_t j) const { return trans_b ? b + j * ldb + p : b + p * ldb + j; }
  T* c_at(index_t i, index_t j) const { return c + i * ldc + j; }
};

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

// Last resort when packing buffers cannot be allocated: unblocked, still correct.
template <class T> void gemm_unpacked(const Product<T>& p, index_t m0, index_t m1, index_t n0, index_t n1) {
  for (index_t i = m0; i < m1; ++i) {
    for (index_t j = n0; j < n1; ++j) {
      T sum = T(0);
      for (index_t q = 0; q < p.k; ++q) sum += *p.a_at(i, q) * *p.b_at(q, j);
      const T t = p.alpha * sum;
      T* cij = p.c_at(i, j);
      *cij = p.beta == T(0) ? t : p.beta * *cij + t;
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

// C[ic:ic+mc, jc:jc+nc] = alpha·Ã·B̃ + beta·C for a packed A block Ã (mc x kc) and a packed B
// panel B̃ (kc x nc): B micro-panels outer (each stays in L1), A micro-panels inner.
template <class T>
void macro_kernel(const GemmKernels<T>& kr, index_t mc, index_t nc, index_t kc, const T* packed_a, const T* packed_b,
                  T* c, index_t ldc, T alpha, T beta) {
  for (index_t jr = 0; jr < nc; jr += kr.nr) {
    const index_t n_tile = std::min(kr.nr, nc - jr);
    for (index_t ir = 0; ir < mc; ir += kr.mr) {
      kr.microkernel(std::min(kr.mr, mc - ir), n_tile, kc, packed_a + ir * kc, packed_b + jr * kc,
                     c + ir * ldc + jr, ldc, alpha, beta);
    }
  }
}

// The same for op(B)[pc:pc+kc, jc:jc+nc] not yet packed: each B micro-panel is packed into the
// L1-sized `b_buffer` just before its sweep of micro-kernels. Used when a single A block covers
// the rows, so each micro-panel is needed once: skips writing the whole panel to L2/L3 and
// reading it back, which dominates when m is small.
template <class T>
void macro_kernel_packing_b(const GemmKernels<T>& kr, const Product<T>& p, index_t mc, index_t nc, index_t kc,
                            index_t pc, index_t jc, const T* packed_a, T* b_buffer, T* c, T beta) {
  for (index_t jr = 0; jr < nc; jr += kr.nr) {
    const index_t n_tile = std::min(kr.nr, nc - jr);
    kr.pack_b(p.trans_b, kc, n_tile, p.b_at(pc, jc + jr), p.ldb, b_buffer);
    // Start fetching the next micro-panel's source while this one is multiplied.
    if (jr + kr.nr < nc) prefetch_b_panel(p.trans_b, kc, std::min(kr.nr, nc - jr - kr.nr), p.b_at(pc, jc + jr + kr.nr), p.ldb);
    for (index_t ir = 0; ir < mc; ir += kr.mr) {
      kr.microkernel(std::min(kr.mr, mc - ir), n_tile, kc, packed_a + ir * kc, b_buffer, c + ir * p.ldc + jr,
                     p.ldc, p.alpha, beta);
    }
  }
}

// C[m0:m1, n0:n1] on the calling thread; m0 and n0 are multiples of MR and NR.
template <class T>
void gemm_rectangle(const GemmKernels<T>& kr, const Product<T>& p, index_t m0, index_t m1, index_t n0, index_t n1) {
  const index_t kc_step = k_block(p.k, kr.kc);
  const index_t mc_step = balanced_block(m1 - m0, kr.mc, kr.mr);
  const index_t nc_step = balanced_block(n1 - n0, kr.nc, kr.nr);
  const bool one_a_block = m1 - m0 <= mc_step;
  const index_t b_elements = one_a_block ? kr.nr * kc_step : nc_step * kc_step;
  const PackBuffers buffers = thread_pack_buffers(sizeof(T) * static_cast<std::size_t>(mc_step * kc_step),
                                                  sizeof(T) * static_cast<std::size_t>(b_elements));
  if (buffers.a == nullptr) {
    gemm_unpacked(p, m0, m1, n0, n1);
    return;
  }
  T* const packed_a = static_cast<T*>(buffers.a);
  T* const packed_b = static_cast<T*>(buffers.b);
  for (index_t jc = n0; jc < n1; jc += nc_step) {
    const index_t nc = std::min(nc_step, n1 - jc);
    for (index_t pc = 0; pc < p.k; pc += kc_step) {
      const index_t kc = std::min(kc_step, p.k - pc);
      // Later K blocks accumulate onto the first.
      const T beta = pc == 0 ? p.beta : T(1);
      if (!one_a_block) kr.pack_b(p.trans_b, kc, nc, p.b_at(pc, jc), p.ldb, packed_b);
      for (index_t ic = m0; ic < m1; ic += mc_step) {
        const index_t mc = std::min(mc_step, m1 - ic);
        kr.pack_a(p.trans_a, mc, kc, p.a_at(ic, pc), p.lda, packed_a);
        if (one_a_block) {
          macro_kernel_packing_b(kr, p, mc, nc, kc, pc, jc, packed_a, packed_b, p.c_at(ic, jc), beta);
        } else {
          macro_kernel(kr, mc, nc, kc, packed_a, packed_b, p.c_at(ic, jc), p.ldc, p.alpha, beta);
        }
      }
    }
  }
}

// A dynamic split of C into chunks of whole columns (over N) or whole rows (over M), which team
// members claim one at a time. Each member first packs the operand every chunk needs (all of
// op(A) for column chunks, all of op(B) for row chunks) once, as a static split would have it
// do anyway; a member that starts late (a busy core, or a worker the OS put on the caller's
// core) simply claims fewer chunks instead of holding up the call.
struct ChunkPlan {
  bool over_n = true;
  index_t chunk = 0;   // rows or columns per chunk (a multiple of MR or NR)
  index_t count = 0;   // number of chunks
};

// Columns [n0, n1) with all of op(A) packed in `whole_a` (per K block, ceil(m/MR)·MR x kc).
template <class T>
void gemm_column_chunk(const GemmKernels<T>& kr, const Product<T>& p, index_t n0, index_t n1, const T* whole_a,
                       T* b_buffer) {
  const index_t kc_step = k_block(p.k, kr.kc);
  const index_t mc_step = balanced_block(p.m, kr.mc, kr.mr);
  const index_t m_padded = round_up(p.m, kr.mr);
  const bool one_a_block = p.m <= mc_step;
  for (index_t pc = 0; pc < p.k; pc += kc_step) {
    const index_t kc = std::min(kc_step, p.k - pc);
    const T beta = pc == 0 ? p.beta : T(1);
    const T* a_block = whole_a + pc * m_padded;
    if (one_a_block) {
      macro_kernel_packing_b(kr, p, p.m, n1 - n0, kc, pc, n0, a_block, b_buffer, p.c_at(0, n0), beta);
      continue;
    }
    kr.pack_b(p.trans_b, kc, n1 - n0, p.b_at(pc, n0), p.ldb, b_buffer);
    for (index_t ic = 0; ic < p.m; ic += mc_step) {
      macro_kernel(kr, std::min(mc_step, p.m - ic), n1 - n0, kc, a_block + ic * kc, b_buffer, p.c_at(ic, n0), p.ldc,
                   p.alpha, beta);
    }
  }
}

// Rows [m0, m1) with all of op(B) packed in `whole_b` (per K block, kc x ceil(n/NR)·NR).
template <class T>
void gemm_row_chunk(const GemmKernels<T>& kr, const Product<T>& p, index_t m0, index_t m1, const T* whole_b,
                    T* a_buffer) {
  const index_t kc_step = k_block(p.k, kr.kc);
  const index_t n_padded = round_up(p.n, kr.nr);
  for (index_t pc = 0; pc < p.k; pc += kc_step) {
    const index_t kc = std::min(kc_step, p.k - pc);
    const T beta = pc == 0 ? p.beta : T(1);
    kr.pack_a(p.trans_a, m1 - m0, kc, p.a_at(m0, pc), p.lda, a_buffer);
    macro_kernel(kr, m1 - m0, p.n, kc, a_buffer, whole_b + pc * n_padded, p.c_at(m0, 0), p.ldc, p.alpha, beta);
  }
}

// One team member's share of a dynamic split.
template <class T>
void gemm_chunks(const GemmKernels<T>& kr, const Product<T>& p, const ChunkPlan& plan, std::atomic<index_t>& next) {
  index_t chunk = next.fetch_add(1, std::memory_order_relaxed);
  if (chunk >= plan.count) return;
  const index_t kc_step = k_block(p.k, kr.kc);
  const index_t extent = plan.over_n ? p.n : p.m;
  std::size_t whole_bytes, buffer_bytes;
  if (plan.over_n) {
    const bool one_a_block = p.m <= balanced_block(p.m, kr.mc, kr.mr);
    whole_bytes = sizeof(T) * static_cast<std::size_t>(round_up(p.m, kr.mr) * p.k);
    buffer_bytes = sizeof(T) * static_cast<std::size_t>((one_a_block ? kr.nr : plan.chunk) * kc_step);
  } else {
    whole_bytes = sizeof(T) * static_cast<std::size_t>(round_up(p.n, kr.nr) * p.k);
    buffer_bytes = sizeof(T) * static_cast<std::size_t>(plan.chunk * kc_step);
  }
  // buffers.a holds the whole operand, buffers.b the per-chunk one.
  const PackBuffers buffers = thread_pack_buffers(whole_bytes, buffer_bytes);
  if (buffers.a == nullptr) {
    for (; chunk < plan.count; chunk = next.fetch_add(1, std::memory_order_relaxed)) {
      const index_t lo = chunk * plan.chunk, hi = std::min(extent, lo + plan.chunk);
      if (plan.over_n) {
        gemm_unpacked(p, 0, p.m, lo, hi);
      } else {
        gemm_unpacked(p, lo, hi, 0, p.n);
      }
    }
    return;
  }
  T* const whole = static_cast<T*>(buffers.a);
  T* const buffer = static_cast<T*>(buffers.b);
  for (index_t pc = 0; pc < p.k; pc += kc_step) {
    const index_t kc = std::min(kc_step, p.k - pc);
    if (plan.over_n) {
      kr.pack_a(p.trans_a, p.m, kc, p.a_at(0, pc), p.lda, whole + pc * round_up(p.m, kr.mr));
    } else {
      kr.pack_b(p.trans_b, kc, p.n, p.b_at(pc, 0), p.ldb, whole + pc * round_up(p.n, kr.nr));
    }
  }
  for (; chunk < plan.count; chunk = next.fetch_add(1, std::memory_order_relaxed)) {
    const index_t lo = chunk * plan.chunk, hi = std::min(extent, lo + plan.chunk);
    if (plan.over_n) {
      gemm_column_chunk(kr, p, lo, hi, whole, buffer);
    } else {
      gemm_row_chunk(kr, p, lo, hi, whole, buffer);
    }
  }
}

// How a team of `threads` splits C statically: a tm x tn grid of rectangles (tm·tn = threads).
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

// A dynamic split for a one-dimensional grid whose whole-packed operand is small enough;
// count == 0 otherwise.
// Chunks are at most NC columns (the B panel) or MC rows (the A block, which must fit L2).
template <class T> ChunkPlan plan_chunks(const GemmKernels<T>& kr, const Grid& grid, index_t m, index_t n, index_t k,
                                         int threads) {
  ChunkPlan plan;
  if (grid.tm == 1 && round_up(m, kr.mr) * k <= kMaxWholePack) {
    plan.over_n = true;
    plan.chunk = std::min(kr.nc, ceil_div(ceil_div(n, kr.nr), kChunksPerThread * threads) * kr.nr);
    plan.count = ceil_div(n, plan.chunk);
  } else if (grid.tn == 1 && round_up(n, kr.nr) * k <= kMaxWholePack) {
    plan.over_n = false;
    plan.chunk = std::min(kr.mc, ceil_div(ceil_div(m, kr.mr), kChunksPerThread * threads) * kr.mr);
    plan.count = ceil_div(m, plan.chunk);
  }
  return plan;
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

template <class T> void gemm_team(const GemmKernels<T>& kr, int threads, const Product<T>& p) {
  if (threads <= 1) {
    gemm_rectangle(kr, p, 0, p.m, 0, p.n);
    return;
  }
  const index_t m_tiles = ceil_div(p.m, kr.mr), n_tiles = ceil_div(p.n, kr.nr);
  // Planned for the threads asked for; the pool may grant fewer (busy, or a nested call).
  const Grid wanted = choose_grid(m_tiles, n_tiles, kr.mr, kr.nr, threads);
  const ChunkPlan plan = plan_chunks(kr, wanted, p.m, p.n, p.k, threads);
  std::atomic<index_t> next{0};
  run_team(threads, [&](const Team& team) {
    if (plan.count > 0) {
      gemm_chunks(kr, p, plan, next);
      return;
    }
    const Grid grid = team.size() == threads ? wanted : choose_grid(m_tiles, n_tiles, kr.mr, kr.nr, team.size());
    if (team.rank() >= grid.tm * grid.tn) return;
    const int rm = team.rank() / grid.tn, rn = team.rank() % grid.tn;
    const index_t m0 = split_point(m_tiles, grid.tm, rm) * kr.mr;
    const index_t m1 = std::min(p.m, split_point(m_tiles, grid.tm, rm + 1) * kr.mr);
    const index_t n0 = split_point(n_tiles, grid.tn, rn) * kr.nr;
    const index_t n1 = std::min(p.n, split_point(n_tiles, grid.tn, rn + 1) * kr.nr);
    if (m0 < m1 && n0 < n1) gemm_rectangle(kr, p, m0, m1, n0, n1);
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
  const Product<T> p{trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc};
  gemm_team(kernels, useful_threads(m, n, k, kernels.mr, kernels.nr), p);
}

template <class T>
void gemm_batched(const GemmKernels<T>& kernels, bool trans_a, bool trans_b, index_t m, index_t n, index_t k,
                  T alpha, const T* a, index_t lda, index_t stride_a, const T* b, index_t ldb, index_t stride_b,
                  T beta, T* c, index_t ldc, index_t stride_c, index_t batch) {
  if (batch <= 0 || m <= 0 || n <= 0) return;
  auto one = [&](index_t i, int threads) {
    T* ci = c + i * stride_c;
    if (k <= 0 || alpha == T(0)) {
      scale_c(m, n, beta, ci, ldc);
      return;
    }
    const Product<T> p{trans_a, trans_b, m, n, k, alpha, a + i * stride_a, lda, b + i * stride_b, ldb, beta, ci, ldc};
    gemm_team(kernels, threads, p);
  };
  const int per_product = useful_threads(m, n, k, kernels.mr, kernels.nr);
  const double fma = static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(std::max<index_t>(k, 1));
  const int threads = static_cast<int>(std::min(
      {static_cast<double>(num_threads()), fma * static_cast<double>(batch) / kMinFmaPerThread,
       static_cast<double>(batch)}));
  if (batch == 1 || per_product > 1 || threads <= 1) {
    // Each product big enough to share out by itself (or nothing worth sharing).
    for (index_t i = 0; i < batch; ++i) one(i, per_product);
    return;
  }
  // Small products: whole products per thread, claimed one at a time (each computed exactly as
  // on one thread).
  std::atomic<index_t> next{0};
  run_team(threads, [&](const Team&) {
    for (index_t i = next.fetch_add(1, std::memory_order_relaxed); i < batch;
         i = next.fetch_add(1, std::memory_order_relaxed)) {
      one(i, 1);
    }
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
