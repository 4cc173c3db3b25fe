// Random draws from a Philox4x32-10 stream (decision 12): the same (seed, offset) gives the same
// bits on every instruction set, every thread count and every machine.
//
// Counter layout. A stream is a 64-bit seed and a 64-bit offset counting the 128-bit Philox blocks
// already consumed. Block b of a stream is
//     philox4x32_10(counter = {lo32(b), hi32(b), 0, 0}, key = {lo32(seed), hi32(seed)}),
// with b taken mod 2^64. A call with n draws reads blocks offset, offset + 1, ...; draw i reads
// block offset + i / D, where D (draws per block) is fixed per distribution:
//   uniform float32   D = 4  word j of the block → (w >> 8)·2^−24: 24 random bits in [0, 1)
//   uniform float64   D = 2  words 2j, 2j+1 → 64 bits → (bits >> 11)·2^−53: 53 bits in [0, 1)
//   normal, truncated_normal (float32 and float64)
//                     D = 2  words 2j, 2j+1 → k = bits >> 12 (52 bits) → u = (2k + 1)·2^−53, in
//                            (0, 1), never 0 or 1, symmetric about 1/2; then the inverse CDF
//   bernoulli         D = 4  word j; 1 if w < ⌈p·2^32⌉, so P(1) is p rounded up to a multiple of
//                            2^−32 (p = 0 never gives 1, p = 1 always does)
//   randint           D = 1  (one block per draw, see below)
//   randperm          sequential; block offset + i − 1 picks the element swapped into position i
// Each function returns ⌈n / D⌉, the blocks it consumed; the caller adds that to its offset. When
// n is not a multiple of D the unused words of the last block are dropped, so drawing n and then m
// equals drawing n + m in one call exactly when n is a multiple of D.
//
// Counter words 2-3 are 0 for every block above. Words 2-3 ≠ 0 are reserved for rejection
// sampling: randint's draw i, if all four words of its block b are rejected, continues with
// blocks {lo32(b), hi32(b), r, 0}, r = 1, 2, ..., which no offset ever reaches. So draw i is a
// pure function of (seed, offset + i) and the block count is a function of n only.
//
// Transforms are one implementation in plain double arithmetic (deterministic_math.h), compiled
// with baseline flags and -ffp-contract=off; they never call libm's transcendental functions.
//
// Threads: draws are split into fixed chunks of 2^16 (a multiple of every D), run with
// parallel_for when n exceeds one chunk. What a draw computes never depends on the chunking, so
// results are bit-identical for any thread count. randperm runs on the calling thread.
//
// Preconditions (checked by the binding layer): n ≥ 0; out holds n elements; low, high, mean, std,
// a, b finite unless stated; see each function.
#pragma once

#include <array>
#include <cstdint>

#include "common/isa.h"
#include "rng/philox.h"

namespace descent::kernels::rng {

struct Stream {
  std::uint64_t seed;
  std::uint64_t offset;
};

// The Philox key and counter of a stream's block b (layout above).
inline Key stream_key(std::uint64_t seed) {
  return Key{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)};
}
inline Block block_counter(std::uint64_t b, std::uint32_t round = 0) {
  return Block{static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(b >> 32), round, 0};
}

// Uniform on [low, high): low + (high − low)·u computed in double and rounded to the output type;
// a value that rounds up to high (or, for float32, below low) is moved to the adjacent
// representable value inside. low < high and high − low finite; low == high fills low.
std::uint64_t uniform(Stream s, float* out, index_t n, double low, double high);
std::uint64_t uniform(Stream s, double* out, index_t n, double low, double high);

// Normal(mean, std): mean + std·Φ⁻¹(u) (AS241), u the open 53-bit uniform above. |z| ≤ 8.3.
// std ≥ 0.
std::uint64_t normal(Stream s, float* out, index_t n, double mean, double std);
std::uint64_t normal(Stream s, double* out, index_t n, double mean, double std);

// Normal(mean, std) truncated to [a, b] (absolute bounds, as PyTorch's trunc_normal_), by inverse
// CDF: x = mean + std·Φ⁻¹(Φ(α) + u·(Φ(β) − Φ(α))), α = (a − mean)/std, β = (b − mean)/std.
// Accurate far in either tail: the interval is mirrored into the lower half (α + β ≤ 0), each
// draw inverts whichever of p and 1 − p is smaller (both formed from Φ and its complement without
// cancellation), and when β < −35, where Φ leaves the normal doubles, the same formula runs in
// log space. The result is clamped into [a, b] in the output type. std > 0, a ≤ b; a = −∞ and
// b = +∞ are allowed.
std::uint64_t truncated_normal(Stream s, float* out, index_t n, double mean, double std, double a,
                               double b);
std::uint64_t truncated_normal(Stream s, double* out, index_t n, double mean, double std, double a,
                               double b);

// Uniform integers in [low, high), unbiased: Lemire's multiply-shift with rejection ("Fast random
// integer generation in an interval", ACM TOMACS 2019). One block per draw; its four words are four
// attempts, then the reserved rejection blocks. Needs INT32_MIN ≤ low < high ≤ INT32_MAX + 1.
std::uint64_t randint(Stream s, std::int32_t* out, index_t n, std::int64_t low, std::int64_t high);

// 1 with probability p (rounded up to a multiple of 2^−32), else 0. 0 ≤ p ≤ 1.
std::uint64_t bernoulli(Stream s, float* out, index_t n, double p);
std::uint64_t bernoulli(Stream s, double* out, index_t n, double p);

// A uniform permutation of 0..n−1: Fisher–Yates (Knuth, TAOCP vol. 2, Alg. 3.4.2 P), for
// i = n−1 down to 1 swap out[i] with out[j], j uniform in [0, i] drawn as randint draws from block
// offset + i − 1. Sequential (each step depends on the previous ones). Consumes max(n − 1, 0)
// blocks. n ≤ 2^31.
std::uint64_t randperm(Stream s, std::int32_t* out, index_t n);

}  // namespace descent::kernels::rng
