// The format of the entry-point table (entry_points.h): per native entry point its name, its
// contract in a sentence, its options (one double each in the argument block, two for a u64), its tensor slots (one
// descriptor each, or a counted list of descriptors), what it returns and the binding that
// runs it. Everything is constexpr, so a binding finds its option and slot indices by name at
// compile time (a misspelt name does not compile), and the addon registers, and exports as
// `schema`, exactly this table.
#pragma once

#include <napi.h>

namespace descent::addon {

enum class OptionKind { Number, Integer, Size, Flag, U64 };
// Tensor slots: one descriptor; one or absent; a counted list; a list whose elements may be absent.
enum class SlotKind { Tensor, Optional, List, OptionalList };
enum class Returns { Void, Number, Boolean, Object };

struct OptionSpec {
  const char* name = nullptr;
  OptionKind kind = OptionKind::Number;
  double lo = 0, hi = 0;  // the range of an Integer option
};

struct TensorSpec {
  const char* name = nullptr;
  SlotKind kind = SlotKind::Tensor;
  bool written = false;
  // A list's element, for messages ("paramOffsets[2]"); null for a single slot.
  const char* element = nullptr;
};

class Reader;
// A binding returns its result, or an empty Napi::Value ({}) for undefined.
using Binding = Napi::Value (*)(const Reader&);

inline constexpr int kMaxOptions = 8;
inline constexpr int kMaxSlots = 8;

constexpr bool same_name(const char* a, const char* b) {
  while (*a != '\0' && *a == *b) {
    ++a;
    ++b;
  }
  return *a == *b;
}

struct EntryPoint {
  const char* name = nullptr;
  const char* doc = nullptr;  // the contract in one or two sentences (shapes, rules, result)
  OptionSpec options[kMaxOptions] = {};
  int option_count = 0;
  TensorSpec tensors[kMaxSlots] = {};
  int tensor_count = 0;
  Returns returns = Returns::Void;
  Binding bind = nullptr;

  // The index of an option or slot; not a constant expression (a compile error) when missing.
  constexpr int option(const char* option_name) const {
    for (int i = 0; i < option_count; ++i) {
      if (same_name(options[i].name, option_name)) return i;
    }
    throw "no such option";
  }
  constexpr int tensor(const char* slot_name) const {
    for (int i = 0; i < tensor_count; ++i) {
      if (same_name(tensors[i].name, slot_name)) return i;
    }
    throw "no such tensor slot";
  }
};

// Builders for the table's rows.
constexpr OptionSpec number(const char* name) { return {name, OptionKind::Number, 0, 0}; }
constexpr OptionSpec integer(const char* name, double lo, double hi) { return {name, OptionKind::Integer, lo, hi}; }
constexpr OptionSpec size(const char* name) { return {name, OptionKind::Size, 0, 0}; }
constexpr OptionSpec flag(const char* name) { return {name, OptionKind::Flag, 0, 0}; }
constexpr OptionSpec u64(const char* name) { return {name, OptionKind::U64, 0, 0}; }

constexpr TensorSpec read(const char* name) { return {name, SlotKind::Tensor, false, nullptr}; }
constexpr TensorSpec write(const char* name) { return {name, SlotKind::Tensor, true, nullptr}; }
constexpr TensorSpec read_optional(const char* name) { return {name, SlotKind::Optional, false, nullptr}; }
constexpr TensorSpec write_optional(const char* name) { return {name, SlotKind::Optional, true, nullptr}; }
constexpr TensorSpec read_list(const char* name, const char* element) { return {name, SlotKind::List, false, element}; }
constexpr TensorSpec write_list(const char* name, const char* element) { return {name, SlotKind::List, true, element}; }
constexpr TensorSpec write_optional_list(const char* name, const char* element) {
  return {name, SlotKind::OptionalList, true, element};
}

template <class T, int N> struct Specs {
  T v[N] = {};
  int count = 0;
};

template <class... O> constexpr Specs<OptionSpec, kMaxOptions> options(O... o) {
  static_assert(sizeof...(O) <= kMaxOptions, "too many options");
  return {{o...}, static_cast<int>(sizeof...(O))};
}
template <class... T> constexpr Specs<TensorSpec, kMaxSlots> tensors(T... t) {
  static_assert(sizeof...(T) <= kMaxSlots, "too many tensor slots");
  return {{t...}, static_cast<int>(sizeof...(T))};
}

constexpr EntryPoint entry(const char* name, const char* doc, Specs<OptionSpec, kMaxOptions> o,
                           Specs<TensorSpec, kMaxSlots> t, Returns returns, Binding bind) {
  EntryPoint e;
  e.name = name;
  e.doc = doc;
  for (int i = 0; i < o.count; ++i) e.options[i] = o.v[i];
  e.option_count = o.count;
  for (int i = 0; i < t.count; ++i) e.tensors[i] = t.v[i];
  e.tensor_count = t.count;
  e.returns = returns;
  e.bind = bind;
  return e;
}

}  // namespace descent::addon
