// Per-thread packing buffers of the gemm driver. Each thread owns one pair (packed A block,
// packed B panel), grown on demand and kept for the thread's lifetime, so concurrent calls never
// share a buffer and the hot loops never allocate. gemm_scratch_bytes() sums them over threads.
#pragma once

#include <cstddef>

namespace descent::kernels {

struct PackBuffers {
  void* a;
  void* b;
};

// This thread's buffers, each at least the given size and aligned to a page (so to a cache line).
// Returns {nullptr, nullptr} if memory runs out.
PackBuffers thread_pack_buffers(std::size_t a_bytes, std::size_t b_bytes);

}  // namespace descent::kernels
