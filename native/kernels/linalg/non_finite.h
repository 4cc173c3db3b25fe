// The first NaN or infinity of a row-major matrix, optionally within one triangle: how the
// dense solvers' callers refuse non-finite input before factoring it.
#pragma once

#include "common/isa.h"

namespace descent::kernels {

// Which entries are looked at.
enum class Triangle : int { All = 0, Lower = 1, Upper = 2 };  // Lower/Upper include the diagonal

// r·cols + c of the first non-finite a[r·ld + c] in row-major order, or −1. Entries outside
// `triangle` are not read.
template <class T> index_t find_non_finite(const T* a, index_t rows, index_t cols, index_t ld, Triangle triangle);

}  // namespace descent::kernels
