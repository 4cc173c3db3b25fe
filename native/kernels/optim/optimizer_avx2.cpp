// The AVX2+FMA optimizer updates: every algorithm's loop compiled with the avx2,fma target
// attribute (vectorized by the compiler).
#define DESCENT_ISA avx2
#define DESCENT_ISA_FN DESCENT_AVX2

#include "optim/optimizer_registration.h"
