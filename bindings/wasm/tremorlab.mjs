// tremorlab for JavaScript: the C++ Detector, Session, butter and streaming SOS filter compiled to
// WebAssembly (bindings/wasm/tremorlab_wasm.cpp). Every rule (defaults, validation, labels, advisory flags)
// is the C++ core's; this module only turns the glue's returned Error values into thrown Errors and gives
// the handles JavaScript names.
//
//   import { loadTremorlab } from "./tremorlab.mjs";
//   const tl = await loadTremorlab();
//   const det = new tl.Detector({ fs: 100 });
//   const events = det.push(xyzInterleaved, timestampsSeconds);   // timestamps optional
//
// Objects own WebAssembly memory: call dispose() when done (a FinalizationRegistry frees forgotten ones).
// tremorlab classifies movement; it is not a medical device and makes no medical claim.
import createTremorlabModule from "./tremorlab_wasm.mjs";

function check(result) {
  if (result instanceof Error) throw result;
  return result;
}

const registry = typeof FinalizationRegistry === "function" ? new FinalizationRegistry((h) => h.delete()) : null;

function adopt(owner, handle) {
  const err = handle.error();
  if (err) {
    handle.delete();
    throw new Error(err);
  }
  owner._h = handle;
  if (registry) registry.register(owner, handle, owner);
}

function release(owner) {
  if (!owner._h) return;
  if (registry) registry.unregister(owner);
  owner._h.delete();
  owner._h = null;
}

function live(owner) {
  if (!owner._h) throw new Error("tremorlab: this object was disposed");
  return owner._h;
}

function api(M) {
  // What a Detector and a Session share (the session handle forwards to its detector).
  class Stream {
    constructor(handle) {
      adopt(this, handle);
    }
    /** frames: interleaved samples (channels per frame, m/s^2 or g), Array or typed array; timestamps:
     *  seconds, one per frame, or omitted (frames continue the clock at 1/fs). Returns the events. */
    push(frames, timestamps) {
      return check(live(this).push(frames, timestamps ?? null));
    }
    /** End of stream: closes an active bout. */
    flush() {
      return check(live(this).flush());
    }
    /** The latest window's classification, or null before the first window. */
    latest() {
      return live(this).latest();
    }
    /** Why the latest window got its label: the k (default 3) features that pushed hardest towards it,
     *  [{feature, value}], largest |value| first (value > 0 speaks for the label). Throws before the first
     *  window. */
    explainLatest(k) {
      return check(live(this).explain_latest(k ?? null));
    }
    counters() {
      return live(this).counters();
    }
    /** The model's class names (model order). */
    get classes() {
      return live(this).classes();
    }
    get hopSeconds() {
      return live(this).hop_s();
    }
    get windowSamples() {
      return live(this).window_samples();
    }
    get inBout() {
      return live(this).in_bout();
    }
    memoryBytes() {
      return live(this).memory_bytes();
    }
    reset() {
      live(this).reset();
    }
    dispose() {
      release(this);
    }
  }

  /** Streaming detector. options: { fs, channels, units, window_s, hop_s, enter_threshold, ... } (see
   *  detectorDefaults()); an unknown option throws. */
  class Detector extends Stream {
    constructor(options = {}) {
      super(new M.DetectorHandle(options));
    }
  }

  /** A shaking session: a Detector plus tremor time, bouts, integration rest and advisory flags.
   *  options: the Detector's plus the session's (first_session, continuous_notice_s, ...; sessionDefaults()). */
  class Session extends Stream {
    constructor(options = {}) {
      super(new M.SessionHandle(options));
    }
    /** The session summary (C++ SessionTracker JSON): shaking_s, tremor_s, mimicked_s, bouts, flags, ... */
    summary() {
      return JSON.parse(live(this).summary_json());
    }
    summaryJSON() {
      return live(this).summary_json();
    }
  }

  /** Streaming SOS filter with per-channel state (C++ SosFilter<double>): process() any block size. */
  class SosFilter {
    constructor(sos, channels = 1) {
      adopt(this, new M.SosFilterHandle(sos, channels));
    }
    /** x: interleaved frames; returns a Float64Array of the same length. */
    process(x) {
      return check(live(this).process(x));
    }
    /** Steady state for a constant input equal to frame (one value per channel), as sosfilt_zi * frame. */
    initSteadyState(frame) {
      check(live(this).init_steady_state(frame));
    }
    reset() {
      live(this).reset();
    }
    dispose() {
      release(this);
    }
  }

  return Object.freeze({
    Detector,
    Session,
    SosFilter,
    /** Every window of a recorded array, as Python's tremorlab.classify (the C++ batch path): frames are
     *  interleaved x, y, z; options { fs (default 100), units ('m/s^2' or 'g'), window_s, hop_s, model (JSON
     *  text) }. Returns { classes, labels (decided: may be "shaking"), proba (Float64Array, n_windows x classes),
     *  start_s, end_s, centre_s, amplitude (m/s^2), rhythm_hz, turn_deg_s (deg/s, NaN: not known), window_s, hop_s }.
     *  Throws an Error for bad input,
     *  including units that contradict the recording's gravity. */
    classify: (frames, options = {}) => check(M.classify(frames, options)),
    /** scipy.signal.butter(order, wn, btype, fs=fs, output="sos"): an Array of [b0, b1, b2, a0, a1, a2] rows. */
    butter: (order, wn, btype = "lowpass", fs) => check(M.butter(order, wn, btype, fs)),
    /** Every label an event or bout can carry (the C++ core's names). */
    labels: () => M.labels(),
    eventKinds: () => M.event_kinds(),
    detectorDefaults: () => M.detector_defaults(),
    sessionDefaults: () => M.session_defaults(),
    version: M.version(),
  });
}

/** Loads the WebAssembly module; moduleOptions go to emscripten's module factory (e.g. locateFile). */
export async function loadTremorlab(moduleOptions = {}) {
  const opts = { ...moduleOptions };
  if (!opts.wasmBinary && typeof process === "object" && process.versions?.node) {
    // Under node there is no fetch of file URLs: read the .wasm next to this module.
    const { readFile } = await import("node:fs/promises");
    opts.wasmBinary = await readFile(new URL("./tremorlab_wasm.wasm", import.meta.url));
  }
  return api(await createTremorlabModule(opts));
}
