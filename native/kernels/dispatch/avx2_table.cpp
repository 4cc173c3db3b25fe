// The AVX2+FMA table: every family's AVX2 kernels (hand-written float32 where they pay, the
// generic loops compiled with the avx2,fma target attribute for the rest). Only reached when the
// CPU reports AVX2 and FMA.
#include "dispatch/kernel_table.h"

namespace descent::kernels::avx2 {
namespace {

KernelTable make_table() {
  KernelTable t;
  t.name = "avx2";
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

}  // namespace descent::kernels::avx2
