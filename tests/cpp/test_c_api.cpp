// The C ABI (tremorlab.h, libtremorlab_c) against the C++ core it wraps: statuses and messages for bad
// arguments, out-array capacity, chunk invariance, the same events/filters/classification as the C++ API on
// a bundled real recording, and create/push/destroy loops that LeakSanitizer checks (ASan builds).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tremorlab/batch.hpp"
#include "tremorlab/detector.hpp"
#include "tremorlab/session.hpp"
#include "tremorlab/sos_filter.hpp"
#include "tremorlab/tremorlab.h"
#include "tremorlab/version.hpp"
#include "detector_test_util.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define TL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TL_ASAN 1
#endif
#endif
#ifdef TL_ASAN
#include <sanitizer/lsan_interface.h>
#endif

namespace {

struct Recording {
  std::vector<double> xyz, t;
  std::size_t frames() const { return t.size(); }
};

// CloudUPDRS CSV (data/cloudupdrs/SOURCE.txt): timestamp_ns, x, y, z, accuracy; m/s^2, ~100 Hz.
Recording load(const std::string& name) {
  std::ifstream in(std::string(TREMORLAB_SOURCE_DIR) + "/data/cloudupdrs/2458/" + name);
  EXPECT_TRUE(in) << name;
  Recording r;
  std::string line;
  double t0 = -1;
  while (std::getline(in, line)) {
    std::istringstream s(line);
    double ns, x, y, z;
    char c;
    if (!(s >> ns >> c >> x >> c >> y >> c >> z)) continue;
    if (t0 < 0) t0 = ns;
    r.t.push_back((ns - t0) * 1e-9);
    r.xyz.insert(r.xyz.end(), {x, y, z});
  }
  return r;
}
const char* kKinetic = "T_-_KINETIC_TREMOR_OF_HANDS_-_RIGHT_HAND_-_2016-10-14_10-50-20_-_f73512ccfc_-_2458.csv";
const char* kRest = "T_-_REST_TREMOR_AMPLITUDE_-_RIGHT_HAND_-_2016-10-14_10-52-04_-_f73512ccfc_-_2458.csv";
const char* kPronation = "T_-_PRONATION_SUPINATION_-_RIGHT_HAND_-_2016-10-14_10-42-47_-_f73512ccfc_-_2458.csv";

// The bundled recording plus a 6 Hz, 0.8 m/s^2 oscillation over its middle third, so bouts certainly happen.
Recording with_shaking(Recording r) {
  const std::size_t n = r.frames();
  for (std::size_t i = n / 3; i < 2 * n / 3; ++i) r.xyz[3 * i] += 0.8 * std::sin(2 * M_PI * 6.0 * r.t[i]);
  return r;
}

bool same(const tremorlab_event& a, const tremorlab_event& b) {
  return a.kind == b.kind && a.label == b.label && a.time == b.time && a.detected_at == b.detected_at &&
         a.confidence == b.confidence && a.frequency_hz == b.frequency_hz && a.amplitude == b.amplitude &&
         a.peak_amplitude == b.peak_amplitude && a.duration == b.duration &&
         std::strcmp(a.kind_name, b.kind_name) == 0 && std::strcmp(a.label_name, b.label_name) == 0;
}

struct Detector {
  tremorlab_detector* d = nullptr;
  explicit Detector(const tremorlab_detector_config* c = nullptr) {
    tremorlab_detector_config def;
    tremorlab_detector_config_default(&def);
    EXPECT_EQ(tremorlab_detector_create(c ? c : &def, &d), TREMORLAB_OK) << tremorlab_last_error();
  }
  ~Detector() { tremorlab_detector_destroy(d); }
};

// Events of a whole recording pushed in chunks of the given sizes (cycled), through the out array.
std::vector<tremorlab_event> run_chunked(const Recording& r, const std::vector<std::size_t>& chunks, bool with_t) {
  Detector det;
  std::vector<tremorlab_event> out, buf(16);
  std::size_t i = 0, k = 0, n = 0;
  while (i < r.frames()) {
    const std::size_t c = std::min(chunks[k++ % chunks.size()], r.frames() - i);
    EXPECT_EQ(tremorlab_detector_push(det.d, r.xyz.data() + 3 * i, c, with_t ? r.t.data() + i : nullptr, buf.data(),
                                      buf.size(), &n),
              TREMORLAB_OK);
    out.insert(out.end(), buf.begin(), buf.begin() + static_cast<long>(n));
    i += c;
  }
  EXPECT_EQ(tremorlab_detector_flush(det.d, buf.data(), buf.size(), &n), TREMORLAB_OK);
  out.insert(out.end(), buf.begin(), buf.begin() + static_cast<long>(n));
  return out;
}

void collect(const tremorlab_event* e, void* user) { static_cast<std::vector<tremorlab_event>*>(user)->push_back(*e); }

}  // namespace

TEST(CApi, VersionAndNamesComeFromTheCore) {
  EXPECT_STREQ(tremorlab_version(), TREMORLAB_VERSION_STRING);
  EXPECT_EQ(tremorlab_version_number(),
            TREMORLAB_VERSION_MAJOR * 10000u + TREMORLAB_VERSION_MINOR * 100u + TREMORLAB_VERSION_PATCH);
  const int nl = tremorlab_label_count();
  ASSERT_GE(nl, 4);
  for (int i = 0; i < nl; ++i)
    EXPECT_STREQ(tremorlab_label_name(i), tremorlab::label_name(tremorlab::all_labels[std::size_t(i)]));
  EXPECT_EQ(tremorlab_label_name(-1), nullptr);
  EXPECT_EQ(tremorlab_label_name(nl), nullptr);
  EXPECT_STREQ(tremorlab_label_name(static_cast<int>(tremorlab::MovementClass::tremor)), "tremor");
  EXPECT_STREQ(tremorlab_label_name(static_cast<int>(tremorlab::MovementClass::shaking)), "shaking");
  const int nk = tremorlab_event_kind_count();
  ASSERT_GE(nk, 4);
  for (int i = 0; i < nk; ++i)
    EXPECT_STREQ(tremorlab_event_kind_name(i), to_string(static_cast<tremorlab::EventKind>(i)));
  EXPECT_EQ(tremorlab_event_kind_name(nk), nullptr);
  const int nf = tremorlab_feature_count();
  ASSERT_EQ(static_cast<std::size_t>(nf), tremorlab::FeatureExtractor::size());
  for (int i = 0; i < nf; ++i)
    EXPECT_EQ(tremorlab_feature_name(i), tremorlab::FeatureExtractor::names()[std::size_t(i)]);
  EXPECT_EQ(tremorlab_feature_name(-1), nullptr);
  EXPECT_EQ(tremorlab_feature_name(nf), nullptr);
  EXPECT_STREQ(tremorlab_status_name(TREMORLAB_TIMESTAMP_ERROR), "timestamp_error");
}

