// The WebAssembly build (build/web, scripts/build_web.sh) against the native build in the same run:
// tests/js/native_reference.py runs the native detector, session and filter (C++ through the Python
// extension) on bundled recordings and a synthetic session; nothing expected is written down here.
// Run: node --test tests/js/wasm.test.mjs   (scripts/test.sh does, after building).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync, readdirSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import path from "node:path";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const WEB = path.join(ROOT, "build/web");
const { loadTremorlab } = await import(pathToFileURL(path.join(WEB, "tremorlab.mjs")));
const tl = await loadTremorlab();

const PYTHON = process.env.TREMORLAB_PYTHON || path.join(ROOT, ".venv/bin/python");
const CLOUD = path.join(ROOT, "data/cloudupdrs/2458");
const specs = [
  ...readdirSync(CLOUD).filter((f) => f.endsWith(".csv")).sort().map((f) => path.join(CLOUD, f)),
  "synth:3",
  "synth:4",
];
const native = JSON.parse(
  execFileSync(PYTHON, [path.join(ROOT, "tests/js/native_reference.py"), ...specs], {
    maxBuffer: 1 << 30,
    encoding: "utf8",
  }),
);

// Same arithmetic in C++ on both sides, but x86-64 and WebAssembly may round differently (e.g. vectorised
// sums in Eigen): numbers agree to 1e-9 relative, names and counts exactly.
function close(a, b, what) {
  const tol = 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);
}
function sameEvents(got, want, what) {
  assert.equal(got.length, want.length, `${what}: ${got.length} events vs ${want.length} native`);
  got.forEach((g, i) => {
    const w = want[i];
    assert.equal(g.kind, w.kind, `${what} event ${i} kind`);
    assert.equal(g.label, w.label, `${what} event ${i} label`);
    for (const k of ["time", "detected_at", "confidence", "frequency_hz", "amplitude", "peak_amplitude", "duration"])
      close(g[k], w[k], `${what} event ${i} ${k}`);
  });
}
function sameJSON(got, want, where) {
  if (typeof want === "number") return close(got, want, where);
  if (Array.isArray(want)) {
    assert.equal(got.length, want.length, `${where}: length`);
    return want.forEach((w, i) => sameJSON(got[i], w, `${where}[${i}]`));
  }
  if (want && typeof want === "object") {
    assert.deepEqual(Object.keys(got).sort(), Object.keys(want).sort(), `${where}: keys`);
    for (const k of Object.keys(want)) sameJSON(got[k], want[k], `${where}.${k}`);
    return;
  }
  assert.equal(got, want, where);
}

function runDetector(rec, chunks) {
  const det = new tl.Detector({ fs: rec.fs });
  const events = [];
  let i = 0;
  const n = rec.t.length;
  for (const c of chunks(n)) {
    events.push(...det.push(rec.acc.slice(3 * i, 3 * (i + c)), rec.t.slice(i, i + c)));
    i += c;
  }
  assert.equal(i, n);
  events.push(...det.flush());
  det.dispose();
  return events;
}
const whole = (n) => [n];
function randomChunks(seed) {
  let s = seed >>> 0; // xorshift32: a fixed, seeded chunking
  const next = () => ((s ^= s << 13), (s ^= s >>> 17), (s ^= s << 5), (s >>> 0));
  return (n) => {
    const out = [];
    for (let left = n; left > 0; ) {
      const c = Math.min(left, 1 + (next() % 250));
      out.push(c);
      left -= c;
    }
    return out;
  };
}

test("the reference run has onsets to compare (not a vacuous comparison)", () => {
  const onsets = native.flatMap((r) => r.events).filter((e) => e.kind === "onset");
  assert.ok(onsets.length >= 2, `only ${onsets.length} native onsets`);
});

test("same events as the native detector on every recording (real timestamps)", () => {
  for (const rec of native) sameEvents(runDetector(rec, whole), rec.events, rec.name);
});

