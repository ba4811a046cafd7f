// WebAssembly glue (embind) over the public C++ headers: Detector, Session, batch classification, butter and
// the streaming SOS filter. bindings/wasm/tremorlab.mjs wraps these handles in the JavaScript API.
//
// Errors: every entry point catches std::exception (tremorlab::Error and allocation failures) and returns a
// JavaScript Error carrying the C++ message; the wrapper throws it. No C++ exception crosses into JavaScript
// and no JavaScript exception unwinds C++ frames (which would skip destructors). Constructors cannot return a
// value, so a handle keeps its construction error for the wrapper to read.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <array>
#include <cmath>
#include <exception>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tremorlab/batch.hpp"
#include "tremorlab/decision.hpp"
#include "tremorlab/detail/hysteresis_fields.hpp"
#include "tremorlab/detail/session_fields.hpp"
#include "tremorlab/detector.hpp"
#include "tremorlab/filter_design.hpp"
#include "tremorlab/session.hpp"
#include "tremorlab/sos_filter.hpp"
#include "tremorlab/units.hpp"
#include "tremorlab/version.hpp"

namespace tremorlab::wasm {
namespace {

using emscripten::val;

val js_error(const char* what) { return val::global("Error").new_(std::string(what)); }

/// A copy of `v` as a JavaScript Float64Array (new Float64Array(view) copies the memory view).
val float64_array(const std::vector<double>& v) {
  return val::global("Float64Array").new_(val(emscripten::typed_memory_view(v.size(), v.data())));
}

/// Runs f() and returns its value, or a JavaScript Error with the message of any exception it throws.
template <class F>
val guarded(F&& f) {
  try {
    return f();
  } catch (const std::exception& e) {
    return js_error(e.what());
  }
}

bool is_array_like(const val& v) {
  return v.isArray() || val::global("ArrayBuffer").call<bool>("isView", v);
}

/// A JS Array or typed array of numbers as doubles. Non-numbers become NaN, which the C++ validation reports.
std::vector<double> numbers(const val& v, const char* what) {
  if (!is_array_like(v)) throw InvalidArgument(std::string(what) + " must be an Array or a typed array of numbers");
  return emscripten::convertJSArrayToNumberVector<double>(v);
}

double number(const val& v, const std::string& key) {
  if (!v.isNumber()) throw InvalidArgument("option '" + key + "' must be a number");
  return v.as<double>();
}

bool boolean(const val& v, const std::string& key) {
  if (!v.isTrue() && !v.isFalse()) throw InvalidArgument("option '" + key + "' must be true or false");
  return v.isTrue();
}

std::vector<std::string> keys(const val& obj, const char* what) {
  if (obj.isUndefined() || obj.isNull()) return {};
  if (obj.typeOf().as<std::string>() != "object" || obj.isArray())
    throw InvalidArgument(std::string(what) + " must be an object");
  return emscripten::vecFromJSArray<std::string>(val::global("Object").call<val>("keys", obj));
}

/// The `units` option: a string with a spelling units.hpp accepts.
Units units_option(const val& v) {
  if (!v.isString()) throw InvalidArgument("option 'units' must be a string ('m/s^2' or 'g')");
  return parse_units(v.as<std::string>());  // the spellings Python and the C ABI accept
}

/// The `model` option: the model's JSON text.
std::string model_option(const val& v) {
  if (!v.isString()) throw InvalidArgument("option 'model' must be the model's JSON text");
  return v.as<std::string>();
}

/// The model a `model` option names, or the default model.
Classifier model_from(const std::optional<std::string>& json) {
  return json ? Classifier::from_json(*json) : Classifier::default_model();
}

/// A JavaScript Array of the model's class names (model order).
val class_names(const Classifier& model) {
  val out = val::array();
  for (const auto& c : model.classes()) out.call<void>("push", c);
  return out;
}

/// A JavaScript Array of the label names of `labels` (decision.hpp's names).
template <class Labels>
val label_names(const Labels& labels) {
  val out = val::array();
  for (MovementClass c : labels) out.call<void>("push", std::string(label_name(c)));
  return out;
}

// Option tables: one entry per field, so the setter, the defaults and the "known options" message agree.
template <class Cfg>
using Field = std::pair<const char*, double Cfg::*>;

constexpr Field<DetectorConfig> kDetector[] = {
    {"fs", &DetectorConfig::fs},
    {"window_s", &DetectorConfig::window_s},
    {"hop_s", &DetectorConfig::hop_s},
    {"jitter_tolerance", &DetectorConfig::jitter_tolerance},
    {"max_gap_s", &DetectorConfig::max_gap_s},
};
constexpr auto& kSession = detail::session_number_fields;
constexpr const char* kOtherDetector[] = {"channels", "units", "second_sensor", "event_capacity", "model"};
constexpr const char* kOtherSession[] = {"first_session", "body_axis"};

template <class Cfg, std::size_t N>
bool set_field(Cfg& cfg, const Field<Cfg> (&table)[N], const std::string& key, const val& v) {
  for (const auto& [name, member] : table)
    if (key == name) {
      cfg.*member = number(v, key);
      return true;
    }
  return false;
}

template <class Cfg, std::size_t N>
void put_fields(val& out, const Cfg& cfg, const Field<Cfg> (&table)[N]) {
  for (const auto& [name, member] : table) out.set(name, cfg.*member);
}

template <class T, std::size_t N>
void append_names(std::string& s, const T (&table)[N]) {
  for (const auto& e : table) {
    if constexpr (std::is_same_v<T, const char*>) s += std::string(s.empty() ? "" : ", ") + e;
    else s += std::string(s.empty() ? "" : ", ") + e.first;
  }
}

struct Options {
  DetectorConfig detector;
  SessionConfig session;
  std::optional<std::string> model_json;
};

/// Parses the options object of a Detector (with_session false) or Session. Every key must be known.
Options parse_options(const val& opts, bool with_session) {
  Options o;
  for (const auto& key : keys(opts, "options")) {
    const val v = opts[key];
    if (set_field(o.detector, kDetector, key, v) || set_field(o.detector.hysteresis, detail::hysteresis_keyword_fields, key, v) ||
        set_field(o.detector.hysteresis, detail::hysteresis_gate_fields, key, v))
      continue;
    if (key == "channels") {
      const double c = number(v, key);
      if (!(c == 3 || c == 6)) throw InvalidArgument("option 'channels' must be 3 or 6");
      o.detector.channels = static_cast<std::size_t>(c);
    } else if (key == "units") {
      o.detector.units = units_option(v);
    } else if (key == "second_sensor") {
      o.detector.second_sensor = boolean(v, key);
    } else if (key == "event_capacity") {
      const double c = number(v, key);
      if (!(c >= 1 && c <= 1e6 && c == std::floor(c))) throw InvalidArgument("option 'event_capacity' must be 1..1e6");
      o.detector.event_capacity = static_cast<std::size_t>(c);
    } else if (key == "model") {
      o.model_json = model_option(v);
    } else if (with_session && set_field(o.session, kSession, key, v)) {
    } else if (with_session && key == "first_session") {
      o.session.first_session = boolean(v, key);
    } else if (with_session && key == "body_axis") {
      const auto a = numbers(v, "option 'body_axis'");
      if (a.size() != 3) throw InvalidArgument("option 'body_axis' must have 3 numbers");
      std::copy(a.begin(), a.end(), o.session.body_axis.begin());
    } else {
      std::string known;
      append_names(known, kDetector);
      append_names(known, kOtherDetector);
      append_names(known, detail::hysteresis_keyword_fields);
      append_names(known, detail::hysteresis_gate_fields);
      if (with_session) {
        append_names(known, kSession);
        append_names(known, kOtherSession);
      }
      throw InvalidArgument("unknown option '" + key + "' (known: " + known + ")");
    }
  }
  o.detector.hysteresis.validate();
  return o;
}

val defaults(bool with_session) {
  const Options o;
  val d = val::object();
  put_fields(d, o.detector, kDetector);
  put_fields(d, o.detector.hysteresis, detail::hysteresis_keyword_fields);
  put_fields(d, o.detector.hysteresis, detail::hysteresis_gate_fields);
  d.set("channels", static_cast<double>(o.detector.channels));
  d.set("units", std::string("m/s^2"));
  d.set("second_sensor", o.detector.second_sensor);
  d.set("event_capacity", static_cast<double>(o.detector.event_capacity));
  if (with_session) {
    put_fields(d, o.session, kSession);
    d.set("first_session", o.session.first_session);
    val axis = val::array();
    for (double a : o.session.body_axis) axis.call<void>("push", a);
    d.set("body_axis", axis);
  }
  return d;
}

val event_object(const Event& e) {
  val o = val::object();
  o.set("kind", std::string(to_string(e.kind)));
  o.set("label", !has_label(e.kind) ? val::null() : val(std::string(label_name(e.label))));
  o.set("time", e.time);
  o.set("detected_at", e.detected_at);
  o.set("confidence", e.confidence);
  o.set("frequency_hz", e.frequency_hz);
  o.set("amplitude", e.amplitude);
  o.set("peak_amplitude", e.peak_amplitude);
  o.set("duration", e.duration);
  return o;
}

val window_object(const Detector& d) {
  const WindowResult& w = d.latest();
  if (!w.valid) return val::null();
  const auto& classes = d.model().classes();
  val o = val::object();
  val proba = val::object();
  for (std::size_t i = 0; i < w.n_classes; ++i) proba.set(classes[i], w.proba[i]);
  o.set("index", static_cast<double>(w.index));
  o.set("segment", static_cast<double>(w.segment));
  o.set("t_start", w.t_start);
  o.set("t_end", w.t_end);
  // As Python's Detector.latest(): `label` is the window decision (decide(): may be `shaking`, kind
  // uncertain), `predicted` the most probable model class.
  o.set("label", std::string(label_name(w.label)));
  o.set("predicted", classes[w.predicted]);
  o.set("proba", proba);
  o.set("p_tremor", w.p_tremor);
  o.set("p_mimicked", w.p_mimicked);
  o.set("frequency_hz", w.frequency_hz);
  o.set("amplitude", w.amplitude);
  o.set("rhythm_hz", w.rhythm_hz);
  o.set("turn_deg_s", w.turn_deg_s);  // NaN: not known
  o.set("band_share", w.band_share);
  o.set("motion_rms", w.motion_rms);
  return o;
}

val counters_object(const Detector& d) {
  const auto& c = d.counters();
  const auto& s = d.timestamp_stats();
  val o = val::object();
  o.set("frames_pushed", static_cast<double>(c.frames_pushed));
  o.set("frames_accepted", static_cast<double>(c.frames_accepted));
  o.set("frames_rejected", static_cast<double>(c.frames_rejected));
  o.set("frames_unwindowed", static_cast<double>(c.frames_unwindowed));
  o.set("windows", static_cast<double>(c.windows));
  o.set("gaps", static_cast<double>(c.gaps));
  o.set("events", static_cast<double>(c.events));
  o.set("irregular_steps", static_cast<double>(s.irregular));
  o.set("max_abs_jitter_s", s.max_abs_jitter_s);
  o.set("gap_time_s", s.gap_time_s);
  return o;
}

const Detector& detector_of(const Detector& d) { return d; }
const Detector& detector_of(const Session& s) { return s.detector(); }

/// A Detector or Session behind a JavaScript handle.
template <class Core>
class Handle {
 public:
  explicit Handle(val opts) {
    try {
      Options o = parse_options(opts, std::is_same_v<Core, Session>);
      Classifier model = model_from(o.model_json);
      if constexpr (std::is_same_v<Core, Session>) core_.emplace(o.detector, o.session, std::move(model));
      else core_.emplace(o.detector, std::move(model));
    } catch (const std::exception& e) {
      error_ = e.what();
    }
  }
  std::string error() const { return error_; }

