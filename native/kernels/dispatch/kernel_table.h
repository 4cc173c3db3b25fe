// The dispatch table (docs/ARCHITECTURE.md, decision 5): one member per kernel family, each the
// set that family registers for one instruction set (scalar::<family>_kernels(),
// avx2::<family>_kernels(), in the family's own folder). One table per instruction set; the
// active one is chosen once at load by CPU feature detection (DESCENT_SIMD=scalar forces the
// reference). Drivers (shape handling, blocking, threading) are written once per family and
// take their family's set: unary(active_table().elementwise, ...).
#pragma once

#include "blas1/blas1_kernels.h"
#include "elementwise/elementwise_kernels.h"
#include "gemm/gemm_kernels.h"
#include "norm/norm_kernels.h"
#include "optim/optimizer_kernels.h"
#include "reduce/reduce_kernels.h"
#include "softmax/softmax_kernels.h"

namespace descent::kernels {

struct KernelTable {
  const char* name = "";
  GemmKernelSet gemm;
  ElementwiseKernelSet elementwise;
  ReduceKernelSet reduce;
  SoftmaxKernelSet softmax;
  NormKernelSet norm;
  Blas1KernelSet blas1;
  OptimizerKernelSet optim;
};

// The table every API call uses.
const KernelTable& active_table();
// The scalar reference, always available.
const KernelTable& scalar_table();
// The AVX2+FMA table, or nullptr when this CPU lacks AVX2 or FMA.
const KernelTable* avx2_table();
// The names select_table accepts, in the order of their codes (the addon's ops.simd).
inline constexpr const char* kTableNames[] = {"scalar", "avx2", "auto"};

// Makes "scalar", "avx2" or "auto" (the best this CPU supports) the active table.
// Returns false (and changes nothing) for an unknown name or an unsupported set.
bool select_table(const char* name);

namespace scalar {
const KernelTable& table();
}
namespace avx2 {
const KernelTable& table();
}

}  // namespace descent::kernels
