#include "gemm/pack_buffer.h"

#include <atomic>
#include <cstdlib>

#include "gemm/gemm.h"

namespace descent::kernels {
namespace {

constexpr std::size_t kPage = 4096;
// Growth granule: a buffer grows in steps of this size, so a sequence of slightly larger
// products does not reallocate every call.
constexpr std::size_t kGranule = 64 * 1024;

std::atomic<std::size_t> g_scratch_bytes{0};

class GrowingBuffer {
 public:
  GrowingBuffer() = default;
  GrowingBuffer(const GrowingBuffer&) = delete;
  GrowingBuffer& operator=(const GrowingBuffer&) = delete;
  ~GrowingBuffer() { release(); }

  void* reserve(std::size_t bytes) {
    if (bytes <= size_) return data_;
    release();
    const std::size_t size = (bytes + kGranule - 1) / kGranule * kGranule;
    data_ = std::aligned_alloc(kPage, size);
    if (data_ == nullptr) return nullptr;
    size_ = size;
    g_scratch_bytes.fetch_add(size, std::memory_order_relaxed);
    return data_;
  }

 private:
  void release() {
    if (data_ == nullptr) return;
    std::free(data_);
    g_scratch_bytes.fetch_sub(size_, std::memory_order_relaxed);
    data_ = nullptr;
    size_ = 0;
  }

  void* data_ = nullptr;
  std::size_t size_ = 0;
};

struct ThreadBuffers {
  GrowingBuffer a, b;
};

}  // namespace

PackBuffers thread_pack_buffers(std::size_t a_bytes, std::size_t b_bytes) {
  thread_local ThreadBuffers buffers;
  void* a = buffers.a.reserve(a_bytes);
  void* b = buffers.b.reserve(b_bytes);
  if (a == nullptr || b == nullptr) return {nullptr, nullptr};
  return {a, b};
}

std::size_t gemm_scratch_bytes() { return g_scratch_bytes.load(std::memory_order_relaxed); }

}  // namespace descent::kernels