TEST(CApi, DefaultsAreTheCoresDefaults) {
  tremorlab_detector_config c;
  ASSERT_EQ(tremorlab_detector_config_default(&c), TREMORLAB_OK);
  const tremorlab::DetectorConfig d{};
  EXPECT_EQ(c.fs, d.fs);
  EXPECT_EQ(c.channels, d.channels);
  EXPECT_EQ(c.max_gap_s, d.max_gap_s);
  EXPECT_EQ(c.event_capacity, d.event_capacity);
  EXPECT_EQ(c.hysteresis.enter_threshold, d.hysteresis.enter_threshold);
  EXPECT_EQ(c.hysteresis.onset_tremor_share, d.hysteresis.onset_tremor_share);
  EXPECT_EQ(c.hysteresis.kind_llr_offset, d.hysteresis.kind_llr_offset);
  EXPECT_EQ(c.hysteresis.kind_llr_clip, d.hysteresis.kind_llr_clip);
  EXPECT_EQ(c.hysteresis.kind_fill_s, d.hysteresis.kind_fill_s);
  EXPECT_EQ(c.hysteresis.tremor_settle_llr, d.hysteresis.tremor_settle_llr);
  EXPECT_EQ(c.hysteresis.mimicked_settle_llr, d.hysteresis.mimicked_settle_llr);
  EXPECT_EQ(c.hysteresis.tremor_max_turn_deg_s, d.hysteresis.tremor_max_turn_deg_s);
  EXPECT_EQ(c.hysteresis.tremor_min_steady_share, d.hysteresis.tremor_min_steady_share);
  EXPECT_EQ(c.hysteresis.tremor_min_called_s, d.hysteresis.tremor_min_called_s);
  EXPECT_EQ(c.model, nullptr);
  tremorlab_session_config s;
  ASSERT_EQ(tremorlab_session_config_default(&s), TREMORLAB_OK);
  const tremorlab::SessionConfig sd{};
  EXPECT_EQ(s.continuous_limit_s, sd.continuous_limit_s);
  EXPECT_EQ(s.lying_max_tilt_deg, sd.lying_max_tilt_deg);
}

TEST(CApi, NullAndOutOfRangeArgumentsAreRejectedWithAMessage) {
  tremorlab_detector* d = reinterpret_cast<tremorlab_detector*>(0x1);
  EXPECT_EQ(tremorlab_detector_create(nullptr, &d), TREMORLAB_INVALID_ARGUMENT);
  EXPECT_EQ(d, nullptr);  // out is cleared on failure
  EXPECT_NE(std::string(tremorlab_last_error()).find("config is NULL"), std::string::npos);
  tremorlab_detector_config c;
  tremorlab_detector_config_default(&c);
  EXPECT_EQ(tremorlab_detector_create(&c, nullptr), TREMORLAB_INVALID_ARGUMENT);
  c.channels = 4;
  EXPECT_EQ(tremorlab_detector_create(&c, &d), TREMORLAB_INVALID_ARGUMENT);
  EXPECT_NE(std::string(tremorlab_last_error()).find("channels must be 3"), std::string::npos);  // the core's text
  c.channels = 3;
  c.units = static_cast<tremorlab_units>(7);
  EXPECT_EQ(tremorlab_detector_create(&c, &d), TREMORLAB_INVALID_ARGUMENT);
  tremorlab_detector_config_default(&c);
  c.hysteresis.exit_threshold = 0.9;  // above enter_threshold
  EXPECT_EQ(tremorlab_detector_create(&c, &d), TREMORLAB_INVALID_ARGUMENT);
  EXPECT_NE(std::string(tremorlab_last_error()).find("exit_threshold"), std::string::npos);
  tremorlab_detector_config_default(&c);
  c.event_capacity = std::size_t(1) << 40;
  EXPECT_EQ(tremorlab_detector_create(&c, &d), TREMORLAB_INVALID_ARGUMENT);

  Detector det;
  double x[6] = {0, 0, 9.8, 0, 0, 9.8};
  tremorlab_event ev[2];
  std::size_t n = 99;
  EXPECT_EQ(tremorlab_detector_push(nullptr, x, 2, nullptr, ev, 2, &n), TREMORLAB_INVALID_ARGUMENT);
  EXPECT_EQ(n, 0u);
  EXPECT_NE(std::string(tremorlab_last_error()).find("NULL"), std::string::npos);
  EXPECT_EQ(tremorlab_detector_push(det.d, nullptr, 2, nullptr, ev, 2, &n), TREMORLAB_INVALID_ARGUMENT);
  EXPECT_EQ(tremorlab_detector_push(det.d, x, 2, nullptr, nullptr, 2, &n), TREMORLAB_INVALID_ARGUMENT);
  EXPECT_EQ(tremorlab_detector_push(det.d, x, 2, nullptr, ev, 2, nullptr), TREMORLAB_INVALID_ARGUMENT);
  EXPECT_EQ(tremorlab_detector_push(det.d, x, SIZE_MAX / 2, nullptr, ev, 2, &n), TREMORLAB_INVALID_ARGUMENT);
  EXPECT_EQ(tremorlab_detector_push_cb(det.d, x, 2, nullptr, nullptr, nullptr), TREMORLAB_INVALID_ARGUMENT);
  EXPECT_EQ(tremorlab_detector_flush(nullptr, ev, 2, &n), TREMORLAB_INVALID_ARGUMENT);
  EXPECT_EQ(tremorlab_detector_pop_events(nullptr, ev, 2, &n), TREMORLAB_INVALID_ARGUMENT);
  EXPECT_EQ(tremorlab_detector_reset(nullptr), TREMORLAB_INVALID_ARGUMENT);
  EXPECT_EQ(tremorlab_detector_counters(nullptr, nullptr), TREMORLAB_INVALID_ARGUMENT);
  EXPECT_EQ(tremorlab_detector_latest(det.d, nullptr), TREMORLAB_INVALID_ARGUMENT);
  tremorlab_contribution contrib[3];
  EXPECT_EQ(tremorlab_detector_explain_latest(nullptr, 3, contrib, &n), TREMORLAB_INVALID_ARGUMENT);
  EXPECT_EQ(tremorlab_detector_explain_latest(det.d, 3, contrib, nullptr), TREMORLAB_INVALID_ARGUMENT);
  EXPECT_EQ(tremorlab_detector_explain_latest(det.d, 3, nullptr, &n), TREMORLAB_INVALID_ARGUMENT);
  n = 99;
  EXPECT_EQ(tremorlab_detector_explain_latest(det.d, 3, contrib, &n), TREMORLAB_INVALID_ARGUMENT);  // no window yet
  EXPECT_EQ(n, 0u);
  EXPECT_NE(std::string(tremorlab_last_error()).find("no window yet"), std::string::npos);
  // nothing of the rejected calls reached the detector; a NULL-free empty push is fine
  tremorlab_counters k;
  ASSERT_EQ(tremorlab_detector_counters(det.d, &k), TREMORLAB_OK);
  EXPECT_EQ(k.frames_pushed, 0u);
  EXPECT_EQ(tremorlab_detector_push(det.d, nullptr, 0, nullptr, nullptr, 0, &n), TREMORLAB_OK);
  EXPECT_STREQ(tremorlab_last_error(), "");  // success clears the message
  tremorlab_detector_destroy(nullptr);       // ignored
  tremorlab_session_destroy(nullptr);
  tremorlab_sos_filter_destroy(nullptr);
  tremorlab_model_destroy(nullptr);
  tremorlab_string_free(nullptr);
}

