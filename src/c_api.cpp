// The C ABI (include/tremorlab/tremorlab.h): thin wrappers that validate pointers, convert plain C structs
// to the C++ types and back, and turn every exception into a status + a thread-local message. All logic
// (validation of values, defaults, names) is the C++ core's.
#include "tremorlab/tremorlab.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "tremorlab/batch.hpp"
#include "tremorlab/detail/ring_buffer.hpp"
#include "tremorlab/detector.hpp"
#include "tremorlab/filter_design.hpp"
#include "tremorlab/session.hpp"
#include "tremorlab/sos_filter.hpp"
#include "tremorlab/version.hpp"

namespace tl = tremorlab;

static_assert(TREMORLAB_MAX_CLASSES == tl::detector_max_classes, "tremorlab.h: TREMORLAB_MAX_CLASSES out of date");

struct tremorlab_model {
  tl::Classifier clf;
};
struct tremorlab_sos_filter {
  tl::SosFilter<double> f;
};
// Events of the out-array calls wait in a fixed-capacity queue (allocated at create), so push never
// allocates; the callback calls bypass it.
struct tremorlab_detector {
  tl::Detector core;
  tl::detail::BoundedQueue<tl::Event> queue;
  const tl::Detector& detector() const noexcept { return core; }
};
struct tremorlab_session {
  tl::Session core;
  tl::detail::BoundedQueue<tl::Event> queue;
  const tl::Detector& detector() const noexcept { return core.detector(); }
};

