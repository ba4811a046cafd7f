// The detector's hot path (push, flush, reset, latest) never touches the heap after construction.
// This executable replaces the global operator new/delete with counting versions (only here).
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <cmath>
#include <cstdlib>
#include <malloc.h>
#include <new>
#include <vector>

#include "tremorlab/detector.hpp"
#include <nlohmann/json.hpp>
#include "tremorlab/session.hpp"
#include "detector_test_util.hpp"

namespace {
using tremorlab::Classifier;

using tremorlab::test::band_power_model;
std::atomic<std::size_t> g_allocs{0};
std::atomic<bool> g_counting{false};
std::atomic<long long> g_live{0};  // bytes currently allocated through operator new (malloc_usable_size)

void* counted_alloc(std::size_t n) {
  if (g_counting.load(std::memory_order_relaxed)) g_allocs.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) {
    g_live.fetch_add(static_cast<long long>(malloc_usable_size(p)), std::memory_order_relaxed);
    return p;
  }
  throw std::bad_alloc();
}
void counted_free(void* p) noexcept {
  if (p) g_live.fetch_sub(static_cast<long long>(malloc_usable_size(p)), std::memory_order_relaxed);
  std::free(p);
}
void* counted_alloc_aligned(std::size_t n, std::align_val_t al) {
  if (g_counting.load(std::memory_order_relaxed)) g_allocs.fetch_add(1, std::memory_order_relaxed);
  const auto a = static_cast<std::size_t>(al);
  if (void* p = std::aligned_alloc(a, (n + a - 1) / a * a)) {
    g_live.fetch_add(static_cast<long long>(malloc_usable_size(p)), std::memory_order_relaxed);
    return p;
  }
  throw std::bad_alloc();
}

struct Counting {
  Counting() {
    g_allocs = 0;
    g_counting = true;
  }
  ~Counting() { g_counting = false; }
  std::size_t count() const { return g_allocs.load(); }
};

std::vector<double> signal(std::size_t n, double shake_from, double shake_to) {
  std::vector<double> x(3 * n);
  for (std::size_t i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / 100.0;
    const double s = (t >= shake_from && t < shake_to) ? 3.0 * std::sin(2 * 3.14159265358979 * 6.0 * t) : 0.0;
    x[3 * i] = 0.2 + s + 0.01 * std::sin(17.0 * i);
    x[3 * i + 1] = 0.1 + 0.5 * s + 0.01 * std::cos(13.0 * i);
    x[3 * i + 2] = 9.8 + 0.2 * s;
  }
  return x;
}
}  // namespace

