#pragma once
// The one way tremorlab runs opt-in work on several threads (sosfilt/sosfiltfilt workers, batch_features
// workers): part 0 in the calling thread, parts 1.. on std::jthreads joined before returning. A thread that
// cannot be started runs its part in the calling thread instead of failing the call; an exception thrown by
// a part (allocation) is rethrown here after all parts have finished.
#include <cstddef>
#include <exception>
#include <system_error>
#include <thread>
#include <vector>

namespace tremorlab::detail {

/// Calls part(t) for t in [0, parts), concurrently; returns when all have finished.
template <class Part>
void run_parts(std::size_t parts, Part&& part) {
  std::vector<std::exception_ptr> error(parts);
  auto guarded = [&](std::size_t t) noexcept {
    try {
      part(t);
    } catch (...) {
      error[t] = std::current_exception();
    }
  };
  {
    std::vector<std::jthread> pool;
    pool.reserve(parts > 0 ? parts - 1 : 0);
    for (std::size_t t = 1; t < parts; ++t) {
      try {
        pool.emplace_back(guarded, t);
      } catch (const std::system_error&) {
        guarded(t);  // no thread to be had: this part runs here instead
      }
    }
    if (parts > 0) guarded(0);
  }  // joined here
  for (const auto& e : error)
    if (e) std::rethrow_exception(e);
}

}  // namespace tremorlab::detail
