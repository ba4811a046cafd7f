// libFuzzer target: random configurations and random sample/timestamp streams (NaN, Inf, huge values,
// decreasing/duplicate timestamps, gaps, ragged blocks, flush and reset in between).
// Invariants: no crash/UB (ASan/UBSan), frames_pushed == frames_accepted + frames_rejected, every accepted
// frame is either windowed, pending or counted as unwindowed at a gap, events are well-formed, and after
// reset() the detector produces exactly what a fresh detector produces.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <optional>
#include <vector>

#include "tremorlab/detector.hpp"
#include "fuzz_reader.hpp"

namespace {

using tremorlab::fuzz::Reader;

struct Op {
  int kind;  // 0 push, 1 flush, 2 reset
  std::vector<double> x, t;
};

void check_events_sane(const tremorlab::Event& e) {
  if (!std::isfinite(e.time) || !std::isfinite(e.detected_at) || !std::isfinite(e.confidence)) std::abort();
  if (e.kind != tremorlab::EventKind::gap && (e.confidence < -1e-12 || e.confidence > 1 + 1e-9)) std::abort();
  if (e.duration < 0) std::abort();
}

std::vector<tremorlab::Event> run(tremorlab::Detector& d, const std::vector<Op>& ops) {
  std::vector<tremorlab::Event> out;
  // Event grammar: onset (relabel)* offset, never nested; gaps only between bouts. Labels: an onset is
  // shaking, tremor or mimicked; a relabel names a settled kind (tremor or mimicked) different from the
  // current one; the offset carries the current kind (shaking only if it never settled).
  bool active = false;
  tremorlab::MovementClass label = tremorlab::MovementClass::rest;
  auto on = [&](const tremorlab::Event& e) {
    check_events_sane(e);
    using K = tremorlab::EventKind;
    using M = tremorlab::MovementClass;
    if (e.kind == K::onset) {
      if (active || !tremorlab::is_shaking(e.label)) std::abort();
      active = true;
    } else if (e.kind == K::relabel) {
      if (!active || e.label == label || (e.label != M::tremor && e.label != M::mimicked)) std::abort();
    } else if (e.kind == K::offset) {
      if (!active || e.label != label) std::abort();
      active = false;
    } else if (active) {
      std::abort();  // a gap closes the bout first
    }
    label = e.label;
    out.push_back(e);
  };
  for (const auto& op : ops) {
    if (op.kind == 1) {
      d.flush(on);
      continue;
    }
    if (op.kind == 2) {
      d.reset();
      active = false;
      continue;
    }
    try {
      d.push(op.x, op.t, on, [](const tremorlab::WindowResult& w) {
        double s = 0;
        for (std::size_t c = 0; c < w.n_classes; ++c) s += w.proba[c];
        if (!(std::abs(s - 1) < 1e-6) && std::isfinite(s)) std::abort();
      });
    } catch (const tremorlab::InvalidInput&) {
      // rejected as a whole (NaN sample, bad timestamp, ragged block): the stream goes on
    }
    const auto& c = d.counters();
    if (c.frames_pushed != c.frames_accepted + c.frames_rejected) std::abort();
    if (c.frames_unwindowed > c.frames_accepted) std::abort();
  }
  return out;
}

bool same(const std::vector<tremorlab::Event>& a, const std::vector<tremorlab::Event>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].kind != b[i].kind || a[i].label != b[i].label || std::memcmp(&a[i].time, &b[i].time, sizeof(double)) ||
        std::memcmp(&a[i].detected_at, &b[i].detected_at, sizeof(double)))
      return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Reader r{data, size};
  tremorlab::DetectorConfig cfg;
  const double rates[] = {25, 50, 100, 128};
  cfg.fs = rates[r.u8() % 4];
  cfg.channels = r.u8() % 2 ? 6 : 3;
  cfg.second_sensor = cfg.channels == 6 && r.u8() % 2;  // channels 4-6: a gyroscope or a second accelerometer
  cfg.units = r.u8() % 2 ? tremorlab::Units::g : tremorlab::Units::m_per_s2;
  cfg.window_s = 1.0 + r.unit() * 2.0;
  cfg.hop_s = 0.1 + r.unit() * 0.5;
  cfg.hysteresis.enter_threshold = 0.3 + 0.7 * r.unit();
  cfg.hysteresis.exit_threshold = cfg.hysteresis.enter_threshold * (0.2 + 0.8 * r.unit());
  cfg.hysteresis.min_on_s = r.unit();
  cfg.hysteresis.min_off_s = 2 * r.unit();
  if (r.u8() % 2) {
    // Every other onset gate too, so the early (trend) and mimicked paths run under random settings.
    auto& h = cfg.hysteresis;
    h.mimicked_enter_threshold = 0.5 + 0.5 * r.unit();
    h.mimicked_min_on_s = 4 * r.unit();
    h.mimicked_min_band_share = r.unit();
    h.min_amplitude = 0.1 * r.unit();
    h.min_band_share = r.unit();
    h.weak_share = r.unit();
    h.weak_share_enter = r.unit();
    h.early_enter = r.unit();
    h.early_rise_decades = r.unit();
    h.early_rise_s = 0.1 + 2 * r.unit();
    h.early_hop_rise_decades = r.unit() - 0.5;
    h.early_mimicked = r.unit();
    h.onset_tremor_share = r.unit();
    h.kind_llr_offset = 4 * r.unit() - 2;
    h.kind_llr_clip = 0.1 + 3 * r.unit();
    h.kind_fill_s = 2 * r.unit();
    h.tremor_settle_llr = 0.1 + 5 * r.unit();
    h.mimicked_settle_llr = h.tremor_settle_llr + 40 * r.unit();
    h.tremor_max_turn_deg_s = 0.1 + 20 * r.unit();
    h.tremor_min_steady_share = r.unit();
    h.tremor_min_called_s = 2 * r.unit();
  }
  cfg.max_gap_s = 2.0 / cfg.fs + r.unit();
  cfg.event_capacity = r.u8() % 8;
  std::optional<tremorlab::Detector> d;
  try {
    d.emplace(cfg);
  } catch (const tremorlab::Error&) {
    return 0;  // rejected configuration
  }

  std::vector<Op> ops;
  double clock = r.unit() * 100;
  std::size_t total = 0;
  while (r.n > 0 && total < 4000) {
    Op op;
    const std::uint8_t k = r.u8();
    op.kind = k < 230 ? 0 : (k < 245 ? 1 : 2);
    if (op.kind == 0) {
      const std::size_t frames = 1 + r.u8() % 64 * (r.u8() % 8 + 1);
      const bool ragged = r.u8() == 0;
      const bool with_t = r.u8() % 3 != 0;
      // mostly-periodic signal with occasional special values, so windows and bouts really happen
      const double f = 2 + r.u8() % 12, a = r.unit() * 5;
      for (std::size_t i = 0; i < frames; ++i) {
        for (std::size_t c = 0; c < cfg.channels; ++c) {
          double v = a * std::sin(6.283185307 * f * (clock + i / cfg.fs) + c) + (c == 2 ? 9.8 : 0.0);
          if (r.u8() == 255) v = r.sample();
          op.x.push_back(v);
        }
        if (with_t) {
          const std::uint8_t tk = r.u8();
          double dt = 1.0 / cfg.fs * (0.7 + 0.6 * (tk / 255.0));
          if (tk == 0) dt = -0.01;           // decreasing
          if (tk == 1) dt = 0.0;             // duplicate
          if (tk == 2) dt = 0.5 + r.unit() * 3;  // gap (maybe)
          if (tk == 3) dt = std::numeric_limits<double>::quiet_NaN();
          clock += dt;
          op.t.push_back(clock);
        } else {
          clock += 1.0 / cfg.fs;
        }
      }
      if (ragged && !op.x.empty()) op.x.pop_back();
      total += frames;
    }
    ops.push_back(std::move(op));
  }

  run(*d, ops);
  d->reset();
  const auto after_reset = run(*d, ops);
  tremorlab::Detector fresh(cfg);
  const auto from_fresh = run(fresh, ops);
  if (!same(after_reset, from_fresh)) std::abort();
  return 0;
}