TEST(CApi, BadSamplesAndTimestampsAreRejectedAndChangeNothing) {
  Detector det;
  std::vector<double> x(300, 0.0), t(100);
  for (std::size_t i = 0; i < 100; ++i) {
    x[3 * i + 2] = 9.81;
    t[i] = 0.01 * double(i);
  }
  std::size_t n = 0;
  ASSERT_EQ(tremorlab_detector_push(det.d, x.data(), 100, t.data(), nullptr, 0, &n), TREMORLAB_OK);
  auto bad = x;
  bad[151] = std::nan("");
  std::vector<double> t2(100);
  for (std::size_t i = 0; i < 100; ++i) t2[i] = 1.0 + 0.01 * double(i);
  EXPECT_EQ(tremorlab_detector_push(det.d, bad.data(), 100, t2.data(), nullptr, 0, &n), TREMORLAB_INVALID_INPUT);
  EXPECT_NE(std::string(tremorlab_last_error()).find("NaN"), std::string::npos) << tremorlab_last_error();
  auto back = t2;
  back[50] = back[49] - 0.005;  // decreasing
  EXPECT_EQ(tremorlab_detector_push(det.d, x.data(), 100, back.data(), nullptr, 0, &n), TREMORLAB_TIMESTAMP_ERROR);
  EXPECT_STRNE(tremorlab_last_error(), "");
  auto ms = t2;  // milliseconds: every interval a gap
  for (double& v : ms) v *= 1000.0;
  EXPECT_EQ(tremorlab_detector_push(det.d, x.data(), 100, ms.data(), nullptr, 0, &n), TREMORLAB_TIMESTAMP_ERROR);
  EXPECT_NE(std::string(tremorlab_last_error()).find("timestamps must be in seconds"), std::string::npos)
      << tremorlab_last_error();
  tremorlab_counters k;
  tremorlab_detector_counters(det.d, &k);
  EXPECT_EQ(k.frames_pushed, 400u);
  EXPECT_EQ(k.frames_accepted, 100u);
  EXPECT_EQ(k.frames_rejected, 300u);
  // the stream goes on where it was
  EXPECT_EQ(tremorlab_detector_push(det.d, x.data(), 100, t2.data(), nullptr, 0, &n), TREMORLAB_OK);
  tremorlab_detector_counters(det.d, &k);
  EXPECT_EQ(k.frames_accepted, 200u);
}

TEST(CApi, SameEventsAsTheCppDetectorOnABundledRecording) {
  for (const char* file : {kRest, kKinetic}) {
    for (bool shaking : {false, true}) {
      const Recording r = shaking ? with_shaking(load(file)) : load(file);
      ASSERT_GT(r.frames(), 2000u);
      tremorlab::Detector cpp{tremorlab::DetectorConfig{}};
      std::vector<tremorlab::Event> want;
      cpp.push(r.xyz, r.t, [&](const tremorlab::Event& e) { want.push_back(e); });
      cpp.flush([&](const tremorlab::Event& e) { want.push_back(e); });
      if (shaking && file == kRest) ASSERT_GE(want.size(), 3u) << "the added 6 Hz oscillation should make a bout";
      const auto got = run_chunked(r, {r.frames()}, true);
      ASSERT_EQ(got.size(), want.size()) << file;
      for (std::size_t i = 0; i < got.size(); ++i) {
        EXPECT_EQ(got[i].kind, static_cast<int>(want[i].kind));
        // A gap has no label across the ABI (-1, ""); the C++ Event's field is meaningless there.
        const bool labelled = tremorlab::has_label(want[i].kind);
        EXPECT_EQ(got[i].label, labelled ? static_cast<int>(want[i].label) : -1);
        EXPECT_STREQ(got[i].label_name, labelled ? to_string(want[i].label) : "");
        EXPECT_STREQ(got[i].kind_name, to_string(want[i].kind));
        EXPECT_EQ(got[i].time, want[i].time);
        EXPECT_EQ(got[i].detected_at, want[i].detected_at);
        EXPECT_EQ(got[i].confidence, want[i].confidence);
        EXPECT_EQ(got[i].frequency_hz, want[i].frequency_hz);
        EXPECT_EQ(got[i].amplitude, want[i].amplitude);
        EXPECT_EQ(got[i].duration, want[i].duration);
      }
      // the latest window is the C++ detector's
      Detector det;
      std::size_t n;
      ASSERT_EQ(tremorlab_detector_push(det.d, r.xyz.data(), r.frames(), r.t.data(), nullptr, 0, &n), TREMORLAB_OK);
      tremorlab_window w;
      ASSERT_EQ(tremorlab_detector_latest(det.d, &w), TREMORLAB_OK);
      EXPECT_EQ(w.valid, 1);
      EXPECT_EQ(w.index, cpp.latest().index);
      EXPECT_EQ(w.p_tremor, cpp.latest().p_tremor);
      EXPECT_EQ(w.n_classes, cpp.latest().n_classes);
      EXPECT_EQ(w.proba[0], cpp.latest().proba[0]);
      EXPECT_EQ(w.label, static_cast<int>(cpp.latest().label));
      EXPECT_EQ(w.rhythm_hz, cpp.latest().rhythm_hz);
      if (std::isnan(cpp.latest().turn_deg_s))
        EXPECT_TRUE(std::isnan(w.turn_deg_s));
      else
        EXPECT_EQ(w.turn_deg_s, cpp.latest().turn_deg_s);
      // ... and so is the explanation of its label.
      tremorlab_contribution c[4];
      std::size_t nc = 99;
      ASSERT_EQ(tremorlab_detector_explain_latest(det.d, 4, c, &nc), TREMORLAB_OK);
      const auto why = cpp.explain_latest(4);
      ASSERT_EQ(nc, why.size());
      for (std::size_t i = 0; i < nc; ++i) {
        EXPECT_STREQ(tremorlab_feature_name(c[i].feature), why[i].feature.c_str());
        EXPECT_EQ(c[i].value, why[i].value);
      }
      ASSERT_EQ(tremorlab_detector_explain_latest(det.d, 0, nullptr, &nc), TREMORLAB_OK);
      EXPECT_EQ(nc, 0u);
      // The broad peak lies in 0.5..20 Hz, or 0: no rhythm (a flat spectrum).
      if (w.rhythm_hz != 0.0) {
        EXPECT_GE(w.rhythm_hz, 0.5);
        EXPECT_LE(w.rhythm_hz, 20.0);
      }
    }
  }
}

