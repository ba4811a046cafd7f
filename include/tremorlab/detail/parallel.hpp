#pragma once
// The one way tremorlab runs opt-in work on several threads (sosfilt/sosfiltfilt workers, batch_features
// workers): part 0 in the calling thread, parts 1.. on std::threads joined before returning. A thread that
// cannot be started runs its part in the calling thread instead of failing the call; an exception thrown by
// a part (allocation) is rethrown here after all parts have finished. std::thread with a joining guard rather
// than std::jthread: emscripten's libc++ (Debian 12) has no jthread, and the WebAssembly build compiles this
// header (there, without thread support, every part runs in the calling thread).
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
    std::vector<std::thread> pool;
    struct JoinAll {
      std::vector<std::thread>& threads;
      ~JoinAll() {
        for (auto& th : threads)
          if (th.joinable()) th.join();
      }
    } join_all{pool};
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
