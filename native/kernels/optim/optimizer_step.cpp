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
void run_update(OptimizerUpdateFn<T, C> update, C (*coefficients)(const double*, const double*), const double* hyper,
                const OptimizerSegment* segments, index_t count) {
  std::vector<C> coef;
  std::vector<Chunk> chunks;
  coef.reserve(static_cast<std::size_t>(count));
  index_t total = 0;
  for (index_t s = 0; s < count; ++s) {
    coef.push_back(coefficients(hyper, segments[s].per_tensor));
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
    case OptimizerAlgorithm::Sgd: run_update(k.sgd, &sgd_coefficients<T>, hyper, segments, count); return true;
    case OptimizerAlgorithm::Adagrad:
      run_update(k.adagrad, &adagrad_coefficients<T>, hyper, segments, count);
      return true;
    case OptimizerAlgorithm::RmsProp:
      run_update(k.rmsprop, &rmsprop_coefficients<T>, hyper, segments, count);
      return true;
    case OptimizerAlgorithm::Adam: run_update(k.adam, &adam_coefficients<T>, hyper, segments, count); return true;
    case OptimizerAlgorithm::Adamax:
      run_update(k.adamax, &adamax_coefficients<T>, hyper, segments, count);
      return true;
    case OptimizerAlgorithm::NAdam: run_update(k.nadam, &nadam_coefficients<T>, hyper, segments, count); return true;
    case OptimizerAlgorithm::RAdam: run_update(k.radam, &radam_coefficients<T>, hyper, segments, count); return true;
    case OptimizerAlgorithm::Adadelta:
      run_update(k.adadelta, &adadelta_coefficients<T>, hyper, segments, count);
      return true;
    case OptimizerAlgorithm::Rprop: run_update(k.rprop, &rprop_coefficients<T>, hyper, segments, count); return true;
    case OptimizerAlgorithm::Asgd: run_update(k.asgd, &asgd_coefficients<T>, hyper, segments, count); return true;
    case OptimizerAlgorithm::DeltaBarDelta:
      run_update(k.delta_bar_delta, &delta_bar_delta_coefficients<T>, hyper, segments, count);
      return true;
  }
  return false;
}

}  // namespace

bool optimizer_step(const KernelTable& table, DType dtype, int code, const double* hyper,
                    const OptimizerSegment* segments, index_t count) {
  if (optimizer_layout(code) == nullptr) return false;
  if (dtype == DType::Float32) return step_typed(table.f32.optim, code, hyper, segments, count);
  return step_typed(table.f64.optim, code, hyper, segments, count);
}

}  // namespace descent::kernels