void* operator new(std::size_t n) { return counted_alloc(n); }
void* operator new[](std::size_t n) { return counted_alloc(n); }
void* operator new(std::size_t n, std::align_val_t a) { return counted_alloc_aligned(n, a); }
void* operator new[](std::size_t n, std::align_val_t a) { return counted_alloc_aligned(n, a); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return counted_alloc(n);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return counted_alloc(n);
  } catch (...) {
    return nullptr;
  }
}
void operator delete(void* p) noexcept { counted_free(p); }
void operator delete[](void* p) noexcept { counted_free(p); }
void operator delete(void* p, std::size_t) noexcept { counted_free(p); }
void operator delete[](void* p, std::size_t) noexcept { counted_free(p); }
void operator delete(void* p, std::align_val_t) noexcept { counted_free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { counted_free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { counted_free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { counted_free(p); }

TEST(NoAlloc, CounterWorks) {
  Counting c;
  auto* v = new std::vector<double>(10);
  delete v;
  EXPECT_GE(c.count(), 2u);
}

TEST(NoAlloc, PushWithCallbacks) {
  const auto x = signal(3000, 5, 20);  // 30 s: rest, 15 s of shaking, rest
  tremorlab::Detector d({}, band_power_model());
  std::size_t events = 0, windows = 0;
  {
    Counting c;
    for (std::size_t i = 0; i < 3000; i += 37) {
      const std::size_t m = std::min<std::size_t>(37, 3000 - i);
      d.push(std::span<const double>(x.data() + 3 * i, 3 * m), {}, [&](const tremorlab::Event&) noexcept { ++events; },
             [&](const tremorlab::WindowResult&) noexcept { ++windows; });
    }
    d.flush([&](const tremorlab::Event&) noexcept { ++events; });
    (void)d.latest();
    d.reset();
    EXPECT_EQ(c.count(), 0u) << "heap allocations on the hot path";
  }
  EXPECT_GT(windows, 100u);
  EXPECT_GE(events, 2u) << "the shake should produce onset and offset";
}

TEST(NoAlloc, PushWithMlpModel) {
  // The one-hidden-layer model keeps its activations on the stack: no allocation per window either.
  const auto x = signal(3000, 5, 20);
  tremorlab::Detector d({}, tremorlab::test::mlp_model(tremorlab::Classifier::max_hidden));
  std::size_t windows = 0;
  {
    Counting c;
    for (std::size_t i = 0; i < 3000; i += 37) {
      const std::size_t m = std::min<std::size_t>(37, 3000 - i);
      d.push(std::span<const double>(x.data() + 3 * i, 3 * m), {}, [](const tremorlab::Event&) noexcept {},
             [&](const tremorlab::WindowResult&) noexcept { ++windows; });
    }
    d.flush([](const tremorlab::Event&) noexcept {});
    EXPECT_EQ(c.count(), 0u) << "heap allocations on the hot path";
  }
  EXPECT_GT(windows, 100u);
}

TEST(NoAlloc, PushWithTimestampsAndGapsIntoQueue) {
  const auto x = signal(3000, 5, 20);
  std::vector<double> t(3000);
  for (std::size_t i = 0; i < t.size(); ++i) t[i] = 1000.0 + i * 0.01 + (i >= 1500 ? 2.0 : 0.0) + 0.002 * std::sin(i);
  tremorlab::Detector d({}, band_power_model());
  tremorlab::Event e;
  std::size_t popped = 0;
  {
    Counting c;
    for (std::size_t i = 0; i < 3000; i += 1) {
      d.push(std::span<const double>(x.data() + 3 * i, 3), std::span<const double>(t.data() + i, 1));
      while (d.pop_event(e)) ++popped;
    }
    d.flush();
    while (d.pop_event(e)) ++popped;
    EXPECT_EQ(c.count(), 0u);
  }
  EXPECT_GE(popped, 3u);  // at least the gap plus a bout
  EXPECT_EQ(d.counters().gaps, 1u);
}

// A detector's memory_bytes() against the heap it keeps (counting allocator), within 5 %.
void expect_memory_bytes_match_heap(const Classifier& model, const char* what) {
  const long long before = g_live.load();
  auto* d = new tremorlab::Detector({}, model);
  const long long kept = g_live.load() - before;
  const auto reported = static_cast<long long>(d->memory_bytes());
  std::printf("%s detector at 100 Hz: heap kept %lld B, memory_bytes() %lld B\n", what, kept, reported);
  EXPECT_GT(reported, kept * 95 / 100);
  EXPECT_LT(reported, kept * 105 / 100);
  delete d;
}

TEST(NoAlloc, MemoryBytesMatchesHeapUseOfDefaultModel) {
  expect_memory_bytes_match_heap(Classifier::default_model(), "default model");
}

TEST(NoAlloc, DetectorKeepsTheModelWithoutItsProvenance) {
  // The shipped model's provenance (its training record) is kilobytes of text that prediction never reads:
  // the caller's model keeps it, the detector's copy does not, and the heap the detector keeps shows it.
  const Classifier m = Classifier::default_model();
  ASSERT_GT(m.provenance_json().size(), 1000u);
  const tremorlab::Detector d({}, m);
  EXPECT_EQ(d.model().provenance_json(), "{}");
  EXPECT_GT(m.provenance_json().size(), 1000u);  // the caller's copy is untouched
  Classifier dropped = m;
  dropped.drop_provenance();
  EXPECT_GE(m.heap_bytes() - dropped.heap_bytes(), m.provenance_json().size());
  EXPECT_LT(d.memory_bytes(), std::size_t{65536});
}

TEST(NoAlloc, MemoryBytesMatchesHeapUseOfMlpModel) {
  expect_memory_bytes_match_heap(tremorlab::test::mlp_model(32), "MLP (32 units)");
}

TEST(NoAlloc, MemoryBytesMatchesHeapUse) {
  // Heap bytes the detector keeps (measured with the counting allocator) vs its own memory_bytes() report.
  const Classifier model = band_power_model();
  const long long before = g_live.load();
  auto* d = new tremorlab::Detector({}, model);
  const long long kept = g_live.load() - before;  // includes sizeof(Detector) (allocated here with new)
  const auto reported = static_cast<long long>(d->memory_bytes());
  std::printf("detector at 100 Hz: heap kept %lld B, memory_bytes() %lld B, state_bytes() %zu B\n", kept, reported,
              d->state_bytes());
  // Exact for the detector's own buffers and FeatureExtractor::state_bytes(); the classifier's provenance JSON
  // and malloc rounding are estimated, so a few percent apart at most.
  EXPECT_GT(reported, kept * 95 / 100);
  EXPECT_LT(reported, kept * 105 / 100);
  // Per-stream state (rings, queue, object) is well inside 64 KiB; the feature extractor's FFT work buffers
  // come on top (see docs/detector.md).
  EXPECT_LE(d->state_bytes(), 32u * 1024u);
  delete d;
}

TEST(NoAlloc, SecondSensorPushAndMemoryBytes) {
  // Two accelerometers (the second one the first's signal, scaled and offset): no allocation after
  // construction, and memory_bytes() still accounts for the heap (the second sample ring included).
  const auto x = signal(3000, 5, 20);
  std::vector<double> x6(6 * 3000);
  for (std::size_t i = 0; i < 3000; ++i)
    for (std::size_t c = 0; c < 3; ++c) {
      x6[6 * i + c] = x[3 * i + c];
      x6[6 * i + 3 + c] = 0.5 * x[3 * i + c] + 0.1;
    }
  tremorlab::DetectorConfig cfg;
  cfg.channels = 6;
  cfg.second_sensor = true;
  const Classifier model = band_power_model();
  const long long before = g_live.load();
  auto* d = new tremorlab::Detector(cfg, model);
  const long long kept = g_live.load() - before;
  const auto reported = static_cast<long long>(d->memory_bytes());
  EXPECT_GT(reported, kept * 95 / 100);
  EXPECT_LT(reported, kept * 105 / 100);
  std::size_t windows = 0;
  {
    Counting c;
    for (std::size_t i = 0; i < 3000; i += 41) {
      const std::size_t m = std::min<std::size_t>(41, 3000 - i);
      d->push(std::span<const double>(x6.data() + 6 * i, 6 * m), {}, [](const tremorlab::Event&) noexcept {},
              [&](const tremorlab::WindowResult& w) noexcept { windows += w.coherence > 0.99; });
    }
    d->flush([](const tremorlab::Event&) noexcept {});
    d->reset();
    EXPECT_EQ(c.count(), 0u) << "heap allocations on the hot path";
  }
  EXPECT_GT(windows, 10u) << "a scaled copy is coherent with the original while it shakes";
  delete d;
}
