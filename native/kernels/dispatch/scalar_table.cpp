// The scalar reference table: the generic loops compiled with baseline flags, no target
// attribute. Every other table is tested against this one.
#define DESCENT_ISA scalar
#define DESCENT_ISA_FN

#include "blas1/blas1_generic.h"
#include "dispatch/kernel_table.h"
#include "elementwise/elementwise_generic.h"
#include "gemm/gemm.h"
#include "optim/optimizer_generic.h"
#include "norm/norm_generic.h"
#include "reduce/reduce_generic.h"
#include "softmax/softmax_generic.h"
// Last: it names the generic kernels declared above.
#include "dispatch/generic_kernels.h"

namespace descent::kernels::scalar {
namespace {

KernelTable make_table() {
  KernelTable t;
  t.name = "scalar";
  t.f32 = generic_float_kernels<float>(sgemm_kernels());
  t.f64 = generic_float_kernels<double>(dgemm_kernels());
  t.i32 = generic_int_kernels();
  return t;
}

}  // namespace

const KernelTable& table() {
  static const KernelTable instance = make_table();
  return instance;
}

}  // namespace descent::kernels::scalar
