// Dense linear algebra in float64: Cholesky (reconstruction, not-positive-definite detection),
// triangular solves (every side of op(A)), Cholesky solve, symmetric eigendecomposition
// (residual, orthogonality, clustered and repeated eigenvalues, scaling), tridiagonal
// eigendecomposition; every kernel table; thread-count independence.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <limits>
#include <vector>

#include "linalg/cholesky.h"
#include "linalg/non_finite.h"
#include "linalg/symmetric_eigen.h"
#include "linalg/triangular_solve.h"
#include "test_support.h"

namespace descent::test {
namespace {

using Matrix = std::vector<double>;

const kernels::GemmKernels<double>& dgemm(const KernelTable* table) { return table->gemm.f64; }

double max_abs(const Matrix& a) {
  double m = 0;
  for (double v : a) m = std::max(m, std::fabs(v));
  return m;
}

// C = A·B (n x p times p x m), naive, row-major, contiguous.
Matrix multiply(const Matrix& a, const Matrix& b, index_t n, index_t p, index_t m) {
  Matrix c(static_cast<std::size_t>(n * m), 0.0);
  for (index_t i = 0; i < n; ++i) {
    for (index_t q = 0; q < p; ++q) {
      const double aiq = a[i * p + q];
      for (index_t j = 0; j < m; ++j) c[i * m + j] += aiq * b[q * m + j];
    }
  }
  return c;
}

Matrix transpose(const Matrix& a, index_t n, index_t m) {
  Matrix t(static_cast<std::size_t>(n * m));
  for (index_t i = 0; i < n; ++i) {
    for (index_t j = 0; j < m; ++j) t[j * n + i] = a[i * m + j];
  }
  return t;
}

// A random orthogonal n x n matrix: a product of n random Householder reflections.
Matrix random_orthogonal(index_t n, std::uint32_t seed) {
  Matrix q(static_cast<std::size_t>(n * n), 0.0);
  for (index_t i = 0; i < n; ++i) q[i * n + i] = 1;
  for (index_t r = 0; r < n; ++r) {
    auto v = uniform<double>(n, -1, 1, seed + static_cast<std::uint32_t>(r));
    double vv = 0;
    for (double x : v) vv += x * x;
    // Q ← Q·(I − 2vvᵀ/vᵀv)
    for (index_t i = 0; i < n; ++i) {
      double qv = 0;
      for (index_t j = 0; j < n; ++j) qv += q[i * n + j] * v[j];
      for (index_t j = 0; j < n; ++j) q[i * n + j] -= 2 * qv * v[j] / vv;
    }
  }
  return q;
}

// Q·diag(lambda)·Qᵀ, symmetrized exactly.
Matrix with_spectrum(const std::vector<double>& lambda, std::uint32_t seed) {
  const auto n = static_cast<index_t>(lambda.size());
  const Matrix q = random_orthogonal(n, seed);
  Matrix ql = q;
  for (index_t i = 0; i < n; ++i) {
    for (index_t j = 0; j < n; ++j) ql[i * n + j] *= lambda[j];
  }
  Matrix a = multiply(ql, transpose(q, n, n), n, n, n);
  for (index_t i = 0; i < n; ++i) {
    for (index_t j = 0; j < i; ++j) a[j * n + i] = a[i * n + j];
  }
  return a;
}

// M·Mᵀ + n·I: symmetric positive definite, well conditioned.
Matrix random_spd(index_t n, std::uint32_t seed) {
  const Matrix m = uniform<double>(n * n, -1, 1, seed);
  Matrix a = multiply(m, transpose(m, n, n), n, n, n);
  for (index_t i = 0; i < n; ++i) a[i * n + i] += static_cast<double>(n);
  return a;
}

Matrix random_symmetric(index_t n, std::uint32_t seed) {
  Matrix a = uniform<double>(n * n, -1, 1, seed);
  for (index_t i = 0; i < n; ++i) {
    for (index_t j = 0; j < i; ++j) a[j * n + i] = a[i * n + j];
  }
  return a;
}

// Textbook unblocked (gaxpy) Cholesky, the reference for the blocked one.
Matrix reference_cholesky(const Matrix& a, index_t n) {
  Matrix l(static_cast<std::size_t>(n * n), 0.0);
  for (index_t j = 0; j < n; ++j) {
    double s = a[j * n + j];
    for (index_t p = 0; p < j; ++p) s -= l[j * n + p] * l[j * n + p];
    l[j * n + j] = std::sqrt(s);
    for (index_t i = j + 1; i < n; ++i) {
      double t = a[i * n + j];
      for (index_t p = 0; p < j; ++p) t -= l[i * n + p] * l[j * n + p];
      l[i * n + j] = t / l[j * n + j];
    }
  }
  return l;
}

TEST(Cholesky, ReconstructsAndMatchesTheUnblockedReference) {
  for (const KernelTable* table : all_tables()) {
    for (index_t n : {0, 1, 2, 5, 33, 95, 96, 97, 191, 200, 300}) {
      const Matrix a = random_spd(n, static_cast<std::uint32_t>(n + 1));
      Matrix l(static_cast<std::size_t>(n * n), std::numeric_limits<double>::quiet_NaN());
      ASSERT_EQ(kernels::cholesky(dgemm(table), n, a.data(), n, l.data(), n), 0) << n;
      for (index_t i = 0; i < n; ++i) {
        EXPECT_GT(l[i * n + i], 0.0);
        for (index_t j = i + 1; j < n; ++j) ASSERT_EQ(l[i * n + j], 0.0) << table->name << " n " << n;
      }
      const Matrix llt = multiply(l, transpose(l, n, n), n, n, n);
      double err = 0;
      for (std::size_t i = 0; i < a.size(); ++i) err = std::max(err, std::fabs(llt[i] - a[i]));
      EXPECT_LE(err, 8 * DBL_EPSILON * static_cast<double>(n) * max_abs(a)) << table->name << " n " << n;
      const Matrix ref = reference_cholesky(a, n);
      const double atol = 1e-12 * std::sqrt(max_abs(a));
      for (std::size_t i = 0; i < a.size(); ++i) {
        ASSERT_TRUE(close(l[i], ref[i], 1e-12, atol)) << table->name << " n " << n << " at " << i;
      }
    }
  }
}

TEST(Cholesky, ReadsOnlyTheLowerTriangleAndWorksInPlaceWithPadding) {
  const index_t n = 150, ld = 157;
  const Matrix dense = random_spd(n, 7);
  Matrix a(static_cast<std::size_t>(n * ld), 0.0);
  for (index_t i = 0; i < n; ++i) {
    for (index_t j = 0; j < n; ++j) a[i * ld + j] = j <= i ? dense[i * n + j] : std::numeric_limits<double>::quiet_NaN();
  }
  Matrix l(static_cast<std::size_t>(n * ld), -7.0);
  ASSERT_EQ(kernels::cholesky(dgemm(&kernels::active_table()), n, a.data(), ld, l.data(), ld), 0);
  for (index_t i = 0; i < n; ++i) {
    for (index_t j = n; j < ld; ++j) ASSERT_EQ(l[i * ld + j], -7.0);  // padding untouched
  }
  Matrix in_place = a;
  ASSERT_EQ(kernels::cholesky(dgemm(&kernels::active_table()), n, in_place.data(), ld, in_place.data(), ld), 0);
  for (index_t i = 0; i < n; ++i) {
    for (index_t j = 0; j < n; ++j) ASSERT_EQ(in_place[i * ld + j], l[i * ld + j]) << i << "," << j;
  }
}

TEST(Cholesky, NamesTheFirstLeadingMinorThatIsNotPositive) {
  const index_t n = 200;
  for (const KernelTable* table : all_tables()) {
    for (index_t k : {1, 2, 50, 96, 97, 150, 200}) {
      // A = L·Lᵀ with L[k-1, k-1] = 1, then A[k-1, k-1] −= 2: the pivot of step k becomes −1 while
      // the leading minors of orders < k are unchanged.
      Matrix lf = uniform<double>(n * n, -0.5, 0.5, 11);
      for (index_t i = 0; i < n; ++i) {
        for (index_t j = i + 1; j < n; ++j) lf[i * n + j] = 0;
        lf[i * n + i] = 1.0 + std::fabs(lf[i * n + i]);
      }
      lf[(k - 1) * n + k - 1] = 1.0;
      Matrix a = multiply(lf, transpose(lf, n, n), n, n, n);
      a[(k - 1) * n + k - 1] -= 2.0;
      Matrix l(static_cast<std::size_t>(n * n));
      EXPECT_EQ(kernels::cholesky(dgemm(table), n, a.data(), n, l.data(), n), k) << table->name;
    }
    Matrix z(9, 0.0);  // the zero matrix fails at order 1; NaN on the diagonal is not positive
    Matrix l(9);
    EXPECT_EQ(kernels::cholesky(dgemm(table), 3, z.data(), 3, l.data(), 3), 1);
    Matrix nan_diag = random_spd(3, 3);
    nan_diag[4] = std::numeric_limits<double>::quiet_NaN();
    EXPECT_EQ(kernels::cholesky(dgemm(table), 3, nan_diag.data(), 3, l.data(), 3), 2);
    Matrix semidefinite{1, 1, 1, 1};  // singular: order 2 is zero
    EXPECT_EQ(kernels::cholesky(dgemm(table), 2, semidefinite.data(), 2, l.data(), 2), 2);
  }
}

TEST(Cholesky, BitIdenticalForAnyThreadCount) {
  const index_t n = 600;
  const Matrix a = random_spd(n, 5);
  Matrix l1(static_cast<std::size_t>(n * n)), l2(l1.size());
  {
    ThreadCount one(1);
    ASSERT_EQ(kernels::cholesky(dgemm(&kernels::active_table()), n, a.data(), n, l1.data(), n), 0);
  }
  {
    ThreadCount two(2);
    ASSERT_EQ(kernels::cholesky(dgemm(&kernels::active_table()), n, a.data(), n, l2.data(), n), 0);
  }
  EXPECT_TRUE(bit_equal(l1, l2));
}

// A well-conditioned triangular matrix (dense on both sides; the kernel must ignore the other).
Matrix random_triangular_storage(index_t n, std::uint32_t seed) {
  Matrix a = uniform<double>(n * n, -1, 1, seed);
  for (index_t i = 0; i < n; ++i) a[i * n + i] = (a[i * n + i] >= 0 ? 1 : -1) * (2.0 + std::fabs(a[i * n + i]));
  // Off-diagonal entries scaled by 1/n keep op(A) diagonally dominant.
  for (index_t i = 0; i < n; ++i) {
    for (index_t j = 0; j < n; ++j) {
      if (i != j) a[i * n + j] /= static_cast<double>(n);
    }
  }
  return a;
}

TEST(TriangularSolve, EveryTriangleTransposeAndDiagonal) {
  for (const KernelTable* table : all_tables()) {
    for (index_t n : {1, 2, 7, 64, 65, 150}) {
      for (index_t k : {1, 3, 70}) {
        const Matrix stored = random_triangular_storage(n, static_cast<std::uint32_t>(n * 31 + k));
        const Matrix b = uniform<double>(n * k, -1, 1, static_cast<std::uint32_t>(k));
        for (bool lower : {true, false}) {
          for (bool trans : {false, true}) {
            for (bool unit : {false, true}) {
              // The triangular matrix the solve must see: the named triangle, unit diagonal if asked.
              Matrix tri(static_cast<std::size_t>(n * n), 0.0);
              for (index_t i = 0; i < n; ++i) {
                for (index_t j = 0; j < n; ++j) {
                  if (i == j) tri[i * n + j] = unit ? 1.0 : stored[i * n + j];
                  else if ((j < i) == lower) tri[i * n + j] = stored[i * n + j];
                }
              }
              const Matrix op = trans ? transpose(tri, n, n) : tri;
              Matrix x = b;
              ASSERT_EQ(kernels::triangular_solve(dgemm(table), lower, trans, unit, n, k, stored.data(), n, x.data(), k), 0);
              const Matrix back = multiply(op, x, n, n, k);
              for (std::size_t i = 0; i < b.size(); ++i) {
                ASSERT_NEAR(back[i], b[i], 1e-13 * static_cast<double>(n)) << table->name << " n " << n << " k " << k
                                                                           << " lower " << lower << " trans " << trans
                                                                           << " unit " << unit;
              }
            }
          }
        }
      }
    }
  }
}

TEST(TriangularSolve, ReportsAZeroDiagonalWithoutTouchingB) {
  Matrix a = random_triangular_storage(70, 3);
  a[66 * 70 + 66] = 0.0;
  const Matrix b = uniform<double>(70 * 2, -1, 1, 4);
  Matrix x = b;
  EXPECT_EQ(kernels::triangular_solve(dgemm(&kernels::active_table()), true, false, false, 70, 2, a.data(), 70, x.data(), 2), 67);
  EXPECT_TRUE(bit_equal(x, b));
  // A unit diagonal is not read.
  EXPECT_EQ(kernels::triangular_solve(dgemm(&kernels::active_table()), true, false, true, 70, 2, a.data(), 70, x.data(), 2), 0);
}

TEST(CholeskySolve, SolvesTheSystem) {
  for (const KernelTable* table : all_tables()) {
    for (index_t n : {1, 9, 130}) {
      const Matrix a = random_spd(n, 17);
      Matrix l(static_cast<std::size_t>(n * n));
      ASSERT_EQ(kernels::cholesky(dgemm(table), n, a.data(), n, l.data(), n), 0);
      const index_t k = 4;
      const Matrix b = uniform<double>(n * k, -1, 1, 2);
      Matrix x = b;
      ASSERT_EQ(kernels::cholesky_solve(dgemm(table), n, k, l.data(), n, x.data(), k), 0);
      const Matrix back = multiply(a, x, n, n, k);
      for (std::size_t i = 0; i < b.size(); ++i) ASSERT_NEAR(back[i], b[i], 1e-12 * static_cast<double>(n));
    }
  }
}

struct Eigen {
  std::vector<double> values;
  Matrix vectors;
};

Eigen eigh(const Matrix& a, index_t n) {
  Eigen r{std::vector<double>(static_cast<std::size_t>(n)), Matrix(static_cast<std::size_t>(n * n))};
  std::vector<double> work(static_cast<std::size_t>(kernels::symmetric_eigen_workspace(n)));
  EXPECT_EQ(kernels::symmetric_eigen(n, a.data(), n, r.values.data(), r.vectors.data(), n, work.data()), 0);
  return r;
}

// max |A·V − V·Λ| / max|A| and max |VᵀV − I|.
void expect_decomposition(const Matrix& a, index_t n, const Eigen& e, double tol, const char* label) {
  for (index_t i = 0; i + 1 < n; ++i) ASSERT_LE(e.values[i], e.values[i + 1]) << label;
  const Matrix av = multiply(a, e.vectors, n, n, n);
  const double scale = std::max(max_abs(a), DBL_MIN);
  double residual = 0;
  for (index_t i = 0; i < n; ++i) {
    for (index_t j = 0; j < n; ++j) {
      residual = std::max(residual, std::fabs(av[i * n + j] - e.vectors[i * n + j] * e.values[j]) / scale);
    }
  }
  const Matrix vtv = multiply(transpose(e.vectors, n, n), e.vectors, n, n, n);
  double orth = 0;
  for (index_t i = 0; i < n; ++i) {
    for (index_t j = 0; j < n; ++j) orth = std::max(orth, std::fabs(vtv[i * n + j] - (i == j ? 1.0 : 0.0)));
  }
  EXPECT_LE(residual, tol) << label << " n " << n;
  EXPECT_LE(orth, tol) << label << " n " << n;
}

TEST(SymmetricEigen, ResidualAndOrthogonalityOnRandomMatrices) {
  for (index_t n : {0, 1, 2, 3, 5, 33, 100, 257}) {
    const Matrix a = random_symmetric(n, static_cast<std::uint32_t>(n + 3));
    const Eigen e = eigh(a, n);
    expect_decomposition(a, n, e, 50 * DBL_EPSILON * std::max<double>(1, static_cast<double>(n)), "random");
    // Trace and Frobenius norm are invariants.
    double trace = 0, sum = 0, fro = 0, lam2 = 0;
    for (index_t i = 0; i < n; ++i) trace += a[i * n + i];
    for (double v : a) fro += v * v;
    for (double v : e.values) {
      sum += v;
      lam2 += v * v;
    }
    EXPECT_NEAR(sum, trace, 1e-12 * static_cast<double>(n + 1));
    EXPECT_NEAR(lam2, fro, 1e-11 * fro + 1e-300);
  }
}

TEST(SymmetricEigen, OneByOneAndDiagonalAndZero) {
  const Matrix one{-3.5};
  const Eigen e1 = eigh(one, 1);
  EXPECT_EQ(e1.values[0], -3.5);
  EXPECT_EQ(e1.vectors[0], 1.0);
  const Matrix diag{3, 0, 0, 0, -1, 0, 0, 0, 2};
  const Eigen ed = eigh(diag, 3);
  EXPECT_EQ(ed.values, (std::vector<double>{-1, 2, 3}));
  EXPECT_EQ(ed.vectors, (Matrix{0, 0, 1, 1, 0, 0, 0, 1, 0}));
  const Matrix zero(16, 0.0);
  const Eigen ez = eigh(zero, 4);
  EXPECT_EQ(ez.values, std::vector<double>(4, 0.0));
  expect_decomposition(zero, 4, ez, 0.0, "zero");
}

TEST(SymmetricEigen, RepeatedAndClusteredEigenvalues) {
  const std::vector<double> lambda{-2, 1, 1, 1, 1e-9, 2, 2, 2 + 1e-13, 5, 5, 5, 5, 5, 7, 1 + 1e-12, -2};
  const auto n = static_cast<index_t>(lambda.size());
  const Matrix a = with_spectrum(lambda, 99);
  const Eigen e = eigh(a, n);
  std::vector<double> sorted = lambda;
  std::sort(sorted.begin(), sorted.end());
  for (index_t i = 0; i < n; ++i) EXPECT_NEAR(e.values[i], sorted[i], 1e-14 * 7 * static_cast<double>(n));
  expect_decomposition(a, n, e, 100 * DBL_EPSILON * static_cast<double>(n), "clustered");
  // Identity times a constant: one eigenvalue of multiplicity n.
  Matrix c(static_cast<std::size_t>(n * n), 0.0);
  for (index_t i = 0; i < n; ++i) c[i * n + i] = 4.0;
  const Eigen ec = eigh(c, n);
  for (double v : ec.values) EXPECT_EQ(v, 4.0);
  expect_decomposition(c, n, ec, 0.0, "identity");
}

TEST(SymmetricEigen, HugeAndTinyScalesAndOnlyTheLowerTriangle) {
  const index_t n = 40;
  const Matrix base = random_symmetric(n, 8);
  const Eigen eb = eigh(base, n);
  for (double s : {1e300, 1e-300, 0x1p-1060}) {
    Matrix a = base;
    for (double& v : a) v *= s;
    for (index_t i = 0; i < n; ++i) {
      for (index_t j = i + 1; j < n; ++j) a[i * n + j] = std::numeric_limits<double>::quiet_NaN();
    }
    const Eigen e = eigh(a, n);
    for (index_t i = 0; i < n; ++i) {
      ASSERT_TRUE(std::isfinite(e.values[i]));
      if (s > 1e-310) {
        EXPECT_NEAR(e.values[i] / s, eb.values[i], 1e-13) << s;
      }
    }
    for (double v : e.vectors) ASSERT_TRUE(std::isfinite(v)) << s;
  }
}

TEST(SymmetricEigen, BitIdenticalForAnyThreadCountAndSignConvention) {
  const index_t n = 300;
  const Matrix a = random_symmetric(n, 21);
  Eigen e1, e2;
  {
    ThreadCount one(1);
    e1 = eigh(a, n);
  }
  {
    ThreadCount two(2);
    e2 = eigh(a, n);
  }
  EXPECT_TRUE(bit_equal(e1.values, e2.values));
  EXPECT_TRUE(bit_equal(e1.vectors, e2.vectors));
  for (index_t j = 0; j < n; ++j) {
    index_t arg = 0;
    for (index_t i = 1; i < n; ++i) {
      if (std::fabs(e1.vectors[i * n + j]) > std::fabs(e1.vectors[arg * n + j])) arg = i;
    }
    EXPECT_GT(e1.vectors[arg * n + j], 0.0);
  }
}

TEST(SymmetricTridiagonalEigen, MatchesTheDenseSolverIncludingWilkinsonsMatrix) {
  // W21+ (Wilkinson): d = |10 − i|, e = 1: pairs of eigenvalues agreeing to ~1e-14.
  for (index_t n : {1, 2, 21, 120}) {
    std::vector<double> d(static_cast<std::size_t>(n)), e(static_cast<std::size_t>(std::max<index_t>(n - 1, 0)));
    for (index_t i = 0; i < n; ++i) d[i] = n == 21 ? std::fabs(10.0 - static_cast<double>(i)) : std::sin(0.7 * static_cast<double>(i));
    for (index_t i = 0; i + 1 < n; ++i) e[i] = n == 21 ? 1.0 : std::cos(1.3 * static_cast<double>(i)) * 0.5;
    Matrix t(static_cast<std::size_t>(n * n), 0.0);
    for (index_t i = 0; i < n; ++i) t[i * n + i] = d[i];
    for (index_t i = 0; i + 1 < n; ++i) t[(i + 1) * n + i] = t[i * n + i + 1] = e[i];
    Eigen r{std::vector<double>(static_cast<std::size_t>(n)), Matrix(static_cast<std::size_t>(n * n))};
    std::vector<double> work(static_cast<std::size_t>(kernels::symmetric_eigen_workspace(n)));
    ASSERT_EQ(kernels::symmetric_tridiagonal_eigen(n, d.data(), e.data(), r.values.data(), r.vectors.data(), n, work.data()), 0);
    expect_decomposition(t, n, r, 40 * DBL_EPSILON * static_cast<double>(n), "tridiagonal");
    const Eigen dense = eigh(t, n);
    for (index_t i = 0; i < n; ++i) EXPECT_NEAR(r.values[i], dense.values[i], 1e-13 * static_cast<double>(n));
    if (n == 21) {
      EXPECT_NEAR(r.values[20], 10.746194182903393, 1e-13);  // λ_max(W21+)
    }
  }
}

TEST(NonFinite, FindsTheFirstNaNOrInfinityInRowMajorOrderWithinATriangle) {
  using kernels::Triangle;
  const double inf = std::numeric_limits<double>::infinity(), nan = std::numeric_limits<double>::quiet_NaN();
  // 3 x 4 in a row stride of 5; the fifth column is padding that is never read.
  std::vector<double> a(15, 1.0);
  for (std::size_t i = 4; i < a.size(); i += 5) a[i] = nan;
  EXPECT_EQ(kernels::find_non_finite(a.data(), 3, 4, 5, Triangle::All), -1);
  a[1 * 5 + 3] = inf;  // row 1, column 3: above the diagonal
  a[2 * 5 + 0] = nan;  // row 2, column 0: below it
  EXPECT_EQ(kernels::find_non_finite(a.data(), 3, 4, 5, Triangle::All), 1 * 4 + 3);
  EXPECT_EQ(kernels::find_non_finite(a.data(), 3, 4, 5, Triangle::Upper), 1 * 4 + 3);
  EXPECT_EQ(kernels::find_non_finite(a.data(), 3, 4, 5, Triangle::Lower), 2 * 4 + 0);
  std::vector<float> f{1, 2, 3, -std::numeric_limits<float>::infinity()};
  EXPECT_EQ(kernels::find_non_finite(f.data(), 2, 2, 2, Triangle::Lower), 3);
  EXPECT_EQ(kernels::find_non_finite(f.data(), 2, 2, 2, Triangle::Upper), 3);
  EXPECT_EQ(kernels::find_non_finite(f.data(), 2, 1, 2, Triangle::All), -1);
  EXPECT_EQ(kernels::find_non_finite(f.data(), 0, 2, 2, Triangle::All), -1);
}

}  // namespace
}  // namespace descent::test
