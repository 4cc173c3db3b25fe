#include "rng/distributions.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <type_traits>
#include <utility>

#include "rng/deterministic_math.h"
#include "threading/thread_pool.h"

namespace descent::kernels::rng {
namespace {

namespace dm = deterministic;

// Draws per parallel chunk: a multiple of every distribution's draws per block, so each chunk
// starts on a block boundary and the chunking never changes which words a draw reads.
constexpr index_t kChunk = index_t{1} << 16;

// Calls fill(begin, end) over [0, n) in fixed chunks of kChunk draws, in parallel when n spans
// more than one chunk.
template <class Fill> void run_chunks(index_t n, const Fill& fill) {
  if (n <= 0) return;
  if (n <= kChunk) {
    fill(index_t{0}, n);
    return;
  }
  parallel_for((n + kChunk - 1) / kChunk, [&](index_t c) {
    const index_t begin = c * kChunk;
    fill(begin, std::min(n, begin + kChunk));
  });
}

std::uint64_t blocks_for(index_t n, index_t per_block) {
  return n <= 0 ? 0 : static_cast<std::uint64_t>((n + per_block - 1) / per_block);
}

// 24 random bits → [0, 1).
double unit24(std::uint32_t w) { return static_cast<double>(w >> 8) * 0x1p-24; }

// 53 random bits of (hi:lo) → [0, 1).
double unit53(std::uint32_t lo, std::uint32_t hi) {
  const std::uint64_t bits = (static_cast<std::uint64_t>(hi) << 32) | lo;
  return static_cast<double>(bits >> 11) * 0x1p-53;
}

// k = 52 random bits of (hi:lo) → (2k + 1)·2^−53 in (0, 1); k + 1/2 is exact.
double open_unit53(std::uint32_t lo, std::uint32_t hi) {
  const std::uint64_t bits = (static_cast<std::uint64_t>(hi) << 32) | lo;
  return (static_cast<double>(bits >> 12) + 0.5) * 0x1p-52;
}

// The adjacent representable value above (up = true) or below a finite x, by bit arithmetic
// (IEEE values of one sign are ordered like their bit patterns).
template <class T> T next_toward(T x, bool up) {
  using Bits = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
  if (x == T(0)) return up ? std::numeric_limits<T>::denorm_min() : -std::numeric_limits<T>::denorm_min();
  Bits b;
  std::memcpy(&b, &x, sizeof b);
  b = (x > T(0)) == up ? b + 1 : b - 1;
  std::memcpy(&x, &b, sizeof b);
  return x;
}

// Rounds x in [lo, hi] to float, staying inside [lo, hi] when a float lies there: a rounded value
// outside moves one float back (it was the nearest float to x, so its neighbour is across x).
float to_float_within(double x, double lo, double hi) {
  float f = static_cast<float>(x);
  if (f < lo) f = next_toward(f, true);
  if (f > hi) f = next_toward(f, false);
  return f;
}

// ---- uniform -----------------------------------------------------------------------------------

struct UniformMap {
  double low, span, high;
  float to_float(double u) const {
    float x = static_cast<float>(low + span * u);
    if (span > 0.0) {
      if (x >= high) x = next_toward(x, false);
      if (x < low) x = next_toward(x, true);
    }
    return x;
  }
  double to_double(double u) const {
    double x = low + span * u;  // ≥ low: span·u ≥ 0 and rounding is monotone
    if (x >= high && span > 0.0) x = next_toward(x, false);
    return x;
  }
};

// ---- truncated normal --------------------------------------------------------------------------

// Standard normal truncated to [alpha, beta], sampled by inverse CDF (see distributions.h).
class TruncatedStandardNormal {
 public:
  TruncatedStandardNormal(double alpha, double beta) {
    flip_ = alpha + beta > 0.0;  // mirror so the interval leans to the lower half: lo + hi ≤ 0
    lo_ = flip_ ? -beta : alpha;
    hi_ = flip_ ? -alpha : beta;
    log_space_ = hi_ < -35.0;
    if (log_space_) {
      // Φ(hi) < 1e−268: p = Φ(lo)·(1 − u) + Φ(hi)·u may leave the normal doubles, so take
      // log p = log Φ(hi) + log(u + (1 − u)·Φ(lo)/Φ(hi)).
      log_hi_ = dm::log_normal_cdf(hi_);
      log_ratio_ = dm::log_normal_cdf(lo_) - log_hi_;
      ratio_ = dm::exp(log_ratio_);
    } else {
      p_lo_ = dm::normal_cdf(lo_);
      q_hi_ = dm::normal_cdf_complement(hi_);
      // Φ(hi) − Φ(lo) without cancellation: from Φ(hi) in the lower half, from 1 − Q(hi) above.
      mass_ = hi_ <= 0.0 ? dm::normal_cdf(hi_) - p_lo_ : (1.0 - q_hi_) - p_lo_;
    }
  }