  /// frames: interleaved, channels values per frame; t: one timestamp per frame (s), or undefined/null.
  val push(val frames, val t) {
    return guarded([&] {
      const auto x = numbers(frames, "frames");
      std::vector<double> ts;
      if (!t.isUndefined() && !t.isNull()) ts = numbers(t, "timestamps");
      val out = val::array();
      core_->push(x, ts, [&](const Event& e) { out.call<void>("push", event_object(e)); });
      return out;
    });
  }
  val flush() {
    return guarded([&] {
      val out = val::array();
      core_->flush([&](const Event& e) { out.call<void>("push", event_object(e)); });
      return out;
    });
  }
  val latest() const { return window_object(detector_of(*core_)); }
  /// Detector::explain_latest(k): [{feature, value}], largest |value| first. k: a whole number >= 0.
  val explain_latest(val k) const {
    return guarded([&] {
      const double kk = k.isUndefined() || k.isNull() ? 3.0 : (k.isNumber() ? k.as<double>() : -1.0);
      if (!(kk >= 0 && kk <= 1e6 && kk == std::floor(kk)))
        throw InvalidArgument("explainLatest: k must be a whole number >= 0");
      val out = val::array();
      for (const auto& c : detector_of(*core_).explain_latest(static_cast<std::size_t>(kk))) {
        val o = val::object();
        o.set("feature", c.feature);
        o.set("value", c.value);
        out.call<void>("push", o);
      }
      return out;
    });
  }
  val counters() const { return counters_object(detector_of(*core_)); }
  val classes() const { return class_names(detector_of(*core_).model()); }
  double hop_s() const { return detector_of(*core_).hop_s(); }
  double window_samples() const { return static_cast<double>(detector_of(*core_).window_samples()); }
  double memory_bytes() const { return static_cast<double>(detector_of(*core_).memory_bytes()); }
  bool in_bout() const { return detector_of(*core_).in_bout(); }
  void reset() { core_->reset(); }
  std::string summary_json() const
    requires std::is_same_v<Core, Session>
  {
    return core_->summary_json();
  }