TEST(CApi, EventsDoNotDependOnHowPushesAreChunked) {
  const Recording r = with_shaking(load(kRest));
  for (bool with_t : {true, false}) {
    const auto whole = run_chunked(r, {r.frames()}, with_t);
    ASSERT_GE(whole.size(), 2u);
    std::mt19937 rng(7);
    std::vector<std::size_t> random(50);
    for (auto& c : random) c = 1 + rng() % 97;
    for (const auto& chunks : std::vector<std::vector<std::size_t>>{{1}, {7}, {25, 1, 300}, random}) {
      const auto got = run_chunked(r, chunks, with_t);
      ASSERT_EQ(got.size(), whole.size());
      for (std::size_t i = 0; i < got.size(); ++i) EXPECT_TRUE(same(got[i], whole[i])) << i;
    }
    // the callback form gives the same events
    Detector det;
    std::vector<tremorlab_event> cb;
    ASSERT_EQ(tremorlab_detector_push_cb(det.d, r.xyz.data(), r.frames(), with_t ? r.t.data() : nullptr, collect, &cb),
              TREMORLAB_OK);
    ASSERT_EQ(tremorlab_detector_flush_cb(det.d, collect, &cb), TREMORLAB_OK);
    ASSERT_EQ(cb.size(), whole.size());
    for (std::size_t i = 0; i < cb.size(); ++i) EXPECT_TRUE(same(cb[i], whole[i]));
  }
}

TEST(CApi, OutArrayCapacityKeepsTheRestQueued) {
  const Recording r = with_shaking(load(kRest));
  const auto all = run_chunked(r, {r.frames()}, true);
  ASSERT_GE(all.size(), 2u);
  Detector det;
  std::size_t n = 99;
  // capacity 0: everything stays queued
  ASSERT_EQ(tremorlab_detector_push(det.d, r.xyz.data(), r.frames(), r.t.data(), nullptr, 0, &n), TREMORLAB_OK);
  EXPECT_EQ(n, 0u);
  ASSERT_EQ(tremorlab_detector_flush(det.d, nullptr, 0, &n), TREMORLAB_OK);
  tremorlab_counters k;
  tremorlab_detector_counters(det.d, &k);
  EXPECT_EQ(k.events_pending, all.size());
  EXPECT_EQ(k.events, all.size());
  EXPECT_EQ(k.events_dropped, 0u);
  // drained one at a time, in order
  std::vector<tremorlab_event> got;
  tremorlab_event e;
  while (tremorlab_detector_pop_events(det.d, &e, 1, &n) == TREMORLAB_OK && n == 1) got.push_back(e);
  ASSERT_EQ(got.size(), all.size());
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_TRUE(same(got[i], all[i]));
  // a queue smaller than the events keeps the newest and counts the dropped ones
  tremorlab_detector_config c;
  tremorlab_detector_config_default(&c);
  c.event_capacity = 1;
  Detector small(&c);
  ASSERT_EQ(tremorlab_detector_push(small.d, r.xyz.data(), r.frames(), r.t.data(), nullptr, 0, &n), TREMORLAB_OK);
  ASSERT_EQ(tremorlab_detector_flush(small.d, nullptr, 0, &n), TREMORLAB_OK);
  tremorlab_detector_counters(small.d, &k);
  EXPECT_EQ(k.events_pending, 1u);
  EXPECT_EQ(k.events_dropped, all.size() - 1);
  ASSERT_EQ(tremorlab_detector_pop_events(small.d, &e, 1, &n), TREMORLAB_OK);
  EXPECT_TRUE(same(e, all.back()));
  ASSERT_EQ(tremorlab_detector_reset(small.d), TREMORLAB_OK);
  tremorlab_detector_counters(small.d, &k);
  EXPECT_EQ(k.frames_pushed + k.events_pending + k.events_dropped, 0u);
}

