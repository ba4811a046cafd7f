// Streams an accelerometer recording from a file or stdin, line by line, through tremorlab::Detector and
// prints each event as one JSON line, so it can sit in a pipe behind a sensor:
//
//   tremor_events recording.csv
//   sensor_reader | tremor_events - --fs 100 --units g
//
// It reads the three line-based formats of tremorlab.read_recording (docs/recording_format.md), recognised
// from the first line that is not `# key: value` metadata:
//   - tremorlab CSV: header `t,ax,ay,az[,gx,gy,gz]`, time in s; `# fs:` / `# units:` metadata honoured;
//   - CloudUPDRS CSV (the bundled data/cloudupdrs files): no header, `ns,x,y,z[,accuracy]`, m/s^2;
//   - phone CSV: header `timestamp; x; y; z;`, time in s, units g.
// mPower JSON and ParaDigMa TSDF folders are rejected with a message (convert them with
// tremorlab.write_recording). The sampling rate is --fs, else `# fs:` metadata, else 1 / the median
// interval of the first samples (as the Python reader estimates it). Bad rows (NaN, non-increasing time)
// are reported on stderr and skipped; the stream goes on.
// tremorlab classifies movement; it makes no medical claim.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tremorlab/detector.hpp"

namespace {

constexpr const char* kSupported =
    "tremorlab CSV (header t,ax,ay,az[,gx,gy,gz]), CloudUPDRS CSV (ns,x,y,z[,accuracy], no header) or "
    "phone CSV (header 'timestamp; x; y; z;'); mPower JSON and TSDF folders: convert them with "
    "tremorlab.write_recording";

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
  std::cerr << "usage: tremor_events [FILE|-] [--fs HZ] [--units m/s^2|g]\nreads " << kSupported << '\n';
  return 2;
}

