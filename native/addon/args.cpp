#include "args.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace descent::addon {

std::string describe(const Dims& dims) {
  std::string s = "[";
  for (int d = 0; d < dims.ndim; ++d) {
    if (d > 0) s += ", ";
    s += std::to_string(dims.v[d]);
  }
  return s + "]";
}

void Args::type_error(const std::string& message) const {
  throw Napi::TypeError::New(env(), std::string(op_) + ": " + message);
}

void Args::range_error(const std::string& message) const {
  throw Napi::RangeError::New(env(), std::string(op_) + ": " + message);
}

ArrayArg Args::array(std::size_t i, const char* name) const {
  if (i >= info_.Length()) type_error(std::string(name) + " must be a Float32Array, Float64Array or Int32Array");
  return array_from(info_[i], name);
}

ArrayArg Args::array_from(Napi::Value value, const char* name) const {
  if (!value.IsTypedArray()) {
    type_error(std::string(name) + " must be a Float32Array, Float64Array or Int32Array");
  }
  Napi::TypedArray t = value.As<Napi::TypedArray>();
  DType dtype;
  switch (t.TypedArrayType()) {
    case napi_float32_array: dtype = DType::Float32; break;
    case napi_float64_array: dtype = DType::Float64; break;
    case napi_int32_array: dtype = DType::Int32; break;
    default: type_error(std::string(name) + " must be a Float32Array, Float64Array or Int32Array");
  }
  napi_typedarray_type type;
  std::size_t length = 0;
  void* data = nullptr;
  napi_value buffer;
  std::size_t byte_offset = 0;
  if (napi_get_typedarray_info(env(), t, &type, &length, &data, &buffer, &byte_offset) != napi_ok) {
    type_error(std::string("cannot read ") + name);
  }
  if (data == nullptr && length > 0) type_error(std::string(name) + " is detached");
  return ArrayArg{dtype, data, length, name};
}

ArrayArg Args::optional_array(std::size_t i, const char* name) const {
  if (i >= info_.Length() || info_[i].IsNull() || info_[i].IsUndefined()) {
    return ArrayArg{DType::Float32, nullptr, 0, name};
  }
  return array(i, name);
}

index_t Args::integer(std::size_t i, const char* name, index_t lo, index_t hi) const {
  if (i >= info_.Length() || !info_[i].IsNumber()) type_error(std::string(name) + " must be a number");
  const double v = info_[i].As<Napi::Number>().DoubleValue();
  if (!std::isfinite(v) || v != std::floor(v)) type_error(std::string(name) + " must be an integer, got " + number_text(v));
  if (v < static_cast<double>(lo) || v > static_cast<double>(hi)) {
    range_error(std::string(name) + " must be in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got " +
                std::to_string(static_cast<long long>(v)));
  }
  return static_cast<index_t>(v);
}

double Args::number(std::size_t i, const char* name) const {
  if (i >= info_.Length() || !info_[i].IsNumber()) type_error(std::string(name) + " must be a number");
  return info_[i].As<Napi::Number>().DoubleValue();
}

bool Args::boolean(std::size_t i, const char* name) const {
  if (i >= info_.Length() || !info_[i].IsBoolean()) type_error(std::string(name) + " must be a boolean");
  return info_[i].As<Napi::Boolean>().Value();
}

std::uint64_t Args::bigint_u64(std::size_t i, const char* name) const {
  if (i >= info_.Length() || !info_[i].IsBigInt()) type_error(std::string(name) + " must be a bigint");
  bool lossless = false;
  const std::uint64_t v = info_[i].As<Napi::BigInt>().Uint64Value(&lossless);
  if (!lossless) range_error(std::string(name) + " must fit in 64 unsigned bits");
  return v;
}

