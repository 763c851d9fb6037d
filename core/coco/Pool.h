#pragma once
// Append-only storage for the variable-length parts of a dataset (polygon coordinates, RLE runs,
// file names, unknown JSON members). Data lives in blocks that never move, so a record can point
// straight into them; a copy of a pool shares the blocks, so subsets and copies of a dataset cost
// no coordinate copies. Appending never writes into a block another pool also holds.
// Not thread-safe for writing; reading is.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace zsi {

template <class T>
class Pool {
 public:
  // Copies n values in; the returned pointer stays valid as long as any pool holding the block.
  const T* append(const T* data, std::size_t n) {
    if (blocks_.empty() || blocks_.back().use_count() != 1 ||
        blocks_.back()->size() + n > blocks_.back()->capacity()) {
      auto block = std::make_shared<std::vector<T>>();
      block->reserve(n > kMinBlock ? n : kMinBlock);
      blocks_.push_back(std::move(block));
    }
    std::vector<T>& b = *blocks_.back();
    const std::size_t at = b.size();
    b.insert(b.end(), data, data + n);
    return b.data() + at;
  }

  // Takes a finished buffer whole (a loader thread's output) without copying it; pointers into
  // `block` stay valid.
  void adopt(std::vector<T>&& block) {
    if (!block.empty()) blocks_.push_back(std::make_shared<std::vector<T>>(std::move(block)));
  }
  void share(const Pool& other) {
    blocks_.insert(blocks_.end(), other.blocks_.begin(), other.blocks_.end());
  }

  std::size_t bytes() const {
    std::size_t n = 0;
    for (const auto& b : blocks_) n += b->capacity() * sizeof(T);
    return n;
  }

 private:
  static constexpr std::size_t kMinBlock = (1u << 16) / sizeof(T);
  std::vector<std::shared_ptr<std::vector<T>>> blocks_;
};

// A string stored in a Pool<char>.
struct TextRef {
  const char* data = nullptr;
  std::uint32_t size = 0;
  std::string_view view() const { return {data, size}; }
};

}  // namespace zsi