std::string trim(std::string s) {
  const auto a = s.find_first_not_of(" \t\r");
  const auto b = s.find_last_not_of(" \t\r");
  return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

enum class Format { tremorlab, cloudupdrs, phone };

struct Layout {
  Format format;
  char sep;
  double time_scale;   // to seconds
  std::string units;   // the format's units (tremorlab CSV: its metadata, default m/s^2)
  std::size_t channels;
};

// Splits a data row on `sep`; false when a cell is not a number. A trailing empty cell (the phone
// format ends rows with ';') is layout, not a column.
bool parse_row(const std::string& s, char sep, std::vector<double>& cells) {
  cells.clear();
  std::stringstream ss(s);
  std::string cell;
  while (std::getline(ss, cell, sep)) {
    const std::string c = trim(cell);
    char* end = nullptr;
    const double v = std::strtod(c.c_str(), &end);
    if (c.empty() || end != c.c_str() + c.size()) {
      if (c.empty() && ss.peek() == EOF) break;
      return false;
    }
    cells.push_back(v);
  }
  return true;
}

// The format from the first line that is not metadata; nullopt (with a message) when unsupported.
std::optional<Layout> detect(const std::string& s, const std::string& meta_units, bool& is_header) {
  std::string low;
  for (char c : s)
    if (c != ' ') low += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  is_header = true;
  if (low.rfind("t,", 0) == 0)
    return Layout{Format::tremorlab, ',', 1.0, meta_units, low.find(",gx") != std::string::npos ? 6u : 3u};
  if (low.rfind("timestamp;x;y;z", 0) == 0) return Layout{Format::phone, ';', 1.0, "g", 3};
  is_header = false;
  std::vector<double> cells;
  if (parse_row(s, ',', cells) && (cells.size() == 4 || cells.size() == 5))
    return Layout{Format::cloudupdrs, ',', 1e-9, "m/s^2", 3};
  if (!low.empty() && (low[0] == '[' || low[0] == '{'))
    std::cerr << "tremor_events: a JSON file (mPower or TSDF metadata) is not read by this example; it reads "
              << kSupported << '\n';
  else
    std::cerr << "tremor_events: unrecognised first line '" << s.substr(0, 80) << "'; this example reads "
              << kSupported << '\n';
  return std::nullopt;
}

struct Sample {
  double t;
  std::vector<double> frame;
  std::size_t line;
};

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
    if (std::filesystem::is_directory(path)) {
      std::cerr << "tremor_events: " << path << " is a folder (a TSDF recording?); this example reads " << kSupported
                << '\n';
      return 1;
    }
    file.open(path);
    if (!file) {
      std::cerr << "tremor_events: cannot open " << path << '\n';
      return 1;
    }
  }
  std::istream& in = path == "-" ? std::cin : file;

  std::optional<double> meta_fs;
  std::string meta_units = "m/s^2";
  std::optional<Layout> layout;
  std::optional<tremorlab::Detector> det;
  std::vector<Sample> pending;  // samples read before the rate is known (estimated from their intervals)
  constexpr std::size_t kRateSamples = 65;
  std::size_t lineno = 0, bad = 0;
  std::string line;
  std::vector<double> cells;

  auto start_detector = [&]() {
    tremorlab::DetectorConfig cfg;
    if (fs_arg) cfg.fs = *fs_arg;
    else if (meta_fs) cfg.fs = *meta_fs;
    else {
      std::vector<double> dt;
      for (std::size_t i = 1; i < pending.size(); ++i) dt.push_back(pending[i].t - pending[i - 1].t);
      std::nth_element(dt.begin(), dt.begin() + dt.size() / 2, dt.end());
      if (dt.empty() || !(dt[dt.size() / 2] > 0)) throw tremorlab::InvalidInput("cannot estimate the sampling rate; pass --fs");
      cfg.fs = 1.0 / dt[dt.size() / 2];
    }
    const std::string u = units_arg.value_or(layout->units);
    if (u == "g") cfg.units = tremorlab::Units::g;
    else if (u == "m/s^2" || u == "m/s2") cfg.units = tremorlab::Units::m_per_s2;
    else throw tremorlab::InvalidArgument("unknown units '" + u + "' (--units m/s^2 or g)");
    cfg.channels = layout->channels;
    det.emplace(cfg);
    std::cerr << "tremor_events: " << (layout->format == Format::tremorlab    ? "tremorlab CSV"
                                       : layout->format == Format::cloudupdrs ? "CloudUPDRS CSV"
                                                                              : "phone CSV")
              << ", " << cfg.fs << " Hz, units " << u << '\n';
  };
  auto push = [&](const Sample& s) {
    try {
      det->push(std::span<const double>(s.frame.data(), layout->channels), std::span<const double>(&s.t, 1),
                print_event);
    } catch (const tremorlab::InvalidInput& e) {  // NaN sample or bad timestamp: report, skip, go on
      std::cerr << "tremor_events: line " << s.line << ": " << e.what() << ", skipped\n";
      ++bad;
    }
  };

  try {
    while (std::getline(in, line)) {
      ++lineno;
      const std::string s = trim(line);
      if (s.empty()) continue;
      if (s[0] == '#') {  // "# key: value"
        const auto colon = s.find(':');
        if (colon == std::string::npos) continue;
        const std::string key = trim(s.substr(1, colon - 1)), value = trim(s.substr(colon + 1));
        if (key == "fs") meta_fs = std::atof(value.c_str());
        if (key == "units") meta_units = value;
        continue;
      }
      if (!layout) {
        bool is_header = false;
        layout = detect(s, meta_units, is_header);
        if (!layout) return 1;
        if (is_header) continue;
      }
      if (!parse_row(s, layout->sep, cells) ||
          (layout->format == Format::cloudupdrs ? cells.size() != 4 && cells.size() != 5
                                                : cells.size() != layout->channels + 1)) {
        std::cerr << "tremor_events: line " << lineno << ": expected "
                  << (layout->format == Format::cloudupdrs ? std::string("4 or 5") : std::to_string(layout->channels + 1))
                  << " numbers, skipped\n";
        ++bad;
        continue;
      }
      Sample smp{cells[0] * layout->time_scale, std::vector<double>(cells.begin() + 1, cells.begin() + 1 + layout->channels),
                 lineno};
      if (det) {
        push(smp);
        continue;
      }
      pending.push_back(std::move(smp));
      if (fs_arg || meta_fs || pending.size() == kRateSamples) {
        start_detector();
        for (const auto& p : pending) push(p);
        pending.clear();
      }
    }
    if (!det && !pending.empty()) {
      start_detector();
      for (const auto& p : pending) push(p);
    }
    if (det) det->flush(print_event);
  } catch (const tremorlab::Error& e) {
    std::cerr << "tremor_events: " << e.what() << '\n';
    return 1;
  }
  if (!det) {
    std::cerr << "tremor_events: no samples; this example reads " << kSupported << '\n';
    return 1;
  }
  std::cerr << "tremor_events: " << det->counters().frames_accepted << " samples, " << det->counters().windows
            << " windows, " << bad << " bad lines\n";
  return 0;
}