  // u in (0, 1).
  double sample(double u) const {
    double z;
    if (log_space_) {
      z = dm::inverse_normal_cdf_of_log(log_hi_ + dm::log(u + (1.0 - u) * ratio_));
    } else {
      // Invert the smaller of p and q = 1 − p: Φ⁻¹ is accurate in relative terms only near 0.
      const double p = p_lo_ + u * mass_;
      if (p <= 0.5) {
        z = dm::inverse_normal_cdf(p);
      } else {
        z = -dm::inverse_normal_cdf(q_hi_ + (1.0 - u) * mass_);  // 1 − u is exact
      }
    }
    z = std::min(std::max(z, lo_), hi_);
    return flip_ ? -z : z;
  }

 private:
  bool flip_ = false;
  bool log_space_ = false;
  double lo_ = 0.0, hi_ = 0.0;
  double p_lo_ = 0.0, q_hi_ = 0.0, mass_ = 0.0;  // Φ(lo), 1 − Φ(hi), Φ(hi) − Φ(lo)
  double log_hi_ = 0.0, log_ratio_ = 0.0, ratio_ = 0.0;
};

// ---- bounded integers --------------------------------------------------------------------------

// A uniform integer in [0, range), 1 ≤ range ≤ 2^32, from block b of the stream: Lemire's
// multiply-shift m = w·range, accepted when lo32(m) ≥ 2^32 mod range (computed only when
// lo32(m) < range, which it must then be). Words 0-3 of block b, then of the reserved blocks
// {b, round = 1, 2, ...} (distributions.h).
std::uint32_t bounded(Key key, std::uint64_t b, std::uint64_t range) {
  std::uint64_t threshold = range;  // unknown yet; any lo32(m) ≥ range is accepted anyway
  Block w = philox4x32_10(block_counter(b), key);
  for (std::uint32_t round = 1;; ++round) {
    for (int j = 0; j < 4; ++j) {
      const std::uint64_t m = static_cast<std::uint64_t>(w[j]) * range;
      const std::uint64_t l = m & 0xFFFFFFFFu;
      if (l < threshold) {
        if (threshold == range) threshold = ((std::uint64_t{1} << 32) - range) % range;
        if (l < threshold) continue;
      }
      return static_cast<std::uint32_t>(m >> 32);
    }
    w = philox4x32_10(block_counter(b, round), key);
  }
}

// ---- drivers -----------------------------------------------------------------------------------

// Draws [begin, end) of a stream with D draws per block (begin a multiple of D): calls
// draw(w, j, i) for draw i, which reads lane j of block offset + i / D.
template <int D, class Draw>
void fill_blocks(Key key, std::uint64_t offset, index_t begin, index_t end, const Draw& draw) {
  index_t i = begin;
  for (; i + D <= end; i += D) {
    const Block w = philox4x32_10(block_counter(offset + static_cast<std::uint64_t>(i / D)), key);
    for (int j = 0; j < D; ++j) draw(w, j, i + j);
  }
  if (i < end) {
    const Block w = philox4x32_10(block_counter(offset + static_cast<std::uint64_t>(i / D)), key);
    for (int j = 0; i + j < end; ++j) draw(w, j, i + j);
  }
}

// n draws with D per block, in parallel chunks; returns the blocks consumed.
template <int D, class Draw> std::uint64_t draw_stream(Stream s, index_t n, const Draw& draw) {
  const Key key = stream_key(s.seed);
  run_chunks(n, [&](index_t begin, index_t end) { fill_blocks<D>(key, s.offset, begin, end, draw); });
  return blocks_for(n, D);
}

template <class T> std::uint64_t uniform_impl(Stream s, T* out, index_t n, double low, double high) {
  const UniformMap map{low, high - low, high};
  if constexpr (std::is_same_v<T, float>) {
    return draw_stream<4>(s, n, [&](const Block& w, int j, index_t i) { out[i] = map.to_float(unit24(w[j])); });
  } else {
    return draw_stream<2>(s, n, [&](const Block& w, int j, index_t i) {
      out[i] = map.to_double(unit53(w[2 * j], w[2 * j + 1]));
    });
  }
}

// Two open 53-bit uniforms per block, each through transform(u), stored as T.
template <class T, class Transform>
std::uint64_t two_per_block(Stream s, T* out, index_t n, const Transform& transform) {
  return draw_stream<2>(s, n, [&](const Block& w, int j, index_t i) {
    out[i] = transform(open_unit53(w[2 * j], w[2 * j + 1]));
  });
}

template <class T> std::uint64_t normal_impl(Stream s, T* out, index_t n, double mean, double std) {
  return two_per_block(s, out, n, [&](double u) {
    return static_cast<T>(mean + std * dm::inverse_normal_cdf(u));
  });
}

template <class T>
std::uint64_t truncated_normal_impl(Stream s, T* out, index_t n, double mean, double std, double a,
                                    double b) {
  const TruncatedStandardNormal tn((a - mean) / std, (b - mean) / std);
  return two_per_block(s, out, n, [&](double u) -> T {
    const double x = std::min(std::max(mean + std * tn.sample(u), a), b);
    if constexpr (std::is_same_v<T, float>) {
      return to_float_within(x, a, b);
    } else {
      return x;
    }
  });
}

template <class T> std::uint64_t bernoulli_impl(Stream s, T* out, index_t n, double p) {
  // P(w < t) = t/2^32 with t = ⌈p·2^32⌉ (p·2^32 is exact).
  const double scaled = p * 0x1p32;
  std::uint64_t t = static_cast<std::uint64_t>(scaled);
  if (static_cast<double>(t) < scaled) ++t;
  // w < t as the sign bit of w − t (64-bit), converted arithmetically: compilers turn a select
  // between 1 and 0 into a branch, which on a random bit mispredicts half the time.
  return draw_stream<4>(s, n, [&](const Block& w, int j, index_t i) {
    out[i] = static_cast<T>(static_cast<std::int32_t>((std::uint64_t{w[j]} - t) >> 63));
  });
}

}  // namespace

std::uint64_t uniform(Stream s, float* out, index_t n, double low, double high) {
  return uniform_impl(s, out, n, low, high);
}
std::uint64_t uniform(Stream s, double* out, index_t n, double low, double high) {
  return uniform_impl(s, out, n, low, high);
}

std::uint64_t normal(Stream s, float* out, index_t n, double mean, double std) {
  return normal_impl(s, out, n, mean, std);
}
std::uint64_t normal(Stream s, double* out, index_t n, double mean, double std) {
  return normal_impl(s, out, n, mean, std);
}

std::uint64_t truncated_normal(Stream s, float* out, index_t n, double mean, double std, double a,
                               double b) {
  return truncated_normal_impl(s, out, n, mean, std, a, b);
}
std::uint64_t truncated_normal(Stream s, double* out, index_t n, double mean, double std, double a,
                               double b) {
  return truncated_normal_impl(s, out, n, mean, std, a, b);
}

std::uint64_t randint(Stream s, std::int32_t* out, index_t n, std::int64_t low, std::int64_t high) {
  const Key key = stream_key(s.seed);
  const std::uint64_t range = static_cast<std::uint64_t>(high - low);
  run_chunks(n, [&](index_t begin, index_t end) {
    for (index_t i = begin; i < end; ++i) {
      const std::uint32_t k = bounded(key, s.offset + static_cast<std::uint64_t>(i), range);
      out[i] = static_cast<std::int32_t>(low + static_cast<std::int64_t>(k));
    }
  });
  return blocks_for(n, 1);
}

std::uint64_t bernoulli(Stream s, float* out, index_t n, double p) {
  return bernoulli_impl(s, out, n, p);
}
std::uint64_t bernoulli(Stream s, double* out, index_t n, double p) {
  return bernoulli_impl(s, out, n, p);
}

std::uint64_t randperm(Stream s, std::int32_t* out, index_t n) {
  if (n <= 0) return 0;
  const Key key = stream_key(s.seed);
  for (index_t i = 0; i < n; ++i) out[i] = static_cast<std::int32_t>(i);
  for (index_t i = n - 1; i >= 1; --i) {
    const std::uint64_t range = static_cast<std::uint64_t>(i) + 1;
    const std::uint32_t j = bounded(key, s.offset + static_cast<std::uint64_t>(i - 1), range);
    std::swap(out[i], out[j]);
  }
  return static_cast<std::uint64_t>(n - 1);
}

}  // namespace descent::kernels::rng
