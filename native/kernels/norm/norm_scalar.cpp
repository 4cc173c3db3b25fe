// The scalar reference normalization blocks: the generic loops compiled with baseline flags.
#define DESCENT_ISA scalar
#define DESCENT_ISA_FN

#include "norm/norm_generic.h"
#include "norm/norm_kernels.h"

namespace descent::kernels::scalar {

template <class T> NormKernels<T> generic_norm() {
  return {&norm_moments<T>, &norm_grad_sums<T>, &norm_affine<T>, &norm_input_grad<T>};
}

NormKernelSet norm_kernels() { return {generic_norm<float>(), generic_norm<double>()}; }

}  // namespace descent::kernels::scalar
