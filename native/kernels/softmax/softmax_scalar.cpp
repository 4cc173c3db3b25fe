// The scalar reference softmax: the generic loops compiled with baseline flags.
#define DESCENT_ISA scalar
#define DESCENT_ISA_FN

#include "softmax/softmax_generic.h"
#include "softmax/softmax_kernels.h"

namespace descent::kernels::scalar {

template <class T> SoftmaxKernels<T> generic_softmax() {
  return {&softmax_rows<T>, &softmax_cols<T>, &softmax_backward_rows<T>, &softmax_backward_cols<T>};
}

SoftmaxKernelSet softmax_kernels() { return {generic_softmax<float>(), generic_softmax<double>()}; }

}  // namespace descent::kernels::scalar
