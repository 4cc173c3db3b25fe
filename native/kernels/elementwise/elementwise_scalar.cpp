// The scalar reference element-wise kernels: the generic loops compiled with baseline flags.
#define DESCENT_ISA scalar
#define DESCENT_ISA_FN

#include "elementwise/elementwise_generic.h"

namespace descent::kernels::scalar {

ElementwiseKernelSet elementwise_kernels() { return generic_elementwise_kernels(); }

}  // namespace descent::kernels::scalar
