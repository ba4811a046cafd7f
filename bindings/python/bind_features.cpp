// Python bindings of the feature extractor, the classifier and the batch windowing driver.
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <tremorlab/batch.hpp>
#include <tremorlab/classifier.hpp>
#include <tremorlab/features.hpp>
#include <tremorlab/decision.hpp>
#include <tremorlab/timestamps.hpp>
#include <tremorlab/units.hpp>

#include "common.hpp"

namespace tremorlab::py_bind {
namespace {

FeatureConfig make_config(double fs, double window_s, double hop_s, const std::string& units, double band_lo,
                          double band_hi) {
  FeatureConfig c;
  c.fs = fs;
  c.window_s = window_s;
  c.hop_s = hop_s;
  c.units = parse_units(units);
  c.band_lo = band_lo;
  c.band_hi = band_hi;
  return c;
}

using F64 = py::array_t<double, py::array::c_style | py::array::forcecast>;

// (n, 3) acceleration as a C-contiguous float64 array; TypeError for non-real dtypes, ValueError otherwise.
F64 as_acc(const py::handle& obj, const char* name = "acc") {
  auto a = as_f64(obj, name);
  if (a.ndim() != 2 || a.shape(1) != 3)
    throw py::value_error(std::string(name) + " must have shape (n, 3) (x, y, z columns), got shape " + shape_text(a));
  return a;
}

// The optional second sensor of batch_features / classify_recording: an empty span for None.
struct OtherSensor {
  F64 arr;
  std::span<const double> span;
  explicit OtherSensor(const py::object& other) {
    if (other.is_none()) return;
    arr = as_acc(other, "other");
    span = {arr.data(), std::size_t(arr.size())};
  }
};

// Feature rows: 1-D (one row) or 2-D (rows, n_features).
F64 as_rows(const py::handle& obj, std::size_t nf, py::ssize_t& rows) {
  auto a = as_f64(obj, "features", /*require_finite=*/false);
  if (a.ndim() == 1) rows = 1;
  else if (a.ndim() == 2) rows = a.shape(0);
  else throw py::value_error("features must be 1-D or 2-D");
  if (a.shape(a.ndim() - 1) != py::ssize_t(nf))
    throw py::value_error("features must have " + std::to_string(nf) + " columns, got " +
                          std::to_string(a.shape(a.ndim() - 1)));
  return a;
}

// Label names (str array) of decided labels.
py::array label_names(std::span<const MovementClass> labels) {
  py::list names;
  for (MovementClass c : all_labels) names.append(py::str(to_string(c)));
  py::array_t<std::uint8_t> idx(py::ssize_t(labels.size()));
  for (std::size_t i = 0; i < labels.size(); ++i) idx.mutable_at(py::ssize_t(i)) = std::uint8_t(labels[i]);
  return py::module_::import("numpy").attr("array")(names).attr("__getitem__")(idx);
}

// A DecisionConfig from a mapping of field name -> number (None: the fallback defaults). Unknown names and
// out-of-range values are ValueErrors, non-numbers TypeErrors.
DecisionConfig decision_config(const py::handle& cfg) {
  DecisionConfig c;
  if (cfg.is_none()) return c;
  if (!py::hasattr(cfg, "items")) throw py::type_error("config must be a mapping of DecisionConfig field -> number");
  for (const auto& item : cfg.attr("items")()) {
    const auto kv = py::reinterpret_borrow<py::tuple>(item);
    const std::string name = py::str(kv[0]);
    double DecisionConfig::*member = nullptr;
    for (const auto& [field, m] : decision_fields)
      if (name == field) member = m;
    if (member == nullptr)
      throw py::value_error("unknown decision setting '" + name + "' (known: " + decision_field_names() + ")");
    const py::handle v = kv[1];
    if (py::isinstance<py::bool_>(v) || !(py::isinstance<py::float_>(v) || py::isinstance<py::int_>(v) ||
                                          py::hasattr(v, "__float__")))
      throw py::type_error("decision setting '" + name + "' must be a number");
    c.*member = py::cast<double>(v);
  }
  c.validate();
  return c;
}

py::dict decision_dict(const DecisionConfig& c) {
  py::dict d;
  for (const auto& [field, member] : decision_fields) d[field] = c.*member;
  return d;
}

}  // namespace

py::dict batch_result_dict(const BatchResult& r) {
  auto vec = [](const std::vector<double>& v) { return py::array_t<double>(py::ssize_t(v.size()), v.data()); };
  auto mat = [](const std::vector<double>& v, std::size_t rows, std::size_t cols) {
    return py::array_t<double>({py::ssize_t(rows), py::ssize_t(cols)}, v.data());
  };
  py::dict d;
  d["features"] = mat(r.features, r.n_windows, r.n_features);
  d["proba"] = mat(r.proba, r.n_windows, r.n_classes);
  d["labels"] = label_names(r.labels);  // decide()'s label names (may be "shaking")
  d["start"] = vec(r.start_s);
  d["end"] = vec(r.end_s);
  d["centre"] = vec(r.centre_s);
  d["amplitude"] = vec(r.amplitude);
  d["rhythm_hz"] = vec(r.rhythm_hz);
  d["turn_deg_s"] = vec(r.turn_deg_s);
  d["window_s"] = r.window_s;
  d["hop_s"] = r.hop_s;
  return d;
}

void bind_features(py::module_& m) {
  m.def("feature_names", []() { return FeatureExtractor::names(); }, "Feature names in output order.");
  // The unit rules live in units.hpp (tremorlab.units asks them), the label names in decision.hpp.
  m.attr("standard_gravity") = standard_gravity;
  m.attr("default_max_gap_s") = TimestampConfig{}.max_gap_s;
  m.attr("rate_tolerance") = rate_tolerance;
  // The analysis defaults (the default model's window and hop, the tremor band), written once in FeatureConfig.
  m.attr("default_window_s") = FeatureConfig{}.window_s;
  m.attr("default_hop_s") = FeatureConfig{}.hop_s;
  m.attr("default_band") = py::make_tuple(FeatureConfig{}.band_lo, FeatureConfig{}.band_hi);
  // The effective bandwidth at and above which a window has no rhythm (rhythm_of gives 0; never shaking).
  m.attr("no_rhythm_bandwidth_hz") = FeatureExtractor::no_rhythm_bandwidth_hz;
  // The most hidden units a model file may have (the classifier keeps the activations in a stack array).
  m.attr("max_hidden_units") = Classifier::max_hidden;
  m.def(
      "find_gaps",
      [](const py::array_t<double, py::array::c_style | py::array::forcecast>& t, double max_gap_s) {
        if (t.ndim() != 1) throw py::value_error("t must be 1-D");
        const auto g = find_gaps({t.data(), std::size_t(t.size())}, max_gap_s);
        py::array_t<py::ssize_t> out(py::ssize_t(g.size()));
        for (std::size_t i = 0; i < g.size(); ++i) out.mutable_at(py::ssize_t(i)) = py::ssize_t(g[i]);
        return out;
      },
      py::arg("t"), py::arg("max_gap_s"),
      "Indices i with t[i + 1] - t[i] > max_gap_s: the detector's gap rule (tremorlab::find_gaps).");
  m.def("parse_units", [](const std::string& u) { return std::string(to_string(parse_units(u))); }, py::arg("units"),
        "Canonical spelling ('m/s^2' or 'g') of a unit spelling; ValueError for an unknown one.");
  m.def(
      "labels",
      []() {
        std::vector<std::string> out;
        for (MovementClass c : all_labels) out.emplace_back(to_string(c));
        return out;
      },
      "Every label a window, bout or event can get (rest, voluntary, tremor, mimicked, shaking), from the C++ core.");
  m.def("count_windows", &count_windows, py::arg("frames"), py::arg("window"), py::arg("hop"));
  m.def(
      "window_times",
      [](std::size_t n_windows, std::size_t window_frames, std::size_t hop_frames, double fs) {
        if (!(std::isfinite(fs) && fs > 0)) throw py::value_error("fs must be finite and > 0");
        const auto n = static_cast<py::ssize_t>(n_windows);
        py::array_t<double> start(n), end(n), centre(n);
        for (std::size_t k = 0; k < n_windows; ++k) {
          const WindowTimes w = window_times(k, window_frames, hop_frames, fs);
          start.mutable_at(py::ssize_t(k)) = w.start;
          end.mutable_at(py::ssize_t(k)) = w.end;
          centre.mutable_at(py::ssize_t(k)) = w.centre;
        }
        return py::make_tuple(start, end, centre);
      },
      py::arg("n_windows"), py::arg("window_frames"), py::arg("hop_frames"), py::arg("fs"),
      "(start, end, centre) of batch windows 0..n_windows-1, s from the first frame (tremorlab::window_times).");
  // f of each feature row of `x` (n, n_features) -> (n,): what decide() takes, for callers that kept only features.
  auto map_rows = [](const py::handle& x, const auto& f) {
    py::ssize_t rows = 0;
    auto a = as_rows(x, FeatureExtractor::size(), rows);
    py::array_t<double> out(rows);
    for (py::ssize_t r = 0; r < rows; ++r)
      out.mutable_at(r) = f(std::span<const double>(a.data() + r * py::ssize_t(FeatureExtractor::size()),
                                                    FeatureExtractor::size()));
    return out;
  };
  m.def(
      "band_rms_of_features", [map_rows](const py::handle& x) { return map_rows(x, &FeatureExtractor::band_rms_of); },
      py::arg("X"),
      "Band-passed RMS acceleration (m/s^2) of each feature row, from its log_band_power "
      "(FeatureExtractor::band_rms_of): the amplitude decide() takes, for callers that kept only features.");
  // The rhythm rule's threshold depends on the analysis (its bins), so the caller names the analysis.
  auto analysis = [](double fs, double window_s) {
    return FeatureExtractor(make_config(fs, window_s, FeatureConfig{}.hop_s, "m/s^2", FeatureConfig{}.band_lo,
                                        FeatureConfig{}.band_hi));
  };
  m.def(
      "no_rhythm_entropy", [analysis](double fs, double window_s) { return analysis(fs, window_s).no_rhythm_entropy(); },
      py::arg("fs") = FeatureConfig{}.fs, py::arg("window_s") = FeatureConfig{}.window_s,
      "The spectral_entropy above which a window analysed at `fs` (Hz) with `window_s` (s) has no rhythm: "
      "no_rhythm_bandwidth_hz in that analysis' bins (0.88 at the default analysis; above 1, never, when the "
      "spectrum holds too few bins, e.g. at 25 Hz).");
  m.def(
      "rhythm_of_features",
      [analysis, map_rows](const py::handle& x, double fs, double window_s) {
        const FeatureExtractor fx = analysis(fs, window_s);
        return map_rows(x, [&fx](std::span<const double> row) { return fx.rhythm_of(row); });
      },
      py::arg("X"), py::arg("fs") = FeatureConfig{}.fs, py::arg("window_s") = FeatureConfig{}.window_s,
      "Shaking rhythm (Hz) of each feature row, its broad_peak_frequency, or 0 when the row has none "
      "(spectral_entropy above no_rhythm_entropy(fs, window_s), or a rhythm slower than 3 Hz with under a quarter "
      "of the movement power in the tremor band: a slower movement's harmonics; FeatureExtractor::rhythm_of): the "
      "rhythm_hz decide() takes, for callers that kept only features of windows analysed at `fs` with "
      "`window_s`.");
  m.def(
      "shaking_frequency",
      [](const py::handle& dominant_hz, const py::handle& rhythm_hz, double band_lo_hz) {
        // TypeError for non-numbers (as_f64); NaN passes through the rule as it does in the Detector.
        auto d = as_f64(dominant_hz, "dominant_hz", /*require_finite=*/false);
        auto r = as_f64(rhythm_hz, "rhythm_hz", /*require_finite=*/false);
        if (d.ndim() != 1 || r.ndim() != 1 || d.size() != r.size())
          throw py::value_error("shaking_frequency: dominant_hz and rhythm_hz must be 1-D arrays of one length");
        py::array_t<double> out(d.size());
        for (py::ssize_t i = 0; i < d.size(); ++i)
          out.mutable_at(i) = FeatureExtractor::shaking_frequency(d.at(i), r.at(i), band_lo_hz);
        return out;
      },
      py::arg("dominant_hz"), py::arg("rhythm_hz"), py::arg("band_lo_hz") = FeatureConfig{}.band_lo,
      "Frequency (Hz) of each window's shaking as events and bouts report it (FeatureExtractor::"
      "shaking_frequency): its dominant frequency in the band, or its rhythm when that is a tremor slower than "
      "the band (3 Hz to band_lo_hz) and the in-band peak is only that rhythm's flank or 2nd or 3rd harmonic.");
  m.def(
      "band_share_of_features",
      [map_rows](const py::handle& x) { return map_rows(x, &FeatureExtractor::band_share_of); }, py::arg("X"),
      "Tremor-band share of the 0.5-20 Hz movement power of each feature row (rel_band_power, "
      "FeatureExtractor::band_share_of): the band_share decide() takes, for callers that kept only features.");
  m.def("decision_defaults", []() { return decision_dict(DecisionConfig{}); },
        "The fallback thresholds of the window decision (DecisionConfig defaults; decision.hpp).");
  m.def(
      "decide",
      [](const py::handle& proba, const py::handle& config, const py::handle& amplitude,
         const py::handle& rhythm_hz, const py::handle& turn_deg_s, const py::handle& band_share) {
        const DecisionConfig cfg = decision_config(config);
        auto a = as_f64(proba, "proba");  // TypeError for non-numbers, ValueError for NaN/Inf
        if (a.ndim() != 2 || a.shape(1) != 4)
          throw py::value_error("proba must have shape (n, 4) (rest, voluntary, tremor, mimicked), got shape " +
                                shape_text(a));
        const std::vector<double> amp = amplitude_arg(amplitude, a.shape(0));
        const std::vector<double> rhythm = rhythm_arg(rhythm_hz, a.shape(0));
        const std::vector<double> turn = turn_arg(turn_deg_s, a.shape(0));
        const std::vector<double> share = band_share_arg(band_share, a.shape(0));
        std::vector<MovementClass> out(std::size_t(a.shape(0)));
        decide({a.data(), std::size_t(a.size())}, amp, rhythm, turn, share, out, cfg);
        return label_names(out);
      },
      py::arg("proba"), py::arg("config") = py::none(), py::arg("amplitude") = py::none(),
      py::arg("rhythm_hz") = py::none(), py::arg("turn_deg_s") = py::none(), py::arg("band_share") = py::none(),
      "Window labels (str array) of probability rows (n, 4) in the order rest, voluntary, tremor, mimicked, by "
      "the C++ decision rule (tremorlab::decide) with `config` (a mapping of DecisionConfig fields; None or "
      "missing fields: the fallback defaults) and `amplitude` (n,) the windows' band-passed RMS in m/s^2 "
      "(None: not known, neither the min_amplitude floor nor the mimicked_max_amplitude guard is applied; above "
      "mimicked_max_amplitude a window is not mimicked, only shaking) and `rhythm_hz` (n,) their strongest rhythm in "
      "Hz, rhythm_of_features (0: none, never shaking; None: not known, neither the mimicked_min_rhythm_hz guard "
      "nor the no-rhythm rule is applied; 8 Hz or more: the floor is at least 24.7 mg, still_hand_floor) and "
      "`turn_deg_s` (n,) their posture, posture_turns (deg/s; NaN or None: not known, no posture rule; above "
      "tremor_max_turn_deg_s a window is not tremor, only shaking) and `band_share` (n,) their tremor-band share "
      "of the movement power, band_share_of_features (0..1; NaN or None: not known; below "
      "mimicked_min_band_share a window is not mimicked, only shaking).");

  py::class_<FeatureExtractor>(m, "FeatureExtractor", "Per-window tremor features (one window at a time).")
      .def(py::init([](double fs, double window_s, double hop_s, const std::string& units, double band_lo,
                       double band_hi) {
             return FeatureExtractor(make_config(fs, window_s, hop_s, units, band_lo, band_hi));
           }),
           py::arg("fs") = FeatureConfig{}.fs, py::arg("window_s") = FeatureConfig{}.window_s, py::arg("hop_s") = FeatureConfig{}.hop_s, py::arg("units") = "m/s^2",
           py::arg("band_lo") = FeatureConfig{}.band_lo, py::arg("band_hi") = FeatureConfig{}.band_hi)
      .def_property_readonly("window_samples", &FeatureExtractor::window_samples)
      .def_property_readonly("no_rhythm_entropy", &FeatureExtractor::no_rhythm_entropy)
      .def_property_readonly("hop_samples", &FeatureExtractor::hop_samples)
      .def("compute",
           [](FeatureExtractor& fx, const py::handle& window) {
             auto a = as_acc(window);
             if (std::size_t(a.shape(0)) != fx.window_samples())
               throw py::value_error("window must have " + std::to_string(fx.window_samples()) + " frames, got " +
                                     std::to_string(a.shape(0)));
             py::array_t<double> out(py::ssize_t(FeatureExtractor::size()));
             fx.compute({a.data(), std::size_t(a.size())}, {out.mutable_data(), FeatureExtractor::size()});
             return out;
           },
           py::arg("window"))
      .def("compute_pair",
           [](FeatureExtractor& fx, const py::handle& window, const py::handle& other) {
             auto a = as_acc(window);
             auto b = as_acc(other);
             if (std::size_t(a.shape(0)) != fx.window_samples() || std::size_t(b.shape(0)) != fx.window_samples())
               throw py::value_error("windows must have " + std::to_string(fx.window_samples()) + " frames");
             py::array_t<double> out(py::ssize_t(FeatureExtractor::size()));
             fx.compute_pair({a.data(), std::size_t(a.size())}, {b.data(), std::size_t(b.size())},
                             {out.mutable_data(), FeatureExtractor::size()});
             return out;
           },
           py::arg("window"), py::arg("other"));

  m.def(
      "batch_features",
      [](const py::handle& acc, double fs, double window_s, double hop_s, const std::string& units, double band_lo,
         double band_hi, const py::object& other, long workers) {
        const std::size_t nworkers = workers_arg(workers, "batch_features");
        FeatureExtractor fx(make_config(fs, window_s, hop_s, units, band_lo, band_hi));
        auto a = as_acc(acc);
        // Frame count and NaN checks of the second sensor are batch_features' (one place for C++ and Python).
        const OtherSensor b(other);
        const std::span<const double> in2 = b.span;
        if (std::size_t(a.shape(0)) < fx.window_samples())
          throw py::value_error("acc has " + std::to_string(a.shape(0)) + " frames, shorter than one window (" +
                                std::to_string(fx.window_samples()) + " frames = window_s * fs)");
        const std::size_t nw = count_windows(std::size_t(a.shape(0)), fx.window_samples(), fx.hop_samples());
        const std::size_t nf = FeatureExtractor::size();
        py::array_t<double> out({py::ssize_t(nw), py::ssize_t(nf)});
        std::span<const double> in{a.data(), std::size_t(a.size())};
        std::span<double> o{out.mutable_data(), nw * nf};
        {
          py::gil_scoped_release nogil;
          batch_features(fx, in, o, in2, nworkers);
        }
        return py::make_tuple(out, fx.window_samples(), fx.hop_samples());
      },
      py::arg("acc"), py::arg("fs"), py::arg("window_s"), py::arg("hop_s"), py::arg("units") = "m/s^2",
      py::arg("band_lo") = FeatureConfig{}.band_lo, py::arg("band_hi") = FeatureConfig{}.band_hi, py::arg("other") = py::none(), py::arg("workers") = 1,
      "Features of every full window: returns (features (n_windows, n_features), window_frames, hop_frames). "
      "other: an optional second sensor (same shape) for the inter-sensor coherence; workers: threads.");

  m.def(
      "posture_turns",
      [](const py::handle& acc, std::size_t window_frames, std::size_t hop_frames, double fs, const std::string& units,
         double hold_s) {
        auto a = as_acc(acc);  // (n, 3) finite numbers: TypeError / ValueError otherwise
        const std::vector<double> t =
            posture_turns({a.data(), std::size_t(a.size())}, window_frames, hop_frames, fs, parse_units(units), hold_s);
        return py::array_t<double>(py::ssize_t(t.size()), t.data());
      },
      py::arg("acc"), py::arg("window_frames"), py::arg("hop_frames"), py::arg("fs"), py::arg("units") = "m/s^2",
      py::arg("hold_s") = posture_hold_s,
      "The window decision's posture (tremorlab::posture_turns): for every full window of `acc` (n, 3) (window_frames "
      "frames every hop_frames at fs Hz), the largest 1 s turn of gravity's direction (each window's Hann-weighted "
      "mean, detail::PostureMean) of the windows of the last hold_s (2 s; 0: each window's own turn), deg/s; NaN "
      "where none is known. What decide(turn_deg_s=...) takes, as classify and the Detector compute it.");
  m.attr("posture_hold_s") = posture_hold_s;

  py::class_<Classifier>(m, "Classifier", "Standardisation + multinomial logistic regression or one-hidden-layer MLP (JSON model).")
      .def_static("from_json", [](const std::string& s) { return Classifier::from_json(s); }, py::arg("json"))
      .def_static("load", &Classifier::load, py::arg("path"))
      .def_static("default_model", &Classifier::default_model)
      .def("to_json", &Classifier::to_json)
      .def_property_readonly("classes", &Classifier::classes)
      .def_property_readonly("feature_names", &Classifier::feature_names)
      .def_property_readonly("n_features", &Classifier::n_features)
      .def_property_readonly("n_classes", &Classifier::n_classes)
      .def_property_readonly("window_s", &Classifier::window_s)
      .def_property_readonly("hop_s", &Classifier::hop_s)
      .def_property_readonly("band", [](const Classifier& c) { return py::make_tuple(c.band_lo(), c.band_hi()); })
      .def_property_readonly("provenance_json", &Classifier::provenance_json)
      .def_property_readonly(
          "decision",
          [](const Classifier& c) { return decision_dict(c.decision()); },
          "Thresholds of the window decision carried by the model (fallback defaults when it has none).")
      .def(
          "decide",
          [](const Classifier& c, const py::handle& p, const py::handle& amplitude, const py::handle& rhythm_hz,
             const py::handle& turn_deg_s, const py::handle& band_share) {
            py::ssize_t rows = 0;
            auto a = as_rows(p, c.n_classes(), rows);
            const std::vector<double> amp = amplitude_arg(amplitude, rows);
            const std::vector<double> rhythm = rhythm_arg(rhythm_hz, rows);
            const std::vector<double> turn = turn_arg(turn_deg_s, rows);
            const std::vector<double> share = band_share_arg(band_share, rows);
            std::vector<MovementClass> out(static_cast<std::size_t>(rows));
            for (py::ssize_t r = 0; r < rows; ++r)
              out[std::size_t(r)] = c.decide({a.data() + r * py::ssize_t(c.n_classes()), c.n_classes()},
                                             amp.empty() ? amplitude_unknown : amp[std::size_t(r)],
                                             rhythm.empty() ? rhythm_unknown : rhythm[std::size_t(r)],
                                             turn.empty() ? turn_unknown : turn[std::size_t(r)],
                                             share.empty() ? band_share_unknown : share[std::size_t(r)]);
            return label_names(out);
          },
          py::arg("proba"), py::arg("amplitude") = py::none(), py::arg("rhythm_hz") = py::none(),
          py::arg("turn_deg_s") = py::none(), py::arg("band_share") = py::none(),
          "Window labels (str array) for probability rows in model order, the windows' band-passed RMS "
          "`amplitude` (m/s^2; None: not known, no floor) and their strongest rhythm `rhythm_hz` (Hz, the "
          "broad_peak_frequency feature; None: not known, no mimicked guard), posture `turn_deg_s` (deg/s, "
          "posture_turns; NaN or None: not known) and band share `band_share` (band_share_of_features; NaN or "
          "None: not known): the C++ decision, which may say 'shaking' (kind uncertain).")
      .def("predict_proba",
           [](const Classifier& c, const py::handle& x) {
             py::ssize_t rows = 0;
             auto a = as_rows(x, c.n_features(), rows);
             py::array_t<double> out({rows, py::ssize_t(c.n_classes())});
             std::span<const double> in{a.data(), std::size_t(a.size())};
             std::span<double> o{out.mutable_data(), std::size_t(rows) * c.n_classes()};
             {
               py::gil_scoped_release nogil;
               batch_predict_proba(c, in, std::size_t(rows), o);
             }
             if (a.ndim() == 1) return py::array_t<double>(out.attr("reshape")(c.n_classes()));
             return out;
           },
           py::arg("features"))
      .def("predict",
           [](const Classifier& c, const py::handle& x) {
             py::ssize_t rows = 0;
             auto a = as_rows(x, c.n_features(), rows);
             py::array_t<py::ssize_t> out(rows);
             for (py::ssize_t r = 0; r < rows; ++r)
               out.mutable_at(r) = py::ssize_t(c.predict({a.data() + r * py::ssize_t(c.n_features()), c.n_features()}));
             return out;
           },
           py::arg("features"))
      .def("explain",
           [](const Classifier& c, const py::handle& x, std::size_t k, const std::optional<std::string>& label) {
             auto a = as_f64(x, "features", false);
             if (a.ndim() != 1) throw py::value_error("explain takes one feature row (1-D)");
             const std::span<const double> row{a.data(), std::size_t(a.size())};
             std::vector<Contribution> got;
             if (label) {
               const auto l = label_from_name(*label);
               if (!l) throw InvalidArgument("explain: unknown label '" + *label + "'");
               got = c.explain(row, *l, k);
             } else {
               got = c.explain(row, k);
             }
             py::list out;
             for (const auto& e : got) out.append(py::make_tuple(e.feature, e.value));
             return out;
           },
           py::arg("features"), py::arg("k") = 3, py::arg("label") = py::none(),
           "Top-k gradient x input contributions: to the most probable class's logit, or with `label` (a window "
           "label, e.g. 'shaking') to the evidence for that label (Classifier::explain).");

  m.def(
      "classify_recording",
      [](const py::handle& acc, double fs, const std::string& units, const Classifier& model, double window_s,
         double hop_s, const py::object& other, long workers) {
        const std::size_t nworkers = workers_arg(workers, "classify");
        auto a = as_acc(acc);
        const OtherSensor b(other);
        const std::span<const double> in2 = b.span;
        BatchResult r;
        {
          py::gil_scoped_release nogil;
          r = classify_recording({a.data(), std::size_t(a.size())}, fs, parse_units(units), model, window_s, hop_s, in2,
                                 nworkers);
        }
        return batch_result_dict(r);
      },
      py::arg("acc"), py::arg("fs"), py::arg("units"), py::arg("model"), py::arg("window_s") = 0.0,
      py::arg("hop_s") = 0.0, py::arg("other") = py::none(), py::arg("workers") = 1,
      "tremorlab::classify_recording: features, probabilities, label indices and window times (start, end, "
      "centre relative to the first frame) of every full window; window_s/hop_s <= 0: the model's.");
}

}  // namespace tremorlab::py_bind