TEST(CApi, FilterDesignAndStreamingMatchTheCppFilter) {
  const double wn[2] = {3.5, 12.0};
  std::size_t ns = 0;
  EXPECT_EQ(tremorlab_butter(4, wn, 2, "bandpass", 100.0, nullptr, 0, &ns), TREMORLAB_BUFFER_TOO_SMALL);
  EXPECT_EQ(ns, 4u);
  std::vector<double> sos(6 * ns);
  ASSERT_EQ(tremorlab_butter(4, wn, 2, "bandpass", 100.0, sos.data(), ns, &ns), TREMORLAB_OK);
  const tremorlab::Sos want = tremorlab::butter(4, {3.5, 12.0}, tremorlab::BandType::bandpass, 100.0);
  for (std::size_t i = 0; i < ns; ++i) {
    EXPECT_EQ(sos[6 * i + 0], want[i].b0);
    EXPECT_EQ(sos[6 * i + 4], want[i].a1);
    EXPECT_EQ(sos[6 * i + 5], want[i].a2);
  }
  std::size_t ns2 = 0;
  EXPECT_EQ(tremorlab_butter(4, wn, 2, "sideways", 100.0, sos.data(), 4, &ns2), TREMORLAB_INVALID_ARGUMENT);
  EXPECT_NE(std::string(tremorlab_last_error()).find("sideways"), std::string::npos) << tremorlab_last_error();
  EXPECT_EQ(tremorlab_butter(4, wn, 1, "bandpass", 100.0, sos.data(), 4, &ns2), TREMORLAB_INVALID_ARGUMENT);
  const double bad[2] = {12.0, 3.5};
  EXPECT_EQ(tremorlab_butter(4, bad, 2, "bandpass", 100.0, sos.data(), 4, &ns2), TREMORLAB_INVALID_ARGUMENT);
  EXPECT_EQ(tremorlab_butter(0, wn, 1, "low", 100.0, sos.data(), 4, &ns2), TREMORLAB_INVALID_ARGUMENT);
  EXPECT_EQ(tremorlab_butter(4, wn, 2, nullptr, 100.0, sos.data(), 4, &ns2), TREMORLAB_INVALID_ARGUMENT);

  const Recording r = load(kKinetic);
  tremorlab_sos_filter* f = nullptr;
  ASSERT_EQ(tremorlab_sos_filter_create(sos.data(), ns, 3, &f), TREMORLAB_OK);
  tremorlab::SosFilter<double> cpp(want, 3);
  std::vector<double> a(r.xyz.size()), b(r.xyz.size());
  cpp.init_steady_state(std::span<const double>(r.xyz.data(), 3));
  cpp.process(r.xyz, a);
  ASSERT_EQ(tremorlab_sos_filter_init_steady_state(f, r.xyz.data()), TREMORLAB_OK);
  for (std::size_t i = 0; i < r.frames();) {  // uneven chunks, same result bit for bit
    const std::size_t c = std::min<std::size_t>(1 + i % 37, r.frames() - i);
    ASSERT_EQ(tremorlab_sos_filter_process(f, r.xyz.data() + 3 * i, b.data() + 3 * i, c), TREMORLAB_OK);
    i += c;
  }
  EXPECT_EQ(a, b);
  EXPECT_EQ(tremorlab_sos_filter_process(f, nullptr, b.data(), 1), TREMORLAB_INVALID_ARGUMENT);
  EXPECT_EQ(tremorlab_sos_filter_process(nullptr, a.data(), b.data(), 1), TREMORLAB_INVALID_ARGUMENT);
  EXPECT_EQ(tremorlab_sos_filter_init_steady_state(f, nullptr), TREMORLAB_INVALID_ARGUMENT);
  ASSERT_EQ(tremorlab_sos_filter_reset(f), TREMORLAB_OK);
  tremorlab_sos_filter_destroy(f);
  EXPECT_EQ(tremorlab_sos_filter_create(sos.data(), ns, 0, &f), TREMORLAB_INVALID_ARGUMENT);
  EXPECT_EQ(f, nullptr);
  EXPECT_EQ(tremorlab_sos_filter_create(sos.data(), 0, 3, &f), TREMORLAB_INVALID_ARGUMENT);
  std::vector<double> zero_a0(sos);
  zero_a0[3] = 0;
  EXPECT_EQ(tremorlab_sos_filter_create(zero_a0.data(), ns, 3, &f), TREMORLAB_INVALID_ARGUMENT);
}

TEST(CApi, ClassifyMatchesClassifyRecording) {
  const Recording r = load(kPronation);
  tremorlab_classify_options o;
  ASSERT_EQ(tremorlab_classify_options_default(&o), TREMORLAB_OK);
  std::size_t nw = 0, nc = 0;
  EXPECT_EQ(tremorlab_classify(r.xyz.data(), r.frames(), &o, nullptr, nullptr, nullptr, 0, &nw, &nc),
            TREMORLAB_BUFFER_TOO_SMALL);
  const auto model = tremorlab::Classifier::default_model();
  const auto want = tremorlab::classify_recording(r.xyz, 100.0, tremorlab::Units::m_per_s2, model);
  ASSERT_EQ(nw, want.n_windows);
  ASSERT_EQ(nc, model.n_classes());
  std::vector<double> proba(nw * nc), start(nw);
  std::vector<int> labels(nw);
  ASSERT_EQ(tremorlab_classify(r.xyz.data(), r.frames(), &o, proba.data(), labels.data(), start.data(), nw, &nw, &nc),
            TREMORLAB_OK);
  EXPECT_EQ(proba, want.proba);
  ASSERT_EQ(labels.size(), want.labels.size());
  for (std::size_t k = 0; k < nw; ++k) EXPECT_EQ(labels[k], static_cast<int>(want.labels[k]));
  EXPECT_EQ(start, want.start_s);
  // class names are the model's
  tremorlab_model* m = nullptr;
  ASSERT_EQ(tremorlab_model_default(&m), TREMORLAB_OK);
  std::size_t mc = 0;
  ASSERT_EQ(tremorlab_model_n_classes(m, &mc), TREMORLAB_OK);
  ASSERT_EQ(mc, nc);
  for (std::size_t i = 0; i < mc; ++i) {
    const char* name = nullptr;
    ASSERT_EQ(tremorlab_model_class_name(m, i, &name), TREMORLAB_OK);
    EXPECT_EQ(name, model.classes()[i]);
  }
  const char* name = "x";
  EXPECT_EQ(tremorlab_model_class_name(m, mc, &name), TREMORLAB_INVALID_ARGUMENT);
  EXPECT_EQ(name, nullptr);
  tremorlab_model_destroy(m);
  // too short, NaN, bad units
  EXPECT_EQ(tremorlab_classify(r.xyz.data(), 10, &o, proba.data(), labels.data(), nullptr, nw, &nw, &nc),
            TREMORLAB_INVALID_INPUT);
  EXPECT_NE(std::string(tremorlab_last_error()).find("shorter than one window"), std::string::npos);
  auto bad = r.xyz;
  bad[4] = INFINITY;
  EXPECT_EQ(tremorlab_classify(bad.data(), r.frames(), &o, proba.data(), labels.data(), nullptr, nw, &nw, &nc),
            TREMORLAB_INVALID_INPUT);
  // m/s^2 data (gravity included) declared as g: refused with the units named, nothing written.
  o.units = TREMORLAB_UNITS_G;
  std::fill(labels.begin(), labels.end(), -7);
  EXPECT_EQ(tremorlab_classify(r.xyz.data(), r.frames(), &o, proba.data(), labels.data(), nullptr, nw, &nw, &nc),
            TREMORLAB_INVALID_INPUT);
  EXPECT_NE(std::string(tremorlab_last_error()).find("declared in g looks like it is in m/s^2"), std::string::npos)
      << tremorlab_last_error();
  EXPECT_EQ(labels[0], -7);
  o.units = static_cast<tremorlab_units>(3);
  EXPECT_EQ(tremorlab_classify(r.xyz.data(), r.frames(), &o, proba.data(), labels.data(), nullptr, nw, &nw, &nc),
            TREMORLAB_INVALID_ARGUMENT);
  EXPECT_EQ(tremorlab_classify(r.xyz.data(), r.frames(), nullptr, proba.data(), labels.data(), nullptr, nw, &nw, &nc),
            TREMORLAB_INVALID_ARGUMENT);
}

