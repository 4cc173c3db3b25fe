#include "loss/cross_entropy.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "threading/thread_pool.h"

namespace descent::kernels {
namespace {

// Positions per task: about this many scores each, whatever the class count.
constexpr index_t kTaskScores = index_t{1} << 14;

// Runs fn(begin, end) over fixed blocks of positions, in parallel.
template <class F> void for_position_blocks(index_t positions, index_t classes, F fn) {
  const index_t per_task = std::max<index_t>(1, kTaskScores / std::max<index_t>(classes, 1));
  const index_t tasks = (positions + per_task - 1) / per_task;
  parallel_for(tasks, [&](index_t t) {
    const index_t begin = t * per_task;
    fn(begin, std::min(positions, begin + per_task));
  });
}

template <class T> struct TypedTarget {
  const std::int32_t* class_index;
  const T* probability;
  const T* weight;
  T keep;         // 1 − ε
  T smooth;       // ε/C
  bool smoothing; // ε > 0
  std::int64_t ignore_index;
};

template <class T> TypedTarget<T> typed(const CrossEntropyTarget& t, index_t classes) {
  const double eps = t.label_smoothing;
  return TypedTarget<T>{t.class_index, static_cast<const T*>(t.probability), static_cast<const T*>(t.weight),
                        static_cast<T>(1.0 - eps), static_cast<T>(eps / static_cast<double>(classes)), eps > 0,
                        t.ignore_index};
}

template <class T> inline T weight_of(const TypedTarget<T>& t, index_t c) { return t.weight != nullptr ? t.weight[c] : T(1); }

// e^d for d <= 0 (d = x − max x), float: 2^n·e^r with n = round(d/ln 2) and |r| <= ln2/2,
// e^r from its degree-7 Taylor polynomial; within 2 ulp of e^d (measured over [−87, 0]),
// 0 below −87 (near the smallest normal float), NaN for NaN. Written without branches or
// floating-point compares (which may trap, so the compiler would not if-convert them): the
// class loop vectorizes with baseline SSE2, where libm's expf is one call per element.
inline float exp_nonpositive(float d) {
  constexpr float kRound = 12582912.0f;        // 1.5·2^23: adding it rounds to an integer
  constexpr std::uint32_t kMinus87 = 0xC2AE0000u;  // the bits of −87.0f
  std::uint32_t u;
  std::memcpy(&u, &d, sizeof u);
  // All ones where d < −87 (−inf included, NaN excluded), else 0: as unsigned, the bits of a
  // negative float grow with its magnitude.
  const std::uint32_t tiny = 0u - static_cast<std::uint32_t>((u > kMinus87) & ((u & 0x7fffffffu) <= 0x7f800000u));
  const std::uint32_t clamped_bits = (u & ~tiny) | (kMinus87 & tiny);
  float dc;
  std::memcpy(&dc, &clamped_bits, sizeof dc);
  const float shifted = dc * 1.44269504f + kRound;
  const float n = shifted - kRound;
  const float r = (dc - n * 0.693145752f) - n * 1.42860677e-6f;  // ln 2 split so n·hi is exact
  float e = 1.0f / 5040;
  e = e * r + 1.0f / 720;
  e = e * r + 1.0f / 120;
  e = e * r + 1.0f / 24;
  e = e * r + 1.0f / 6;
  e = e * r + 0.5f;
  e = e * r + 1.0f;
  e = e * r + 1.0f;
  // 2^n from its exponent field, n + 127 in [1, 127] (unsigned: a NaN's bits wrap harmlessly).
  std::uint32_t shifted_bits, round_bits;
  std::memcpy(&shifted_bits, &shifted, sizeof shifted_bits);
  std::memcpy(&round_bits, &kRound, sizeof round_bits);
  const std::uint32_t exponent = (shifted_bits - round_bits + 127u) << 23;
  float two_n;
  std::memcpy(&two_n, &exponent, sizeof two_n);
  const float v = e * two_n;
  std::uint32_t out_bits;
  std::memcpy(&out_bits, &v, sizeof out_bits);
  out_bits &= ~tiny;
  float out;
  std::memcpy(&out, &out_bits, sizeof out);
  return out;
}
// float64 keeps libm (correctness first, as the other float64 kernels).
inline double exp_nonpositive(double d) { return std::exp(d); }

// Σ f(c) over c < n in double, as four interleaved partial sums: a fixed order (the same bits
// for any thread count) that the compiler can still vectorize.
template <class F> inline double sum4(index_t n, F f) {
  double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  index_t c = 0;
  for (; c + 4 <= n; c += 4) {
    a0 += f(c);
    a1 += f(c + 1);
    a2 += f(c + 2);
    a3 += f(c + 3);
  }
  for (; c < n; ++c) a0 += f(c);
  return (a0 + a1) + (a2 + a3);
}

// One position whose scores are x[c·stride]: writes the softmax p[c·stride] and returns the
// loss −Σ a_c·lsm_c with lsm_c = (x_c − m) − ln Σ e^(x_k − m), m = max x (exact for huge m).
// Unit: stride is 1 (the [N, C] case), so the class loops are contiguous.
template <bool Unit, class T>
T position_forward(const T* x, index_t stride_arg, index_t classes, const TypedTarget<T>& t, const T* prob,
                   std::int32_t y, T* p) {
  const index_t stride = Unit ? 1 : stride_arg;
  // max over four lanes (a NaN score is skipped here and turns the loss into NaN below).
  T m4[4] = {-std::numeric_limits<T>::infinity(), -std::numeric_limits<T>::infinity(),
             -std::numeric_limits<T>::infinity(), -std::numeric_limits<T>::infinity()};
  index_t c4 = 0;
  for (; c4 + 4 <= classes; c4 += 4) {
    for (int l = 0; l < 4; ++l) m4[l] = x[(c4 + l) * stride] > m4[l] ? x[(c4 + l) * stride] : m4[l];
  }
  for (; c4 < classes; ++c4) m4[0] = x[c4 * stride] > m4[0] ? x[c4 * stride] : m4[0];
  const T m = std::max(std::max(m4[0], m4[1]), std::max(m4[2], m4[3]));
  for (index_t c = 0; c < classes; ++c) p[c * stride] = exp_nonpositive(x[c * stride] - m);
  const double s = sum4(classes, [&](index_t c) { return static_cast<double>(p[c * stride]); });
  const T inv = static_cast<T>(1.0 / s);
  for (index_t c = 0; c < classes; ++c) p[c * stride] *= inv;
  const T log_sum = static_cast<T>(std::log(s));
  auto lsm = [&](index_t c) { return (x[c * stride] - m) - log_sum; };

  if (t.class_index != nullptr) {
    if (y == t.ignore_index) return T(0);
    double loss = -static_cast<double>(t.keep * weight_of(t, y)) * static_cast<double>(lsm(y));
    if (t.smoothing) {
      loss -= static_cast<double>(t.smooth) *
              sum4(classes, [&](index_t c) { return static_cast<double>(weight_of(t, c) * lsm(c)); });
    }
    return static_cast<T>(loss);
  }
  return static_cast<T>(-sum4(classes, [&](index_t c) {
    return static_cast<double>(weight_of(t, c) * (t.keep * prob[c * stride] + t.smooth) * lsm(c));
  }));
}

// One position: dx_c = g·(A·p_c − a_c), A = Σ a_k. weight_total = Σ_c w_c.
template <bool Unit, class T>
void position_backward(T g, const T* p, index_t stride_arg, index_t classes, const TypedTarget<T>& t, const T* prob,
                       std::int32_t y, T weight_total, T* dx) {
  const index_t stride = Unit ? 1 : stride_arg;
  if (t.class_index != nullptr) {
    if (y == t.ignore_index) {
      for (index_t c = 0; c < classes; ++c) dx[c * stride] = T(0);
      return;
    }
    const T target_share = t.keep * weight_of(t, y);
    const T total = target_share + t.smooth * weight_total;
    for (index_t c = 0; c < classes; ++c) dx[c * stride] = g * (total * p[c * stride] - t.smooth * weight_of(t, c));
    // The target class's share, subtracted inside the same product: g·(A·p_y − a_y).
    dx[y * stride] = g * (total * p[y * stride] - (t.smooth * weight_of(t, y) + target_share));
    return;
  }
  // a_c goes into dx first, then dx is overwritten with the gradient.
  double acc = 0;
  for (index_t c = 0; c < classes; ++c) {
    const T a = weight_of(t, c) * (t.keep * prob[c * stride] + t.smooth);
    dx[c * stride] = a;
    acc += static_cast<double>(a);
  }
  const T total = static_cast<T>(acc);
  for (index_t c = 0; c < classes; ++c) dx[c * stride] = g * (total * p[c * stride] - dx[c * stride]);
}

template <class T>
double forward_typed(const T* x, const CrossEntropyTarget& target, T* softmax, T* loss, index_t outer, index_t classes,
                     index_t inner) {
  const TypedTarget<T> t = typed<T>(target, classes);
  const index_t positions = outer * inner;
  for_position_blocks(positions, classes, [&](index_t begin, index_t end) {
    for (index_t q = begin; q < end; ++q) {
      const index_t o = q / inner, i = q - o * inner;
      const index_t base = o * classes * inner + i;
      const T* prob = t.probability != nullptr ? t.probability + base : nullptr;
      const std::int32_t y = t.class_index != nullptr ? t.class_index[q] : 0;
      loss[q] = inner == 1 ? position_forward<true>(x + base, 1, classes, t, prob, y, softmax + base)
                           : position_forward<false>(x + base, inner, classes, t, prob, y, softmax + base);
    }
  });
  if (t.class_index == nullptr) return static_cast<double>(positions);
  // Σ w_y over the kept targets, in index order.
  double total = 0;
  for (index_t q = 0; q < positions; ++q) {
    const std::int32_t y = t.class_index[q];
    if (y != t.ignore_index) total += static_cast<double>(weight_of(t, y));
  }
  return total;
}

template <class T>
void backward_typed(const T* scale, index_t scale_stride, const T* softmax, const CrossEntropyTarget& target, T* dx,
                    index_t outer, index_t classes, index_t inner) {
  const TypedTarget<T> t = typed<T>(target, classes);
  double w_sum = 0;
  for (index_t c = 0; c < classes; ++c) w_sum += static_cast<double>(weight_of(t, c));
  const T weight_total = static_cast<T>(w_sum);
  const index_t positions = outer * inner;
  for_position_blocks(positions, classes, [&](index_t begin, index_t end) {
    for (index_t q = begin; q < end; ++q) {
      const index_t o = q / inner, i = q - o * inner;
      const index_t base = o * classes * inner + i;
      const T* prob = t.probability != nullptr ? t.probability + base : nullptr;
      const std::int32_t y = t.class_index != nullptr ? t.class_index[q] : 0;
      const T g = scale[q * scale_stride];
      if (inner == 1) {
        position_backward<true>(g, softmax + base, 1, classes, t, prob, y, weight_total, dx + base);
      } else {
        position_backward<false>(g, softmax + base, inner, classes, t, prob, y, weight_total, dx + base);
      }
    }
  });
}

}  // namespace

double cross_entropy_forward(DType dtype, const void* x, const CrossEntropyTarget& target, void* softmax,
                             void* loss, index_t outer, index_t classes, index_t inner) {
  if (dtype == DType::Float32) {
    return forward_typed(static_cast<const float*>(x), target, static_cast<float*>(softmax),
                         static_cast<float*>(loss), outer, classes, inner);
  }
  if (dtype == DType::Float64) {
    return forward_typed(static_cast<const double*>(x), target, static_cast<double*>(softmax),
                         static_cast<double*>(loss), outer, classes, inner);
  }
  return 0;
}

void cross_entropy_backward(DType dtype, const void* scale, index_t scale_stride, const void* softmax,
                            const CrossEntropyTarget& target, void* dx, index_t outer, index_t classes, index_t inner) {
  if (dtype == DType::Float32) {
    backward_typed(static_cast<const float*>(scale), scale_stride, static_cast<const float*>(softmax), target,
                   static_cast<float*>(dx), outer, classes, inner);
  } else if (dtype == DType::Float64) {
    backward_typed(static_cast<const double*>(scale), scale_stride, static_cast<const double*>(softmax), target,
                   static_cast<double*>(dx), outer, classes, inner);
  }
}

index_t find_invalid_class(const std::int32_t* target, index_t n, index_t classes, std::int64_t ignore_index) {
  for (index_t p = 0; p < n; ++p) {
    const std::int64_t y = target[p];
    if (y != ignore_index && (y < 0 || y >= classes)) return p;
  }
  return -1;
}

}  // namespace descent::kernels
