// Every native entry point, one row each: name; options (in argument-block order); tensor
// slots (descriptors, in argument-block and positional order; w = written); what it returns;
// its binding. addon.cpp registers exactly these through one generic callback and exports the
// table as `schema`, from which scripts/generate-kernel-api.js writes lib/kernels/entry-points.ts.
//
// The call is addon.<entry>(block: Float64Array, ...arrays): the block holds each option (a u64
// as two doubles, high and low 32 bits), then per tensor slot a descriptor
// [present, offset, ndim, shape..., nstrides, strides...] (nstrides 0: contiguous; a list slot
// is [count] then count descriptors); one positional typed array (or null where absent)
// follows per descriptor. reader.h reads it.
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
    entry("setNumThreads", options(integer("n", 1, 256)), tensors(), Returns::Void, bind_set_num_threads),
    entry("getNumThreads", options(), tensors(), Returns::Number, bind_get_num_threads),
    entry("simd", options(), tensors(), Returns::Object, bind_simd),
    // name: ops.simd (0 scalar, 1 avx2, 2 auto); false when this CPU cannot run it.
    entry("useSimd", options(integer("name", 0, static_cast<double>(std::size(kernels::kTableNames)) - 1)), tensors(),
          Returns::Boolean, bind_use_simd),
    entry("fmaPeak", options(integer("threads", 1, 256), number("seconds")), tensors(), Returns::Number,
          bind_fma_peak),
    // elementwise/
    entry("unary", options(integer("op", 0, last_code(kernels::UnaryOp::Count)), number("p0"), number("p1")),
          tensors(read("x"), write("y")), Returns::Void, bind_unary),
    entry("binary", options(integer("op", 0, last_code(kernels::BinaryOp::Count)), number("p0"), number("p1")),
          tensors(read("a"), read("b"), write("out")), Returns::Void, bind_binary),
    // reduce/, softmax/
    entry("reduce", options(integer("op", 0, last_code(kernels::ReduceOp::Count)), number("correction")),
          tensors(read("x"), write_optional("out"), write_optional("index")), Returns::Void, bind_reduce),
    entry("softmax", options(flag("log")), tensors(read("x"), write("y")), Returns::Void, bind_softmax),
    entry("softmaxBackward", options(flag("log")), tensors(read("g"), read("y"), write("dx")), Returns::Void,
          bind_softmax_backward),
    // gemm/
    entry("gemm", options(flag("transA"), flag("transB"), number("alpha"), number("beta")),
          tensors(read("a"), read("b"), write("c")), Returns::Void, bind_gemm),
    entry("scratchBytes", options(), tensors(), Returns::Number, bind_scratch_bytes),
    // blas1/
    entry("dot", options(), tensors(read("x"), read("y")), Returns::Number, bind_dot),
    entry("norm2", options(), tensors(read("x")), Returns::Number, bind_norm2),
    entry("axpy", options(number("alpha")), tensors(read("x"), write("y")), Returns::Void, bind_axpy),
    entry("scal", options(number("alpha")), tensors(write("x")), Returns::Void, bind_scal),
    entry("triad", options(number("s")), tensors(write("a"), read("b"), read("c")), Returns::Void, bind_triad),
    // memory/
    entry("copy", options(), tensors(read("src"), write("dst")), Returns::Void, bind_copy),
    entry("fill", options(number("value")), tensors(write("dst")), Returns::Void, bind_fill),
    entry("gather", options(), tensors(read("x"), read("index"), write("out")), Returns::Void, bind_gather),
    entry("scatterAdd", options(), tensors(read("src"), read("index"), write("out")), Returns::Void,
          bind_scatter_add),
    entry("indexSelect", options(), tensors(read("x"), read("index"), write("out")), Returns::Void,
          bind_index_select),
    entry("indexAdd", options(), tensors(read("src"), read("index"), write("out")), Returns::Void, bind_index_add),
    entry("where", options(), tensors(read("cond"), read("a"), read("b"), write("out")), Returns::Void, bind_where),
    // rng/
    entry("random",
          options(integer("kind", 0, last_code(kernels::rng::RandomKind::Count)), u64("seed"), u64("offset"),
                  number("p0"), number("p1"), number("p2"), number("p3")),
          tensors(write("out")), Returns::Number, bind_random),
    // norm/
    entry("batchNormStats", options(number("eps")),
          tensors(read("x"), write("mean"), write_optional("var"), write_optional("invstd")), Returns::Void,
          bind_batch_norm_stats),
    entry("batchNormApply", options(),
          tensors(read("x"), read("mean"), read("invstd"), read_optional("gamma"), read_optional("beta"), write("y")),
          Returns::Void, bind_batch_norm_apply),
    entry("batchNormBackward", options(flag("training")),
          tensors(read("g"), read("x"), read("mean"), read("invstd"), read_optional("gamma"), write_optional("dx"),
                  write_optional("dgamma"), write_optional("dbeta")),
          Returns::Void, bind_batch_norm_backward),
    entry("groupNormStats", options(integer("groups", 1, kMaxSizeOption), number("eps")),
          tensors(read("x"), write("mean"), write_optional("var"), write_optional("invstd")), Returns::Void,
          bind_group_norm_stats),
    entry("groupNormApply", options(integer("groups", 1, kMaxSizeOption)),
          tensors(read("x"), read("mean"), read("invstd"), read_optional("gamma"), read_optional("beta"), write("y")),
          Returns::Void, bind_group_norm_apply),
    entry("groupNormBackward", options(integer("groups", 1, kMaxSizeOption)),
          tensors(read("g"), read("x"), read("mean"), read("invstd"), read_optional("gamma"), write_optional("dx"),
                  write_optional("dgamma"), write_optional("dbeta")),
          Returns::Void, bind_group_norm_backward),
    // loss/
    entry("crossEntropy", options(number("labelSmoothing"), integer("ignoreIndex", kInt32Min, kInt32Max)),
          tensors(read("x"), read("target"), read_optional("weight"), write("softmax"), write("loss")),
          Returns::Number, bind_cross_entropy),
    entry("crossEntropyBackward", options(number("labelSmoothing"), integer("ignoreIndex", kInt32Min, kInt32Max)),
          tensors(read("scale"), read("softmax"), read("target"), read_optional("weight"), write("dx")),
          Returns::Void, bind_cross_entropy_backward),
    // linalg/
    entry("cholesky", options(), tensors(read("a"), write("l")), Returns::Number, bind_cholesky),
    entry("choleskySolve", options(), tensors(read("l"), write("b")), Returns::Number, bind_cholesky_solve),
    entry("triangularSolve", options(flag("lower"), flag("transpose"), flag("unitDiagonal")),
          tensors(read("a"), write("b")), Returns::Number, bind_triangular_solve),
    entry("symmetricEigen", options(), tensors(read("a"), write("values"), write("vectors")), Returns::Number,
          bind_symmetric_eigen),
    entry("tridiagonalEigen", options(), tensors(read("d"), read("e"), write("values"), write("vectors")),
          Returns::Number, bind_tridiagonal_eigen),
    entry("findNonFinite", options(integer("triangle", 0, 2)), tensors(read("a")), Returns::Number,
          bind_find_non_finite),
    // optim/
    entry("optimizerStep", options(integer("code", 0, 1 << 20)),
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