TEST(CApi, BatchFeaturesAndTheirExplanationsAreTheCores) {
  const Recording r = load(kPronation);
  tremorlab_classify_options o;
  ASSERT_EQ(tremorlab_classify_options_default(&o), TREMORLAB_OK);
  const auto model = tremorlab::Classifier::default_model();
  const auto want = tremorlab::classify_recording(r.xyz, 100.0, tremorlab::Units::m_per_s2, model);
  std::size_t nw = 7;
  EXPECT_EQ(tremorlab_classify_features(r.xyz.data(), r.frames(), &o, nullptr, 0, &nw), TREMORLAB_BUFFER_TOO_SMALL);
  ASSERT_EQ(nw, want.n_windows);
  const auto nf = static_cast<std::size_t>(tremorlab_feature_count());
  std::vector<double> feats(nw * nf);
  ASSERT_EQ(tremorlab_classify_features(r.xyz.data(), r.frames(), &o, feats.data(), nw, &nw), TREMORLAB_OK);
  EXPECT_EQ(feats, want.features);
  // Every window's label explained as the core explains it, with and without an explicit model handle.
  tremorlab_model* m = nullptr;
  const std::string json = model.to_json();
  ASSERT_EQ(tremorlab_model_from_json(json.c_str(), &m), TREMORLAB_OK);
  std::vector<tremorlab_contribution> got(5);
  for (std::size_t k = 0; k < nw; k += 37) {
    const std::span<const double> row(feats.data() + k * nf, nf);
    const auto ref = model.explain(row, want.labels[k], 5);
    const tremorlab_model* handles[] = {nullptr, m};
    for (const tremorlab_model* h : handles) {
      std::size_t n = 0;
      ASSERT_EQ(tremorlab_model_explain(h, row.data(), nf, static_cast<int>(want.labels[k]), 5, got.data(), &n),
                TREMORLAB_OK);
      ASSERT_EQ(n, ref.size());
      for (std::size_t i = 0; i < n; ++i) {
        EXPECT_EQ(got[i].feature, static_cast<int>(ref[i].index));
        EXPECT_EQ(got[i].value, ref[i].value);
      }
    }
  }
  // Refusals: NULLs, an unknown label, a short row, NaN, and the units check of tremorlab_classify.
  std::size_t n = 9;
  EXPECT_EQ(tremorlab_model_explain(m, feats.data(), nf, 99, 3, got.data(), &n), TREMORLAB_INVALID_ARGUMENT);
  EXPECT_EQ(n, 0u);
  EXPECT_EQ(tremorlab_model_explain(m, feats.data(), nf - 1, 2, 3, got.data(), &n), TREMORLAB_INVALID_INPUT);
  EXPECT_EQ(tremorlab_model_explain(m, nullptr, nf, 2, 3, got.data(), &n), TREMORLAB_INVALID_ARGUMENT);
  EXPECT_EQ(tremorlab_model_explain(m, feats.data(), nf, 2, 3, nullptr, &n), TREMORLAB_INVALID_ARGUMENT);
  EXPECT_EQ(tremorlab_model_explain(m, feats.data(), nf, 2, 0, nullptr, &n), TREMORLAB_OK);
  EXPECT_EQ(n, 0u);
  auto bad = feats;
  bad[3] = NAN;
  EXPECT_EQ(tremorlab_model_explain(m, bad.data(), nf, 2, 3, got.data(), &n), TREMORLAB_INVALID_INPUT);
  EXPECT_EQ(tremorlab_classify_features(r.xyz.data(), r.frames(), &o, feats.data(), nw, nullptr),
            TREMORLAB_INVALID_ARGUMENT);
  EXPECT_EQ(tremorlab_classify_features(r.xyz.data(), r.frames(), nullptr, feats.data(), nw, &nw),
            TREMORLAB_INVALID_ARGUMENT);
  o.units = TREMORLAB_UNITS_G;
  EXPECT_EQ(tremorlab_classify_features(r.xyz.data(), r.frames(), &o, feats.data(), nw, &nw), TREMORLAB_INVALID_INPUT);
  tremorlab_model_destroy(m);
}

// A detector with the default config and model `m`, which is destroyed right away (the detector holds its
// own copy); nullptr when creation fails.
tremorlab_detector* detector_taking(tremorlab_model* m) {
  tremorlab_detector_config c;
  tremorlab_detector_config_default(&c);
  c.model = m;
  tremorlab_detector* d = nullptr;
  EXPECT_EQ(tremorlab_detector_create(&c, &d), TREMORLAB_OK) << tremorlab_last_error();
  tremorlab_model_destroy(m);
  return d;
}

