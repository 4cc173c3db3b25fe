// Copies and index-driven copies (memory/):
// copy(; src, dst w): dst = src converted to dst's dtype, one shape, any strides on both sides.
// fill(value; dst w): contiguous.
// gather(; x [outer, len, inner], index [outer, jlen, inner], out w [outer, jlen, inner])
// scatterAdd(; src [outer, jlen, inner], index [outer, jlen, inner], out w [outer, len, inner])
// indexSelect(; x [outer, len, inner], index [jlen], out w [outer, jlen, inner])
// indexAdd(; src [outer, jlen, inner], index [jlen], out w [outer, len, inner])
//   all contiguous; index int32 within the indexed axis; out has the source's dtype.
// where(; cond, a, b, out w): out = cond != 0 ? a : b over one shape; cond, a, b through any
//   strides, out contiguous.
#include <string>

#include "entry_points.h"
#include "memory/copy.h"
#include "memory/indexing.h"
#include "reader.h"

namespace descent::addon {
namespace {

namespace k = descent::kernels;

// The operands of an indexed copy, checked: source and destination [outer, *, inner] around
// the indexed axis, and the index array.
struct Indexed {
  const TensorArg& src;
  const TensorArg& index;
  const TensorArg& dst;
  index_t outer, inner, src_len, dst_len;
};

// index_like_source: the index has the source's shape (gather, scatterAdd) rather than [jlen]
// (indexSelect, indexAdd); accumulate: the source runs over jlen (scatterAdd, indexAdd) and
// the destination over the indexed axis.
Indexed read_indexed(const Reader& r, const TensorArg& src, const TensorArg& index, const TensorArg& dst,
                     bool index_like_source, bool accumulate) {
  r.expect_dtype(index, DType::Int32);
  r.expect_dtype(dst, src.dtype);
  for (const TensorArg* t : {&src, &dst}) {
    r.expect_ndim(*t, 3, accumulate == (t == &src) ? "[outer, jlen, inner]" : "[outer, len, inner]");
    r.expect_contiguous(*t);
  }
  r.expect_contiguous(index);
  const index_t outer = src.dim(0), inner = src.dim(2);
  if (dst.dim(0) != outer || dst.dim(2) != inner) {
    r.range_error(dst.label() + " " + describe(dst.shape) + " and " + src.label() + " " + describe(src.shape) +
                  " must agree outside the indexed axis");
  }
  const index_t jlen = accumulate ? src.dim(1) : dst.dim(1);
  const index_t axis_len = accumulate ? dst.dim(1) : src.dim(1);
  if (index_like_source) {
    r.expect_shape(index, Dims{3, {outer, jlen, inner}});
  } else {
    r.expect_shape(index, Dims{1, {jlen}});
  }
  const ByteRange dr = dst.bytes();
  if (overlaps(dr, src.bytes()) || overlaps(dr, index.bytes())) r.range_error("out overlaps another argument");
  const std::int32_t* idx = index.as<std::int32_t>();
  const index_t bad = k::find_invalid_index(idx, index.numel, axis_len);
  if (bad >= 0) {
    r.range_error("index " + std::to_string(idx[bad]) + " at position " + std::to_string(bad) +
                  " is out of range for a dimension of size " + std::to_string(axis_len));
  }
  return Indexed{src, index, dst, outer, inner, src.dim(1), dst.dim(1)};
}

}  // namespace

Napi::Value bind_copy(const Reader& r) {
  constexpr const EntryPoint& e = entry_point("copy");
  constexpr int kSrc = e.tensor("src"), kDst = e.tensor("dst");
  const TensorArg& src = r.tensor(kSrc);
  const TensorArg& dst = r.tensor(kDst);
  if (src.shape != dst.shape) {
    r.range_error("src " + describe(src.shape) + " and dst " + describe(dst.shape) + " must have one shape");
  }
  if (overlaps(src.bytes(), dst.bytes())) r.range_error("dst overlaps src");
  k::copy_strided(src.dtype, src.at(), src.strides.v, dst.dtype, dst.at(), dst.strides.v, dst.shape.v, dst.shape.ndim);
  return {};
}

Napi::Value bind_fill(const Reader& r) {
  constexpr const EntryPoint& e = entry_point("fill");
  constexpr int kValue = e.option("value"), kDst = e.tensor("dst");
  const TensorArg& dst = r.tensor(kDst);
  r.expect_contiguous(dst);
  k::fill(dst.dtype, dst.at(), dst.numel, r.number(kValue));
  return {};
}

Napi::Value bind_gather(const Reader& r) {
  constexpr const EntryPoint& e = entry_point("gather");
  constexpr int kSrc = e.tensor("x"), kIndex = e.tensor("index"), kOut = e.tensor("out");
  const Indexed i = read_indexed(r, r.tensor(kSrc), r.tensor(kIndex), r.tensor(kOut), true, false);
  k::gather(i.src.dtype, i.src.at(), i.outer, i.src_len, i.inner, i.index.as<std::int32_t>(), i.dst_len, i.dst.at());
  return {};
}

Napi::Value bind_scatter_add(const Reader& r) {
  constexpr const EntryPoint& e = entry_point("scatterAdd");
  constexpr int kSrc = e.tensor("src"), kIndex = e.tensor("index"), kOut = e.tensor("out");
  const Indexed i = read_indexed(r, r.tensor(kSrc), r.tensor(kIndex), r.tensor(kOut), true, true);
  k::scatter_add(i.src.dtype, i.src.at(), i.outer, i.src_len, i.inner, i.index.as<std::int32_t>(), i.dst_len,
                 i.dst.at());
  return {};
}

Napi::Value bind_index_select(const Reader& r) {
  constexpr const EntryPoint& e = entry_point("indexSelect");
  constexpr int kSrc = e.tensor("x"), kIndex = e.tensor("index"), kOut = e.tensor("out");
  const Indexed i = read_indexed(r, r.tensor(kSrc), r.tensor(kIndex), r.tensor(kOut), false, false);
  k::index_select(i.src.dtype, i.src.at(), i.outer, i.src_len, i.inner, i.index.as<std::int32_t>(), i.dst_len,
                  i.dst.at());
  return {};
}

Napi::Value bind_index_add(const Reader& r) {
  constexpr const EntryPoint& e = entry_point("indexAdd");
  constexpr int kSrc = e.tensor("src"), kIndex = e.tensor("index"), kOut = e.tensor("out");
  const Indexed i = read_indexed(r, r.tensor(kSrc), r.tensor(kIndex), r.tensor(kOut), false, true);
  k::index_add(i.src.dtype, i.src.at(), i.outer, i.src_len, i.inner, i.index.as<std::int32_t>(), i.dst_len,
               i.dst.at());
  return {};
}

Napi::Value bind_where(const Reader& r) {
  constexpr const EntryPoint& e = entry_point("where");
  constexpr int kCond = e.tensor("cond"), kA = e.tensor("a"), kB = e.tensor("b"), kOut = e.tensor("out");
  const TensorArg& cond = r.tensor(kCond);
  const TensorArg& a = r.tensor(kA);
  const TensorArg& b = r.tensor(kB);
  const TensorArg& out = r.tensor(kOut);
  if (cond.shape != out.shape || a.shape != out.shape || b.shape != out.shape) {
    r.range_error("cond, a, b and out must have one shape, got " + describe(cond.shape) + ", " + describe(a.shape) +
                  ", " + describe(b.shape) + " and " + describe(out.shape));
  }
  r.expect_dtype(b, a.dtype);
  r.expect_dtype(out, a.dtype);
  r.expect_contiguous(out);
  const ByteRange o = out.bytes();
  if (overlaps(o, cond.bytes()) || overlaps(o, a.bytes()) || overlaps(o, b.bytes())) {
    r.range_error("out overlaps an input");
  }
  k::where(cond.dtype, cond.at(), cond.strides.v, a.dtype, a.at(), a.strides.v, b.at(), b.strides.v, out.at(),
           out.shape.v, out.shape.ndim);
  return {};
}

}  // namespace descent::addon
