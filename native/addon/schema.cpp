#include "entry_points.h"
#include "exports.h"

namespace descent::addon {
namespace {

const char* kind_name(OptionKind k) {
  switch (k) {
    case OptionKind::Number: return "number";
    case OptionKind::Integer: return "integer";
    case OptionKind::Size: return "size";
    case OptionKind::Flag: return "flag";
    case OptionKind::U64: return "u64";
  }
  return "";
}

const char* kind_name(SlotKind k) {
  switch (k) {
    case SlotKind::Tensor: return "tensor";
    case SlotKind::Optional: return "optional";
    case SlotKind::List: return "list";
    case SlotKind::OptionalList: return "optionalList";
  }
  return "";
}

const char* kind_name(Returns r) {
  switch (r) {
    case Returns::Void: return "void";
    case Returns::Number: return "number";
    case Returns::Boolean: return "boolean";
    case Returns::Object: return "object";
  }
  return "";
}

}  // namespace

Napi::Object schema(Napi::Env env) {
  Napi::Object table = Napi::Object::New(env);
  for (const EntryPoint& e : kEntryPoints) {
    Napi::Array options = Napi::Array::New(env, static_cast<std::size_t>(e.option_count));
    for (int i = 0; i < e.option_count; ++i) {
      const OptionSpec& o = e.options[i];
      Napi::Object option = Napi::Object::New(env);
      option.Set("name", o.name);
      option.Set("kind", kind_name(o.kind));
      if (o.kind == OptionKind::Integer) {
        option.Set("lo", o.lo);
        option.Set("hi", o.hi);
      }
      option.Freeze();
      options.Set(static_cast<uint32_t>(i), option);
    }
    Napi::Array tensors = Napi::Array::New(env, static_cast<std::size_t>(e.tensor_count));
    for (int i = 0; i < e.tensor_count; ++i) {
      const TensorSpec& t = e.tensors[i];
      Napi::Object slot = Napi::Object::New(env);
      slot.Set("name", t.name);
      slot.Set("kind", kind_name(t.kind));
      slot.Set("written", t.written);
      if (t.element != nullptr) slot.Set("element", t.element);
      slot.Freeze();
      tensors.Set(static_cast<uint32_t>(i), slot);
    }
    options.Freeze();
    tensors.Freeze();
    Napi::Object row = Napi::Object::New(env);
    row.Set("options", options);
    row.Set("tensors", tensors);
    row.Set("returns", kind_name(e.returns));
    row.Set("doc", e.doc);
    row.Freeze();
    table.Set(e.name, row);
  }
  table.Freeze();
  return table;
}

}  // namespace descent::addon
