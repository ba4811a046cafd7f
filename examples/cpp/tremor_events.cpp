// Streams a tremorlab CSV recording (`# key: value` metadata lines, header `t,ax,ay,az[,gx,gy,gz]`) from a
// file or stdin, line by line, through tremorlab::Detector and prints each event as one JSON line, so it
// can sit in a pipe behind a sensor:
//
//   tremor_events recording.csv
//   sensor_reader | tremor_events - --fs 100 --units g
//
// Metadata `# fs: ...` and `# units: ...` set the sampling rate and units unless given on the command
// line. Bad rows (NaN, non-increasing time) are reported on stderr and skipped; the stream goes on.
// tremorlab classifies movement; it makes no medical claim.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tremorlab/detector.hpp"

namespace {

void print_event(const tremorlab::Event& e) {
  nlohmann::json j{{"kind", tremorlab::to_string(e.kind)}, {"time", e.time}, {"detected_at", e.detected_at}};
  if (e.kind == tremorlab::EventKind::gap) {
    j["duration"] = e.duration;
  } else {
    j["label"] = tremorlab::to_string(e.label);
    j["confidence"] = e.confidence;
    j["frequency_hz"] = e.frequency_hz;
    j["amplitude"] = e.amplitude;
    j["peak_amplitude"] = e.peak_amplitude;
    if (e.kind == tremorlab::EventKind::offset || e.kind == tremorlab::EventKind::relabel) j["duration"] = e.duration;
  }
  std::cout << j.dump() << '\n' << std::flush;
}

int usage() {
  std::cerr << "usage: tremor_events [FILE|-] [--fs HZ] [--units m/s^2|g]\n";
  return 2;
}

std::string trim(std::string s) {
  const auto a = s.find_first_not_of(" \t\r");
  const auto b = s.find_last_not_of(" \t\r");
  return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

}  // namespace

int main(int argc, char** argv) {
  std::string path = "-";
  std::optional<double> fs_arg;
  std::optional<std::string> units_arg;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--fs" && i + 1 < argc) fs_arg = std::atof(argv[++i]);
    else if (a == "--units" && i + 1 < argc) units_arg = argv[++i];
    else if (a == "-h" || a == "--help") return usage();
    else if (!a.empty() && a[0] == '-' && a != "-") return usage();
    else path = a;
  }
  std::ifstream file;
  if (path != "-") {
    file.open(path);
    if (!file) {
      std::cerr << "tremor_events: cannot open " << path << '\n';
      return 1;
    }
  }
  std::istream& in = path == "-" ? std::cin : file;

  double fs = 100.0;
  std::string units = "m/s^2";
  std::optional<tremorlab::Detector> det;
  std::size_t channels = 3, lineno = 0, bad = 0;
  std::string line;
  std::vector<double> frame(6);
  try {
    while (std::getline(in, line)) {
      ++lineno;
      const std::string s = trim(line);
      if (s.empty()) continue;
      if (s[0] == '#') {  // "# key: value"
        const auto colon = s.find(':');
        if (colon == std::string::npos) continue;
        const std::string key = trim(s.substr(1, colon - 1)), value = trim(s.substr(colon + 1));
        if (key == "fs") fs = std::atof(value.c_str());
        if (key == "units") units = value;
        continue;
      }
      if (!det) {  // the header line: t,ax,ay,az[,gx,gy,gz]
        if (s.rfind("t,", 0) != 0) {
          std::cerr << "tremor_events: line " << lineno << ": expected header t,ax,ay,az[,gx,gy,gz]\n";
          return 1;
        }
        channels = s.find(",gx") != std::string::npos ? 6 : 3;
        tremorlab::DetectorConfig cfg;
        cfg.fs = fs_arg.value_or(fs);
        const std::string u = units_arg.value_or(units);
        if (u == "g") cfg.units = tremorlab::Units::g;
        else if (u == "m/s^2" || u == "m/s2") cfg.units = tremorlab::Units::m_per_s2;
        else {
          std::cerr << "tremor_events: unknown units '" << u << "'\n";
          return 1;
        }
        cfg.channels = channels;
        det.emplace(cfg);
        continue;
      }
      std::stringstream ss(s);
      std::string cell;
      double t = 0;
      std::size_t k = 0;
      bool ok = true;
      while (std::getline(ss, cell, ',')) {
        char* end = nullptr;
        const double v = std::strtod(cell.c_str(), &end);
        if (end == cell.c_str()) ok = false;
        if (k == 0) t = v;
        else if (k <= channels) frame[k - 1] = v;
        ++k;
      }
      if (!ok || k != channels + 1) {
        std::cerr << "tremor_events: line " << lineno << ": expected " << channels + 1 << " numbers, skipped\n";
        ++bad;
        continue;
      }
      try {
        det->push(std::span<const double>(frame.data(), channels), std::span<const double>(&t, 1), print_event);
      } catch (const tremorlab::InvalidInput& e) {  // NaN sample or bad timestamp: report, skip, go on
        std::cerr << "tremor_events: line " << lineno << ": " << e.what() << ", skipped\n";
        ++bad;
      }
    }
    if (det) det->flush(print_event);
  } catch (const tremorlab::Error& e) {
    std::cerr << "tremor_events: " << e.what() << '\n';
    return 1;
  }
  if (!det) {
    std::cerr << "tremor_events: no header line found\n";
    return 1;
  }
  std::cerr << "tremor_events: " << det->counters().frames_accepted << " samples, " << det->counters().windows
            << " windows, " << bad << " bad lines\n";
  return 0;
}
