// The live shaking page: DeviceMotionEvent.accelerationIncludingGravity (m/s^2, with the events' own,
// jittery timestamps) -> tremorlab Session (C++ compiled to WebAssembly) -> what a practice needs to see.
// Every decision (labels, bouts, tremor time, advisory flags and their thresholds) is the C++ core's; this
// file only displays it. Replay mode dispatches the same devicemotion events from a bundled recording.
// tremorlab is not a medical device and makes no medical claim.
import { loadTremorlab } from "./tremorlab.mjs";

const $ = (id) => document.getElementById(id);
// Display names of the core's labels (an unknown label, e.g. one added to the core later, shows as is).
const DISPLAY = {
  rest: "rest",
  voluntary: "voluntary movement",
  shaking: "shaking (kind pending)",
  tremor: "tremor",
  mimicked: "imitation",
};
const display = (label) => DISPLAY[label] ?? label;

const page = {
  tl: null,
  session: null,
  events: [],
  errors: [],
  boutLabel: null,
  source: null,
  replayTimer: null,
  dirty: false,
  lastSummary: null,
};
window.tremorlabPage = page;

function setStatus(kind, text) {
  const s = $("status");
  s.dataset.status = kind;
  s.textContent = text;
}

function firstSession() {
  return $("first-session").checked;
}

function onMotion(e) {
  const a = e.accelerationIncludingGravity;
  if (!a || a.x == null || a.y == null || a.z == null) return;
  if (!page.session) {
    // The nominal rate comes from the event's interval (ms); the timestamps carry the real spacing.
    const fs = e.interval > 0 ? 1000 / e.interval : 60;
    page.session = new page.tl.Session({ fs, first_session: firstSession() });
  }
  try {
    handleEvents(page.session.push([a.x, a.y, a.z], [e.timeStamp / 1000]));
  } catch (err) {
    // The core rejected the frame (e.g. a repeated timestamp): count it and show it; nothing else is lost.
    page.errors.push(err.message);
  }
  page.dirty = true;
}

function handleEvents(events) {
  for (const ev of events) {
    page.events.push(ev);
    if (ev.kind === "onset" || ev.kind === "relabel") page.boutLabel = ev.label;
    if (ev.kind === "offset") page.boutLabel = null;
    const li = document.createElement("li");
    li.dataset.kind = ev.kind;
    li.dataset.label = ev.label ?? "";
    li.dataset.time = String(ev.time);
    li.textContent =
      ev.kind === "gap"
        ? `gap of ${ev.duration.toFixed(2)} s at ${ev.time.toFixed(2)} s`
        : `${ev.kind}: ${display(ev.label)} at ${ev.time.toFixed(2)} s (${ev.frequency_hz.toFixed(1)} Hz, ` +
          `${ev.amplitude.toFixed(2)} m/s²)`;
    $("events").prepend(li);
  }
}

function minutes(seconds) {
  return String(Math.round((seconds / 60) * 10) / 10);
}

function showThresholds(th) {
  for (const el of document.querySelectorAll("[data-min]")) el.textContent = minutes(th[el.dataset.min]);
}

/** Brings the display up to date (called on a timer while live, and by tests). */
function render() {
  page.dirty = false;
  const s = page.session;
  if (!s) return;
  const w = s.latest();
  const state = s.inBout ? page.boutLabel : w ? w.label : null;
  const st = $("state");
  st.dataset.state = state ?? "";
  st.textContent = state ? display(state) : "—";
  $("amplitude").textContent = w ? w.amplitude.toFixed(3) : "—";
  $("frequency").textContent = w && s.inBout ? w.frequency_hz.toFixed(1) : "—";
  const sum = s.summary();
  page.lastSummary = sum;
  $("tremor-s").textContent = sum.tremor_s.toFixed(1);
  $("shaking-s").textContent = sum.shaking_s.toFixed(1);
  $("mimicked-s").textContent = sum.mimicked_s.toFixed(1);
  $("bout-count").textContent = String(sum.bouts.length);
  $("rest-s").textContent = sum.rest_after_shaking_s.toFixed(1);
  const bouts = $("bouts");
  bouts.replaceChildren(
    ...sum.bouts.map((b) => {
      const li = document.createElement("li");
      li.dataset.label = b.label;
      li.textContent = `${display(b.label)}: ${b.start.toFixed(1)}–${b.end.toFixed(1)} s (${b.duration_s.toFixed(1)} s)` +
        (b.open ? ", going on" : "");
      return li;
    }),
  );
  showThresholds(sum.thresholds);
  $("guidance").hidden = !sum.thresholds.first_session;
  $("prompt-first").hidden = !sum.flags.first_session_long;
  $("prompt-rest").hidden = !sum.flags.rest_suggested || sum.flags.rest_strongly_suggested;
  $("prompt-rest-strong").hidden = !sum.flags.rest_strongly_suggested;
  $("prompt-long").hidden = !sum.flags.long_session;
  if (page.errors.length) setStatus("warning", `${page.errors.length} frame(s) rejected: ${page.errors.at(-1)}`);
}
page.render = render;

