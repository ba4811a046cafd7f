// Python bindings of the feature extractor, the classifier and the batch windowing driver.
#include <tremorlab/batch.hpp>
#include <tremorlab/classifier.hpp>
#include <tremorlab/features.hpp>

#include "common.hpp"

namespace tremorlab::py_bind {
namespace {

Units parse_units(const std::string& u) {
  if (u == "m/s^2" || u == "m/s2" || u == "m/s**2" || u == "mps2") return Units::m_per_s2;
  if (u == "g") return Units::g;
  throw py::value_error("units must be 'm/s^2' or 'g', got '" + u + "'");
}

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
    throw py::value_error(std::string(name) + " must have shape (n, 3) (x, y, z columns), got shape " +
                          std::string(py::str(py::make_tuple(a.request().shape))));
  return a;
}

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

}  // namespace

void bind_features(py::module_& m) {
  m.def("feature_names", []() { return FeatureExtractor::names(); }, "Feature names in output order.");
  m.def("count_windows", &count_windows, py::arg("frames"), py::arg("window"), py::arg("hop"));

  py::class_<FeatureExtractor>(m, "FeatureExtractor", "Per-window tremor features (one window at a time).")
      .def(py::init([](double fs, double window_s, double hop_s, const std::string& units, double band_lo,
                       double band_hi) {
             return FeatureExtractor(make_config(fs, window_s, hop_s, units, band_lo, band_hi));
           }),
           py::arg("fs") = 100.0, py::arg("window_s") = 2.0, py::arg("hop_s") = 0.25, py::arg("units") = "m/s^2",
           py::arg("band_lo") = 4.0, py::arg("band_hi") = 12.0)
      .def_property_readonly("window_samples", &FeatureExtractor::window_samples)
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
        F64 b;
        std::span<const double> in2;
        if (!other.is_none()) {
          b = as_acc(other, "other");
          in2 = {b.data(), std::size_t(b.size())};
        }
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
      py::arg("band_lo") = 4.0, py::arg("band_hi") = 12.0, py::arg("other") = py::none(), py::arg("workers") = 1,
      "Features of every full window: returns (features (n_windows, n_features), window_frames, hop_frames). "
      "other: an optional second sensor (same shape) for the inter-sensor coherence; workers: threads.");

  py::class_<Classifier>(m, "Classifier", "Standardisation + multinomial logistic regression (JSON model).")
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
      .def("decide",
           [](const Classifier& c, const py::handle& p) {
             py::ssize_t rows = 0;
             auto a = as_rows(p, c.n_classes(), rows);
             py::list out;
             for (py::ssize_t r = 0; r < rows; ++r)
               out.append(label_name(c.decide({a.data() + r * py::ssize_t(c.n_classes()), c.n_classes()})));
             return out;
           },
           py::arg("proba"),
           "Window labels (rest, voluntary, tremor, mimicked, shaking) of probability rows in model order, by "
           "the model's decision thresholds (decision.hpp).")
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
           [](const Classifier& c, const py::handle& x, std::size_t k) {
             auto a = as_f64(x, "features", false);
             if (a.ndim() != 1) throw py::value_error("explain takes one feature row (1-D)");
             py::list out;
             for (const auto& e : c.explain({a.data(), std::size_t(a.size())}, k))
               out.append(py::make_tuple(e.feature, e.value));
             return out;
           },
           py::arg("features"), py::arg("k") = 3);
}

}  // namespace tremorlab::py_bind
