#include "reader.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace descent::addon {
namespace {

constexpr double kMaxSizeValue = static_cast<double>(kMaxSize);

bool is_whole(double v) { return std::isfinite(v) && v == std::floor(v); }

// "xOffset", or "paramOffsets[3]" for element 3 of the list "params" (element name "param").
std::string field(const TensorSpec& spec, int element, const char* what) {
  if (element < 0) return std::string(spec.name) + what;
  return std::string(spec.element) + what + "s[" + std::to_string(element) + "]";
}

bool is_list(SlotKind kind) { return kind == SlotKind::List || kind == SlotKind::OptionalList; }

// This thread's storage, and whether a Reader is using it.
struct ThreadStorage {
  DescriptorStorage storage;
  bool busy = false;
};
ThreadStorage& thread_storage() {
  thread_local ThreadStorage s;
  return s;
}

}  // namespace

TensorArg* DescriptorStorage::reserve(std::size_t n, std::size_t keep) {
  if (n > capacity_) {
    const std::size_t capacity = std::max(n, 2 * capacity_);
    std::unique_ptr<TensorArg[]> grown(new TensorArg[capacity]);  // default-initialized: not cleared
    std::copy(data_.get(), data_.get() + keep, grown.get());
    data_ = std::move(grown);
    capacity_ = capacity;
  }
  return data_.get();
}

bool Dims::operator==(const Dims& o) const {
  if (ndim != o.ndim) return false;
  for (int d = 0; d < ndim; ++d) {
    if (v[d] != o.v[d]) return false;
  }
  return true;
}

std::string describe(const Dims& dims) {
  std::string s = "[";
  for (int d = 0; d < dims.ndim; ++d) {
    if (d > 0) s += ", ";
    s += std::to_string(dims.v[d]);
  }
  return s + "]";
}

