// The fixed work decomposition of the normalization drivers (docs/ARCHITECTURE.md, decision
// 6). A contiguous [n, c, l] tensor is cut into blocks of chunk_rows rows × channel_block channels
// × piece values of l, sized from the shape alone, never from the thread count. A reduction
// writes one partial per (row chunk, piece) and channel, and the driver combines the partials
// in index order, so the bits of every result are the same on any number of threads.
#pragma once

#include <algorithm>

#include "common/isa.h"

namespace descent::kernels {

// Values per block (a cache-sized task).
inline constexpr index_t kNormTaskElements = index_t{1} << 15;
// Channels per block at most: the drivers keep per-block coefficients in stack arrays this long.
inline constexpr index_t kNormMaxChannelBlock = 256;

struct NormBlock {
  index_t r0, rows;   // rows [r0, r0 + rows)
  index_t c0, width;  // channels [c0, c0 + width)
  index_t l0, len;    // values [l0, l0 + len) of each channel's run
  index_t part;       // which partial this block's sums belong to: row chunk · pieces + piece
};

class NormBlocks {
 public:
  // n, c, l >= 1.
  NormBlocks(index_t n, index_t c, index_t l) : n_(n), c_(c), l_(l) {
    // Runs longer than a block are cut into pieces, one channel per block.
    piece_ = std::min(l, kNormTaskElements);
    pieces_ = (l + piece_ - 1) / piece_;
    channel_block_ = std::clamp<index_t>(kNormTaskElements / piece_, 1, std::min(c, kNormMaxChannelBlock));
    channel_blocks_ = (c + channel_block_ - 1) / channel_block_;
    chunk_rows_ = std::max<index_t>(1, kNormTaskElements / (channel_block_ * piece_));
    row_chunks_ = (n + chunk_rows_ - 1) / chunk_rows_;
  }

  index_t tasks() const { return row_chunks_ * pieces_ * channel_blocks_; }
  // Partials per channel (row chunks × pieces).
  index_t parts() const { return row_chunks_ * pieces_; }
  // Values a partial sums over for each channel.
  index_t part_count(index_t part) const {
    const index_t rc = part / pieces_, p = part % pieces_;
    return std::min(chunk_rows_, n_ - rc * chunk_rows_) * std::min(piece_, l_ - p * piece_);
  }

  NormBlock block(index_t task) const {
    const index_t part = task / channel_blocks_, cb = task % channel_blocks_;
    const index_t rc = part / pieces_, p = part % pieces_;
    NormBlock b;
    b.r0 = rc * chunk_rows_;
    b.rows = std::min(chunk_rows_, n_ - b.r0);
    b.c0 = cb * channel_block_;
    b.width = std::min(channel_block_, c_ - b.c0);
    b.l0 = p * piece_;
    b.len = std::min(piece_, l_ - b.l0);
    b.part = part;
    return b;
  }
  // Element offset of a block's first value; consecutive rows are row_stride() apart.
  index_t offset(const NormBlock& b) const { return (b.r0 * c_ + b.c0) * l_ + b.l0; }
  index_t row_stride() const { return c_ * l_; }

 private:
  index_t n_, c_, l_;
  index_t piece_, pieces_;
  index_t channel_block_, channel_blocks_;
  index_t chunk_rows_, row_chunks_;
};

}  // namespace descent::kernels