test("the latest window, its rhythm and the explanation of its label equal the native ones", () => {
  for (const rec of native) {
    const det = new tl.Detector({ fs: rec.fs });
    assert.throws(() => det.explainLatest(), (e) => e instanceof Error && /no window yet/.test(e.message));
    det.push(rec.acc, rec.t);
    const lat = det.latest();
    assert.equal(lat.label, rec.latest_label, `${rec.name} latest label`);
    close(lat.rhythm_hz, rec.latest_rhythm_hz, `${rec.name} latest rhythm_hz`);
    if (rec.latest_turn_deg_s === null) assert.ok(Number.isNaN(lat.turn_deg_s), `${rec.name} latest turn_deg_s`);
    else close(lat.turn_deg_s, rec.latest_turn_deg_s, `${rec.name} latest turn_deg_s`);
    sameJSON(det.explainLatest(5), rec.latest_explain, `${rec.name} explainLatest(5)`);
    assert.equal(det.explainLatest().length, 3);
    assert.deepEqual(det.explainLatest(0), []);
    for (const bad of [-1, 2.5, "3", NaN])
      assert.throws(() => det.explainLatest(bad), (e) => e instanceof Error && /whole number/.test(e.message));
    det.dispose();
  }
});

test("events do not depend on how the stream is chunked", () => {
  for (const rec of native) {
    const ref = runDetector(rec, whole);
    for (const seed of [1, 2]) assert.deepEqual(runDetector(rec, randomChunks(seed)), ref, `${rec.name} seed ${seed}`);
    assert.deepEqual(runDetector(rec, (n) => Array(n).fill(1)), ref, `${rec.name} frame by frame`);
  }
});

test("session summary (tremor time, bouts, flags) equals the native session's", () => {
  for (const rec of native) {
    const s = new tl.Session({ fs: rec.fs, first_session: true });
    s.push(rec.acc, rec.t);
    s.flush();
    sameJSON(s.summary(), rec.summary, rec.name);
    s.dispose();
  }
});

test("labels come from the core and cover every event label", () => {
  const labels = tl.labels();
  for (const l of ["rest", "voluntary", "tremor", "mimicked"]) assert.ok(labels.includes(l), l);
  for (const e of native.flatMap((r) => r.events)) if (e.label !== null) assert.ok(labels.includes(e.label), e.label);
  assert.deepEqual(new tl.Detector().classes.filter((c) => !labels.includes(c)), []);
});

test("butter and the streaming SOS filter equal the native ones", () => {
  const rec = native[0];
  const sos = tl.butter(4, [4, 12], "bandpass", rec.fs);
  sameJSON(sos, rec.sos, "sos");
  const x = rec.acc.filter((_, i) => i % 3 === 0);
  const f = new tl.SosFilter(sos, 1);
  const y = [...f.process(x.slice(0, 777)), ...f.process(x.slice(777))];
  sameJSON(y, rec.filtered_x, "sosfilt");
  f.dispose();
});

// An MLP built from a linear model: 4 units that carry its logits at 1/10 scale (tanh nearly linear there, so
// the network still finds the shaking) plus 4 units with fixed sin/cos weights that bend it.
function mlpFromLinear(lin) {
  const nc = lin.classes.length, nf = lin.feature_names.length, H = nc + 4;
  const hw = [], hb = [], w = lin.classes.map(() => []);
  for (let h = 0; h < H; ++h) {
    hw.push(Array.from({ length: nf }, (_, f) => (h < nc ? 0.1 * lin.weights[h][f] : 0.05 * Math.sin(1.3 * h + 0.7 * f))));
    hb.push(h < nc ? 0.1 * lin.bias[h] : 0.1 * Math.cos(2.1 * h));
    for (let c = 0; c < nc; ++c) w[c].push(h < nc ? (h === c ? 10 : 0) : 0.5 * Math.cos(0.9 * c + 1.1 * h));
  }
  return { ...lin, version: 2, hidden: { weights: hw, bias: hb, activation: "tanh" }, weights: w };
}

