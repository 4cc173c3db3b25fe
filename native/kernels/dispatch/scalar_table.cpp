// The scalar reference table: every family's baseline kernels. Every other table is tested
// against this one.
#include "dispatch/kernel_table.h"

namespace descent::kernels::scalar {
namespace {

KernelTable make_table() {
  KernelTable t;
  t.name = "scalar";
  t.gemm = gemm_kernels();
  t.elementwise = elementwise_kernels();
  t.reduce = reduce_kernels();
  t.softmax = softmax_kernels();
  t.norm = norm_kernels();
  t.blas1 = blas1_kernels();
  t.optim = optimizer_kernels();
  return t;
}

}  // namespace

const KernelTable& table() {
  static const KernelTable instance = make_table();
  return instance;
}

}  // namespace descent::kernels::scalar
