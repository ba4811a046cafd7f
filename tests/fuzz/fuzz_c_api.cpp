// libFuzzer target for the C ABI (libtremorlab_c, built with coverage feedback when TREMORLAB_FUZZ is on):
// random configurations (including out-of-range ones), random chunking of one stream, random timestamps
// (jitter, duplicates, decreasing, NaN, gaps), NaN/Inf samples, NULL arguments, small out-array capacities,
// flush/reset/summary calls in between.
// Invariants: no crash/UB/leak (ASan/UBSan/LSan); every call returns a known status with a message exactly
// when it fails; frames_pushed == accepted + rejected; the events of the out-array path (pushes + drains)
// equal the events of the callback path on a second handle fed the same calls; events are well-formed.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <vector>

#include "tremorlab/tremorlab.h"
#include "fuzz_reader.hpp"

namespace {

using tremorlab::fuzz::Reader;

void check_status(tremorlab_status s) {
  if (s < TREMORLAB_OK || s > TREMORLAB_BUFFER_TOO_SMALL) std::abort();
  const bool has_message = tremorlab_last_error()[0] != '\0';
  if ((s == TREMORLAB_OK) == has_message) std::abort();
}

void check_event(const tremorlab_event& e) {
  if (!e.kind_name || !e.label_name) std::abort();
  if (std::strcmp(e.kind_name, tremorlab_event_kind_name(e.kind)) != 0) std::abort();
  const bool gap = std::strcmp(e.kind_name, "gap") == 0;  // a gap has no label: -1 and ""
  if (gap ? (e.label != -1 || e.label_name[0] != '\0') : std::strcmp(e.label_name, tremorlab_label_name(e.label)) != 0)
    std::abort();
  if (!std::isfinite(e.time) || !std::isfinite(e.detected_at) || !std::isfinite(e.confidence) || e.duration < 0)
    std::abort();
}

void collect(const tremorlab_event* e, void* user) {
  check_event(*e);
  static_cast<std::vector<tremorlab_event>*>(user)->push_back(*e);
}

bool same(const std::vector<tremorlab_event>& a, const std::vector<tremorlab_event>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].kind != b[i].kind || a[i].label != b[i].label || std::memcmp(&a[i].time, &b[i].time, sizeof(double)) ||
        std::memcmp(&a[i].detected_at, &b[i].detected_at, sizeof(double)) ||
        std::memcmp(&a[i].confidence, &b[i].confidence, sizeof(double)))
      return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Reader r{data, size};
  tremorlab_session_config sc;
  check_status(tremorlab_session_config_default(&sc));
  tremorlab_detector_config& cfg = sc.detector;
  // mostly valid rates; bytes >= 248 pick the invalid ones
  const double rates[] = {25, 50, 100, 128, 0, -1, 5000, std::numeric_limits<double>::quiet_NaN()};
  const std::uint8_t rk = r.u8();
  cfg.fs = rates[rk >= 248 ? 4 + rk % 4 : rk % 4];
  cfg.channels = r.u8() % 2 ? 6 : 3;
  if (r.u8() == 0) cfg.channels = r.u8();  // usually invalid
  cfg.second_sensor = cfg.channels == 6 && r.u8() % 2;
  cfg.units = static_cast<tremorlab_units>(r.u8() % 3 == 0 ? 1 : (r.u8() == 7 ? 9 : 0));
  cfg.window_s = r.u8() % 4 == 0 ? 0.0 : 1.0 + r.unit() * 2.0;
  cfg.hop_s = r.u8() % 4 == 0 ? 0.0 : 0.1 + r.unit() * 0.5;
  cfg.hysteresis.enter_threshold = 0.3 + 0.7 * r.unit();
  cfg.hysteresis.exit_threshold = cfg.hysteresis.enter_threshold * (0.2 + 0.9 * r.unit());  // may exceed enter
  cfg.hysteresis.min_off_s = 2 * r.unit();
  cfg.hysteresis.mimicked_min_on_s = 4 * r.unit();
  cfg.max_gap_s = 2.0 / 100 + r.unit();
  cfg.event_capacity = r.u8() % 6;
  sc.continuous_notice_s = 1 + 200 * r.unit();
  sc.pause_join_s = r.u8() == 255 ? -1.0 : 10 * r.unit();  // -1: refused (INVALID_ARGUMENT)

  // Two handles fed the same calls: A through out arrays of random capacity, B through callbacks.
  tremorlab_session* a = nullptr;
  const tremorlab_status sa = tremorlab_session_create(&sc, &a);
  check_status(sa);
  if (sa != TREMORLAB_OK) {
    if (a) std::abort();  // out cleared on failure
    return 0;
  }
  tremorlab_session* b = nullptr;
  sc.detector.event_capacity = 0;
  check_status(tremorlab_session_create(&sc, &b));
  if (!b) std::abort();

  std::vector<tremorlab_event> from_a, from_b;
  std::vector<double> x, t;
  tremorlab_event buf[8];
  double clock = r.unit() * 100;
  const double fs = cfg.fs, pi = 3.141592653589793;
  std::size_t total = 0;
  while (r.n > 0 && total < 6000) {
    const std::uint8_t op = r.u8();
    std::size_t got = 0;
    const std::size_t cap = r.u8() % 9;
    if (op < 225) {
      // one chunk of a mostly periodic stream, random length (0 included)
      const std::size_t frames = r.u8() % 64 * (r.u8() % 6 + 1);
      const bool with_t = r.u8() % 3 != 0;
      const double f = 2 + r.u8() % 12, amp = r.unit() * 4;
      x.assign(frames * cfg.channels, 0.0);
      t.assign(frames, 0.0);
      for (std::size_t i = 0; i < frames; ++i) {
        for (std::size_t c = 0; c < cfg.channels; ++c) {
          x[i * cfg.channels + c] = amp * std::sin(2 * pi * f * (clock + double(i) / fs) + double(c)) + (c == 2 ? 9.8 : 0);
          if (r.u8() == 255) x[i * cfg.channels + c] = r.sample();
        }
        const std::uint8_t tk = with_t ? r.u8() : 128;
        double dt = (0.7 + 0.6 * (tk / 255.0)) / fs;
        if (tk == 0) dt = -0.01;
        if (tk == 1) dt = 0;
        if (tk == 2) dt = 0.3 + r.unit() * 3;
        clock += dt;
        t[i] = tk == 3 ? std::numeric_limits<double>::infinity() : clock;
      }
      const double* ts = with_t ? t.data() : nullptr;
      const double* xs = r.u8() == 0 ? nullptr : x.data();  // NULL frames: rejected unless frames == 0
      const tremorlab_status s1 = tremorlab_session_push(a, xs, frames, ts, buf, cap, &got);
      check_status(s1);
      for (std::size_t i = 0; i < got; ++i) check_event(buf[i]);
      from_a.insert(from_a.end(), buf, buf + got);
      const tremorlab_status s2 = tremorlab_session_push_cb(b, xs, frames, ts, collect, &from_b);
      check_status(s2);
      if (s1 != s2) std::abort();
      total += frames;
    } else if (op < 235) {
      check_status(tremorlab_session_flush(a, buf, cap, &got));
      from_a.insert(from_a.end(), buf, buf + got);
      check_status(tremorlab_session_flush_cb(b, collect, &from_b));
    } else if (op < 245) {
      check_status(tremorlab_session_pop_events(a, buf, cap, &got));
      from_a.insert(from_a.end(), buf, buf + got);
    } else if (op < 250) {
      std::size_t req = 0;
      char small[16];
      const tremorlab_status s = tremorlab_session_summary_json(a, int(r.u8() % 20) - 2, small, sizeof small, &req);
      check_status(s);
      if (s == TREMORLAB_OK ? req > sizeof small : s == TREMORLAB_BUFFER_TOO_SMALL && req <= sizeof small) std::abort();
      char* json = nullptr;
      check_status(tremorlab_session_summary_json_alloc(a, -1, &json));
      tremorlab_string_free(json);
      // The latest window and its explanation: both handles saw the same samples, so the same window.
      tremorlab_window wa, wb;
      check_status(tremorlab_session_latest(a, &wa));
      check_status(tremorlab_session_latest(b, &wb));
      if (wa.valid != wb.valid || wa.label != wb.label || (wa.valid && tremorlab_label_name(wa.label) == nullptr))
        std::abort();
      tremorlab_contribution why[4];
      std::size_t n_why = 99;
      const tremorlab_status se = tremorlab_session_explain_latest(a, cap % 5, why, &n_why);
      check_status(se);
      if ((se == TREMORLAB_OK) != (wa.valid == 1) || n_why > cap % 5) std::abort();
      for (std::size_t i = 0; i < n_why; ++i)
        if (!tremorlab_feature_name(why[i].feature) || !std::isfinite(why[i].value)) std::abort();
    } else {
      // reset both; whatever A still had queued is discarded, so compare and start over
      std::size_t got2 = 0;
      while (tremorlab_session_pop_events(a, buf, 8, &got2) == TREMORLAB_OK && got2 > 0)
        from_a.insert(from_a.end(), buf, buf + got2);
      tremorlab_counters ka;
      check_status(tremorlab_session_counters(a, &ka));
      if (ka.events_dropped == 0 && !same(from_a, from_b)) std::abort();
      check_status(tremorlab_session_reset(a));
      check_status(tremorlab_session_reset(b));
      from_a.clear();
      from_b.clear();
    }
    tremorlab_counters k;
    check_status(tremorlab_session_counters(a, &k));
    if (k.frames_pushed != k.frames_accepted + k.frames_rejected) std::abort();
  }
  std::size_t got = 0;
  while (tremorlab_session_pop_events(a, buf, 8, &got) == TREMORLAB_OK && got > 0) from_a.insert(from_a.end(), buf, buf + got);
  tremorlab_counters ka;
  check_status(tremorlab_session_counters(a, &ka));
  // With no event dropped from A's queue, the out-array path saw exactly the callback path's events.
  if (ka.events_dropped == 0 && !same(from_a, from_b)) std::abort();
  if (ka.events_dropped > 0 && from_a.size() + ka.events_dropped != from_b.size()) std::abort();
  tremorlab_session_destroy(a);
  tremorlab_session_destroy(b);
  // A fuzzed feature row (NaN/Inf included) explained for a fuzzed label code by the default model: a refusal
  // with a message, or k finite contributions of known features.
  std::vector<double> row(static_cast<std::size_t>(tremorlab_feature_count()));
  for (double& v : row) v = r.sample();
  tremorlab_contribution why[6];
  std::size_t n_why = 99;
  const std::size_t k = r.u8() % 7;
  const tremorlab_status se = tremorlab_model_explain(nullptr, row.data(), row.size() - (r.u8() % 8 == 0),
                                                      int(r.u8() % 8) - 1, k, why, &n_why);
  check_status(se);
  if (se != TREMORLAB_OK ? n_why != 0 : n_why != std::min<std::size_t>(k, row.size())) std::abort();
  for (std::size_t i = 0; i < n_why; ++i)
    if (!tremorlab_feature_name(why[i].feature) || !std::isfinite(why[i].value)) std::abort();
  // NULL handles never crash.
  std::size_t n = 0;
  check_status(tremorlab_session_push(nullptr, x.data(), 1, nullptr, buf, 8, &n));
  check_status(tremorlab_model_explain(nullptr, nullptr, row.size(), 2, 1, why, &n));
  check_status(tremorlab_classify_features(nullptr, 10, nullptr, nullptr, 0, &n));
  return 0;
}