 private:
  std::optional<Core> core_;
  std::string error_;
};

class FilterHandle {
 public:
  FilterHandle(val sos, val channels) {
    try {
      if (!sos.isArray()) throw InvalidArgument("SosFilter: sos must be an Array of [b0, b1, b2, a0, a1, a2] rows");
      Sos s;
      const auto rows = sos["length"].as<unsigned>();
      for (unsigned i = 0; i < rows; ++i) {
        const auto r = numbers(sos[i], "SosFilter: each sos row");
        if (r.size() != 6) throw InvalidArgument("SosFilter: each sos row must have 6 numbers");
        s.push_back({r[0], r[1], r[2], r[3], r[4], r[5]});
      }
      const double c = number(channels, "channels");
      if (!(c >= 1 && c <= 1024 && c == std::floor(c))) throw InvalidArgument("SosFilter: channels must be 1..1024");
      filt_.emplace(s, static_cast<std::size_t>(c));
    } catch (const std::exception& e) {
      error_ = e.what();
    }
  }
  std::string error() const { return error_; }
  /// Filters interleaved frames; returns a Float64Array of the same length.
  val process(val x) {
    return guarded([&] {
      auto v = numbers(x, "SosFilter.process: x");
      if (v.size() % filt_->channels() != 0)
        throw InvalidInput("SosFilter.process: " + std::to_string(v.size()) + " values are not whole frames of " +
                           std::to_string(filt_->channels()) + " channels");
      for (double s : v)
        if (!std::isfinite(s)) throw InvalidInput("SosFilter.process: input contains NaN or Inf");
      filt_->process(v, v);
      return float64_array(v);
    });
  }
  val init_steady_state(val frame) {
    return guarded([&] {
      const auto v = numbers(frame, "SosFilter.initSteadyState: frame");
      if (v.size() != filt_->channels())
        throw InvalidInput("SosFilter.initSteadyState: frame must have " + std::to_string(filt_->channels()) + " values");
      filt_->init_steady_state(v);
      return val::undefined();
    });
  }
  void reset() { filt_->reset(); }