std::string number_text(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  char buf[32];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof(buf), "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

std::string TensorArg::label() const {
  if (element < 0) return spec->name;
  return std::string(spec->name) + "[" + std::to_string(element) + "]";
}

bool TensorArg::contiguous() const {
  if (!strided || numel == 0) return true;
  index_t step = 1;
  for (int d = shape.ndim - 1; d >= 0; --d) {
    if (shape.v[d] != 1 && strides.v[d] != step) return false;
    step *= shape.v[d];
  }
  return true;
}

ByteRange TensorArg::bytes() const {
  if (!present || numel == 0) return ByteRange{nullptr, nullptr};
  index_t last = offset;
  for (int d = 0; d < shape.ndim; ++d) last += (shape.v[d] - 1) * strides.v[d];
  const char* base = static_cast<const char*>(data);
  const index_t size = kernels::dtype_size(dtype);
  return ByteRange{base + offset * size, base + (last + 1) * size};
}

Reader::~Reader() {
  if (owns_thread_storage_) thread_storage().busy = false;
}

Reader::Reader(napi_env env, const EntryPoint& entry, const napi_value* argv, std::size_t argc)
    : env_(env), entry_(entry), tensors_(inline_) {
  std::size_t bytes = 0;
  void* data = nullptr;
  if (argc == 0 || napi_get_dataview_info(env, argv[0], &bytes, &data, nullptr, nullptr) != napi_ok) {
    type_error("the argument block must be a DataView");
  }
  if (data == nullptr && bytes > 0) type_error("the argument block is detached");
  if (reinterpret_cast<std::uintptr_t>(data) % alignof(double) != 0) {
    type_error("the argument block must be 8-byte aligned");
  }
  read_block(static_cast<const double*>(data), bytes / sizeof(double));
  read_arrays(argv, argc);
}

void Reader::type_error(const std::string& message) const {
  throw Napi::TypeError::New(env(), std::string(entry_.name) + ": " + message);
}

void Reader::range_error(const std::string& message) const {
  throw Napi::RangeError::New(env(), std::string(entry_.name) + ": " + message);
}

void Reader::ends_early() const { range_error("the argument block ends early"); }

// Step 1: options and descriptors, copied and checked.
void Reader::read_block(const double* block, std::size_t length) {
  std::size_t at = 0;
  auto next = [&]() {
    if (at >= length) ends_early();
    return block[at++];
  };
  for (int i = 0; i < entry_.option_count; ++i) {
    const OptionSpec& o = entry_.options[i];
    const double v = next();
    switch (o.kind) {
      case OptionKind::Number: break;
      case OptionKind::Integer:
      case OptionKind::Size: {
        const double lo = o.kind == OptionKind::Size ? 0 : o.lo, hi = o.kind == OptionKind::Size ? kMaxSizeValue : o.hi;
        if (!is_whole(v)) type_error(std::string(o.name) + " must be an integer, got " + number_text(v));
        if (v < lo || v > hi) {
          range_error(std::string(o.name) + " must be in [" + number_text(lo) + ", " + number_text(hi) + "], got " +
                      number_text(v));
        }
        break;
      }
      case OptionKind::Flag:
        if (v != 0 && v != 1) type_error(std::string(o.name) + " must be 0 or 1 (a boolean), got " + number_text(v));
        break;
      case OptionKind::U64: {
        const double lo = next();
        if (!is_whole(v) || !is_whole(lo) || v < 0 || lo < 0 || v >= 4294967296.0 || lo >= 4294967296.0) {
          range_error(std::string(o.name) + " must fit in 64 unsigned bits (two 32-bit halves)");
        }
        u64_[i] = (static_cast<std::uint64_t>(v) << 32) | static_cast<std::uint64_t>(lo);
        break;
      }
    }
    values_[i] = v;
  }
  for (int s = 0; s < entry_.tensor_count; ++s) {
    if (!is_list(entry_.tensors[s].kind)) continue;
    ThreadStorage& shared = thread_storage();
    if (shared.busy) {
      own_ = std::make_unique<DescriptorStorage>();
      storage_ = own_.get();
    } else {
      shared.busy = owns_thread_storage_ = true;
      storage_ = &shared.storage;
    }
    break;
  }
  for (int s = 0; s < entry_.tensor_count; ++s) {
    const TensorSpec& spec = entry_.tensors[s];
    first_[s] = total_;
    if (!is_list(spec.kind)) {
      read_descriptor(block, length, at, spec, -1, next_descriptor());
      count_[s] = 1;
      continue;
    }
    const double n = next();
    if (!is_whole(n) || n < 0) {
      range_error(std::string(spec.name) + " count must be a non-negative integer, got " + number_text(n));
    }
    // Every descriptor takes at least one value, so the count is bounded by what is left.
    if (n > static_cast<double>(length - at)) ends_early();
    count_[s] = static_cast<int>(n);
    tensors_ = storage_->reserve(static_cast<std::size_t>(total_) + static_cast<std::size_t>(n), total_);
    for (int j = 0; j < count_[s]; ++j) read_descriptor(block, length, at, spec, j, next_descriptor());
  }
}

TensorArg& Reader::next_descriptor() {
  if (storage_ != nullptr) tensors_ = storage_->reserve(static_cast<std::size_t>(total_) + 1, total_);
  return tensors_[total_++];
}

void Reader::read_descriptor(const double* block, std::size_t length, std::size_t& at, const TensorSpec& spec,
                             int element, TensorArg& t) {
  auto next = [&]() {
    if (at >= length) ends_early();
    return block[at++];
  };
  t.spec = &spec;
  t.element = element;
  t.dtype = DType::Float32;
  t.data = nullptr;
  t.length = 0;
  t.shape.ndim = 0;
  t.strides.ndim = 0;
  t.numel = 0;
  t.offset = 0;
  t.strided = false;
  const double present = next();
  if (present != 0 && present != 1) range_error(t.label() + ": present must be 0 or 1, got " + number_text(present));
  t.present = present == 1;
  if (!t.present) {
    const bool optional = spec.kind == SlotKind::Optional || spec.kind == SlotKind::OptionalList;
    if (!optional) type_error(t.label() + " must be a Float32Array, Float64Array or Int32Array");
    return;
  }
  const double offset = next();
  if (!is_whole(offset) || offset < 0 || offset > kMaxSizeValue) {
    range_error(field(spec, element, "Offset") + " must be a non-negative integer, got " + number_text(offset));
  }
  t.offset = static_cast<index_t>(offset);
  // Field names are spelled out only for a message.
  const auto shape_name = [&] { return field(spec, element, "Shape"); };
  const double ndim = next();
  if (!is_whole(ndim) || ndim < 0) {
    range_error(shape_name() + " must have a whole number of dimensions, got " + number_text(ndim));
  }
  if (ndim > kMaxDims) {
    range_error(shape_name() + " has " + number_text(ndim) + " dimensions; at most " + std::to_string(kMaxDims) +
                " are supported");
  }
  t.shape.ndim = static_cast<int>(ndim);
  double product = 1;
  for (int d = 0; d < t.shape.ndim; ++d) {
    const double x = next();
    if (!is_whole(x) || x < 0 || x > kMaxSizeValue) {
      range_error(shape_name() + "[" + std::to_string(d) + "] must be a non-negative integer, got " + number_text(x));
    }
    t.shape.v[d] = static_cast<index_t>(x);
    product *= x;
  }
  if (product > kMaxSizeValue) range_error(shape_name() + " " + describe(t.shape) + " is too large");
  t.numel = t.shape.numel();
  const auto strides_name = [&] { return field(spec, element, "Strides"); };
  const double nstrides = next();
  if (nstrides != 0 && nstrides != ndim) {
    range_error(strides_name() + " has " + number_text(nstrides) + " entries for a shape of " +
                std::to_string(t.shape.ndim) + " dimensions");
  }
  t.strided = nstrides != 0;
  if (!t.strided) {
    // Row-major strides, written in place (a Dims copy costs more than the rest of a descriptor).
    t.strides.ndim = t.shape.ndim;
    index_t step = 1;
    for (int d = t.shape.ndim - 1; d >= 0; --d) {
      t.strides.v[d] = step;
      step *= t.shape.v[d];
    }
    return;
  }
  t.strides.ndim = t.shape.ndim;
  for (int d = 0; d < t.shape.ndim; ++d) {
    const double x = next();
    if (!is_whole(x) || x < 0 || x > kMaxSizeValue) {
      range_error(strides_name() + "[" + std::to_string(d) + "] must be a non-negative integer, got " +
                  number_text(x));
    }
    t.strides.v[d] = static_cast<index_t>(x);
  }
}

// Step 2: the positional arrays, and every descriptor against its array.
void Reader::read_arrays(const napi_value* argv, std::size_t argc) {
  if (argc != static_cast<std::size_t>(total_) + 1) {
    type_error("expects " + std::to_string(total_) + " arrays after the argument block, got " +
               std::to_string(argc - 1));
  }
  for (int k = 0; k < total_; ++k) take_array(argv[k + 1], tensors_[k]);
}

void Reader::take_array(napi_value value, TensorArg& t) {
  if (!t.present) {
    napi_valuetype type = napi_undefined;
    if (napi_typeof(env_, value, &type) != napi_ok || (type != napi_null && type != napi_undefined)) {
      type_error(t.label() + " is absent in the argument block, so its array must be null");
    }
    return;
  }
  napi_typedarray_type type = napi_int8_array;
  std::size_t length = 0;
  void* data = nullptr;
  const char* not_an_array = " must be a Float32Array, Float64Array or Int32Array";
  if (napi_get_typedarray_info(env_, value, &type, &length, &data, nullptr, nullptr) != napi_ok) {
    type_error(t.label() + not_an_array);
  }
  switch (type) {
    case napi_float32_array: t.dtype = DType::Float32; break;
    case napi_float64_array: t.dtype = DType::Float64; break;
    case napi_int32_array: t.dtype = DType::Int32; break;
    default: type_error(t.label() + not_an_array);
  }
  if (data == nullptr && length > 0) type_error(t.label() + " is detached");
  t.data = data;
  t.length = length;
  if (t.numel == 0) return;
  // The largest element reached: offset + numel − 1 when contiguous, else
  // offset + Σ (shape_d − 1)·stride_d, whose terms stay below 2^96 (sizes and strides are below
  // 2^48): exact in 128-bit integers.
  unsigned __int128 last = static_cast<unsigned __int128>(t.offset) + static_cast<std::uint64_t>(t.numel) - 1;
  if (t.strided) {
    last = static_cast<unsigned __int128>(t.offset);
    for (int d = 0; d < t.shape.ndim; ++d) {
      last += static_cast<unsigned __int128>(t.shape.v[d] - 1) * static_cast<std::uint64_t>(t.strides.v[d]);
    }
  }
  if (last < length) return;
  if (!t.strided && t.element >= 0) {
    range_error(t.label() + ": offset " + std::to_string(t.offset) + " + " + std::to_string(t.numel) +
                " elements exceeds its length " + std::to_string(length));
  }
  if (!t.strided) {
    range_error(t.label() + " needs elements [" + std::to_string(t.offset) + ", " + std::to_string(t.offset + t.numel) +
                ") of an array of length " + std::to_string(length));
  }
  range_error(t.label() + " (offset " + std::to_string(t.offset) + ", shape " + describe(t.shape) + ", strides " +
              describe(t.strides) + ") reaches element " + number_text(static_cast<double>(last)) +
              " of an array of length " + std::to_string(length));
}

void Reader::expect_dtype(const TensorArg& t, DType dtype) const {
  if (t.dtype != dtype) {
    type_error(t.label() + " is " + kernels::dtype_name(t.dtype) + ", expected " + kernels::dtype_name(dtype));
  }
}

void Reader::expect_contiguous(const TensorArg& t) const {
  if (!t.contiguous()) {
    range_error(t.label() + " must be contiguous, got shape " + describe(t.shape) + " with strides " +
                describe(t.strides));
  }
}

void Reader::expect_ndim(const TensorArg& t, int ndim, const char* what) const {
  if (t.shape.ndim != ndim) {
    range_error(t.label() + " must have " + std::to_string(ndim) + " dimensions " + what + ", got shape " +
                describe(t.shape));
  }
}

void Reader::expect_shape(const TensorArg& t, const Dims& shape) const {
  if (t.shape != shape) range_error(t.label() + " must have shape " + describe(shape) + ", got " + describe(t.shape));
}

}  // namespace descent::addon
