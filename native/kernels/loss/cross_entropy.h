// Fused cross-entropy: a stable softmax and the negative log-likelihood of a target
// distribution in one pass per position, and its gradient in one pass (no exponentials: the
// forward keeps the softmax).
//
// Scores x are contiguous and viewed as [outer, classes, inner]: position (o, i) has the score
// of class c at x[(o·classes + c)·inner + i] (inner = 1 for the usual [N, C] input). Each
// position has a target distribution a over the classes:
//   class index y:      a_c = w_c·ε/C + (1 − ε)·w_y·[c = y]      (all zero when y = ignore_index)
//   probabilities t:    a_c = w_c·((1 − ε)·t_c + ε/C)
// with w the class weights (all 1 without), ε the label smoothing and C the number of classes
// (PyTorch's cross_entropy with weight, ignore_index and label_smoothing). Then
//   loss = −Σ_c a_c·log_softmax(x)_c,    ∂loss/∂x_c = (Σ_k a_k)·softmax(x)_c − a_c.
//
// Baseline C++ compiled once (no per-ISA table); threaded over blocks of positions of a fixed
// size, and every position is computed alone, so results do not depend on the thread count.
#pragma once

#include <cstdint>

#include "common/dtype.h"
#include "common/isa.h"

namespace descent::kernels {

// What each position is scored against. Exactly one of class_index and probability is set.
struct CrossEntropyTarget {
  // [outer, inner] class indices, each in [0, classes) or equal to ignore_index.
  const std::int32_t* class_index = nullptr;
  // [outer, classes, inner] probabilities, of x's dtype.
  const void* probability = nullptr;
  // [classes] class weights of x's dtype, or nullptr for all ones.
  const void* weight = nullptr;
  // ε in [0, 1].
  double label_smoothing = 0;
  // Class-index targets equal to this contribute no loss and no gradient.
  std::int64_t ignore_index = -100;
};

// Writes softmax(x) along the class axis ([outer, classes, inner]) and the loss of every
// position ([outer, inner]), with log_softmax_c = (x_c − m) − ln Σ_k e^(x_k − m), m = max x.
// Returns what 'mean' divides by: the sum of w_y over the positions whose target is not
// ignored (class indices), or the number of positions (probabilities).
// Float types only; classes >= 1; outputs must not overlap the inputs or each other.
double cross_entropy_forward(DType dtype, const void* x, const CrossEntropyTarget& target, void* softmax,
                             void* loss, index_t outer, index_t classes, index_t inner);

// dx_c = g·((Σ_k a_k)·softmax_c − a_c) at every position, g = scale[position·scale_stride]
// (scale_stride 0: one scale for all positions, 1: one per position). softmax is what the
// forward wrote. dx ([outer, classes, inner]) must not overlap the inputs.
void cross_entropy_backward(DType dtype, const void* scale, index_t scale_stride, const void* softmax,
                            const CrossEntropyTarget& target, void* dx, index_t outer, index_t classes, index_t inner);

// Position of the first class index outside [0, classes) that is not ignore_index, or -1.
index_t find_invalid_class(const std::int32_t* target, index_t n, index_t classes, std::int64_t ignore_index);

}  // namespace descent::kernels