namespace {

// Fixed storage: setting a message never allocates, so it works under out-of-memory too.
thread_local char g_error[1024];

void set_error(const char* msg) noexcept {
  std::snprintf(g_error, sizeof g_error, "%s", msg ? msg : "");
}

tremorlab_status fail(tremorlab_status s, const char* msg) noexcept {
  set_error(msg);
  return s;
}

// Runs f() (which returns a status) and maps every exception to a status; nothing escapes.
template <class F>
tremorlab_status guarded(F&& f) noexcept {
  g_error[0] = '\0';
  try {
    return f();
  } catch (const tl::TimestampError& e) {
    return fail(TREMORLAB_TIMESTAMP_ERROR, e.what());
  } catch (const tl::InvalidInput& e) {
    return fail(TREMORLAB_INVALID_INPUT, e.what());
  } catch (const tl::InvalidArgument& e) {
    return fail(TREMORLAB_INVALID_ARGUMENT, e.what());
  } catch (const tl::ModelError& e) {
    return fail(TREMORLAB_MODEL_ERROR, e.what());
  } catch (const std::bad_alloc&) {
    return fail(TREMORLAB_OUT_OF_MEMORY, "out of memory");
  } catch (const std::length_error& e) {
    return fail(TREMORLAB_OUT_OF_MEMORY, e.what());
  } catch (const std::exception& e) {
    return fail(TREMORLAB_INTERNAL, e.what());
  } catch (...) {
    return fail(TREMORLAB_INTERNAL, "unknown exception");
  }
}

#define TL_REQUIRE(cond, msg) \
  do {                        \
    if (!(cond)) return fail(TREMORLAB_INVALID_ARGUMENT, msg); \
  } while (0)

// Label codes are the core's MovementClass values; the list is the core's all_labels (new labels pass
// through). Event kinds have no such list: codes 0.. until to_string gives its fallback (the name of a
// value far out of range).
const char* label_of(int code) noexcept {
  for (tl::MovementClass c : tl::all_labels)
    if (static_cast<int>(c) == code) return tl::label_name(c);
  return nullptr;
}
int kind_count() noexcept {
  using U = std::underlying_type_t<tl::EventKind>;
  const char* unknown = to_string(static_cast<tl::EventKind>(std::numeric_limits<U>::max()));
  int n = 0;
  while (n < 255 && std::strcmp(to_string(static_cast<tl::EventKind>(n)), unknown) != 0) ++n;
  return n;
}

tremorlab_event to_c(const tl::Event& e) noexcept {
  tremorlab_event c{};
  c.kind = static_cast<int>(e.kind);
  c.kind_name = to_string(e.kind);
  c.label = tl::has_label(e.kind) ? static_cast<int>(e.label) : -1;
  c.label_name = tl::has_label(e.kind) ? tl::label_name(e.label) : "";
  c.time = e.time;
  c.detected_at = e.detected_at;
  c.confidence = e.confidence;
  c.frequency_hz = e.frequency_hz;
  c.amplitude = e.amplitude;
  c.peak_amplitude = e.peak_amplitude;
  c.duration = e.duration;
  return c;
}

// One list of the HysteresisConfig fields, used in both directions.
template <class A, class B, class F>
void hysteresis_fields(A& a, B& b, F f) {
  f(a.enter_threshold, b.enter_threshold);
  f(a.exit_threshold, b.exit_threshold);
  f(a.min_on_s, b.min_on_s);
  f(a.min_off_s, b.min_off_s);
  f(a.mimicked_enter_threshold, b.mimicked_enter_threshold);
  f(a.mimicked_min_on_s, b.mimicked_min_on_s);
  f(a.mimicked_min_band_share, b.mimicked_min_band_share);
  f(a.min_amplitude, b.min_amplitude);
  f(a.min_band_share, b.min_band_share);
  f(a.weak_share, b.weak_share);
  f(a.weak_share_enter, b.weak_share_enter);
  f(a.early_enter, b.early_enter);
  f(a.early_rise_decades, b.early_rise_decades);
  f(a.early_rise_s, b.early_rise_s);
  f(a.early_mimicked, b.early_mimicked);
  f(a.early_hop_rise_decades, b.early_hop_rise_decades);
  f(a.onset_tremor_share, b.onset_tremor_share);
  f(a.kind_llr_offset, b.kind_llr_offset);
  f(a.kind_llr_clip, b.kind_llr_clip);
  f(a.kind_fill_s, b.kind_fill_s);
  f(a.tremor_settle_llr, b.tremor_settle_llr);
  f(a.mimicked_settle_llr, b.mimicked_settle_llr);
  f(a.tremor_max_turn_deg_s, b.tremor_max_turn_deg_s);
  f(a.tremor_min_steady_share, b.tremor_min_steady_share);
  f(a.tremor_min_called_s, b.tremor_min_called_s);
}
template <class A, class B, class F>
void session_fields(A& a, B& b, F f) {
  f(a.first_session_max_s, b.first_session_max_s);
  f(a.continuous_notice_s, b.continuous_notice_s);
  f(a.continuous_limit_s, b.continuous_limit_s);
  f(a.session_shaking_max_s, b.session_shaking_max_s);
  f(a.still_motion_rms, b.still_motion_rms);
  f(a.still_gyro_rms, b.still_gyro_rms);
  for (int i = 0; i < 3; ++i) f(a.body_axis[i], b.body_axis[i]);
  f(a.lying_max_tilt_deg, b.lying_max_tilt_deg);
  f(a.pause_join_s, b.pause_join_s);
}
constexpr auto assign = [](auto& to, const auto& from) { to = from; };

// Plenty for any app (64 is the default); keeps a typo from asking for gigabytes.
constexpr std::size_t kMaxEventCapacity = std::size_t{1} << 20;

std::optional<tl::Units> units_of(tremorlab_units u) noexcept {
  if (u == TREMORLAB_UNITS_M_PER_S2) return tl::Units::m_per_s2;
  if (u == TREMORLAB_UNITS_G) return tl::Units::g;
  return std::nullopt;
}

// C config -> C++ config; the values themselves are validated by the core's constructors.
tremorlab_status from_c(const tremorlab_detector_config& c, tl::DetectorConfig& d) {
  const auto units = units_of(c.units);
  TL_REQUIRE(units, "detector config: units must be TREMORLAB_UNITS_M_PER_S2 or TREMORLAB_UNITS_G");
  TL_REQUIRE(c.event_capacity <= kMaxEventCapacity, "detector config: event_capacity must be <= 1048576");
  d.fs = c.fs;
  d.channels = c.channels;
  d.second_sensor = c.second_sensor != 0;
  d.units = *units;
  d.window_s = c.window_s;
  d.hop_s = c.hop_s;
  d.jitter_tolerance = c.jitter_tolerance;
  d.max_gap_s = c.max_gap_s;
  d.event_capacity = 0;  // the handle's queue holds the events (see tremorlab_detector)
  hysteresis_fields(d.hysteresis, c.hysteresis, assign);
  return TREMORLAB_OK;
}

void to_c(const tl::DetectorConfig& d, tremorlab_detector_config& c) noexcept {
  c = tremorlab_detector_config{};
  c.fs = d.fs;
  c.channels = d.channels;
  c.second_sensor = d.second_sensor ? 1 : 0;
  c.units = d.units == tl::Units::g ? TREMORLAB_UNITS_G : TREMORLAB_UNITS_M_PER_S2;
  c.window_s = d.window_s;
  c.hop_s = d.hop_s;
  c.jitter_tolerance = d.jitter_tolerance;
  c.max_gap_s = d.max_gap_s;
  c.event_capacity = d.event_capacity;
  hysteresis_fields(c.hysteresis, d.hysteresis, assign);
  c.model = nullptr;
}

tl::Classifier model_of(const tremorlab_model* m) {
  return m ? m->clf : tl::Classifier::default_model();
}

tremorlab_status frames_ok(const double* frames, std::size_t n_frames, std::size_t channels) noexcept {
  TL_REQUIRE(frames || n_frames == 0, "frames is NULL");
  TL_REQUIRE(n_frames <= std::numeric_limits<std::size_t>::max() / channels, "n_frames is too large");
  return TREMORLAB_OK;
}

std::size_t drain(tl::detail::BoundedQueue<tl::Event>& q, tremorlab_event* out, std::size_t capacity) noexcept {
  std::size_t n = 0;
  tl::Event e;
  while (n < capacity && q.pop(e)) out[n++] = to_c(e);
  return n;
}

// The shared body of the detector's and the session's push/flush/pop calls.
template <class H>
tremorlab_status push_impl(H* h, const double* frames, std::size_t n_frames, const double* t,
                           tremorlab_event* events, std::size_t capacity, std::size_t* n_events,
                           tremorlab_event_callback cb, void* user) {
  TL_REQUIRE(h, "handle is NULL");
  const std::size_t ch = h->detector().channels();
  if (auto s = frames_ok(frames, n_frames, ch); s != TREMORLAB_OK) return s;
  const std::span<const double> x(frames, n_frames * ch);
  const std::span<const double> ts(t, t ? n_frames : 0);
  if (cb) {
    h->core.push(x, ts, [&](const tl::Event& e) {
      const tremorlab_event c = to_c(e);
      cb(&c, user);
    });
    return TREMORLAB_OK;
  }
  h->core.push(x, ts, [&](const tl::Event& e) noexcept { h->queue.push(e); });
  *n_events = drain(h->queue, events, capacity);
  return TREMORLAB_OK;
}

template <class H>
tremorlab_status flush_impl(H* h, tremorlab_event* events, std::size_t capacity, std::size_t* n_events,
                            tremorlab_event_callback cb, void* user) {
  TL_REQUIRE(h, "handle is NULL");
  if (cb) {
    h->core.flush([&](const tl::Event& e) {
      const tremorlab_event c = to_c(e);
      cb(&c, user);
    });
    return TREMORLAB_OK;
  }
  h->core.flush([&](const tl::Event& e) noexcept { h->queue.push(e); });
  *n_events = drain(h->queue, events, capacity);
  return TREMORLAB_OK;
}

tremorlab_status out_array_ok(tremorlab_event* events, std::size_t capacity, std::size_t* n_events) noexcept {
  TL_REQUIRE(n_events, "n_events is NULL");
  *n_events = 0;
  TL_REQUIRE(events || capacity == 0, "events is NULL but capacity > 0");
  return TREMORLAB_OK;
}

template <class H>
tremorlab_status counters_impl(const H* h, tremorlab_counters* out) noexcept {
  TL_REQUIRE(h, "handle is NULL");
  TL_REQUIRE(out, "out is NULL");
  const auto& c = h->detector().counters();
  *out = tremorlab_counters{c.frames_pushed, c.frames_accepted, c.frames_rejected, c.frames_unwindowed,
                            c.windows,       c.gaps,            c.events,          h->queue.dropped(),
                            h->queue.size()};
  return TREMORLAB_OK;
}

// The detector's and the session's C functions, each one call of these.
template <class H>
tremorlab_status push_out(H* h, const double* frames, std::size_t n_frames, const double* t, tremorlab_event* events,
                          std::size_t capacity, std::size_t* n_events) noexcept {
  return guarded([&] {
    if (auto s = out_array_ok(events, capacity, n_events); s != TREMORLAB_OK) return s;
    return push_impl(h, frames, n_frames, t, events, capacity, n_events, nullptr, nullptr);
  });
}
template <class H>
tremorlab_status push_cb(H* h, const double* frames, std::size_t n_frames, const double* t,
                         tremorlab_event_callback cb, void* user) noexcept {
  return guarded([&] {
    TL_REQUIRE(cb, "callback is NULL");
    return push_impl(h, frames, n_frames, t, nullptr, 0, nullptr, cb, user);
  });
}
template <class H>
tremorlab_status flush_out(H* h, tremorlab_event* events, std::size_t capacity, std::size_t* n_events) noexcept {
  return guarded([&] {
    if (auto s = out_array_ok(events, capacity, n_events); s != TREMORLAB_OK) return s;
    return flush_impl(h, events, capacity, n_events, nullptr, nullptr);
  });
}
template <class H>
tremorlab_status flush_cb(H* h, tremorlab_event_callback cb, void* user) noexcept {
  return guarded([&] {
    TL_REQUIRE(cb, "callback is NULL");
    return flush_impl(h, nullptr, 0, nullptr, cb, user);
  });
}
template <class H>
tremorlab_status pop_out(H* h, tremorlab_event* events, std::size_t capacity, std::size_t* n_events) noexcept {
  return guarded([&] {
    if (auto s = out_array_ok(events, capacity, n_events); s != TREMORLAB_OK) return s;
    TL_REQUIRE(h, "handle is NULL");
    *n_events = drain(h->queue, events, capacity);
    return TREMORLAB_OK;
  });
}
// The latest window (detector or session handle) and the explanation of its label.
template <class H>
tremorlab_status latest_impl(const H* h, tremorlab_window* out) noexcept {
  return guarded([&] {
    TL_REQUIRE(h && out, "handle or out is NULL");
    const tl::WindowResult& w = h->detector().latest();
    *out = tremorlab_window{};
    out->valid = w.valid ? 1 : 0;
    out->label = static_cast<int>(w.label);
    out->index = w.index;
    out->t_start = w.t_start;
    out->t_end = w.t_end;
    out->n_classes = w.n_classes;
    for (std::size_t i = 0; i < w.n_classes; ++i) out->proba[i] = w.proba[i];
    out->p_tremor = w.p_tremor;
    out->p_mimicked = w.p_mimicked;
    out->frequency_hz = w.frequency_hz;
    out->amplitude = w.amplitude;
    out->band_share = w.band_share;
    out->motion_rms = w.motion_rms;
    out->rhythm_hz = w.rhythm_hz;
    out->turn_deg_s = w.turn_deg_s;
    return TREMORLAB_OK;
  });
}
// An explanation (Classifier::explain, at most k entries) into the caller's k-entry array.
void put_contributions(const std::vector<tl::Contribution>& got, tremorlab_contribution* out, std::size_t* n_out) {
  for (std::size_t i = 0; i < got.size(); ++i) out[i] = {static_cast<int>(got[i].index), got[i].value};
  *n_out = got.size();
}
template <class H>
tremorlab_status explain_latest_impl(const H* h, std::size_t k, tremorlab_contribution* out,
                                     std::size_t* n_out) noexcept {
  return guarded([&] {
    TL_REQUIRE(h && n_out, "handle or n_out is NULL");
    TL_REQUIRE(out || k == 0, "out is NULL");
    *n_out = 0;
    put_contributions(h->detector().explain_latest(k), out, n_out);
    return TREMORLAB_OK;
  });
}

template <class H>
tremorlab_status reset_impl(H* h) noexcept {
  return guarded([&] {
    TL_REQUIRE(h, "handle is NULL");
    h->core.reset();
    h->queue.clear();
    return TREMORLAB_OK;
  });
}

// What tremorlab_classify and tremorlab_classify_features share: options, the model, the extractor, the
// validated input and its window count (set before any buffer is looked at, so callers can size them with
// max_windows 0).
struct BatchSetup {
  tl::Classifier model;
  tl::Units units;
  tl::FeatureExtractor fx;
  std::span<const double> acc;
  std::size_t n_windows;
};
tremorlab_status batch_setup(const double* xyz, std::size_t n_frames, const tremorlab_classify_options* opts,
                             std::optional<BatchSetup>& out) {
  TL_REQUIRE(opts, "options are NULL");
  if (auto s = frames_ok(xyz, n_frames, 3); s != TREMORLAB_OK) return s;
  const auto units = units_of(opts->units);
  TL_REQUIRE(units, "classify options: units must be TREMORLAB_UNITS_M_PER_S2 or TREMORLAB_UNITS_G");
  tl::Classifier model = model_of(opts->model);
  tl::FeatureExtractor fx(tl::recording_feature_config(model, opts->fs, *units, opts->window_s, opts->hop_s));
  const std::span<const double> acc(xyz, 3 * n_frames);
  tl::validate_recording(acc, fx.window_samples(), *units);
  const std::size_t nw = tl::count_windows(n_frames, fx.window_samples(), fx.hop_samples());
  out.emplace(BatchSetup{std::move(model), *units, std::move(fx), acc, nw});
  return TREMORLAB_OK;
}

}  // namespace

