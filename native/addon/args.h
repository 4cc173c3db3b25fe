// Argument readers for the binding layer. Every reader validates what JavaScript passed and
// throws a JS TypeError or RangeError naming the native entry point and the argument, so no
// call can make a kernel read or write outside the typed arrays it was given (decision 4).
#pragma once

#include <napi.h>

#include <cstddef>
#include <cstdint>

#include "common/dtype.h"
#include "common/isa.h"
#include "common/strided_layout.h"

namespace descent::addon {

using kernels::DType;
using kernels::index_t;
using kernels::kMaxDims;

// A typed array argument: element type, base pointer and length in elements.
struct ArrayArg {
  DType dtype;
  void* data;
  std::size_t length;
  const char* name;

  template <class T> T* as(index_t offset) const { return static_cast<T*>(data) + offset; }
  void* at(index_t offset) const {
    return static_cast<char*>(data) + static_cast<std::size_t>(offset) * kernels::dtype_size(dtype);
  }
};

struct Dims {
  int ndim = 0;
  index_t v[kMaxDims] = {};
  index_t numel() const {
    index_t n = 1;
    for (int d = 0; d < ndim; ++d) n *= v[d];
    return n;
  }
};

// Reads argument i of a native entry point `op`.
class Args {
 public:
  Args(const Napi::CallbackInfo& info, const char* op) : info_(info), op_(op) {}

  Napi::Env env() const { return info_.Env(); }
  const char* op() const { return op_; }

  ArrayArg array(std::size_t i, const char* name) const;
  // A typed array held elsewhere (an element of an array argument); name must outlive the result.
  ArrayArg array_from(Napi::Value value, const char* name) const;
  // null or undefined gives an ArrayArg with data == nullptr.
  ArrayArg optional_array(std::size_t i, const char* name) const;
  // An integer in [lo, hi].
  index_t integer(std::size_t i, const char* name, index_t lo, index_t hi) const;
  index_t size(std::size_t i, const char* name) const { return integer(i, name, 0, kMaxSize); }
  double number(std::size_t i, const char* name) const;
  bool boolean(std::size_t i, const char* name) const;
  std::uint64_t bigint_u64(std::size_t i, const char* name) const;
  // A shape: up to kMaxDims non-negative integers whose product stays below kMaxSize.
  Dims shape(std::size_t i, const char* name) const;
  // Element strides for a shape of ndim dimensions: non-negative integers.
  Dims strides(std::size_t i, const char* name, int ndim) const;

  // Throws unless `array` holds dtype.
  void expect_dtype(const ArrayArg& array, DType dtype) const;
  // Throws unless every element reachable from offset through shape and strides lies inside
  // the array.
  void expect_fits(const ArrayArg& array, index_t offset, const Dims& shape, const Dims& strides) const;
  // The contiguous case: offset + count <= length.
  void expect_fits(const ArrayArg& array, index_t offset, index_t count) const;

  [[noreturn]] void type_error(const std::string& message) const;
  [[noreturn]] void range_error(const std::string& message) const;

  // Sizes above this cannot come from a real typed array and would risk overflow.
  static constexpr index_t kMaxSize = index_t{1} << 48;

 private:
  const Napi::CallbackInfo& info_;
  const char* op_;
};

// Byte range [begin, end) an argument touches; used to reject outputs overlapping inputs.
struct ByteRange {
  const char* begin;
  const char* end;
};
ByteRange byte_range(const ArrayArg& array, index_t offset, const Dims& shape, const Dims& strides);
ByteRange byte_range(const ArrayArg& array, index_t offset, index_t count);
inline bool overlaps(ByteRange a, ByteRange b) { return a.begin < b.end && b.begin < a.end && a.begin < a.end && b.begin < b.end; }

// Row-major contiguous strides of a shape.
Dims contiguous_strides(const Dims& shape);

std::string describe(const Dims& dims);

// A number as JavaScript would print it (shortest round-trip form, NaN, Infinity).
std::string number_text(double v);

}  // namespace descent::addon
