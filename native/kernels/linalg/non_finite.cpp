#include "linalg/non_finite.h"

#include <algorithm>
#include <cmath>

namespace descent::kernels {

template <class T> index_t find_non_finite(const T* a, index_t rows, index_t cols, index_t ld, Triangle triangle) {
  for (index_t r = 0; r < rows; ++r) {
    const index_t c0 = triangle == Triangle::Upper ? std::min(r, cols) : 0;
    const index_t c1 = triangle == Triangle::Lower ? std::min(r + 1, cols) : cols;
    const T* row = a + r * ld;
    for (index_t c = c0; c < c1; ++c) {
      if (!std::isfinite(row[c])) return r * cols + c;
    }
  }
  return -1;
}

template index_t find_non_finite<float>(const float*, index_t, index_t, index_t, Triangle);
template index_t find_non_finite<double>(const double*, index_t, index_t, index_t, Triangle);

}  // namespace descent::kernels
