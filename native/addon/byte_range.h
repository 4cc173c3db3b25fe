// The bytes an argument touches, to reject outputs that overlap inputs or each other.
#pragma once

namespace descent::addon {

// [begin, end); empty (begin == end) when the argument touches nothing.
struct ByteRange {
  const char* begin;
  const char* end;
};

inline bool overlaps(ByteRange a, ByteRange b) {
  return a.begin < b.end && b.begin < a.end && a.begin < a.end && b.begin < b.end;
}

}  // namespace descent::addon
