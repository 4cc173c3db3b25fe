// max(a, b) as torch.maximum: NaN if either is NaN (the vector form is maxps(a, b) with a's
// NaN lanes restored). Compiled per instruction set with the updates that use it.
#pragma once

#ifndef DESCENT_ISA
#error "define DESCENT_ISA and DESCENT_ISA_FN before including optim/nan_max.h"
#endif

namespace descent::kernels::DESCENT_ISA {

template <class T> DESCENT_ISA_FN inline T optim_max(T a, T b) { return (a > b || a != a) ? a : b; }

}  // namespace descent::kernels::DESCENT_ISA
