#include "optim/optimizer_step.h"

#include <algorithm>
#include <vector>

#include "threading/thread_pool.h"

namespace descent::kernels {
namespace {

struct Chunk {
  index_t segment;
  index_t begin;
  index_t n;
};

// Runs `update` with each segment's coefficients over fixed chunks of the segments.
template <class T, class C>
void run_update(OptimizerUpdateFn<T, C> update, C (*step_coefficients)(const double*, double*), const double* hyper,
                const OptimizerSegment* segments, index_t count) {
  std::vector<C> coef;
  std::vector<Chunk> chunks;
  coef.reserve(static_cast<std::size_t>(count));
  index_t total = 0;
  for (index_t s = 0; s < count; ++s) {
    coef.push_back(step_coefficients(hyper, segments[s].scalars));
    for (index_t b = 0; b < segments[s].n; b += kOptimizerChunk) {
      chunks.push_back({s, b, std::min(kOptimizerChunk, segments[s].n - b)});
    }
    total += segments[s].n;
  }
  auto run_chunk = [&](index_t i) {
    const Chunk& c = chunks[static_cast<std::size_t>(i)];
    const OptimizerSegment& seg = segments[c.segment];
    T* state[kMaxOptimizerStates];
    for (int k = 0; k < kMaxOptimizerStates; ++k) {
      state[k] = seg.state[k] == nullptr ? nullptr : static_cast<T*>(seg.state[k]) + c.begin;
    }
    update(coef[static_cast<std::size_t>(c.segment)], c.n, static_cast<T*>(seg.param) + c.begin,
           static_cast<const T*>(seg.grad) + c.begin, state);
  };
  parallel_for(static_cast<index_t>(chunks.size()), run_chunk, total < kOptimizerParallelThreshold ? 1 : 0);
}

template <class T>
bool step_typed(const OptimizerKernels<T>& k, int code, const double* hyper, const OptimizerSegment* segments,
                index_t count) {
  switch (static_cast<OptimizerAlgorithm>(code)) {
#define DESCENT_OPTIM_CASE(name, js, code, ns)                                                  \
  case OptimizerAlgorithm::name:                                                                \
    run_update(k.ns, &optim::ns::step_coefficients<T>, hyper, segments, count);                 \
    return true;
    DESCENT_OPTIMIZERS(DESCENT_OPTIM_CASE)
#undef DESCENT_OPTIM_CASE
  }
  return false;
}

}  // namespace

bool optimizer_step(const OptimizerKernelSet& kernels, DType dtype, int code, const double* hyper,
                    const OptimizerSegment* segments, index_t count) {
  if (optimizer_layout(code) == nullptr) return false;
  if (dtype == DType::Float32) return step_typed(kernels.f32, code, hyper, segments, count);
  return step_typed(kernels.f64, code, hyper, segments, count);
}

}  // namespace descent::kernels