TEST(CApi, ModelErrors) {
  tremorlab_model* m = reinterpret_cast<tremorlab_model*>(0x1);
  EXPECT_EQ(tremorlab_model_from_json("{not json", &m), TREMORLAB_MODEL_ERROR);
  EXPECT_EQ(m, nullptr);
  EXPECT_NE(std::string(tremorlab_last_error()).find("malformed JSON"), std::string::npos);
  EXPECT_EQ(tremorlab_model_from_json("{\"format\": \"tremorlab-model\", \"version\": 99}", &m), TREMORLAB_MODEL_ERROR);
  EXPECT_EQ(tremorlab_model_from_json(nullptr, &m), TREMORLAB_INVALID_ARGUMENT);
  // a model given to a detector is copied: destroying it first is fine
  const std::string json = tremorlab::Classifier::default_model().to_json();
  ASSERT_EQ(tremorlab_model_from_json(json.c_str(), &m), TREMORLAB_OK);
  tremorlab_detector* d = detector_taking(m);
  ASSERT_NE(d, nullptr);
  const Recording r = with_shaking(load(kRest));
  std::vector<tremorlab_event> got;
  ASSERT_EQ(tremorlab_detector_push_cb(d, r.xyz.data(), r.frames(), r.t.data(), collect, &got), TREMORLAB_OK);
  ASSERT_EQ(tremorlab_detector_flush_cb(d, collect, &got), TREMORLAB_OK);
  tremorlab_detector_destroy(d);
  const auto want = run_chunked(r, {r.frames()}, true);
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_TRUE(same(got[i], want[i]));
}

TEST(CApi, MlpModelFromJsonClassifiesAsTheCppCore) {
  // A one-hidden-layer model (format version 2) through the C ABI: tremorlab_classify and a detector give
  // the C++ core's probabilities, labels and latest window; a malformed hidden layer is a model error.
  const auto j = tremorlab::test::mlp_model_json(24);
  const std::string json = j.dump();
  tremorlab_model* m = nullptr;
  ASSERT_EQ(tremorlab_model_from_json(json.c_str(), &m), TREMORLAB_OK) << tremorlab_last_error();
  const auto model = tremorlab::Classifier::from_json(json);
  const Recording r = with_shaking(load(kRest));
  const auto want = tremorlab::classify_recording(r.xyz, 100.0, tremorlab::Units::m_per_s2, model);
  tremorlab_classify_options o;
  ASSERT_EQ(tremorlab_classify_options_default(&o), TREMORLAB_OK);
  o.model = m;
  std::size_t nw = want.n_windows, nc = 0;
  std::vector<double> proba(nw * model.n_classes());
  std::vector<int> labels(nw);
  ASSERT_EQ(tremorlab_classify(r.xyz.data(), r.frames(), &o, proba.data(), labels.data(), nullptr, nw, &nw, &nc),
            TREMORLAB_OK);
  ASSERT_EQ(nw, want.n_windows);
  EXPECT_EQ(proba, want.proba);
  for (std::size_t k = 0; k < nw; ++k) EXPECT_EQ(labels[k], static_cast<int>(want.labels[k])) << k;
  // detector: the latest window equals the C++ detector's with the same model
  tremorlab_detector* d = detector_taking(m);
  ASSERT_NE(d, nullptr);
  std::vector<tremorlab_event> got;
  ASSERT_EQ(tremorlab_detector_push_cb(d, r.xyz.data(), r.frames(), r.t.data(), collect, &got), TREMORLAB_OK);
  tremorlab_window w;
  ASSERT_EQ(tremorlab_detector_latest(d, &w), TREMORLAB_OK);
  tremorlab_detector_destroy(d);
  tremorlab::Detector cpp({}, model);
  cpp.push(r.xyz, r.t, [](const tremorlab::Event&) {});
  ASSERT_TRUE(w.valid);
  for (std::size_t k = 0; k < model.n_classes(); ++k) EXPECT_EQ(w.proba[k], cpp.latest().proba[k]) << k;
  // errors name the hidden layer
  auto bad = j;
  bad["hidden"]["activation"] = "relu";
  EXPECT_EQ(tremorlab_model_from_json(bad.dump().c_str(), &m), TREMORLAB_MODEL_ERROR);
  EXPECT_EQ(m, nullptr);
  EXPECT_NE(std::string(tremorlab_last_error()).find("activation"), std::string::npos) << tremorlab_last_error();
  bad = j;
  bad["version"] = 1;
  EXPECT_EQ(tremorlab_model_from_json(bad.dump().c_str(), &m), TREMORLAB_MODEL_ERROR);
  EXPECT_NE(std::string(tremorlab_last_error()).find("needs format version 2"), std::string::npos);
}

