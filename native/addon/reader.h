// The one reader of a native call (docs/ARCHITECTURE.md, decision 4). A call is
// addon.<entry>(block, ...arrays) as entry_points.h describes. The reader
//   1. copies the argument block (a DataView of 8-byte aligned doubles: N-API checks a DataView
//      with one test, a Float64Array with up to nine) into C++ values: each option checked
//      against its kind, each tensor descriptor (offset, shape, strides) checked for integers,
//      ranges, ndim <= 16, stride counts and sizes below 2^48;
//   2. takes each positional typed array (Float32Array, Float64Array or Int32Array; null where a
//      descriptor is absent) as (dtype, pointer, length) and checks that every element its
//      descriptor reaches lies inside it.
// Nothing in either step can run JavaScript (typed arrays are read without property access),
// so what was validated is what the kernel gets. Bindings then check what is specific to their
// entry (dtypes, shape relations, overlaps, index ranges) on the copied values, and throw
// through type_error/range_error, which prefix the entry's name.
#pragma once

#include <napi.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "byte_range.h"
#include "common/dtype.h"
#include "common/isa.h"
#include "common/strided_layout.h"
#include "entry_point.h"

namespace descent::addon {

using kernels::DType;
using kernels::index_t;
using kernels::kMaxDims;

// Sizes, offsets and strides above this cannot come from a real typed array and would risk
// overflow.
inline constexpr index_t kMaxSize = index_t{1} << 48;

struct Dims {
  int ndim;
  index_t v[kMaxDims];  // [0, ndim) are set

  index_t numel() const {
    index_t n = 1;
    for (int d = 0; d < ndim; ++d) n *= v[d];
    return n;
  }
  bool operator==(const Dims& o) const;
  bool operator!=(const Dims& o) const { return !(*this == o); }
};

// "[2, 3]"
std::string describe(const Dims& dims);
// A number as JavaScript would print it (shortest round-trip form, NaN, Infinity).
std::string number_text(double v);

// One descriptor with its typed array, validated.
struct TensorArg {
  bool present;
  bool strided;  // strides were given; otherwise `strides` holds the contiguous ones
  index_t offset;
  Dims shape;
  Dims strides;
  index_t numel;
  DType dtype;         // of the array (Float32 for an absent one)
  void* data;          // the array's first element (null for an absent one)
  std::size_t length;  // the array's length in elements
  const TensorSpec* spec;
  int element;  // the index within a list slot, or -1

  // "x", or "params[3]" for an element of a list.
  std::string label() const;
  // The element at `offset`; null when absent; the array's start when empty (never read).
  void* at() const {
    if (!present || data == nullptr) return nullptr;
    if (numel == 0) return data;
    return static_cast<char*>(data) + static_cast<std::size_t>(offset) * kernels::dtype_size(dtype);
  }
  template <class T> T* as() const { return static_cast<T*>(at()); }
  // Row-major dense over the shape (dimensions of extent 1 may have any stride).
  bool contiguous() const;
  // The bytes from the first to one past the last element reached (empty when absent or
  // empty).
  ByteRange bytes() const;
  index_t dim(int d) const { return shape.v[d]; }
};

// Descriptor storage for calls with tensor lists, kept per thread between calls so that such a
// call neither allocates nor clears memory once the storage has grown to its size.
class DescriptorStorage {
 public:
  // Room for n descriptors, the first `keep` of them preserved.
  TensorArg* reserve(std::size_t n, std::size_t keep);

 private:
  std::unique_ptr<TensorArg[]> data_;
  std::size_t capacity_ = 0;
};

class Reader {
 public:
  // Reads and validates everything (steps 1 and 2); throws a TypeError or RangeError.
  Reader(napi_env env, const EntryPoint& entry, const napi_value* argv, std::size_t argc);
  ~Reader();
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  Napi::Env env() const { return Napi::Env(env_); }
  const char* entry() const { return entry_.name; }

  double number(int option) const { return values_[option]; }
  index_t integer(int option) const { return static_cast<index_t>(values_[option]); }
  bool flag(int option) const { return values_[option] != 0; }
  std::uint64_t u64(int option) const { return u64_[option]; }

  // A single or optional slot.
  const TensorArg& tensor(int slot) const { return tensors_[first_[slot]]; }
  // A list slot: its length and its elements.
  std::size_t count(int slot) const { return static_cast<std::size_t>(count_[slot]); }
  const TensorArg& element(int slot, std::size_t j) const { return tensors_[first_[slot] + static_cast<int>(j)]; }

  [[noreturn]] void type_error(const std::string& message) const;
  [[noreturn]] void range_error(const std::string& message) const;

  // Checks shared by many bindings, with uniform messages.
  // "<t> is float64, expected float32"
  void expect_dtype(const TensorArg& t, DType dtype) const;
  // "<t> must be contiguous"
  void expect_contiguous(const TensorArg& t) const;
  // "<t> must have <n> dimensions <what>, got [..]"
  void expect_ndim(const TensorArg& t, int ndim, const char* what) const;
  // "<t> must have shape [..], got [..]"
  void expect_shape(const TensorArg& t, const Dims& shape) const;

 private:
  void read_block(const double* block, std::size_t length);
  void read_descriptor(const double* block, std::size_t length, std::size_t& at, const TensorSpec& spec, int element,
                       TensorArg& t);
  void read_arrays(const napi_value* argv, std::size_t argc);
  void take_array(napi_value value, TensorArg& t);
  TensorArg& next_descriptor();
  [[noreturn]] void ends_early() const;

  napi_env env_;
  const EntryPoint& entry_;
  double values_[kMaxOptions];
  std::uint64_t u64_[kMaxOptions];
  int first_[kMaxSlots];
  int count_[kMaxSlots];
  // Descriptors in block order: in inline_ for entries without list slots (at most kMaxSlots),
  // else in this thread's DescriptorStorage (or, should a call ever nest, in own_).
  TensorArg inline_[kMaxSlots];
  DescriptorStorage* storage_ = nullptr;
  bool owns_thread_storage_ = false;
  std::unique_ptr<DescriptorStorage> own_;
  TensorArg* tensors_;
  int total_ = 0;
};

}  // namespace descent::addon
