// The AVX2+FMA reductions: hand-written float32 rows (reduce_avx2.h); columns and the other
// types are the generic loops compiled with the avx2,fma target attribute.
#define DESCENT_ISA avx2
#define DESCENT_ISA_FN DESCENT_AVX2

#include "reduce/reduce_avx2.h"
#include "reduce/reduce_kernels.h"

namespace descent::kernels::avx2 {

ReduceKernelSet reduce_kernels() {
  ReduceKernelSet k;
  k.f32 = {&reduce_row_f32, &reduce_cols<float>};
  k.f64 = {&reduce_row<double>, &reduce_cols<double>};
  k.i32 = {&reduce_row_int, &reduce_cols_int};
  return k;
}

}  // namespace descent::kernels::avx2
