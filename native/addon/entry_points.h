// Every native entry point, one row each: name; options (in argument-block order); tensor
// slots (descriptors, in argument-block and positional order; w = written); what it returns;
// its binding. addon.cpp registers exactly these through one generic callback and exports the
// table as `schema`, from which scripts/generate-kernel-api.js writes lib/kernels/entry-points.ts.
//
// The call is addon.<entry>(block, ...arrays). The block is a DataView of doubles: each option
// (a u64 as two, its high and low 32 bits), then per tensor slot a descriptor
// [present, offset, ndim, shape..., nstrides, strides...] (nstrides 0: contiguous; a list slot
// is [count] then count descriptors); values after the last are ignored (the block is a
// reusable buffer). One positional typed array (or null where absent) follows per descriptor.
// reader.h reads it.
#pragma once

#include <iterator>

#include "dispatch/kernel_table.h"
#include "elementwise/elementwise_ops.h"
#include "entry_point.h"
#include "reduce/reduce_ops.h"
#include "rng/random_kind.h"

namespace descent::addon {

// The bindings, in bind_<kernel folder>.cpp.
Napi::Value bind_set_num_threads(const Reader&);
Napi::Value bind_get_num_threads(const Reader&);
Napi::Value bind_simd(const Reader&);
Napi::Value bind_use_simd(const Reader&);
Napi::Value bind_scratch_bytes(const Reader&);
Napi::Value bind_fma_peak(const Reader&);
Napi::Value bind_unary(const Reader&);
Napi::Value bind_binary(const Reader&);
Napi::Value bind_where(const Reader&);
Napi::Value bind_reduce(const Reader&);
Napi::Value bind_softmax(const Reader&);
Napi::Value bind_softmax_backward(const Reader&);
Napi::Value bind_gemm(const Reader&);
Napi::Value bind_dot(const Reader&);
Napi::Value bind_norm2(const Reader&);
Napi::Value bind_axpy(const Reader&);
Napi::Value bind_scal(const Reader&);
Napi::Value bind_triad(const Reader&);
Napi::Value bind_copy(const Reader&);
Napi::Value bind_fill(const Reader&);
Napi::Value bind_gather(const Reader&);
Napi::Value bind_scatter_add(const Reader&);
Napi::Value bind_index_select(const Reader&);
Napi::Value bind_index_add(const Reader&);
Napi::Value bind_random(const Reader&);
Napi::Value bind_batch_norm_stats(const Reader&);
Napi::Value bind_batch_norm_apply(const Reader&);
Napi::Value bind_batch_norm_backward(const Reader&);
Napi::Value bind_group_norm_stats(const Reader&);
Napi::Value bind_group_norm_apply(const Reader&);
Napi::Value bind_group_norm_backward(const Reader&);
Napi::Value bind_cross_entropy(const Reader&);
Napi::Value bind_cross_entropy_backward(const Reader&);
Napi::Value bind_cholesky(const Reader&);
Napi::Value bind_cholesky_solve(const Reader&);
Napi::Value bind_triangular_solve(const Reader&);
Napi::Value bind_symmetric_eigen(const Reader&);
Napi::Value bind_tridiagonal_eigen(const Reader&);
Napi::Value bind_find_non_finite(const Reader&);
Napi::Value bind_optimizer_step(const Reader&);

// The largest code of an operation enum.
template <class Op> constexpr double last_code(Op count) { return static_cast<double>(static_cast<int>(count) - 1); }

inline constexpr double kInt32Min = -2147483648.0, kInt32Max = 2147483647.0;
inline constexpr double kMaxSizeOption = 281474976710656.0;  // 2^48

inline constexpr EntryPoint kEntryPoints[] = {
    // threading/, dispatch/, peak/
    entry("setNumThreads", "Sets the size of the process-wide thread pool.", options(integer("n", 1, 256)),
          tensors(), Returns::Void, bind_set_num_threads),
    entry("getNumThreads", "The size of the thread pool.", options(), tensors(), Returns::Number,
          bind_get_num_threads),
    entry("simd", "The active instruction-set table and those this CPU can run.", options(), tensors(),
          Returns::Object, bind_simd),
    entry("useSimd", "Makes table `name` (ops.simd: scalar, avx2, auto) active; false when this CPU cannot run it.",
          options(integer("name", 0, static_cast<double>(std::size(kernels::kTableNames)) - 1)), tensors(),
          Returns::Boolean, bind_use_simd),
    entry("fmaPeak", "The measured multiply-add peak in GFLOP/s over `seconds` in (0, 60]; 0 without AVX2+FMA.",
          options(integer("threads", 1, 256), number("seconds")), tensors(), Returns::Number, bind_fma_peak),
    // elementwise/
    entry("unary",
          "y = f(x; p0, p1), op from ops.unary. x and y contiguous with one element count and dtype; y may be "
          "exactly x.",
          options(integer("op", 0, last_code(kernels::UnaryOp::Count)), number("p0"), number("p1")),
          tensors(read("x"), write("y")), Returns::Void, bind_unary),
    entry("binary",
          "out = f(a, b; p0, p1), op from ops.binary. a, b and out have one shape; a and b any strides (0 "
          "broadcasts), out contiguous; out may be exactly a or b where laid out as out. int32 comparisons write "
          "float32.",
          options(integer("op", 0, last_code(kernels::BinaryOp::Count)), number("p0"), number("p1")),
          tensors(read("a"), read("b"), write("out")), Returns::Void, bind_binary),
    // reduce/, softmax/
    entry("reduce",
          "Reduces the middle axis of contiguous x [outer, len, inner], op from ops.reduce: values to out and, for "
          "argmax/argmin, int32 positions to index, both [outer, inner]. var divides by max(len - correction, 0).",
          options(integer("op", 0, last_code(kernels::ReduceOp::Count)), number("correction")),
          tensors(read("x"), write_optional("out"), write_optional("index")), Returns::Void, bind_reduce),
    entry("softmax", "(Log-)softmax along the middle axis of contiguous x, y [outer, len, inner]; y may be exactly x.",
          options(flag("log")), tensors(read("x"), write("y")), Returns::Void, bind_softmax),
    entry("softmaxBackward",
          "dx from g and the (log-)softmax output y, all contiguous [outer, len, inner]; dx may be exactly g.",
          options(flag("log")), tensors(read("g"), read("y"), write("dx")), Returns::Void, bind_softmax_backward),
    // gemm/
    entry("gemm",
          "C_i = alpha*op(A_i)*op(B_i) + beta*C_i. Each operand is its stored matrices [batch, rows, cols] with "
          "strides [batchStride, ld, 1]; op(A) = A, or its transpose under transA. m, n, k come from the shapes; a "
          "and b may repeat one matrix (batch stride 0); c's matrices may not overlap; beta 0 never reads c.",
          options(flag("transA"), flag("transB"), number("alpha"), number("beta")),
          tensors(read("a"), read("b"), write("c")), Returns::Void, bind_gemm),
    entry("scratchBytes", "Bytes held by gemm's per-thread packing buffers.", options(), tensors(), Returns::Number,
          bind_scratch_bytes),
    // blas1/
    entry("dot", "Sum of x*y, accumulated in double; x, y contiguous float, one element count.", options(),
          tensors(read("x"), read("y")), Returns::Number, bind_dot),
    entry("norm2", "The Euclidean norm of contiguous float x, without overflow or underflow.", options(),
          tensors(read("x")), Returns::Number, bind_norm2),
    entry("axpy", "y += alpha*x; contiguous float, one element count; y may be exactly x.", options(number("alpha")),
          tensors(read("x"), write("y")), Returns::Void, bind_axpy),
    entry("scal", "x *= alpha; contiguous float.", options(number("alpha")), tensors(write("x")), Returns::Void,
          bind_scal),
    entry("triad", "a = b + s*c; contiguous float, one element count; a overlaps neither b nor c.",
          options(number("s")), tensors(write("a"), read("b"), read("c")), Returns::Void, bind_triad),
    // memory/
    entry("copy",
          "dst = src converted to dst's dtype (float to int32 truncates, saturates, NaN to 0); one shape, any "
          "strides; no overlap.",
          options(), tensors(read("src"), write("dst")), Returns::Void, bind_copy),
    entry("fill", "dst = value converted to dst's dtype; dst contiguous.", options(number("value")),
          tensors(write("dst")), Returns::Void, bind_fill),
    entry("gather",
          "out[o, j, i] = x[o, index[o, j, i], i]: x [outer, len, inner], int32 index and out [outer, jlen, "
          "inner], contiguous.",
          options(), tensors(read("x"), read("index"), write("out")), Returns::Void, bind_gather),
    entry("scatterAdd",
          "out[o, index[o, j, i], i] += src[o, j, i]: src and int32 index [outer, jlen, inner], out [outer, len, "
          "inner], contiguous.",
          options(), tensors(read("src"), read("index"), write("out")), Returns::Void, bind_scatter_add),
    entry("indexSelect",
          "out[o, j, i] = x[o, index[j], i]: x [outer, len, inner], int32 index [jlen], out [outer, jlen, inner], "
          "contiguous.",
          options(), tensors(read("x"), read("index"), write("out")), Returns::Void, bind_index_select),
    entry("indexAdd",
          "out[o, index[j], i] += src[o, j, i]: src [outer, jlen, inner], int32 index [jlen], out [outer, len, "
          "inner], contiguous.",
          options(), tensors(read("src"), read("index"), write("out")), Returns::Void, bind_index_add),
    entry("where",
          "out = cond != 0 ? a : b over one shape; cond, a, b any strides (0 broadcasts), out contiguous, a's dtype.",
          options(), tensors(read("cond"), read("a"), read("b"), write("out")), Returns::Void, bind_where),
    // rng/
    entry("random",
          "Fills contiguous out from the Philox stream (seed, offset) with distribution `kind` (ops.random; "
          "parameters p0..p3); returns the 128-bit blocks used, by which the caller advances its offset.",
          options(integer("kind", 0, last_code(kernels::rng::RandomKind::Count)), u64("seed"), u64("offset"),
                  number("p0"), number("p1"), number("p2"), number("p3")),
          tensors(write("out")), Returns::Number, bind_random),
    // norm/
    entry("batchNormStats",
          "Per channel of contiguous x [n, c, l]: mean, biased var and invstd = 1/sqrt(var + eps), each [c].",
          options(number("eps")), tensors(read("x"), write("mean"), write_optional("var"), write_optional("invstd")),
          Returns::Void, bind_batch_norm_stats),
    entry("batchNormApply", "y = (x - mean)*invstd*gamma + beta per channel; x, y [n, c, l]; the rest [c].",
          options(),
          tensors(read("x"), read("mean"), read("invstd"), read_optional("gamma"), read_optional("beta"), write("y")),
          Returns::Void, bind_batch_norm_apply),
    entry("batchNormBackward",
          "From g = dL/dy: dgamma = sum g*xhat, dbeta = sum g, and dx (training: through the batch statistics; "
          "else g*gamma*invstd). g, x, dx [n, c, l]; the rest [c]; absent outputs are skipped.",
          options(flag("training")),
          tensors(read("g"), read("x"), read("mean"), read("invstd"), read_optional("gamma"), write_optional("dx"),
                  write_optional("dgamma"), write_optional("dbeta")),
          Returns::Void, bind_batch_norm_backward),
    entry("groupNormStats",
          "Per (sample, group) of contiguous x [n, c, s]: mean, var, invstd, each n*groups values; groups divides c.",
          options(integer("groups", 1, kMaxSizeOption), number("eps")),
          tensors(read("x"), write("mean"), write_optional("var"), write_optional("invstd")), Returns::Void,
          bind_group_norm_stats),
    entry("groupNormApply",
          "y = (x - mean[n, g])*invstd[n, g]*gamma[c] + beta[c]; x, y [n, c, s].",
          options(integer("groups", 1, kMaxSizeOption)),
          tensors(read("x"), read("mean"), read("invstd"), read_optional("gamma"), read_optional("beta"), write("y")),
          Returns::Void, bind_group_norm_apply),
    entry("groupNormBackward",
          "dx (batch statistics), dgamma = sum g*xhat, dbeta = sum g; g, x, dx [n, c, s]; absent outputs skipped.",
          options(integer("groups", 1, kMaxSizeOption)),
          tensors(read("g"), read("x"), read("mean"), read("invstd"), read_optional("gamma"), write_optional("dx"),
                  write_optional("dgamma"), write_optional("dbeta")),
          Returns::Void, bind_group_norm_backward),
    // loss/
    entry("crossEntropy",
          "Softmax and loss per position of scores x [outer, classes, inner]; target int32 [outer, inner] or "
          "probabilities like x; weight [classes]; softmax like x, loss [outer, inner]. Returns what 'mean' "
          "divides by.",
          options(number("labelSmoothing"), integer("ignoreIndex", kInt32Min, kInt32Max)),
          tensors(read("x"), read("target"), read_optional("weight"), write("softmax"), write("loss")),
          Returns::Number, bind_cross_entropy),
    entry("crossEntropyBackward",
          "dx = scale*(sum(a)*softmax - a) per position; scale [outer, inner], contiguous or with all strides 0 "
          "(one shared value); softmax and dx [outer, classes, inner].",
          options(number("labelSmoothing"), integer("ignoreIndex", kInt32Min, kInt32Max)),
          tensors(read("scale"), read("softmax"), read("target"), read_optional("weight"), write("dx")),
          Returns::Void, bind_cross_entropy_backward),
    // linalg/ (float64 matrices [rows, cols] with unit column stride and row stride ld >= cols)
    entry("cholesky",
          "L = chol(A) from a's lower triangle, a and l [n, n] (l may be exactly a); 0, or the order of the first "
          "leading minor that is not positive.",
          options(), tensors(read("a"), write("l")), Returns::Number, bind_cholesky),
    entry("choleskySolve", "B = A^-1*B in place given A's factor l [n, n], b [n, k]; 0, or i + 1 for a zero L[i, i].",
          options(), tensors(read("l"), write("b")), Returns::Number, bind_cholesky_solve),
    entry("triangularSolve", "B = op(A)^-1*B in place, a [n, n], b [n, k]; 0, or i + 1 for a zero A[i, i].",
          options(flag("lower"), flag("transpose"), flag("unitDiagonal")), tensors(read("a"), write("b")),
          Returns::Number, bind_triangular_solve),
    entry("symmetricEigen",
          "Eigenvalues ascending [n] and eigenvectors (columns of [n, n]) of a's lower triangle; 0, or 1 without "
          "convergence.",
          options(), tensors(read("a"), write("values"), write("vectors")), Returns::Number, bind_symmetric_eigen),
    entry("tridiagonalEigen",
          "The same for the tridiagonal matrix with diagonal d [n] and off-diagonal e [n - 1].", options(),
          tensors(read("d"), read("e"), write("values"), write("vectors")), Returns::Number, bind_tridiagonal_eigen),
    entry("findNonFinite",
          "r*cols + c of the first NaN or infinity of float a [rows, cols] in row-major order, or -1; triangle 0 "
          "looks at every entry, 1 on and below the diagonal, 2 on and above.",
          options(integer("triangle", 0, 2)), tensors(read("a")), Returns::Number, bind_find_non_finite),
    // optim/
    entry("optimizerStep",
          "One fused update of a parameter group: code from optimizerInfo; hyper Float64Array [H]; scalars "
          "Float64Array [count, P], each segment's scalar state, advanced in place; params and grads count 1-D "
          "contiguous segments; states count*S, segment-major, null where unused. One float dtype; written ranges "
          "overlap nothing else.",
          options(integer("code", 0, 1 << 20)),
          tensors(read("hyper"), write("scalars"), write_list("params", "param"), read_list("grads", "grad"),
                  write_optional_list("states", "state")),
          Returns::Void, bind_optimizer_step),
};

// The row of an entry point; not a constant expression (a compile error) when missing.
constexpr const EntryPoint& entry_point(const char* name) {
  for (const EntryPoint& e : kEntryPoints) {
    if (same_name(e.name, name)) return e;
  }
  throw "no such entry point";
}

}  // namespace descent::addon
