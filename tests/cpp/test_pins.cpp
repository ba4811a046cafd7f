// Pinned results of two bundled recordings (tests/golden/pins.json, written by tests/golden/make_pins.py
// through the Python API; tests/python/test_pins.py checks the same pins from Python). The C++ side reads
// the recordings itself and runs classify_recording and the Detector on them.
//
// A refactor must not change these numbers. Only a deliberate change of results (new default model,
// changed feature or decision rule) regenerates the pins, in a commit of its own:
//     .venv/bin/python tests/golden/make_pins.py
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tremorlab/tremorlab.hpp"

namespace {

using nlohmann::json;
using namespace tremorlab;

constexpr double kRtol = 1e-9, kAtol = 1e-12;

json pins() {
  std::ifstream f(std::string(TREMORLAB_TEST_DATA_DIR) + "/pins.json");
  EXPECT_TRUE(f.good());
  return json::parse(f);
}

const json& recording(const json& p, const std::string& name) {
  for (const auto& r : p["recordings"])
    if (r["name"] == name) return r;
  throw std::runtime_error("no pin named " + name);
}

struct Input {
  std::vector<double> t, acc;  // t relative to the recording's first sample
};

// CloudUPDRS CSV: timestamp_ns,x,y,z,accuracy (m/s^2), no header; io.py converts ns * 1e-9 then subtracts t[0].
Input read_cloudupdrs(const std::string& path) {
  std::ifstream f(path);
  EXPECT_TRUE(f.good()) << path;
  Input in;
  std::string line;
  double t0 = 0;
  while (std::getline(f, line)) {
    if (line.empty()) continue;
    std::stringstream ss(line);
    std::string cell;
    std::vector<double> v;
    while (std::getline(ss, cell, ',')) v.push_back(std::stod(cell));
    const double t = v.at(0) * 1e-9;
    if (in.t.empty()) t0 = t;
    in.t.push_back(t - t0);
    in.acc.insert(in.acc.end(), {v.at(1), v.at(2), v.at(3)});
  }
  return in;
}

// TSDF (PPP): imu_time.bin (rows float64, relative s) and imu_values.bin (rows x 6 float64: acc in g, gyro).
Input read_ppp(const std::string& dir, std::size_t first, std::size_t n) {
  auto read = [](const std::string& p) {
    std::ifstream f(p, std::ios::binary);
    EXPECT_TRUE(f.good()) << p;
    std::vector<double> v;
    double x;
    while (f.read(reinterpret_cast<char*>(&x), sizeof x)) v.push_back(x);
    return v;
  };
  const auto t = read(dir + "/imu_time.bin"), vals = read(dir + "/imu_values.bin");
  Input in;
  for (std::size_t i = first; i < first + n; ++i) {
    in.t.push_back(t.at(i) - t.at(0));
    in.acc.insert(in.acc.end(), {vals.at(6 * i), vals.at(6 * i + 1), vals.at(6 * i + 2)});
  }
  return in;
}

void expect_near_rel(double got, double want, const std::string& what) {
  EXPECT_LE(std::abs(got - want), kAtol + kRtol * std::abs(want)) << what << ": got " << got << ", pinned " << want;
}

void check(const json& pin, const Input& in) {
  ASSERT_EQ(in.t.size(), pin["n_samples"].get<std::size_t>());
  const double fs = pin["fs"].get<double>();
  const Units units = parse_units(pin["units"].get<std::string>());
  const Classifier model = Classifier::default_model();

  const BatchResult r = classify_recording(in.acc, fs, units, model);
  ASSERT_EQ(r.n_windows, pin["n_windows"].get<std::size_t>());
  ASSERT_EQ(model.classes(), pin["classes"].get<std::vector<std::string>>());
  for (std::size_t k = 0; k < r.n_windows; ++k) {
    for (std::size_t f = 0; f < r.n_features; ++f)
      expect_near_rel(r.features[k * r.n_features + f], pin["features"][k][f].get<double>(),
                      "window " + std::to_string(k) + " feature " + FeatureExtractor::names()[f]);
    for (std::size_t c = 0; c < r.n_classes; ++c)
      expect_near_rel(r.proba[k * r.n_classes + c], pin["proba"][k][c].get<double>(),
                      "window " + std::to_string(k) + " p(" + model.classes()[c] + ")");
    EXPECT_EQ(std::string(to_string(r.labels[k])), pin["labels"][k].get<std::string>()) << "window " << k;
  }

  DetectorConfig cfg;
  cfg.fs = fs;
  cfg.units = units;
  Detector det(cfg);
  std::vector<Event> events;
  auto keep = [&](const Event& e) { events.push_back(e); };
  det.push(in.acc, in.t, keep);
  det.flush(keep);
  const auto& want = pin["events"];
  ASSERT_EQ(events.size(), want.size());
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    const auto& w = want[i];
    EXPECT_EQ(std::string(to_string(e.kind)), w[0].get<std::string>()) << "event " << i;
    if (e.kind != EventKind::gap) EXPECT_EQ(std::string(to_string(e.label)), w[1].get<std::string>()) << "event " << i;
    const double got[] = {e.time, e.detected_at, e.confidence, e.frequency_hz, e.amplitude, e.peak_amplitude, e.duration};
    for (std::size_t j = 0; j < 7; ++j) expect_near_rel(got[j], w[2 + j].get<double>(), "event " + std::to_string(i));
  }
}

TEST(Pins, CloudUpdrsRestTremor) {
  const json p = pins();
  const json& pin = recording(p, "cloudupdrs_rest_right_hand");
  check(pin, read_cloudupdrs(std::string(TREMORLAB_SOURCE_DIR) + "/" + pin["path"].get<std::string>()));
}

TEST(Pins, ParadigmaPppChunk) {
  const json p = pins();
  const json& pin = recording(p, "paradigma_ppp_chunk");
  check(pin, read_ppp(std::string(TREMORLAB_SOURCE_DIR) + "/" + pin["path"].get<std::string>(),
                      pin["first_sample"].get<std::size_t>(), pin["n_samples"].get<std::size_t>()));
}

}  // namespace