test("a one-hidden-layer (MLP, format version 2) model JSON runs as in the native build", () => {
  const shipped = JSON.parse(readFileSync(path.join(ROOT, "python/tremorlab/models/default.json"), "utf8"));
  // Since model v4 the shipped model is itself a network: then it is the MLP under test, given as a JSON string.
  const mlp = shipped.hidden ? shipped : mlpFromLinear(shipped);
  const file = path.join(WEB, "mlp_model_test.json");
  writeFileSync(file, JSON.stringify(mlp));
  const [ref] = JSON.parse(
    execFileSync(PYTHON, [path.join(ROOT, "tests/js/native_reference.py"), "--model", file, "synth:3"], {
      maxBuffer: 1 << 30,
      encoding: "utf8",
    }),
  );
  assert.ok(ref.events.some((e) => e.kind === "onset"), "the MLP finds no onset: vacuous comparison");
  const det = new tl.Detector({ fs: ref.fs, model: JSON.stringify(mlp) });
  const events = det.push(ref.acc, ref.t);
  sameJSON(det.latest().proba, ref.latest_proba, "latest proba");
  events.push(...det.flush());
  sameEvents(events, ref.events, "MLP synth:3");
  det.dispose();
  const bad = { ...mlp, hidden: { ...mlp.hidden, activation: "relu" } };
  assert.throws(() => new tl.Detector({ fs: 100, model: JSON.stringify(bad) }),
    (e) => e instanceof Error && /activation must be "tanh"/.test(e.message));
  const badGuard = { ...mlp, decision: { ...mlp.decision, mimicked_max_amplitude: -1 } };
  assert.throws(() => new tl.Detector({ fs: 100, model: JSON.stringify(badGuard) }),
    (e) => e instanceof Error && /mimicked_max_amplitude/.test(e.message));
});

test("classify gives the native batch windows: labels, probabilities, times and amplitudes", () => {
  for (const rec of native) {
    const got = tl.classify(rec.acc, { fs: rec.fs });
    const want = rec.classify;
    assert.deepEqual(got.classes, ["rest", "voluntary", "tremor", "mimicked"]);
    assert.deepEqual(got.labels, want.labels, `${rec.name} labels`);
    assert.ok(got.proba instanceof Float64Array);
    assert.equal(got.proba.length, want.proba.length, `${rec.name} proba`);
    got.proba.forEach((p, i) => close(p, want.proba[i], `${rec.name} proba[${i}]`));
    assert.equal(got.start_s.length, want.labels.length);
    got.start_s.forEach((v, i) => close(v, want.start_s[i], `${rec.name} start_s[${i}]`));
    got.amplitude.forEach((v, i) => close(v, want.amplitude[i], `${rec.name} amplitude[${i}]`));
    close(got.centre_s[0], (got.start_s[0] + got.end_s[0]) / 2, `${rec.name} centre`);
  }
  const rec = native[0];
  // The same recording in g, declared so, gives the same labels; declared m/s^2 it is refused by name.
  const inG = rec.acc.map((v) => v / 9.80665);
  assert.deepEqual(tl.classify(inG, { fs: rec.fs, units: "g" }).labels, rec.classify.labels);
  const bad = [
    [() => tl.classify(inG, { fs: rec.fs }), /declared in m\/s\^2 looks like it is in g/],
    [() => tl.classify(rec.acc.slice(0, 30), { fs: rec.fs }), /shorter than one window/],
    [() => tl.classify(rec.acc, { fs: rec.fs, window: 2 }), /unknown option 'window'/],
    [() => tl.classify(rec.acc, { fs: 10 }), /fs must be in 25..1000 Hz/],
    [() => tl.classify("abc"), /frames must be an Array or a typed array/],
    [() => tl.classify([0, NaN, 9.8].concat(rec.acc.slice(3)), { fs: rec.fs }), /NaN or Inf/],
  ];
  for (const [call, message] of bad) {
    assert.throws(call, (e) => e instanceof Error && message.test(e.message), String(call));
  }
});

