// Codes of the random distributions the binding exposes (exported to JavaScript by name).
#pragma once

namespace descent::kernels::rng {

#define DESCENT_RANDOM_KINDS(X)                    \
  X(Uniform, "uniform")                 /* U[p0, p1) */                 \
  X(Normal, "normal")                   /* N(p0, p1²) */                \
  X(TruncatedNormal, "truncatedNormal") /* N(p0, p1²) cut to [p2, p3] */ \
  X(Randint, "randint")                 /* integers in [p0, p1) */      \
  X(Bernoulli, "bernoulli")             /* 1 with probability p0 */     \
  X(Randperm, "randperm")               /* a permutation of 0..n-1 */

#define DESCENT_ENUM_ENTRY(name, js) name,
enum class RandomKind : int { DESCENT_RANDOM_KINDS(DESCENT_ENUM_ENTRY) Count };
#undef DESCENT_ENUM_ENTRY

}  // namespace descent::kernels::rng
