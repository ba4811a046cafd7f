#pragma once
// Fixed-capacity ring buffers for the streaming hot path. All memory is allocated at construction;
// push/read never allocate and never throw.
#include <algorithm>
#include <cstddef>
#include <span>
#include <vector>

namespace tremorlab::detail {

/// Keeps the last `capacity` frames of `width` values each and hands them out as ONE contiguous span,
/// oldest first, without copying: every frame is written twice (at slot i and i + capacity), so the last
/// `capacity` frames always sit contiguously at [head, head + capacity). Costs 2x the memory of a plain
/// ring, saves a window copy per hop and keeps the feature code unaware of wrap-around.
template <class T>
class MirrorRing {
 public:
  MirrorRing() = default;
  MirrorRing(std::size_t capacity, std::size_t width)
      : cap_(capacity), width_(width), data_(2 * capacity * width, T{}) {}

  std::size_t capacity() const noexcept { return cap_; }
  std::size_t width() const noexcept { return width_; }
  std::size_t size() const noexcept { return size_; }
  bool full() const noexcept { return size_ == cap_; }
  std::size_t memory_bytes() const noexcept { return data_.capacity() * sizeof(T); }

  /// Appends one frame (`width()` values; extra values are ignored, missing ones are not read).
  void push(const T* frame) noexcept {
    T* a = data_.data() + head_ * width_;
    T* b = data_.data() + (head_ + cap_) * width_;
    for (std::size_t c = 0; c < width_; ++c) a[c] = b[c] = frame[c];
    head_ = head_ + 1 == cap_ ? 0 : head_ + 1;
    if (size_ < cap_) ++size_;
  }
  void push(T v) noexcept { push(&v); }

  /// The last size() frames, oldest first, interleaved (size() * width() values).
  std::span<const T> view() const noexcept {
    const std::size_t start = size_ == cap_ ? head_ : 0;
    return {data_.data() + start * width_, size_ * width_};
  }
  /// Frame i of view() (0 = oldest).
  const T* frame(std::size_t i) const noexcept { return view().data() + i * width_; }

  void clear() noexcept {
    head_ = 0;
    size_ = 0;
    std::fill(data_.begin(), data_.end(), T{});
  }

 private:
  std::size_t cap_ = 0, width_ = 0, head_ = 0, size_ = 0;
  std::vector<T> data_;
};

/// Fixed-capacity FIFO that counts what it had to drop when full (the oldest element goes).
template <class T>
class BoundedQueue {
 public:
  BoundedQueue() = default;
  explicit BoundedQueue(std::size_t capacity) : data_(capacity) {}

  std::size_t capacity() const noexcept { return data_.size(); }
  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  std::size_t dropped() const noexcept { return dropped_; }
  std::size_t memory_bytes() const noexcept { return data_.capacity() * sizeof(T); }

  void push(const T& v) noexcept {
    if (data_.empty()) {
      ++dropped_;
      return;
    }
    if (size_ == data_.size()) {  // overwrite the oldest
      head_ = (head_ + 1) % data_.size();
      --size_;
      ++dropped_;
    }
    data_[(head_ + size_) % data_.size()] = v;
    ++size_;
  }
  bool pop(T& out) noexcept {
    if (size_ == 0) return false;
    out = data_[head_];
    head_ = (head_ + 1) % data_.size();
    --size_;
    return true;
  }
  void clear() noexcept {
    head_ = size_ = 0;
    dropped_ = 0;
  }

 private:
  std::vector<T> data_;
  std::size_t head_ = 0, size_ = 0, dropped_ = 0;
};

}  // namespace tremorlab::detail
