// Strided copies with conversion, fills, gather/scatter, index select/add and where.
#include <limits>

#include "memory/copy.h"
#include "memory/indexing.h"
#include "test_support.h"

namespace descent::test {
namespace {

using kernels::DType;

TEST(Copy, TransposeAndGeneralStridesWithCasts) {
  for (auto [rows, cols] : {std::pair<index_t, index_t>{1, 1}, {3, 5}, {64, 33}, {257, 130}}) {
    auto src = uniform<float>(rows * cols, -100, 100, 1);
    // Transposed read: dst[c][r] = src[r][c].
    std::vector<double> dst(src.size());
    const index_t shape[2] = {cols, rows}, ss[2] = {1, cols}, ds[2] = {rows, 1};
    kernels::copy_strided(DType::Float32, src.data(), ss, DType::Float64, dst.data(), ds, shape, 2);
    for (index_t r = 0; r < rows; ++r) {
      for (index_t c = 0; c < cols; ++c) ASSERT_EQ(dst[c * rows + r], static_cast<double>(src[r * cols + c]));
    }
  }
  // A 3-d permutation.
  const index_t shape[3] = {4, 3, 2}, ss[3] = {1, 8, 4}, ds[3] = {6, 2, 1};
  std::vector<std::int32_t> src(24), dst(24);
  for (int i = 0; i < 24; ++i) src[i] = i;
  kernels::copy_strided(DType::Int32, src.data(), ss, DType::Int32, dst.data(), ds, shape, 3);
  for (int a = 0; a < 4; ++a)
    for (int b = 0; b < 3; ++b)
      for (int c = 0; c < 2; ++c) ASSERT_EQ(dst[a * 6 + b * 2 + c], a + 8 * b + 4 * c);
}

TEST(Copy, FloatToIntTruncatesSaturatesAndMapsNaNToZero) {
  std::vector<double> src{2.9, -2.9, 1e12, -1e12, std::numeric_limits<double>::quiet_NaN(), -0.0};
  std::vector<std::int32_t> dst(6);
  const index_t shape[1] = {6}, s[1] = {1};
  kernels::copy_strided(DType::Float64, src.data(), s, DType::Int32, dst.data(), s, shape, 1);
  EXPECT_EQ(dst, (std::vector<std::int32_t>{2, -2, 2147483647, -2147483647 - 1, 0, 0}));
}

TEST(Copy, BroadcastSourceAndFill) {
  std::vector<float> row{1, 2, 3}, dst(6);
  const index_t shape[2] = {2, 3}, ss[2] = {0, 1}, ds[2] = {3, 1};
  kernels::copy_strided(DType::Float32, row.data(), ss, DType::Float32, dst.data(), ds, shape, 2);
  EXPECT_EQ(dst, (std::vector<float>{1, 2, 3, 1, 2, 3}));
  std::vector<float> big(100003);
  kernels::fill(DType::Float32, big.data(), 100003, 2.5);
  for (float v : big) ASSERT_EQ(v, 2.5f);
}

TEST(Indexing, GatherAndScatterAddAreAdjoint) {
  // x [2, 4, 3], index [2, 5, 3] along axis 1.
  const index_t outer = 2, len = 4, inner = 3, jlen = 5;
  auto x = uniform<double>(outer * len * inner, -1, 1, 3);
  auto index = uniform_int(outer * jlen * inner, 0, static_cast<int>(len - 1), 4);
  std::vector<double> out(outer * jlen * inner);
  kernels::gather(DType::Float64, x.data(), outer, len, inner, index.data(), jlen, out.data());
  for (index_t o = 0; o < outer; ++o)
    for (index_t j = 0; j < jlen; ++j)
      for (index_t i = 0; i < inner; ++i) {
        const index_t at = (o * jlen + j) * inner + i;
        ASSERT_EQ(out[at], x[(o * len + index[at]) * inner + i]);
      }
  // <gather(x), g> == <x, scatter_add(g)>
  auto g = uniform<double>(out.size(), -1, 1, 5);
  std::vector<double> back(x.size(), 0.0);
  kernels::scatter_add(DType::Float64, g.data(), outer, jlen, inner, index.data(), len, back.data());
  double lhs = 0, rhs = 0;
  for (std::size_t i = 0; i < out.size(); ++i) lhs += out[i] * g[i];
  for (std::size_t i = 0; i < x.size(); ++i) rhs += x[i] * back[i];
  EXPECT_NEAR(lhs, rhs, 1e-12);
}

TEST(Indexing, IndexSelectAndIndexAddWithRepeats) {
  const index_t outer = 3, len = 5, inner = 2;
  std::vector<float> x(outer * len * inner);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i);
  std::vector<std::int32_t> index{4, 0, 4};
  std::vector<float> out(outer * 3 * inner);
  kernels::index_select(DType::Float32, x.data(), outer, len, inner, index.data(), 3, out.data());
  for (index_t o = 0; o < outer; ++o)
    for (index_t j = 0; j < 3; ++j)
      for (index_t i = 0; i < inner; ++i) ASSERT_EQ(out[(o * 3 + j) * inner + i], x[(o * len + index[j]) * inner + i]);
  std::vector<float> acc(x.size(), 0.0f);
  kernels::index_add(DType::Float32, out.data(), outer, 3, inner, index.data(), len, acc.data());
  for (index_t o = 0; o < outer; ++o) {
    for (index_t i = 0; i < inner; ++i) {
      EXPECT_EQ(acc[(o * len + 4) * inner + i], 2 * x[(o * len + 4) * inner + i]);
      EXPECT_EQ(acc[(o * len + 0) * inner + i], x[(o * len + 0) * inner + i]);
      EXPECT_EQ(acc[(o * len + 2) * inner + i], 0.0f);
    }
  }
  EXPECT_EQ(kernels::find_invalid_index(index.data(), 3, 5), -1);
  EXPECT_EQ(kernels::find_invalid_index(index.data(), 3, 4), 0);
  std::vector<std::int32_t> negative{1, -1};
  EXPECT_EQ(kernels::find_invalid_index(negative.data(), 2, 4), 1);
}

TEST(Indexing, WhereBroadcastsEveryOperand) {
  std::vector<std::int32_t> cond{1, 0, 1};        // [3] across columns
  std::vector<double> a{10, 20};                  // [2, 1]
  std::vector<double> b{-1};                      // scalar
  std::vector<double> out(6);
  const index_t shape[2] = {2, 3}, cs[2] = {0, 1}, as[2] = {1, 0}, bs[2] = {0, 0};
  kernels::where(DType::Int32, cond.data(), cs, DType::Float64, a.data(), as, b.data(), bs, out.data(), shape, 2);
  EXPECT_EQ(out, (std::vector<double>{10, -1, 10, 20, -1, 20}));
}

}  // namespace
}  // namespace descent::test
