// Element i's gradient term under the shared conventions (gradient_terms.h): g = sign·∇, plus
// λθ when the decay is coupled. Compiled per instruction set with the updates that use it.
#pragma once

#ifndef DESCENT_ISA
#error "define DESCENT_ISA and DESCENT_ISA_FN before including optim/gradient_at.h"
#endif

#include "optim/gradient_terms.h"

namespace descent::kernels::DESCENT_ISA {

template <class T, bool Coupled>
DESCENT_ISA_FN DESCENT_ALWAYS_INLINE T gradient_at(const optim::GradientTerms<T>& t, T grad, T th) {
  const T g = t.sign * grad;
  return Coupled ? g + t.weight_decay * th : g;
}

}  // namespace descent::kernels::DESCENT_ISA
