// The scalar reference level-1 BLAS: the generic loops compiled with baseline flags.
#define DESCENT_ISA scalar
#define DESCENT_ISA_FN

#include "blas1/blas1_generic.h"
#include "blas1/blas1_kernels.h"

namespace descent::kernels::scalar {

template <class T> Blas1Kernels<T> generic_blas1() { return {&dot<T>, &sum_squares<T>, &axpy<T>, &scal<T>, &triad<T>}; }

Blas1KernelSet blas1_kernels() { return {generic_blas1<float>(), generic_blas1<double>()}; }

}  // namespace descent::kernels::scalar