 private:
  std::optional<SosFilter<double>> filt_;
  std::string error_;
};

/// scipy.signal.butter(order, wn, btype, fs=fs, output="sos") as an Array of 6-number rows.
val butter_js(val order, val wn, val btype, val fs) {
  return guarded([&] {
    const double n = number(order, "order");
    if (!(n == std::floor(n))) throw InvalidArgument("butter: order must be an integer");
    if (!btype.isString()) throw InvalidArgument("butter: btype must be a string such as 'bandpass'");
    const BandType type = parse_band_type(btype.as<std::string>().c_str());
    const double f = fs.isUndefined() ? 2.0 : number(fs, "fs");
    Sos sos;
    if (wn.isNumber()) {
      sos = butter(static_cast<int>(n), wn.as<double>(), type, f);
    } else {
      const auto e = numbers(wn, "butter: wn");
      if (e.size() != 2) throw InvalidArgument("butter: wn must be a number or two band edges");
      sos = butter(static_cast<int>(n), std::array<double, 2>{e[0], e[1]}, type, f);
    }
    val out = val::array();
    for (const auto& s : sos) {
      val row = val::array();
      for (double c : {s.b0, s.b1, s.b2, s.a0, s.a1, s.a2}) row.call<void>("push", c);
      out.call<void>("push", row);
    }
    return out;
  });
}

/// Every window of a recorded array (classify_recording, the C++ batch path Python's classify() uses):
/// options { fs, units, window_s, hop_s, model } (an unknown key throws). Returns { classes, labels, proba
/// (Float64Array, n_windows x n_classes row-major), start_s, end_s, centre_s, amplitude, rhythm_hz, turn_deg_s, window_s,
/// hop_s }.
val classify_js(val frames, val opts) {
  return guarded([&] {
    double fs = DetectorConfig{}.fs, window_s = 0, hop_s = 0;
    Units units = Units::m_per_s2;
    std::optional<std::string> model_json;
    for (const auto& key : keys(opts, "options")) {
      const val v = opts[key];
      if (key == "fs") fs = number(v, key);
      else if (key == "window_s") window_s = number(v, key);
      else if (key == "hop_s") hop_s = number(v, key);
      else if (key == "units") units = units_option(v);
      else if (key == "model") model_json = model_option(v);
      else throw InvalidArgument("classify: unknown option '" + key + "' (known: fs, units, window_s, hop_s, model)");
    }
    const auto x = numbers(frames, "frames");
    const Classifier model = model_from(model_json);
    const BatchResult r = classify_recording(x, fs, units, model, window_s, hop_s);
    val out = val::object();
    out.set("classes", class_names(model));
    out.set("labels", label_names(r.labels));
    out.set("proba", float64_array(r.proba));
    out.set("start_s", float64_array(r.start_s));
    out.set("end_s", float64_array(r.end_s));
    out.set("centre_s", float64_array(r.centre_s));
    out.set("amplitude", float64_array(r.amplitude));
    out.set("rhythm_hz", float64_array(r.rhythm_hz));
    out.set("turn_deg_s", float64_array(r.turn_deg_s));
    out.set("window_s", r.window_s);
    out.set("hop_s", r.hop_s);
    return out;
  });
}

/// Every label a window, event or bout can carry: the core's list and names (decision.hpp).
val labels_js() { return label_names(all_labels); }

val event_kinds_js() {
  val out = val::array();
  for (int i = 0; i < 256; ++i) {
    const std::string name = to_string(static_cast<EventKind>(i));
    if (name == "unknown") break;
    out.call<void>("push", name);
  }
  return out;
}

std::string version_js() { return TREMORLAB_VERSION_STRING; }

template <class Core>
void bind_core(const char* name) {
  emscripten::class_<Handle<Core>> c(name);
  c.template constructor<val>()
      .function("error", &Handle<Core>::error)
      .function("push", &Handle<Core>::push)
      .function("flush", &Handle<Core>::flush)
      .function("latest", &Handle<Core>::latest)
      .function("explain_latest", &Handle<Core>::explain_latest)
      .function("counters", &Handle<Core>::counters)
      .function("classes", &Handle<Core>::classes)
      .function("hop_s", &Handle<Core>::hop_s)
      .function("window_samples", &Handle<Core>::window_samples)
      .function("memory_bytes", &Handle<Core>::memory_bytes)
      .function("in_bout", &Handle<Core>::in_bout)
      .function("reset", &Handle<Core>::reset);
  if constexpr (std::is_same_v<Core, Session>) c.function("summary_json", &Handle<Core>::summary_json);
}

}  // namespace
}  // namespace tremorlab::wasm

EMSCRIPTEN_BINDINGS(tremorlab) {
  using namespace tremorlab::wasm;
  bind_core<tremorlab::Detector>("DetectorHandle");
  bind_core<tremorlab::Session>("SessionHandle");
  emscripten::class_<FilterHandle>("SosFilterHandle")
      .constructor<emscripten::val, emscripten::val>()
      .function("error", &FilterHandle::error)
      .function("process", &FilterHandle::process)
      .function("init_steady_state", &FilterHandle::init_steady_state)
      .function("reset", &FilterHandle::reset);
  emscripten::function("butter", &butter_js);
  emscripten::function("classify", &classify_js);
  emscripten::function("labels", &labels_js);
  emscripten::function("event_kinds", &event_kinds_js);
  emscripten::function("version", &version_js);
  emscripten::function("detector_defaults", +[] { return defaults(false); });
  emscripten::function("session_defaults", +[] { return defaults(true); });
}
