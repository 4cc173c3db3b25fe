// Fused cross-entropy against a direct float64 reference (softmax, then the target
// distribution), for class and probability targets, weights, label smoothing, ignored targets,
// [N, C] and [N, C, d] layouts, and bit-identical results for any thread count.
#include <limits>

#include "loss/cross_entropy.h"
#include "test_support.h"

namespace descent::test {
namespace {

using kernels::CrossEntropyTarget;
using kernels::DType;

struct Case {
  index_t outer, classes, inner;
  bool probabilities, weighted;
  double smoothing;
  std::int64_t ignore_index;
};

// The distribution a of position (o, i), from the definition in cross_entropy.h.
std::vector<double> distribution(const Case& k, const std::vector<std::int32_t>& y, const std::vector<double>& t,
                                 const std::vector<double>& w, index_t o, index_t i) {
  std::vector<double> a(static_cast<std::size_t>(k.classes), 0.0);
  const double eps = k.smoothing, share = eps / static_cast<double>(k.classes);
  for (index_t c = 0; c < k.classes; ++c) {
    const double wc = k.weighted ? w[c] : 1.0;
    if (k.probabilities) {
      a[c] = wc * ((1 - eps) * t[(o * k.classes + c) * k.inner + i] + share);
    } else {
      const std::int32_t yi = y[o * k.inner + i];
      if (yi == k.ignore_index) continue;
      a[c] = wc * share + (c == yi ? (1 - eps) * (k.weighted ? w[yi] : 1.0) : 0.0);
    }
  }
  return a;
}

template <class T> void check(const Case& k, DType dt, double rtol) {
  const index_t scores = k.outer * k.classes * k.inner, positions = k.outer * k.inner;
  const auto x = uniform<T>(scores, -4, 4, 11);
  auto y = uniform_int(positions, 0, static_cast<int>(k.classes) - 1, 12);
  for (index_t p = 0; p < positions; p += 3) y[p] = static_cast<std::int32_t>(k.ignore_index);
  auto t = uniform<T>(scores, 0, 1, 13);
  const auto w = uniform<T>(k.classes, 0.5, 2, 14);
  const auto g = uniform<T>(positions, -1, 1, 15);

  CrossEntropyTarget target;
  if (k.probabilities) target.probability = t.data(); else target.class_index = y.data();
  target.weight = k.weighted ? w.data() : nullptr;
  target.label_smoothing = k.smoothing;
  target.ignore_index = k.ignore_index;
  std::vector<T> sm(scores), loss(positions), dx(scores);
  const double denominator = kernels::cross_entropy_forward(dt, x.data(), target, sm.data(), loss.data(), k.outer, k.classes, k.inner);
  kernels::cross_entropy_backward(dt, g.data(), 1, sm.data(), target, dx.data(), k.outer, k.classes, k.inner);

  const std::vector<double> td(t.begin(), t.end()), wd(w.begin(), w.end());
  double want_denominator = 0;
  for (index_t o = 0; o < k.outer; ++o) {
    for (index_t i = 0; i < k.inner; ++i) {
      const index_t p = o * k.inner + i;
      auto at = [&](index_t c) { return (o * k.classes + c) * k.inner + i; };
      double m = -INFINITY, s = 0;
      for (index_t c = 0; c < k.classes; ++c) m = std::max(m, static_cast<double>(x[at(c)]));
      for (index_t c = 0; c < k.classes; ++c) s += std::exp(x[at(c)] - m);
      const auto a = distribution(k, y, td, wd, o, i);
      double want_loss = 0, total = 0;
      for (index_t c = 0; c < k.classes; ++c) {
        const double l = x[at(c)] - m - std::log(s);
        ASSERT_TRUE(close(sm[at(c)], std::exp(l), rtol, rtol)) << "softmax " << sm[at(c)] << " vs " << std::exp(l);
        want_loss -= a[c] * l;
        total += a[c];
      }
      ASSERT_TRUE(close(loss[p], want_loss, rtol, rtol)) << "loss at " << p << ": " << loss[p] << " vs " << want_loss;
      for (index_t c = 0; c < k.classes; ++c) {
        const double want = g[p] * (total * std::exp(x[at(c)] - m) / s - a[c]);
        ASSERT_TRUE(close(dx[at(c)], want, rtol, rtol)) << "dx " << dx[at(c)] << " vs " << want;
      }
      if (k.probabilities) {
        want_denominator += 1;
      } else if (y[p] != k.ignore_index) {
        want_denominator += k.weighted ? wd[y[p]] : 1.0;
      }
    }
  }
  EXPECT_TRUE(close(denominator, want_denominator, 1e-12, 0)) << denominator << " vs " << want_denominator;
}

TEST(CrossEntropy, MatchesReference) {
  const std::vector<Case> cases{
      {7, 5, 1, false, false, 0.0, -100}, {7, 5, 1, false, true, 0.0, -100}, {6, 4, 1, false, true, 0.2, 2},
      {5, 3, 1, true, false, 0.0, -100},  {5, 3, 1, true, true, 0.1, -100},  {3, 4, 5, false, true, 0.15, -100},
      {2, 6, 7, true, true, 0.3, -100},   {1, 1000, 1, false, false, 0.05, -1}, {0, 3, 1, false, false, 0, -100},
  };
  for (const Case& k : cases) {
    check<double>(k, DType::Float64, 1e-12);
    check<float>(k, DType::Float32, 2e-5);
  }
}

TEST(CrossEntropy, StableForHugeScores) {
  const std::vector<float> x{1e4f, -1e4f, 0.0f, 1e4f};
  const std::vector<std::int32_t> y{1};
  CrossEntropyTarget target;
  target.class_index = y.data();
  std::vector<float> sm(4), loss(1), dx(4);
  kernels::cross_entropy_forward(DType::Float32, x.data(), target, sm.data(), loss.data(), 1, 4, 1);
  EXPECT_FLOAT_EQ(loss[0], 2e4f + std::log(2.0f));
  const float one = 1;
  kernels::cross_entropy_backward(DType::Float32, &one, 0, sm.data(), target, dx.data(), 1, 4, 1);
  EXPECT_FLOAT_EQ(dx[0], 0.5f);
  EXPECT_FLOAT_EQ(dx[1], -1.0f);
  EXPECT_EQ(dx[2], 0.0f);
}

TEST(CrossEntropy, MaskedScoresGiveZeroProbabilityAndNaNPropagates) {
  const float inf = std::numeric_limits<float>::infinity();
  const std::vector<float> x{0.5f, -inf, 1.5f, -100.0f, 0.0f, 0.0f, NAN, 0.0f};
  const std::vector<std::int32_t> y{0, 1};
  CrossEntropyTarget target;
  target.class_index = y.data();
  std::vector<float> sm(8), loss(2);
  kernels::cross_entropy_forward(DType::Float32, x.data(), target, sm.data(), loss.data(), 2, 4, 1);
  EXPECT_EQ(sm[1], 0.0f);
  EXPECT_EQ(sm[3], 0.0f);  // e^−101.5 is below the smallest normal float
  const double s = std::exp(-1.0) + 1 + std::exp(-101.5);
  EXPECT_FLOAT_EQ(sm[0], static_cast<float>(std::exp(-1.0) / s));
  EXPECT_FLOAT_EQ(loss[0], static_cast<float>(1.0 + std::log(s)));
  EXPECT_TRUE(std::isnan(loss[1]));
  EXPECT_TRUE(std::isnan(sm[4]) && std::isnan(sm[7]));
}

// The float exponential the kernel vectorizes, through softmax over two classes:
// p_0 = 1/(1 + e^d) for scores (0, d), d <= 0.
TEST(CrossEntropy, FloatExponentialIsWithinTwoUlp) {
  std::vector<float> x;
  for (int i = 0; i <= 20000; ++i) {
    x.push_back(0.0f);
    x.push_back(-87.0f * static_cast<float>(i) / 20000);
  }
  const index_t rows = static_cast<index_t>(x.size() / 2);
  std::vector<std::int32_t> y(static_cast<std::size_t>(rows), 1);
  CrossEntropyTarget target;
  target.class_index = y.data();
  std::vector<float> sm(x.size()), loss(static_cast<std::size_t>(rows));
  kernels::cross_entropy_forward(DType::Float32, x.data(), target, sm.data(), loss.data(), rows, 2, 1);
  double worst = 0;
  for (index_t r = 0; r < rows; ++r) {
    const double e = std::exp(static_cast<double>(x[2 * r + 1]));
    worst = std::max(worst, std::fabs(sm[2 * r + 1] - e / (1 + e)) / (e / (1 + e)));
  }
  EXPECT_LT(worst, 4 * 5.97e-8);  // 2 ulp of e^d plus the rounding of the division
}

TEST(CrossEntropy, SameBitsForAnyThreadCount) {
  const index_t outer = 3000, classes = 37, inner = 3;
  const auto x = uniform<float>(outer * classes * inner, -3, 3, 21);
  const auto y = uniform_int(outer * inner, 0, classes - 1, 22);
  const auto w = uniform<float>(classes, 0.5, 2, 23);
  CrossEntropyTarget target;
  target.class_index = y.data();
  target.weight = w.data();
  target.label_smoothing = 0.1;
  std::vector<std::vector<float>> results;
  std::vector<double> denominators;
  for (int threads : {1, 2, 3}) {
    ThreadCount scope(threads);
    std::vector<float> sm(x.size()), loss(y.size()), dx(x.size());
    denominators.push_back(kernels::cross_entropy_forward(DType::Float32, x.data(), target, sm.data(), loss.data(), outer, classes, inner));
    const float half = 0.5f;
    kernels::cross_entropy_backward(DType::Float32, &half, 0, sm.data(), target, dx.data(), outer, classes, inner);
    loss.insert(loss.end(), sm.begin(), sm.end());
    loss.insert(loss.end(), dx.begin(), dx.end());
    results.push_back(loss);
  }
  for (std::size_t r = 1; r < results.size(); ++r) {
    EXPECT_EQ(std::memcmp(results[0].data(), results[r].data(), results[0].size() * sizeof(float)), 0);
    EXPECT_EQ(denominators[0], denominators[r]);
  }
}

TEST(CrossEntropy, FindsInvalidClasses) {
  const std::vector<std::int32_t> y{0, 2, -100, 3, -1};
  EXPECT_EQ(kernels::find_invalid_class(y.data(), 3, 3, -100), -1);
  EXPECT_EQ(kernels::find_invalid_class(y.data(), 5, 3, -100), 3);
  EXPECT_EQ(kernels::find_invalid_class(y.data(), 5, 4, -100), 4);
  EXPECT_EQ(kernels::find_invalid_class(y.data(), 5, 4, -1), 2);
}

}  // namespace
}  // namespace descent::test
