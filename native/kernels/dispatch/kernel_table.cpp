// The two tables, each gathering every family's registration for its instruction set, and the
// choice of the active one.
#include "dispatch/kernel_table.h"

#include <atomic>
#include <cstdlib>
#include <cstring>

// The table of instruction set `isa`: each family's set, in KernelTable's member order.
#define DESCENT_KERNEL_TABLE(isa)                                                                        \
  KernelTable {                                                                                          \
    #isa, isa::gemm_kernels(), isa::elementwise_kernels(), isa::reduce_kernels(), isa::softmax_kernels(), \
        isa::norm_kernels(), isa::blas1_kernels(), isa::optimizer_kernels()                              \
  }

namespace descent::kernels {

// The scalar reference: every family's baseline kernels. Every other table is tested against it.
const KernelTable& scalar::table() {
  static const KernelTable instance = DESCENT_KERNEL_TABLE(scalar);
  return instance;
}

// AVX2+FMA: hand-written float32 kernels where they pay, the generic loops compiled with the
// avx2,fma target attribute for the rest. Only reached when the CPU reports AVX2 and FMA.
const KernelTable& avx2::table() {
  static const KernelTable instance = DESCENT_KERNEL_TABLE(avx2);
  return instance;
}

namespace {

const KernelTable* best_table() {
  const char* forced = std::getenv("DESCENT_SIMD");
  if (forced != nullptr && std::strcmp(forced, "scalar") == 0) return &scalar::table();
  const KernelTable* avx2 = avx2_table();
  return avx2 != nullptr ? avx2 : &scalar::table();
}

std::atomic<const KernelTable*>& active_slot() {
  static std::atomic<const KernelTable*> slot{best_table()};
  return slot;
}

}  // namespace

const KernelTable& active_table() { return *active_slot().load(std::memory_order_acquire); }

const KernelTable& scalar_table() { return scalar::table(); }

const KernelTable* avx2_table() {
  static const bool supported = cpu_supports_avx2_fma();
  return supported ? &avx2::table() : nullptr;
}

bool select_table(const char* name) {
  const KernelTable* chosen = nullptr;
  if (std::strcmp(name, "scalar") == 0) {
    chosen = &scalar::table();
  } else if (std::strcmp(name, "avx2") == 0) {
    chosen = avx2_table();
  } else if (std::strcmp(name, "auto") == 0) {
    chosen = best_table();
  }
  if (chosen == nullptr) return false;
  active_slot().store(chosen, std::memory_order_release);
  return true;
}

}  // namespace descent::kernels