function stop() {
  if (page.replayTimer) clearInterval(page.replayTimer);
  page.replayTimer = null;
  window.removeEventListener("devicemotion", onMotion);
  if (page.session) handleEvents(page.session.flush());
  render();
  if (page.source) setStatus("stopped", "Stopped.");
  page.source = null;
}

function begin(source) {
  stop();
  if (page.session) page.session.dispose();
  page.session = null;
  page.events = [];
  page.errors = [];
  page.boutLabel = null;
  $("events").replaceChildren();
  $("bouts").replaceChildren();
  page.source = source;
  window.addEventListener("devicemotion", onMotion);
}
page.begin = begin;
page.stop = stop;

async function startSensor() {
  // iOS 13+ asks for permission, from a user gesture.
  if (typeof DeviceMotionEvent !== "undefined" && typeof DeviceMotionEvent.requestPermission === "function") {
    const answer = await DeviceMotionEvent.requestPermission();
    if (answer !== "granted") {
      setStatus("denied", "Motion permission was not granted.");
      return;
    }
  }
  begin("sensor");
  setStatus("live", "Live: hold or strap the phone and start the practice.");
  setTimeout(() => {
    if (page.source === "sensor" && !page.session) setStatus("no-sensor", "No motion events: on a desktop, use Replay.");
  }, 2000);
}

/** Plays a bundled recording in real time through synthetic devicemotion events; each keeps the recording's
 *  own sample time (shifted to now) as its timeStamp, jitter included. */
async function startReplay() {
  const file = $("replay-file").value;
  const rec = await (await fetch(`replay/${file}`)).json();
  begin("replay");
  setStatus("live", `Replaying ${rec.name}`);
  const t0 = rec.t[0];
  const start = performance.now();
  const interval = 1000 / rec.fs;
  let i = 0;
  page.replayTimer = setInterval(() => {
    const now = performance.now();
    while (i < rec.t.length && start + (rec.t[i] - t0) * 1000 <= now) {
      const e = new DeviceMotionEvent("devicemotion", {
        accelerationIncludingGravity: { x: rec.acc[3 * i], y: rec.acc[3 * i + 1], z: rec.acc[3 * i + 2] },
        interval,
      });
      Object.defineProperty(e, "timeStamp", { value: start + (rec.t[i] - t0) * 1000 });
      window.dispatchEvent(e);
      ++i;
    }
    if (i >= rec.t.length) {
      stop();
      setStatus("done", `Replay of ${rec.name} finished.`);
    }
  }, 20);
}

async function main() {
  try {
    page.tl = await loadTremorlab();
  } catch (err) {
    setStatus("error", `Could not load the detector: ${err.message}`);
    return;
  }
  const list = await (await fetch("replay/index.json")).json();
  for (const r of list) {
    const o = document.createElement("option");
    o.value = r.file;
    o.textContent = r.name;
    $("replay-file").append(o);
  }
  $("start-sensor").addEventListener("click", () => startSensor().catch((e) => setStatus("error", e.message)));
  $("start-replay").addEventListener("click", () => startReplay().catch((e) => setStatus("error", e.message)));
  $("stop").addEventListener("click", stop);
  setInterval(() => page.dirty && render(), 250);
  setStatus("ready", `Ready (tremorlab ${page.tl.version}). Start the sensor on a phone, or replay a recording.`);
}

main();
