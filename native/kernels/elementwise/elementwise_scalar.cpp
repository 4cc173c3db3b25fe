// The scalar reference element-wise kernels: the generic loops compiled with baseline flags.
#define DESCENT_ISA scalar
#define DESCENT_ISA_FN

#include "elementwise/elementwise_generic.h"
#include "elementwise/elementwise_kernels.h"

namespace descent::kernels::scalar {

ElementwiseKernelSet elementwise_kernels() {
  ElementwiseKernelSet k;
  k.f32.unary = &unary_float<float>;
  k.f32.binary = &binary_float<float>;
  k.f64.unary = &unary_float<double>;
  k.f64.binary = &binary_float<double>;
  k.i32.unary = &unary_int;
  k.i32.binary = &binary_int;
  k.i32.compare = &compare_int;
  return k;
}

}  // namespace descent::kernels::scalar