Dims Args::shape(std::size_t i, const char* name) const {
  if (i >= info_.Length() || !info_[i].IsArray()) type_error(std::string(name) + " must be an array of sizes");
  Napi::Array a = info_[i].As<Napi::Array>();
  const std::uint32_t n = a.Length();
  if (n > static_cast<std::uint32_t>(kMaxDims)) {
    range_error(std::string(name) + " has " + std::to_string(n) + " dimensions; at most " + std::to_string(kMaxDims) +
                " are supported");
  }
  Dims dims;
  dims.ndim = static_cast<int>(n);
  double product = 1;
  for (std::uint32_t d = 0; d < n; ++d) {
    Napi::Value v = a.Get(d);
    if (!v.IsNumber()) type_error(std::string(name) + " must hold numbers");
    const double x = v.As<Napi::Number>().DoubleValue();
    if (!std::isfinite(x) || x != std::floor(x) || x < 0 || x > static_cast<double>(kMaxSize)) {
      range_error(std::string(name) + "[" + std::to_string(d) + "] must be a non-negative integer");
    }
    dims.v[d] = static_cast<index_t>(x);
    product *= x;
  }
  if (product > static_cast<double>(kMaxSize)) range_error(std::string(name) + " " + describe(dims) + " is too large");
  return dims;
}

Dims Args::strides(std::size_t i, const char* name, int ndim) const {
  Dims s = shape(i, name);
  if (s.ndim != ndim) {
    range_error(std::string(name) + " has " + std::to_string(s.ndim) + " entries for a shape of " +
                std::to_string(ndim) + " dimensions");
  }
  return s;
}

void Args::expect_dtype(const ArrayArg& array, DType dtype) const {
  if (array.dtype != dtype) {
    type_error(std::string(array.name) + " is " + kernels::dtype_name(array.dtype) + ", expected " +
               kernels::dtype_name(dtype));
  }
}

void Args::expect_fits(const ArrayArg& array, index_t offset, const Dims& shape, const Dims& strides) const {
  if (offset < 0) range_error(std::string(array.name) + " offset must be non-negative");
  if (shape.numel() == 0) return;
  // Largest reachable element: offset + Σ (shape_d − 1)·stride_d; shapes and strides are
  // bounded by kMaxSize, and long double holds every such sum exactly.
  long double last = static_cast<long double>(offset);
  for (int d = 0; d < shape.ndim; ++d) last += static_cast<long double>(shape.v[d] - 1) * strides.v[d];
  if (last >= static_cast<long double>(array.length)) {
    range_error(std::string(array.name) + " (offset " + std::to_string(offset) + ", shape " + describe(shape) +
                ", strides " + describe(strides) + ") reaches element " +
                std::to_string(static_cast<long long>(last)) + " of an array of length " +
                std::to_string(array.length));
  }
}

void Args::expect_fits(const ArrayArg& array, index_t offset, index_t count) const {
  if (offset < 0) range_error(std::string(array.name) + " offset must be non-negative");
  if (count == 0) return;
  if (static_cast<long double>(offset) + count > static_cast<long double>(array.length)) {
    range_error(std::string(array.name) + " needs elements [" + std::to_string(offset) + ", " +
                std::to_string(offset + count) + ") of an array of length " + std::to_string(array.length));
  }
}

ByteRange byte_range(const ArrayArg& array, index_t offset, const Dims& shape, const Dims& strides) {
  if (array.data == nullptr || shape.numel() == 0) return ByteRange{nullptr, nullptr};
  index_t last = offset;
  for (int d = 0; d < shape.ndim; ++d) last += (shape.v[d] - 1) * strides.v[d];
  const char* base = static_cast<const char*>(array.data);
  const index_t size = kernels::dtype_size(array.dtype);
  return ByteRange{base + offset * size, base + (last + 1) * size};
}

ByteRange byte_range(const ArrayArg& array, index_t offset, index_t count) {
  if (array.data == nullptr || count == 0) return ByteRange{nullptr, nullptr};
  const char* base = static_cast<const char*>(array.data);
  const index_t size = kernels::dtype_size(array.dtype);
  return ByteRange{base + offset * size, base + (offset + count) * size};
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

Dims contiguous_strides(const Dims& shape) {
  Dims s;
  s.ndim = shape.ndim;
  index_t step = 1;
  for (int d = shape.ndim - 1; d >= 0; --d) {
    s.v[d] = step;
    step *= shape.v[d];
  }
  return s;
}

}  // namespace descent::addon