TEST(CApi, SessionSummaryJsonIsTheCppSessions) {
  const Recording r = with_shaking(load(kRest));
  tremorlab_session_config c;
  ASSERT_EQ(tremorlab_session_config_default(&c), TREMORLAB_OK);
  tremorlab_session* s = nullptr;
  ASSERT_EQ(tremorlab_session_create(&c, &s), TREMORLAB_OK);
  std::vector<tremorlab_event> got;
  ASSERT_EQ(tremorlab_session_push_cb(s, r.xyz.data(), r.frames(), r.t.data(), collect, &got), TREMORLAB_OK);
  std::size_t n = 0;
  tremorlab_event e[8];
  ASSERT_EQ(tremorlab_session_flush(s, e, 8, &n), TREMORLAB_OK);
  got.insert(got.end(), e, e + n);
  tremorlab::Session cpp;
  std::size_t want_events = 0;
  cpp.push(r.xyz, r.t, [&](const tremorlab::Event&) { ++want_events; });
  cpp.flush([&](const tremorlab::Event&) { ++want_events; });
  EXPECT_EQ(got.size(), want_events);
  const std::string want = cpp.summary_json(2);
  std::size_t req = 0;
  EXPECT_EQ(tremorlab_session_summary_json(s, 2, nullptr, 0, &req), TREMORLAB_BUFFER_TOO_SMALL);
  EXPECT_EQ(req, want.size() + 1);
  std::vector<char> small(req - 1, 'x');
  EXPECT_EQ(tremorlab_session_summary_json(s, 2, small.data(), small.size(), &req), TREMORLAB_BUFFER_TOO_SMALL);
  EXPECT_EQ(small.front(), 'x');  // untouched
  std::vector<char> buf(req);
  ASSERT_EQ(tremorlab_session_summary_json(s, 2, buf.data(), buf.size(), &req), TREMORLAB_OK);
  EXPECT_EQ(std::string(buf.data()), want);
  char* owned = nullptr;
  ASSERT_EQ(tremorlab_session_summary_json_alloc(s, -1, &owned), TREMORLAB_OK);
  EXPECT_EQ(std::string(owned), cpp.summary_json());
  const auto j = nlohmann::json::parse(owned);
  EXPECT_GT(j.dump().size(), 10u);
  tremorlab_string_free(owned);
  EXPECT_EQ(tremorlab_session_summary_json_alloc(nullptr, -1, &owned), TREMORLAB_INVALID_ARGUMENT);
  EXPECT_EQ(owned, nullptr);
  EXPECT_EQ(tremorlab_session_summary_json(s, 99, buf.data(), buf.size(), &req), TREMORLAB_INVALID_ARGUMENT);
  tremorlab_counters k;
  ASSERT_EQ(tremorlab_session_counters(s, &k), TREMORLAB_OK);
  EXPECT_EQ(k.frames_accepted, r.frames());
  // The latest window and its explanation are the C++ session's detector's.
  tremorlab_window w;
  ASSERT_EQ(tremorlab_session_latest(s, &w), TREMORLAB_OK);
  EXPECT_EQ(w.valid, 1);
  EXPECT_EQ(w.index, cpp.detector().latest().index);
  EXPECT_EQ(w.label, static_cast<int>(cpp.detector().latest().label));
  EXPECT_EQ(w.p_tremor, cpp.detector().latest().p_tremor);
  tremorlab_contribution why[3];
  ASSERT_EQ(tremorlab_session_explain_latest(s, 3, why, &n), TREMORLAB_OK);
  const auto want_why = cpp.detector().explain_latest(3);
  ASSERT_EQ(n, want_why.size());
  for (std::size_t i = 0; i < n; ++i) {
    EXPECT_STREQ(tremorlab_feature_name(why[i].feature), want_why[i].feature.c_str());
    EXPECT_EQ(why[i].value, want_why[i].value);
  }
  EXPECT_EQ(tremorlab_session_latest(nullptr, &w), TREMORLAB_INVALID_ARGUMENT);
  EXPECT_EQ(tremorlab_session_explain_latest(s, 3, nullptr, &n), TREMORLAB_INVALID_ARGUMENT);
  ASSERT_EQ(tremorlab_session_reset(s), TREMORLAB_OK);
  ASSERT_EQ(tremorlab_session_latest(s, &w), TREMORLAB_OK);
  EXPECT_EQ(w.valid, 0);  // a reset session has no window
  EXPECT_EQ(tremorlab_session_explain_latest(s, 3, why, &n), TREMORLAB_INVALID_ARGUMENT);
  tremorlab_session_destroy(s);
  c.continuous_limit_s = 1;  // below continuous_notice_s
  EXPECT_EQ(tremorlab_session_create(&c, &s), TREMORLAB_INVALID_ARGUMENT);
  EXPECT_NE(std::string(tremorlab_last_error()).find("continuous_limit_s"), std::string::npos);
}

TEST(CApi, LastErrorIsPerThread) {
  tremorlab_detector* d = nullptr;
  EXPECT_EQ(tremorlab_detector_create(nullptr, &d), TREMORLAB_INVALID_ARGUMENT);
  std::string other;
  std::thread([&] { other = tremorlab_last_error(); }).join();
  EXPECT_EQ(other, "");
  EXPECT_STRNE(tremorlab_last_error(), "");
}

// Create/push/flush/summary/destroy loops, error paths included. Under ASan (scripts/test.sh) LeakSanitizer
// checks explicitly that nothing of it leaked; every build checks that the loops ran and stayed correct.
TEST(CApiLeaks, CreatePushDestroyLoops) {
  const Recording r = with_shaking(load(kRest));
  constexpr int kLoops = 200;
  std::size_t events = 0;
  for (int it = 0; it < kLoops; ++it) {
    const std::size_t len = r.frames() / 4 + std::size_t(it) * 7 % (r.frames() / 2);
    tremorlab_session_config c;
    tremorlab_session_config_default(&c);
    tremorlab_model* m = nullptr;
    if (it % 2) ASSERT_EQ(tremorlab_model_default(&m), TREMORLAB_OK);
    c.detector.model = m;
    tremorlab_session* s = nullptr;
    tremorlab_detector* d = nullptr;
    ASSERT_EQ(tremorlab_session_create(&c, &s), TREMORLAB_OK);
    ASSERT_EQ(tremorlab_detector_create(&c.detector, &d), TREMORLAB_OK);
    tremorlab_model_destroy(m);  // the handles hold their own copies
    c.detector.model = nullptr;
    tremorlab_event e[4];
    std::size_t n = 0;
    ASSERT_EQ(tremorlab_session_push(s, r.xyz.data() + 3 * (r.frames() / 4), len, nullptr, e, 4, &n), TREMORLAB_OK);
    events += n;
    ASSERT_EQ(tremorlab_detector_push(d, r.xyz.data(), len, r.t.data(), e, 4, &n), TREMORLAB_OK);
    events += n;
    double nan_frame[3] = {NAN, 0, 0};
    EXPECT_EQ(tremorlab_detector_push(d, nan_frame, 1, nullptr, e, 4, &n), TREMORLAB_INVALID_INPUT);
    char* json = nullptr;
    ASSERT_EQ(tremorlab_session_summary_json_alloc(s, it % 3 - 1, &json), TREMORLAB_OK);
    tremorlab_string_free(json);
    if (it % 4 == 0) tremorlab_session_flush(s, e, 4, &n);  // else destroyed with events still queued
    tremorlab_session_destroy(s);
    tremorlab_detector_destroy(d);
    // failing creates must not leak either
    tremorlab_model* bad = nullptr;
    EXPECT_EQ(tremorlab_model_from_json("{\"format\": 1", &bad), TREMORLAB_MODEL_ERROR);
    c.detector.channels = 5;
    EXPECT_EQ(tremorlab_detector_create(&c.detector, &d), TREMORLAB_INVALID_ARGUMENT) << tremorlab_last_error();
    const double wn = 10;
    double sos[6 * 4];
    std::size_t ns = 0;
    ASSERT_EQ(tremorlab_butter(4, &wn, 1, "low", 100, sos, 4, &ns), TREMORLAB_OK);
    tremorlab_sos_filter* f = nullptr;
    ASSERT_EQ(tremorlab_sos_filter_create(sos, ns, 3, &f), TREMORLAB_OK);
    tremorlab_sos_filter_destroy(f);
  }
  EXPECT_GT(events, 0u);
#ifdef TL_ASAN
  EXPECT_EQ(__lsan_do_recoverable_leak_check(), 0) << "LeakSanitizer found leaks after " << kLoops << " loops";
  std::printf("[leak check] LeakSanitizer: 0 leaks after %d create/push/destroy loops\n", kLoops);
#endif
}
