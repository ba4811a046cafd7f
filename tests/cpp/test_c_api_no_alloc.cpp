// The C ABI adds no allocation to the streaming path: after create, tremorlab_detector_push (out array and
// callback), flush, pop_events, counters, latest and tremorlab_sos_filter_process never call operator new.
// This executable replaces the global operator new/delete with counting versions; libtremorlab_c's calls
// bind to them (the create call below proves that they are seen).
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <new>
#include <vector>

#include "tremorlab/tremorlab.h"

namespace {
std::atomic<std::size_t> g_allocs{0};
void* counted(std::size_t n) {
  g_allocs.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void* counted_aligned(std::size_t n, std::align_val_t al) {
  g_allocs.fetch_add(1, std::memory_order_relaxed);
  const auto a = static_cast<std::size_t>(al);
  if (void* p = std::aligned_alloc(a, (n + a - 1) / a * a)) return p;
  throw std::bad_alloc();
}
void count_event(const tremorlab_event*, void* user) { ++*static_cast<std::size_t*>(user); }
}  // namespace

void* operator new(std::size_t n) { return counted(n); }
void* operator new[](std::size_t n) { return counted(n); }
void* operator new(std::size_t n, std::align_val_t a) { return counted_aligned(n, a); }
void* operator new[](std::size_t n, std::align_val_t a) { return counted_aligned(n, a); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return counted(n);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return counted(n);
  } catch (...) {
    return nullptr;
  }
}
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

TEST(CApiNoAlloc, StreamingCallsDoNotAllocate) {
  // 30 s at 100 Hz: rest, then a 6 Hz oscillation from 8 s to 20 s, so onsets, relabels and offsets happen.
  const std::size_t n = 3000;
  std::vector<double> x(3 * n), t(n), y(3 * n);
  for (std::size_t i = 0; i < n; ++i) {
    t[i] = 0.01 * double(i) + 0.002 * std::sin(double(i));  // jittery clock
    x[3 * i] = t[i] > 8 && t[i] < 20 ? 0.8 * std::sin(2 * M_PI * 6 * t[i]) : 0.005 * std::sin(double(i));
    x[3 * i + 2] = 9.81;
  }
  tremorlab_detector_config c;
  tremorlab_detector_config_default(&c);
  tremorlab_detector* a = nullptr;
  tremorlab_detector* b = nullptr;
  g_allocs = 0;
  ASSERT_EQ(tremorlab_detector_create(&c, &a), TREMORLAB_OK);
  ASSERT_GT(g_allocs.load(), 0u) << "the counting operator new does not see the library's allocations";
  ASSERT_EQ(tremorlab_detector_create(&c, &b), TREMORLAB_OK);
  const double wn[2] = {4, 12};
  double sos[6 * 4];
  std::size_t ns = 0, got = 0, total = 0, cb_events = 0;
  ASSERT_EQ(tremorlab_butter(4, wn, 2, "bandpass", 100, sos, 4, &ns), TREMORLAB_OK);
  tremorlab_sos_filter* f = nullptr;
  ASSERT_EQ(tremorlab_sos_filter_create(sos, ns, 3, &f), TREMORLAB_OK);
  tremorlab_event ev[2];
  tremorlab_counters k;
  tremorlab_window w;

  g_allocs = 0;
  for (std::size_t i = 0; i < n; i += 7) {
    const std::size_t m = std::min<std::size_t>(7, n - i);
    ASSERT_EQ(tremorlab_detector_push(a, x.data() + 3 * i, m, t.data() + i, ev, 2, &got), TREMORLAB_OK);
    total += got;
    ASSERT_EQ(tremorlab_detector_push_cb(b, x.data() + 3 * i, m, nullptr, count_event, &cb_events), TREMORLAB_OK);
    ASSERT_EQ(tremorlab_sos_filter_process(f, x.data() + 3 * i, y.data() + 3 * i, m), TREMORLAB_OK);
    ASSERT_EQ(tremorlab_detector_counters(a, &k), TREMORLAB_OK);
    ASSERT_EQ(tremorlab_detector_latest(a, &w), TREMORLAB_OK);
  }
  ASSERT_EQ(tremorlab_detector_flush(a, ev, 2, &got), TREMORLAB_OK);
  total += got;
  while (tremorlab_detector_pop_events(a, ev, 2, &got) == TREMORLAB_OK && got) total += got;
  ASSERT_EQ(tremorlab_detector_flush_cb(b, count_event, &cb_events), TREMORLAB_OK);
  ASSERT_EQ(tremorlab_detector_reset(a), TREMORLAB_OK);
  const std::size_t during = g_allocs.load();
  EXPECT_EQ(during, 0u);
  EXPECT_GE(total, 2u);  // the stream really produced events
  EXPECT_GE(cb_events, 2u);
  tremorlab_detector_destroy(a);
  tremorlab_detector_destroy(b);
  tremorlab_sos_filter_destroy(f);
}