test("bad input throws a JavaScript Error with the C++ message and loses nothing", () => {
  const rec = native.find((r) => r.events.length > 0);
  const det = new tl.Detector({ fs: rec.fs });
  const half = 3 * Math.floor(rec.t.length / 2);
  const events = det.push(rec.acc.slice(0, half), rec.t.slice(0, half / 3));
  const last = rec.t[half / 3 - 1];
  const bad = [
    [() => det.push([1, 2]), /not a whole number of 3-channel frames/],
    [() => det.push([0, NaN, 9.8], [last + 0.01]), /NaN or Inf at frame 0, channel 1/],
    [() => det.push([0, Infinity, 9.8]), /NaN or Inf/],
    [() => det.push([0, 0, 9.8, 0, 0, 9.8], [last + 0.01]), /1 timestamps for 2 frames/],
    [() => det.push([0, 0, 9.8], [last - 1]), /not strictly increasing/],
    [() => det.push([0, 0, 9.8], [NaN]), /non-finite/],
    [() => det.push([0, 0, 9.8, 0, 0, 9.8, 0, 0, 9.8], [1000 * last + 10, 1000 * last + 20, 1000 * last + 30]),
      /every interval between the 3 timestamps is longer than 0.2 s/],
    [() => det.push(Array.from({ length: 90 }, (_, i) => (i % 3 === 2 ? 9.8 : 0)),
                    Array.from({ length: 30 }, (_, i) => last + 0.01 + 0.02 * i)),
      /timestamps step a mean 0.02 s \(50 Hz, gaps left out\) but fs is/],
    [() => det.push("abc"), /frames must be an Array or a typed array/],
    [() => new tl.Detector({ fs: 100, treshold: 1 }), /unknown option 'treshold'/],
    [() => new tl.Detector({ fs: -1 }), /fs/],
    [() => new tl.Detector({ units: "furlongs" }), /units must be 'm\/s\^2' or 'g', got 'furlongs'/],
    [() => new tl.Detector({ units: 9.8 }), /option 'units' must be a string/],
    [() => new tl.Session({ continuous_limit_s: 10 }), /continuous_limit_s must be >= continuous_notice_s/],
    [() => tl.butter(0, 5, "low", 100), /order must be in 1..12/],
    [() => tl.butter(4, 60, "low", 100), /./],
    [() => tl.butter(4, 5, "sideways", 100), /./],
    [() => new tl.SosFilter([[1, 0, 0]], 1), /6 numbers/],
  ];
  for (const [call, message] of bad) {
    assert.throws(call, (e) => e instanceof Error && message.test(e.message), String(call));
  }
  // Unit spellings are units.hpp's, as in Python and the C ABI (the page once had its own shorter list).
  for (const units of ["ms2", "M/S^2", "m s^-2", "G"]) new tl.Detector({ units }).dispose();
  // The rejected blocks changed nothing: the rest of the stream gives the native events.
  events.push(...det.push(rec.acc.slice(half), rec.t.slice(half / 3)), ...det.flush());
  sameEvents(events, rec.events, rec.name);
  const c = det.counters();
  assert.equal(c.frames_accepted, rec.t.length);
  assert.equal(c.frames_pushed, c.frames_accepted + c.frames_rejected);
  det.dispose();
});

test("options: defaults come from the core and unknown keys are refused", () => {
  const d = tl.detectorDefaults();
  assert.equal(d.fs, 100);
  assert.equal(typeof d.enter_threshold, "number");
  const s = tl.sessionDefaults();
  for (const k of Object.keys(d)) assert.ok(k in s, k);
  // Every default is itself accepted.
  new tl.Session(s).dispose();
});

test("the JavaScript snippet of docs/use_from_app.md runs", () => {
  const doc = readFileSync(path.join(ROOT, "docs/use_from_app.md"), "utf8");
  const section = doc.split(/^## JavaScript \(WebAssembly\)$/m)[1];
  assert.ok(section, "docs/use_from_app.md has no '## JavaScript (WebAssembly)' section");
  const code = section.match(/```js\n([\s\S]*?)```/);
  assert.ok(code, "no ```js block in the JavaScript section");
  // The snippet imports "./tremorlab.mjs": run it next to the built module.
  const file = path.join(WEB, "doc_snippet.mjs");
  writeFileSync(file, code[1]);
  const out = execFileSync(process.execPath, [file], { cwd: ROOT, encoding: "utf8" });
  assert.match(out, /onset/);
});
