// copy(src, srcOffset, srcStrides, dst, dstOffset, dstStrides, shape)
// fill(dst, offset, n, value)
// gather(x, xOffset, outer, len, inner, index, indexOffset, jlen, out, outOffset)
// scatterAdd(src, srcOffset, outer, jlen, inner, index, indexOffset, len, out, outOffset)
// indexSelect(x, xOffset, outer, len, inner, index, indexOffset, jlen, out, outOffset)
// indexAdd(src, srcOffset, outer, jlen, inner, index, indexOffset, len, out, outOffset)
// where(cond, condOffset, condStrides, a, aOffset, aStrides, b, bOffset, bStrides, out, outOffset, shape)
#include <string>

#include "args.h"
#include "bindings.h"
#include "memory/copy.h"
#include "memory/indexing.h"

namespace descent::addon {
namespace {

namespace k = descent::kernels;

index_t volume(const Args& args, index_t a, index_t b, index_t c) {
  const long double v = static_cast<long double>(a) * b * c;
  if (v > static_cast<long double>(Args::kMaxSize)) args.range_error("the sizes are too large");
  return a * b * c;
}

void expect_valid_indices(const Args& args, const std::int32_t* index, index_t n, index_t len) {
  const index_t bad = k::find_invalid_index(index, n, len);
  if (bad >= 0) {
    args.range_error("index " + std::to_string(index[bad]) + " at position " + std::to_string(bad) +
                     " is out of range for a dimension of size " + std::to_string(len));
  }
}

Napi::Value copy(const Napi::CallbackInfo& info) {
  Args args(info, "copy");
  const ArrayArg src = args.array(0, "src");
  const index_t so = args.size(1, "srcOffset");
  const ArrayArg dst = args.array(3, "dst");
  const index_t dof = args.size(4, "dstOffset");
  const Dims shape = args.shape(6, "shape");
  const Dims ss = args.strides(2, "srcStrides", shape.ndim);
  const Dims ds = args.strides(5, "dstStrides", shape.ndim);
  args.expect_fits(src, so, shape, ss);
  args.expect_fits(dst, dof, shape, ds);
  if (overlaps(byte_range(src, so, shape, ss), byte_range(dst, dof, shape, ds))) args.range_error("dst overlaps src");
  k::copy_strided(src.dtype, src.at(so), ss.v, dst.dtype, dst.at(dof), ds.v, shape.v, shape.ndim);
  return info.Env().Undefined();
}

Napi::Value fill(const Napi::CallbackInfo& info) {
  Args args(info, "fill");
  const ArrayArg dst = args.array(0, "dst");
  const index_t offset = args.size(1, "offset");
  const index_t n = args.size(2, "n");
  const double value = args.number(3, "value");
  args.expect_fits(dst, offset, n);
  k::fill(dst.dtype, dst.at(offset), n, value);
  return info.Env().Undefined();
}

// Shared shape checks of the four indexed copies. `src_len` is the axis length of the
// source, `dst_len` that of the destination; the index addresses the axis of length `len`.
struct Indexed {
  ArrayArg src, index, dst;
  index_t src_offset, index_offset, dst_offset, outer, inner, src_len, dst_len, index_count;
};

Indexed read_indexed(const Args& args, bool index_shaped_like_source, bool accumulate) {
  Indexed r{args.array(0, accumulate ? "src" : "x"), args.array(5, "index"), args.array(8, "out"), 0, 0, 0, 0, 0, 0, 0, 0};
  r.src_offset = args.size(1, accumulate ? "srcOffset" : "xOffset");
  r.outer = args.size(2, "outer");
  r.src_len = args.size(3, accumulate ? "jlen" : "len");
  r.inner = args.size(4, "inner");
  r.index_offset = args.size(6, "indexOffset");
  r.dst_len = args.size(7, accumulate ? "len" : "jlen");
  r.dst_offset = args.size(9, "outOffset");
  args.expect_dtype(r.index, DType::Int32);
  args.expect_dtype(r.dst, r.src.dtype);
  const index_t n_src = volume(args, r.outer, r.src_len, r.inner);
  const index_t n_dst = volume(args, r.outer, r.dst_len, r.inner);
  args.expect_fits(r.src, r.src_offset, n_src);
  args.expect_fits(r.dst, r.dst_offset, n_dst);
  // gather/scatterAdd index every element; indexSelect/indexAdd index the axis only.
  const index_t jlen = accumulate ? r.src_len : r.dst_len;
  r.index_count = index_shaped_like_source ? r.outer * jlen * r.inner : jlen;
  args.expect_fits(r.index, r.index_offset, r.index_count);
  const ByteRange dr = byte_range(r.dst, r.dst_offset, n_dst);
  if (overlaps(dr, byte_range(r.src, r.src_offset, n_src)) ||
      overlaps(dr, byte_range(r.index, r.index_offset, r.index_count))) {
    args.range_error("out overlaps another argument");
  }
  const index_t axis_len = accumulate ? r.dst_len : r.src_len;
  expect_valid_indices(args, r.index.as<std::int32_t>(r.index_offset), r.index_count, axis_len);
  return r;
}

Napi::Value gather(const Napi::CallbackInfo& info) {
  Args args(info, "gather");
  const Indexed r = read_indexed(args, true, false);
  k::gather(r.src.dtype, r.src.at(r.src_offset), r.outer, r.src_len, r.inner, r.index.as<std::int32_t>(r.index_offset),
            r.dst_len, r.dst.at(r.dst_offset));
  return info.Env().Undefined();
}

Napi::Value scatter_add(const Napi::CallbackInfo& info) {
  Args args(info, "scatterAdd");
  const Indexed r = read_indexed(args, true, true);
  k::scatter_add(r.src.dtype, r.src.at(r.src_offset), r.outer, r.src_len, r.inner,
                 r.index.as<std::int32_t>(r.index_offset), r.dst_len, r.dst.at(r.dst_offset));
  return info.Env().Undefined();
}

Napi::Value index_select(const Napi::CallbackInfo& info) {
  Args args(info, "indexSelect");
  const Indexed r = read_indexed(args, false, false);
  k::index_select(r.src.dtype, r.src.at(r.src_offset), r.outer, r.src_len, r.inner,
                  r.index.as<std::int32_t>(r.index_offset), r.dst_len, r.dst.at(r.dst_offset));
  return info.Env().Undefined();
}

Napi::Value index_add(const Napi::CallbackInfo& info) {
  Args args(info, "indexAdd");
  const Indexed r = read_indexed(args, false, true);
  k::index_add(r.src.dtype, r.src.at(r.src_offset), r.outer, r.src_len, r.inner,
               r.index.as<std::int32_t>(r.index_offset), r.dst_len, r.dst.at(r.dst_offset));
  return info.Env().Undefined();
}

Napi::Value where(const Napi::CallbackInfo& info) {
  Args args(info, "where");
  const ArrayArg cond = args.array(0, "cond");
  const index_t co = args.size(1, "condOffset");
  const ArrayArg a = args.array(3, "a");
  const index_t ao = args.size(4, "aOffset");
  const ArrayArg b = args.array(6, "b");
  const index_t bo = args.size(7, "bOffset");
  const ArrayArg out = args.array(9, "out");
  const index_t oo = args.size(10, "outOffset");
  const Dims shape = args.shape(11, "shape");
  const Dims cs = args.strides(2, "condStrides", shape.ndim);
  const Dims as = args.strides(5, "aStrides", shape.ndim);
  const Dims bs = args.strides(8, "bStrides", shape.ndim);
  args.expect_dtype(b, a.dtype);
  args.expect_dtype(out, a.dtype);
  args.expect_fits(cond, co, shape, cs);
  args.expect_fits(a, ao, shape, as);
  args.expect_fits(b, bo, shape, bs);
  const index_t n = shape.numel();
  args.expect_fits(out, oo, n);
  const ByteRange orange = byte_range(out, oo, n);
  if (overlaps(orange, byte_range(cond, co, shape, cs)) || overlaps(orange, byte_range(a, ao, shape, as)) ||
      overlaps(orange, byte_range(b, bo, shape, bs))) {
    args.range_error("out overlaps an input");
  }
  k::where(cond.dtype, cond.at(co), cs.v, a.dtype, a.at(ao), as.v, b.at(bo), bs.v, out.at(oo), shape.v, shape.ndim);
  return info.Env().Undefined();
}

}  // namespace

void register_memory(Napi::Env env, Napi::Object exports) {
  exports.Set("copy", Napi::Function::New(env, copy, "copy"));
  exports.Set("fill", Napi::Function::New(env, fill, "fill"));
  exports.Set("gather", Napi::Function::New(env, gather, "gather"));
  exports.Set("scatterAdd", Napi::Function::New(env, scatter_add, "scatterAdd"));
  exports.Set("indexSelect", Napi::Function::New(env, index_select, "indexSelect"));
  exports.Set("indexAdd", Napi::Function::New(env, index_add, "indexAdd"));
  exports.Set("where", Napi::Function::New(env, where, "where"));
}

}  // namespace descent::addon
