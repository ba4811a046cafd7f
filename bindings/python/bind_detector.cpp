// tremorlab._core.DetectorCore / SessionCore: the streaming detector and the shaking session. The public
// Python classes (tremorlab.Detector, tremorlab.Session, tremorlab.Event) wrap these.
#include <algorithm>
#include <iterator>
#include <optional>
#include <utility>
#include <string>
#include <vector>

#include "common.hpp"
#include "tremorlab/detail/hysteresis_fields.hpp"
#include "tremorlab/detail/session_fields.hpp"
#include "tremorlab/detector.hpp"
#include "tremorlab/session.hpp"
#include "tremorlab/session_recording.hpp"

namespace tremorlab::py_bind {
namespace {

using Arr = py::array_t<double, py::array::c_style | py::array::forcecast>;

DetectorConfig make_config(double fs, std::size_t channels, const std::string& units, double window_s, double hop_s,
                           double enter, double exit, double min_on_s, double min_off_s, double jitter_tolerance,
                           double max_gap_s, double mimicked_enter, bool second_sensor) {
  DetectorConfig c;
  c.fs = fs;
  c.channels = channels;
  c.second_sensor = second_sensor;
  c.units = parse_units(units);
  c.window_s = window_s;
  c.hop_s = hop_s;
  c.hysteresis.enter_threshold = enter;
  c.hysteresis.exit_threshold = exit;
  c.hysteresis.min_on_s = min_on_s;
  c.hysteresis.min_off_s = min_off_s;
  c.hysteresis.mimicked_enter_threshold = mimicked_enter;
  c.jitter_tolerance = jitter_tolerance;
  c.max_gap_s = max_gap_s;
  return c;
}

// The HysteresisConfig fields without a keyword of their own (tremorlab.Detector(hysteresis={...})); the
// table (detail/hysteresis_fields.hpp) serves the setter and hysteresis_defaults().
constexpr auto& kGateFields = detail::hysteresis_gate_fields;

// Assigns each number of `numbers` to the field its name gives in `fields` (a name -> member table of
// detail/*_fields.hpp): InvalidArgument with `unknown(name)` for a name the table lacks, TypeError naming the
// setting as `label(name)` for a value that is not a number.
template <class Config, std::size_t N, class Label, class Unknown>
void set_numbers(Config& c, const std::pair<const char*, double Config::*> (&fields)[N], const py::dict& numbers,
                 Label label, Unknown unknown) {
  for (const auto& [key, value] : numbers) {
    const auto name = py::cast<std::string>(py::str(key));
    const auto* f = std::find_if(std::begin(fields), std::end(fields), [&](const auto& e) { return name == e.first; });
    if (f == std::end(fields)) throw InvalidArgument(unknown(name));
    if (!py::isinstance<py::float_>(value) && !py::isinstance<py::int_>(value))
      throw py::type_error(label(name) + " must be a number");
    c.*(f->second) = py::cast<double>(value);
  }
}

void apply_gates(DetectorConfig& c, const py::dict& gates) {
  set_numbers(
      c.hysteresis, kGateFields, gates, [](const std::string& n) { return "hysteresis['" + n + "']"; },
      [](const std::string& n) {
        std::string names;
        for (const auto& f : kGateFields) names += std::string(names.empty() ? "" : ", ") + f.first;
        return "unknown hysteresis setting '" + n + "' (known: " + names +
               "; thresholds and min_on_s/min_off_s are keywords of their own)";
      });
  c.hysteresis.validate();
}

// SessionConfig's numbers by name (detail::session_number_fields, the table session_defaults() reads):
// a field added to the struct and the table reaches Python without another argument here.
void apply_session_numbers(SessionConfig& s, const py::dict& numbers) {
  set_numbers(
      s, detail::session_number_fields, numbers, [](const std::string& n) { return n; },
      [](const std::string& n) { return "unknown session setting '" + n + "'"; });
}

py::dict gate_defaults() {
  const HysteresisConfig h{};
  py::dict d;
  for (const auto& [field, member] : kGateFields) d[field] = h.*member;
  return d;
}

// The defaults of the keywords tremorlab.Detector / tremorlab.Session take one by one: read from the C++
// config structs, so the Python signatures repeat no number.
py::dict detector_defaults() {
  const DetectorConfig c{};
  py::dict d;
  for (const auto& [field, member] : detail::hysteresis_keyword_fields) d[field] = c.hysteresis.*member;
  d["jitter_tolerance"] = c.jitter_tolerance;
  d["max_gap_s"] = c.max_gap_s;
  return d;
}

py::dict session_defaults() {
  const SessionConfig s{};
  py::dict d;
  d["first_session"] = s.first_session;
  for (const auto& [field, member] : detail::session_number_fields) d[field] = s.*member;
  return d;
}

Classifier make_model(const std::optional<std::string>& model_json) {
  return model_json ? Classifier::from_json(*model_json) : Classifier::default_model();
}

// (kind, label, time, detected_at, confidence, frequency_hz, amplitude, peak_amplitude, duration)
py::tuple event_tuple(const Event& e) {
  py::object label = !has_label(e.kind) ? py::object(py::none()) : py::object(py::str(to_string(e.label)));
  return py::make_tuple(to_string(e.kind), label, e.time, e.detected_at, e.confidence, e.frequency_hz, e.amplitude,
                        e.peak_amplitude, e.duration);
}

py::list to_list(const std::vector<Event>& ev) {
  py::list out;
  for (const auto& e : ev) out.append(event_tuple(e));
  return out;
}

/// Validates shapes in Python terms (TypeError/ValueError) and returns the flat frames + timestamps.
struct Block {
  Arr x;
  std::optional<Arr> t;
  std::size_t n = 0;
};
Block as_block(const py::handle& samples, const py::handle& t, std::size_t channels) {
  Block b;
  b.x = as_f64(samples, "samples", /*require_finite=*/false);  // NaN/Inf -> C++ InvalidInput with frame index
  if (b.x.ndim() == 1 && static_cast<std::size_t>(b.x.shape(0)) == channels) {
    b.n = 1;
  } else if (b.x.ndim() == 2 && static_cast<std::size_t>(b.x.shape(1)) == channels) {
    b.n = static_cast<std::size_t>(b.x.shape(0));
  } else if (b.x.ndim() == 2 && b.x.shape(1) != 3 && b.x.shape(1) != 6) {
    throw py::value_error("samples: expected shape (n, " + std::to_string(channels) + "), got " + shape_text(b.x));
  } else {
    throw py::value_error("samples: expected shape (n, " + std::to_string(channels) + ") or (" +
                          std::to_string(channels) + ",) for this detector, got " + shape_text(b.x));
  }
  if (!t.is_none()) {
    Arr ta = as_f64(t, "t", /*require_finite=*/false);  // non-finite -> TimestampError
    if (ta.ndim() > 1 || static_cast<std::size_t>(ta.size()) != b.n)
      throw py::value_error("t: expected " + std::to_string(b.n) + " timestamps (one per sample), got " +
                            std::to_string(ta.size()));
    b.t = std::move(ta);
  }
  return b;
}

py::dict window_dict(const WindowResult& w, const Classifier& clf) {
  py::dict d;
  if (!w.valid) return d;
  py::dict proba;
  for (std::size_t i = 0; i < w.n_classes; ++i) proba[py::str(clf.classes()[i])] = w.proba[i];
  d["index"] = w.index;
  d["segment"] = w.segment;
  d["t_start"] = w.t_start;
  d["t_end"] = w.t_end;
  d["label"] = to_string(w.label);  // the decision (decision.hpp): may be "shaking"
  d["proba"] = proba;
  d["p_tremor"] = w.p_tremor;
  d["p_mimicked"] = w.p_mimicked;
  d["frequency_hz"] = w.frequency_hz;
  d["amplitude"] = w.amplitude;
  d["rhythm_hz"] = w.rhythm_hz;  // strongest rhythm (broad_peak_frequency): decide() takes it
  d["band_share"] = w.band_share;
  d["gravity"] = py::make_tuple(w.gravity[0], w.gravity[1], w.gravity[2]);
  d["turn_deg_s"] = w.turn_deg_s;  // decide()'s posture (NaN: not known)
  d["motion_rms"] = w.motion_rms;
  d["gyro_rms"] = w.gyro_rms < 0 ? py::object(py::none()) : py::object(py::float_(w.gyro_rms));
  d["coherence"] = w.coherence < 0 ? py::object(py::none()) : py::object(py::float_(w.coherence));
  return d;
}

// The latest window's features (a copy) and Detector::explain_latest as (name, value) tuples.
py::array_t<double> latest_features(const Detector& d) {
  const auto f = d.latest_features();
  return py::array_t<double>(py::ssize_t(f.size()), f.data());
}
py::list explain_latest(const Detector& d, std::size_t k) {
  py::list out;
  for (const auto& c : d.explain_latest(k)) out.append(py::make_tuple(c.feature, c.value));
  return out;
}

py::dict counters_dict(const Detector& d) {
  const auto& c = d.counters();
  const auto& s = d.timestamp_stats();
  py::dict o;
  o["frames_pushed"] = c.frames_pushed;
  o["frames_accepted"] = c.frames_accepted;
  o["frames_rejected"] = c.frames_rejected;
  o["frames_unwindowed"] = c.frames_unwindowed;
  o["windows"] = c.windows;
  o["gaps"] = c.gaps;
  o["events"] = c.events;
  o["irregular_steps"] = s.irregular;
  o["max_abs_jitter_s"] = s.max_abs_jitter_s;
  o["gap_time_s"] = s.gap_time_s;
  return o;
}

template <class Obj>
py::list push_impl(Obj& obj, std::size_t channels, const py::handle& samples, const py::handle& t) {
  Block b = as_block(samples, t, channels);
  std::vector<Event> ev;
  {
    py::gil_scoped_release release;
    std::span<const double> x(b.x.data(), b.n * channels);
    std::span<const double> ts = b.t ? std::span<const double>(b.t->data(), b.n) : std::span<const double>{};
    obj.push(x, ts, [&](const Event& e) { ev.push_back(e); });
  }
  return to_list(ev);
}

}  // namespace

void bind_detector(py::module_& m) {
  m.def("detector_defaults", &detector_defaults,
        "Defaults of the detector settings tremorlab.Detector takes as keywords (from DetectorConfig).");
  m.def("session_defaults", &session_defaults,
        "Defaults of the session settings tremorlab.Session takes as keywords (from SessionConfig).");
  m.def("hysteresis_defaults", &gate_defaults,
        "Default values of the detector's hysteresis gates that tremorlab.Detector(hysteresis=...) accepts.");
  py::class_<Detector>(m, "DetectorCore", "Streaming tremor detector (use tremorlab.Detector).")
      .def(py::init([](double fs, std::size_t channels, const std::string& units, double window_s, double hop_s,
                       double enter, double exit, double min_on_s, double min_off_s, double jitter_tolerance,
                       double max_gap_s, double mimicked_enter, std::size_t event_capacity,
                       const std::optional<std::string>& model_json, const py::dict& hysteresis, bool second_sensor) {
             DetectorConfig c = make_config(fs, channels, units, window_s, hop_s, enter, exit, min_on_s, min_off_s,
                                            jitter_tolerance, max_gap_s, mimicked_enter, second_sensor);
             apply_gates(c, hysteresis);
             c.event_capacity = event_capacity;
             return Detector(c, make_model(model_json));
           }),
           py::arg("fs"), py::arg("channels"), py::arg("units"), py::arg("window_s"), py::arg("hop_s"),
           py::arg("enter_threshold"), py::arg("exit_threshold"), py::arg("min_on_s"), py::arg("min_off_s"),
           py::arg("jitter_tolerance"), py::arg("max_gap_s"), py::arg("mimicked_enter_threshold"),
           py::arg("event_capacity") = 64,
           py::arg("model_json") = py::none(), py::arg("hysteresis") = py::dict(), py::arg("second_sensor") = false)
      .def("push", [](Detector& d, const py::handle& s, const py::handle& t) { return push_impl(d, d.channels(), s, t); },
           py::arg("samples"), py::arg("t") = py::none())
      .def("flush", [](Detector& d) {
        std::vector<Event> ev;
        d.flush([&](const Event& e) { ev.push_back(e); });
        return to_list(ev);
      })
      .def("latest", [](const Detector& d) { return window_dict(d.latest(), d.model()); })
      .def("latest_features", [](const Detector& d) { return latest_features(d); })
      .def("explain_latest", [](const Detector& d, std::size_t k) { return explain_latest(d, k); }, py::arg("k") = 3)
      .def("reset", &Detector::reset)
      .def("memory_bytes", &Detector::memory_bytes)
      .def("state_bytes", &Detector::state_bytes)
      .def("counters", &counters_dict)
      .def_property_readonly("window_samples", &Detector::window_samples)
      .def_property_readonly("hop_samples", &Detector::hop_samples)
      .def_property_readonly("hop_s", &Detector::hop_s)
      .def_property_readonly("channels", &Detector::channels)
      .def_property_readonly("in_bout", &Detector::in_bout)
      .def_property_readonly("classes", [](const Detector& d) { return d.model().classes(); });

  py::class_<Session>(m, "SessionCore", "Shaking session on top of the detector (use tremorlab.Session).")
      .def(py::init([](double fs, std::size_t channels, const std::string& units, double window_s, double hop_s,
                       double enter, double exit, double min_on_s, double min_off_s, double jitter_tolerance,
                       double max_gap_s, double mimicked_enter, const std::optional<std::string>& model_json,
                       bool first_session, std::optional<std::array<double, 3>> body_axis,
                       const py::dict& session, const py::dict& hysteresis, bool second_sensor) {
             DetectorConfig c = make_config(fs, channels, units, window_s, hop_s, enter, exit, min_on_s, min_off_s,
                                            jitter_tolerance, max_gap_s, mimicked_enter, second_sensor);
             apply_gates(c, hysteresis);
             SessionConfig s;
             s.first_session = first_session;
             if (body_axis) s.body_axis = *body_axis;
             apply_session_numbers(s, session);
             return Session(c, s, make_model(model_json));
           }),
           py::arg("fs"), py::arg("channels"), py::arg("units"), py::arg("window_s"), py::arg("hop_s"),
           py::arg("enter_threshold"), py::arg("exit_threshold"), py::arg("min_on_s"), py::arg("min_off_s"),
           py::arg("jitter_tolerance"), py::arg("max_gap_s"), py::arg("mimicked_enter_threshold"),
           py::arg("model_json"), py::arg("first_session"), py::arg("body_axis"), py::arg("session") = py::dict(),
           py::arg("hysteresis") = py::dict(), py::arg("second_sensor") = false)
      .def("push",
           [](Session& s, const py::handle& x, const py::handle& t) {
             return push_impl(s, s.detector().channels(), x, t);
           },
           py::arg("samples"), py::arg("t") = py::none())
      .def("flush", [](Session& s) {
        std::vector<Event> ev;
        s.flush([&](const Event& e) { ev.push_back(e); });
        return to_list(ev);
      })
      .def(
          "run",
          [](Session& s, const py::handle& samples, const py::handle& t) {
            Block b = as_block(samples, t, s.detector().channels());
            SessionRecording r;
            {
              py::gil_scoped_release release;
              std::span<const double> x(b.x.data(), b.n * s.detector().channels());
              std::span<const double> ts = b.t ? std::span<const double>(b.t->data(), b.n) : std::span<const double>{};
              r = run_session(s, x, ts);
            }
            py::dict d = batch_result_dict(r.windows);
            d["segment"] = py::array_t<std::uint64_t>(py::ssize_t(r.segment.size()), r.segment.data());
            d["events"] = to_list(r.events);
            return d;
          },
          py::arg("samples"), py::arg("t") = py::none(),
          "tremorlab::run_session: pushes the samples, flushes, and returns every window's row (as "
          "classify_recording's, times on the stream clock; plus segment) and the events.")
      .def_property_readonly("model", [](const Session& s) { return s.detector().model(); })
      .def("summary_json", [](const Session& s) { return s.summary_json(); })
      .def("latest", [](const Session& s) { return window_dict(s.detector().latest(), s.detector().model()); })
      .def("latest_features", [](const Session& s) { return latest_features(s.detector()); })
      .def("explain_latest", [](const Session& s, std::size_t k) { return explain_latest(s.detector(), k); },
           py::arg("k") = 3)
      .def("counters", [](const Session& s) { return counters_dict(s.detector()); })
      .def("memory_bytes", [](const Session& s) { return s.detector().memory_bytes(); })
      .def("reset", &Session::reset);
}

}  // namespace tremorlab::py_bind