extern "C" {

const char* tremorlab_last_error(void) { return g_error; }

const char* tremorlab_status_name(tremorlab_status s) {
  switch (s) {
    case TREMORLAB_OK: return "ok";
    case TREMORLAB_INVALID_ARGUMENT: return "invalid_argument";
    case TREMORLAB_INVALID_INPUT: return "invalid_input";
    case TREMORLAB_TIMESTAMP_ERROR: return "timestamp_error";
    case TREMORLAB_MODEL_ERROR: return "model_error";
    case TREMORLAB_OUT_OF_MEMORY: return "out_of_memory";
    case TREMORLAB_INTERNAL: return "internal";
    case TREMORLAB_BUFFER_TOO_SMALL: return "buffer_too_small";
  }
  return "unknown";
}

const char* tremorlab_version(void) { return tl::version(); }
uint32_t tremorlab_version_number(void) {
  return TREMORLAB_VERSION_MAJOR * 10000u + TREMORLAB_VERSION_MINOR * 100u + TREMORLAB_VERSION_PATCH;
}

int tremorlab_label_count(void) { return static_cast<int>(tl::all_labels.size()); }
const char* tremorlab_label_name(int label) { return label_of(label); }
int tremorlab_event_kind_count(void) { return kind_count(); }
int tremorlab_feature_count(void) { return static_cast<int>(tl::FeatureExtractor::size()); }
const char* tremorlab_feature_name(int feature) {
  const auto& names = tl::FeatureExtractor::names();
  return feature >= 0 && static_cast<std::size_t>(feature) < names.size() ? names[std::size_t(feature)].c_str()
                                                                          : nullptr;
}
const char* tremorlab_event_kind_name(int kind) {
  return kind >= 0 && kind < kind_count() ? to_string(static_cast<tl::EventKind>(kind)) : nullptr;
}

// ---- model

tremorlab_status tremorlab_model_default(tremorlab_model** out) {
  return guarded([&] {
    TL_REQUIRE(out, "out is NULL");
    *out = nullptr;
    *out = new tremorlab_model{tl::Classifier::default_model()};
    return TREMORLAB_OK;
  });
}

tremorlab_status tremorlab_model_from_json(const char* json, tremorlab_model** out) {
  return guarded([&] {
    TL_REQUIRE(out, "out is NULL");
    *out = nullptr;
    TL_REQUIRE(json, "json is NULL");
    *out = new tremorlab_model{tl::Classifier::from_json(json)};
    return TREMORLAB_OK;
  });
}

void tremorlab_model_destroy(tremorlab_model* m) { delete m; }

tremorlab_status tremorlab_model_n_classes(const tremorlab_model* m, size_t* out) {
  return guarded([&] {
    TL_REQUIRE(m && out, "model or out is NULL");
    *out = m->clf.n_classes();
    return TREMORLAB_OK;
  });
}

tremorlab_status tremorlab_model_class_name(const tremorlab_model* m, size_t index, const char** out) {
  return guarded([&] {
    TL_REQUIRE(m && out, "model or out is NULL");
    *out = nullptr;
    TL_REQUIRE(index < m->clf.n_classes(), "class index out of range");
    *out = m->clf.classes()[index].c_str();
    return TREMORLAB_OK;
  });
}

// ---- filter

tremorlab_status tremorlab_butter(int order, const double* wn, size_t n_wn, const char* btype, double fs,
                                  double* sos, size_t max_sections, size_t* n_sections) {
  return guarded([&] {
    TL_REQUIRE(n_sections, "n_sections is NULL");
    *n_sections = 0;
    TL_REQUIRE(wn, "wn is NULL");
    TL_REQUIRE(btype, "btype is NULL");
    TL_REQUIRE(n_wn == 1 || n_wn == 2, "n_wn must be 1 (lowpass/highpass) or 2 (bandpass/bandstop)");
    const tl::BandType type = tl::parse_band_type(btype);
    const tl::Sos s = n_wn == 1 ? tl::butter(order, wn[0], type, fs) : tl::butter(order, {wn[0], wn[1]}, type, fs);
    *n_sections = s.size();
    if (s.size() > max_sections)
      return fail(TREMORLAB_BUFFER_TOO_SMALL, "tremorlab_butter: max_sections is smaller than *n_sections");
    TL_REQUIRE(sos, "sos is NULL");
    for (std::size_t i = 0; i < s.size(); ++i) {
      const double row[6] = {s[i].b0, s[i].b1, s[i].b2, s[i].a0, s[i].a1, s[i].a2};
      std::memcpy(sos + 6 * i, row, sizeof row);
    }
    return TREMORLAB_OK;
  });
}

tremorlab_status tremorlab_sos_filter_create(const double* sos, size_t n_sections, size_t channels,
                                             tremorlab_sos_filter** out) {
  return guarded([&] {
    TL_REQUIRE(out, "out is NULL");
    *out = nullptr;
    TL_REQUIRE(sos || n_sections == 0, "sos is NULL");
    TL_REQUIRE(n_sections <= 4096, "n_sections must be <= 4096");
    tl::Sos s(n_sections);
    for (std::size_t i = 0; i < n_sections; ++i) {
      const double* r = sos + 6 * i;
      s[i] = tl::Section{r[0], r[1], r[2], r[3], r[4], r[5]};
    }
    *out = new tremorlab_sos_filter{tl::SosFilter<double>(s, channels)};
    return TREMORLAB_OK;
  });
}

void tremorlab_sos_filter_destroy(tremorlab_sos_filter* f) { delete f; }

tremorlab_status tremorlab_sos_filter_process(tremorlab_sos_filter* f, const double* in, double* out,
                                              size_t n_frames) {
  return guarded([&] {
    TL_REQUIRE(f, "filter is NULL");
    TL_REQUIRE(out || n_frames == 0, "out is NULL");
    if (auto s = frames_ok(in, n_frames, f->f.channels()); s != TREMORLAB_OK) return s;
    const std::size_t n = n_frames * f->f.channels();
    f->f.process(std::span<const double>(in, n), std::span<double>(out, n));
    return TREMORLAB_OK;
  });
}

tremorlab_status tremorlab_sos_filter_reset(tremorlab_sos_filter* f) {
  return guarded([&] {
    TL_REQUIRE(f, "filter is NULL");
    f->f.reset();
    return TREMORLAB_OK;
  });
}

tremorlab_status tremorlab_sos_filter_init_steady_state(tremorlab_sos_filter* f, const double* frame) {
  return guarded([&] {
    TL_REQUIRE(f && frame, "filter or frame is NULL");
    f->f.init_steady_state(std::span<const double>(frame, f->f.channels()));
    return TREMORLAB_OK;
  });
}

// ---- detector

tremorlab_status tremorlab_detector_config_default(tremorlab_detector_config* out) {
  return guarded([&] {
    TL_REQUIRE(out, "out is NULL");
    to_c(tl::DetectorConfig{}, *out);
    return TREMORLAB_OK;
  });
}

tremorlab_status tremorlab_detector_create(const tremorlab_detector_config* cfg, tremorlab_detector** out) {
  return guarded([&] {
    TL_REQUIRE(out, "out is NULL");
    *out = nullptr;
    TL_REQUIRE(cfg, "config is NULL");
    tl::DetectorConfig d;
    if (auto s = from_c(*cfg, d); s != TREMORLAB_OK) return s;
    *out = new tremorlab_detector{tl::Detector(d, model_of(cfg->model)),
                                  tl::detail::BoundedQueue<tl::Event>(cfg->event_capacity)};
    return TREMORLAB_OK;
  });
}

void tremorlab_detector_destroy(tremorlab_detector* d) { delete d; }

tremorlab_status tremorlab_detector_push(tremorlab_detector* d, const double* frames, size_t n_frames,
                                         const double* timestamps, tremorlab_event* events, size_t capacity,
                                         size_t* n_events) {
  return push_out(d, frames, n_frames, timestamps, events, capacity, n_events);
}

tremorlab_status tremorlab_detector_push_cb(tremorlab_detector* d, const double* frames, size_t n_frames,
                                            const double* timestamps, tremorlab_event_callback callback,
                                            void* user_data) {
  return push_cb(d, frames, n_frames, timestamps, callback, user_data);
}

tremorlab_status tremorlab_detector_flush(tremorlab_detector* d, tremorlab_event* events, size_t capacity,
                                          size_t* n_events) {
  return flush_out(d, events, capacity, n_events);
}

tremorlab_status tremorlab_detector_flush_cb(tremorlab_detector* d, tremorlab_event_callback callback,
                                             void* user_data) {
  return flush_cb(d, callback, user_data);
}

tremorlab_status tremorlab_detector_pop_events(tremorlab_detector* d, tremorlab_event* events, size_t capacity,
                                               size_t* n_events) {
  return pop_out(d, events, capacity, n_events);
}

tremorlab_status tremorlab_detector_reset(tremorlab_detector* d) {
  return reset_impl(d);
}

tremorlab_status tremorlab_detector_counters(const tremorlab_detector* d, tremorlab_counters* out) {
  return guarded([&] { return counters_impl(d, out); });
}

tremorlab_status tremorlab_detector_latest(const tremorlab_detector* d, tremorlab_window* out) {
  return latest_impl(d, out);
}

tremorlab_status tremorlab_detector_explain_latest(const tremorlab_detector* d, size_t k,
                                                  tremorlab_contribution* out, size_t* n_out) {
  return explain_latest_impl(d, k, out, n_out);
}

// ---- session

tremorlab_status tremorlab_session_config_default(tremorlab_session_config* out) {
  return guarded([&] {
    TL_REQUIRE(out, "out is NULL");
    *out = tremorlab_session_config{};
    to_c(tl::DetectorConfig{}, out->detector);
    const tl::SessionConfig s{};
    out->first_session = s.first_session ? 1 : 0;
    session_fields(*out, s, assign);
    return TREMORLAB_OK;
  });
}

tremorlab_status tremorlab_session_create(const tremorlab_session_config* cfg, tremorlab_session** out) {
  return guarded([&] {
    TL_REQUIRE(out, "out is NULL");
    *out = nullptr;
    TL_REQUIRE(cfg, "config is NULL");
    tl::DetectorConfig d;
    if (auto s = from_c(cfg->detector, d); s != TREMORLAB_OK) return s;
    tl::SessionConfig s;
    s.first_session = cfg->first_session != 0;
    session_fields(s, *cfg, assign);
    *out = new tremorlab_session{tl::Session(d, s, model_of(cfg->detector.model)),
                                 tl::detail::BoundedQueue<tl::Event>(cfg->detector.event_capacity)};
    return TREMORLAB_OK;
  });
}

void tremorlab_session_destroy(tremorlab_session* s) { delete s; }

tremorlab_status tremorlab_session_push(tremorlab_session* s, const double* frames, size_t n_frames,
                                        const double* timestamps, tremorlab_event* events, size_t capacity,
                                        size_t* n_events) {
  return push_out(s, frames, n_frames, timestamps, events, capacity, n_events);
}

tremorlab_status tremorlab_session_push_cb(tremorlab_session* s, const double* frames, size_t n_frames,
                                           const double* timestamps, tremorlab_event_callback callback,
                                           void* user_data) {
  return push_cb(s, frames, n_frames, timestamps, callback, user_data);
}

tremorlab_status tremorlab_session_flush(tremorlab_session* s, tremorlab_event* events, size_t capacity,
                                         size_t* n_events) {
  return flush_out(s, events, capacity, n_events);
}

tremorlab_status tremorlab_session_flush_cb(tremorlab_session* s, tremorlab_event_callback callback,
                                            void* user_data) {
  return flush_cb(s, callback, user_data);
}

tremorlab_status tremorlab_session_pop_events(tremorlab_session* s, tremorlab_event* events, size_t capacity,
                                              size_t* n_events) {
  return pop_out(s, events, capacity, n_events);
}

tremorlab_status tremorlab_session_reset(tremorlab_session* s) {
  return reset_impl(s);
}

tremorlab_status tremorlab_session_counters(const tremorlab_session* s, tremorlab_counters* out) {
  return guarded([&] { return counters_impl(s, out); });
}

tremorlab_status tremorlab_session_latest(const tremorlab_session* s, tremorlab_window* out) {
  return latest_impl(s, out);
}

tremorlab_status tremorlab_session_explain_latest(const tremorlab_session* s, size_t k, tremorlab_contribution* out,
                                                 size_t* n_out) {
  return explain_latest_impl(s, k, out, n_out);
}

tremorlab_status tremorlab_session_summary_json(const tremorlab_session* s, int indent, char* buffer,
                                                size_t capacity, size_t* required) {
  return guarded([&] {
    TL_REQUIRE(required, "required is NULL");
    *required = 0;
    TL_REQUIRE(s, "handle is NULL");
    TL_REQUIRE(indent <= 16, "indent must be <= 16");
    const std::string j = s->core.summary_json(indent < 0 ? -1 : indent);
    *required = j.size() + 1;
    if (capacity < j.size() + 1)
      return fail(TREMORLAB_BUFFER_TOO_SMALL, "tremorlab_session_summary_json: capacity is smaller than *required");
    TL_REQUIRE(buffer, "buffer is NULL");
    std::memcpy(buffer, j.c_str(), j.size() + 1);
    return TREMORLAB_OK;
  });
}

tremorlab_status tremorlab_session_summary_json_alloc(const tremorlab_session* s, int indent, char** out) {
  return guarded([&] {
    TL_REQUIRE(out, "out is NULL");
    *out = nullptr;
    TL_REQUIRE(s, "handle is NULL");
    TL_REQUIRE(indent <= 16, "indent must be <= 16");
    const std::string j = s->core.summary_json(indent < 0 ? -1 : indent);
    char* p = static_cast<char*>(std::malloc(j.size() + 1));
    if (!p) return fail(TREMORLAB_OUT_OF_MEMORY, "out of memory");
    std::memcpy(p, j.c_str(), j.size() + 1);
    *out = p;
    return TREMORLAB_OK;
  });
}

void tremorlab_string_free(char* s) { std::free(s); }

// ---- batch classification

tremorlab_status tremorlab_classify_options_default(tremorlab_classify_options* out) {
  return guarded([&] {
    TL_REQUIRE(out, "out is NULL");
    const tl::DetectorConfig d{};
    *out = tremorlab_classify_options{d.fs, TREMORLAB_UNITS_M_PER_S2, 0.0, 0.0, nullptr};
    return TREMORLAB_OK;
  });
}

tremorlab_status tremorlab_classify(const double* xyz, size_t n_frames, const tremorlab_classify_options* opts,
                                    double* proba, int* labels, double* start_s, size_t max_windows,
                                    size_t* n_windows, size_t* n_classes) {
  return guarded([&] {
    TL_REQUIRE(n_windows && n_classes, "n_windows or n_classes is NULL");
    *n_windows = *n_classes = 0;
    std::optional<BatchSetup> b;
    if (auto s = batch_setup(xyz, n_frames, opts, b); s != TREMORLAB_OK) return s;
    *n_windows = b->n_windows;
    *n_classes = b->model.n_classes();
    if (*n_windows > max_windows)
      return fail(TREMORLAB_BUFFER_TOO_SMALL, "tremorlab_classify: max_windows is smaller than *n_windows");
    TL_REQUIRE(proba && labels, "proba or labels is NULL");
    const tl::BatchResult r = tl::classify_recording(b->acc, opts->fs, b->units, b->model, opts->window_s, opts->hop_s);
    std::memcpy(proba, r.proba.data(), r.proba.size() * sizeof(double));
    for (std::size_t k = 0; k < r.n_windows; ++k) labels[k] = static_cast<int>(r.labels[k]);
    if (start_s) std::memcpy(start_s, r.start_s.data(), r.start_s.size() * sizeof(double));
    return TREMORLAB_OK;
  });
}

tremorlab_status tremorlab_classify_features(const double* xyz, size_t n_frames,
                                             const tremorlab_classify_options* opts, double* features,
                                             size_t max_windows, size_t* n_windows) {
  return guarded([&] {
    TL_REQUIRE(n_windows, "n_windows is NULL");
    *n_windows = 0;
    std::optional<BatchSetup> b;
    if (auto s = batch_setup(xyz, n_frames, opts, b); s != TREMORLAB_OK) return s;
    *n_windows = b->n_windows;
    if (*n_windows > max_windows)
      return fail(TREMORLAB_BUFFER_TOO_SMALL, "tremorlab_classify_features: max_windows is smaller than *n_windows");
    TL_REQUIRE(features, "features is NULL");
    tl::detail::batch_features_validated(b->fx, b->acc, {features, *n_windows * tl::FeatureExtractor::size()}, {}, 1,
                                         {});
    return TREMORLAB_OK;
  });
}

tremorlab_status tremorlab_model_explain(const tremorlab_model* model, const double* features, size_t n_features,
                                         int label, size_t k, tremorlab_contribution* out, size_t* n_out) {
  return guarded([&] {
    TL_REQUIRE(n_out, "n_out is NULL");
    *n_out = 0;
    TL_REQUIRE(features, "features is NULL");
    TL_REQUIRE(out || k == 0, "out is NULL");
    TL_REQUIRE(label_of(label), "label is not a label code (tremorlab_label_name)");
    const tl::Classifier& clf = model ? model->clf : tl::Classifier::default_model();
    put_contributions(clf.explain({features, n_features}, static_cast<tl::MovementClass>(label), k), out, n_out);
    return TREMORLAB_OK;
  });
}

}  // extern "C"
