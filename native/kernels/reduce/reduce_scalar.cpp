// The scalar reference reductions: the generic loops compiled with baseline flags.
#define DESCENT_ISA scalar
#define DESCENT_ISA_FN

#include "reduce/reduce_generic.h"
#include "reduce/reduce_kernels.h"

namespace descent::kernels::scalar {

ReduceKernelSet reduce_kernels() {
  ReduceKernelSet k;
  k.f32 = {&reduce_row<float>, &reduce_cols<float>};
  k.f64 = {&reduce_row<double>, &reduce_cols<double>};
  k.i32 = {&reduce_row_int, &reduce_cols_int};
  return k;
}

}  // namespace descent::kernels::scalar
