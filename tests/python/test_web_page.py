"""The live shaking page (examples/web, built into build/web/site by scripts/build_web.sh) in headless
Chromium, driven with selenium: a recording is replayed through synthetic ``devicemotion`` events dispatched
from the test (accelerationIncludingGravity, interval and the recording's own jittery timestamps), and what
the page shows (state, amplitude, tremor time, bouts, prompts, events, session summary) is checked against
the native detector and session (tremorlab.Detector / Session) fed the same samples and timestamps.

scripts/test.sh builds the page and sets TREMORLAB_REQUIRE_BROWSER=1, so there this test fails instead of
skipping when something is missing. A screenshot is saved in build/web/screenshots/.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import tremorlab
from tremorlab import web

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "build" / "web" / "site"
SHOTS = ROOT / "build" / "web" / "screenshots"
REQUIRED = bool(os.environ.get("TREMORLAB_REQUIRE_BROWSER"))
REAL = ROOT / "data/cloudupdrs/2458/T_-_KINETIC_TREMOR_OF_HANDS_-_RIGHT_HAND_-_2016-10-14_10-50-20_-_f73512ccfc_-_2458.csv"


def _missing(msg: str) -> None:
    if REQUIRED:
        pytest.fail(msg)
    pytest.skip(msg)


@pytest.fixture(scope="module")
def browser() -> Any:
    try:
        from selenium import webdriver
        from selenium.webdriver.support.ui import WebDriverWait
    except ImportError:
        _missing("selenium is not installed (pip install '.[test]')")
    chrome, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not chrome or not driver:
        _missing("Debian's chromium and chromium-driver are not installed (scripts/setup.sh test web)")
    if not (SITE / "index.html").is_file():
        _missing("the page is not built (bash scripts/build_web.sh)")
    server = web.make_server(str(SITE), port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    opts = webdriver.ChromeOptions()
    opts.binary_location = chrome
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=820,900"):
        opts.add_argument(a)
    # The driver is Debian's: selenium is told where it is, so it never looks for one to download.
    drv = webdriver.Chrome(options=opts, service=webdriver.ChromeService(executable_path=driver))
    try:
        drv.get(f"http://127.0.0.1:{server.server_address[1]}/index.html")
        WebDriverWait(drv, 60).until(
            lambda d: d.find_element("id", "status").get_attribute("data-status") in ("ready", "error"))
        status = drv.find_element("id", "status")
        assert status.get_attribute("data-status") == "ready", status.text
        yield drv
    finally:
        drv.quit()
        server.shutdown()
        server.server_close()


DISPATCH = """
const [frames, interval] = arguments;
for (const [ts, x, y, z] of frames) {
  const e = new DeviceMotionEvent("devicemotion", { accelerationIncludingGravity: { x, y, z }, interval });
  Object.defineProperty(e, "timeStamp", { value: ts });   // the sensor's own time, jitter included
  window.dispatchEvent(e);
}
window.tremorlabPage.render();
const $ = (id) => document.getElementById(id);
return {
  state: $("state").dataset.state, stateText: $("state").textContent, amplitude: $("amplitude").textContent,
  frequency: $("frequency").textContent, tremor_s: $("tremor-s").textContent, bouts: $("bout-count").textContent,
  prompts: Object.fromEntries(["prompt-first", "prompt-rest", "prompt-rest-strong", "prompt-long"]
    .map((id) => [id, !$(id).hidden])),
  errors: window.tremorlabPage.errors.length,
};
"""


def _native_state(det: tremorlab.Detector, events: list[Any]) -> str:
    """What the page shows, from the native detector: the bout's label in a bout, else the window's."""
    if det.in_bout:
        return [e.label for e in events if e.kind in ("onset", "relabel")][-1]
    w = det.latest()
    return w["label"] if w else ""


def _replay(drv: Any, t_s: np.ndarray, acc: np.ndarray, fs: float, shot: str, live_shot: str = "") -> dict[str, Any]:
    if live_shot:
        (SHOTS / live_shot).unlink(missing_ok=True)
    drv.find_element("id", "start-sensor").click()   # no permission API in desktop Chromium: starts at once
    # The click's handler may run after click() returns (a busy CI machine showed it): events dispatched before
    # the page listens are not seen by it, so wait until it does.
    from selenium.webdriver.support.ui import WebDriverWait
    WebDriverWait(drv, 30).until(
        lambda d: d.execute_script("const p = window.tremorlabPage; return p.source === 'sensor' && !p.session;"))
    interval = 1000.0 / fs
    ts_ms = (t_s - t_s[0]) * 1000.0 + 5000.0        # a page clock: ms since navigation
    # The page builds its Session from the event's interval and feeds event.timeStamp / 1000: the same doubles.
    fs_page = 1000.0 / interval
    det = tremorlab.Detector(fs=fs_page)
    ses = tremorlab.Session(fs=fs_page, first_session=True)
    events: list[Any] = []
    states, prompts_seen = set(), set()
    step = int(round(fs))                           # one second of samples per dispatch
    for i in range(0, len(t_s), step):
        sl = slice(i, i + step)
        frames = [[float(a), float(x), float(y), float(z)] for a, (x, y, z) in zip(ts_ms[sl], acc[sl])]
        shown = drv.execute_script(DISPATCH, frames, interval)
        t_native = ts_ms[sl] / 1000.0
        events += det.push(acc[sl], t_native)
        ses.push(acc[sl], t_native)
        assert shown["errors"] == 0
        want = _native_state(det, events)
        assert shown["state"] == want, f"at {t_native[-1]:.2f} s"
        states.add(want)
        w = det.latest()
        if w:
            assert abs(float(shown["amplitude"]) - w["amplitude"]) <= 0.0015
            if det.in_bout:
                assert abs(float(shown["frequency"]) - w["frequency_hz"]) <= 0.051
        s = ses.summary()
        assert abs(float(shown["tremor_s"]) - s["tremor_s"]) <= 0.051
        assert int(shown["bouts"]) == len(s["bouts"])
        flags = s["flags"]
        want_prompts = {"prompt-first": flags["first_session_long"],
                        "prompt-rest": flags["rest_suggested"] and not flags["rest_strongly_suggested"],
                        "prompt-rest-strong": flags["rest_strongly_suggested"], "prompt-long": flags["long_session"]}
        assert shown["prompts"] == want_prompts
        prompts_seen |= {k for k, v in want_prompts.items() if v}
        if live_shot and want == "tremor" and want_prompts["prompt-rest"] and not (SHOTS / live_shot).exists():
            SHOTS.mkdir(parents=True, exist_ok=True)
            drv.save_screenshot(str(SHOTS / live_shot))  # mid-practice (docs/img/web_page.png is one of these)
    drv.find_element("id", "stop").click()          # flushes the session (closes an open bout)
    events += det.flush()
    ses.flush()
    page = drv.execute_script("const p = window.tremorlabPage; return {events: p.events, summary: p.lastSummary};")
    assert [(e["kind"], e["label"]) for e in page["events"]] == [(e.kind, e.label) for e in events]
    for got, want in zip(page["events"], events):
        for k in ("time", "detected_at", "confidence", "frequency_hz", "amplitude", "duration"):
            assert got[k] == pytest.approx(getattr(want, k), rel=1e-9, abs=1e-9)
    summary = ses.summary()
    for k in ("tremor_s", "shaking_s", "mimicked_s", "still_s", "rest_after_shaking_s", "longest_bout_s"):
        assert page["summary"][k] == pytest.approx(summary[k], rel=1e-9, abs=1e-9)
    assert [b["label"] for b in page["summary"]["bouts"]] == [b["label"] for b in summary["bouts"]]
    assert page["summary"]["flags"] == summary["flags"]
    shown_bouts = [li.get_attribute("data-label") for li in drv.find_elements("css selector", "#bouts li")]
    assert shown_bouts == [b["label"] for b in summary["bouts"]]
    assert "Not a medical device" in drv.find_element("id", "note").text
    SHOTS.mkdir(parents=True, exist_ok=True)
    drv.save_screenshot(str(SHOTS / shot))
    return {"states": states, "events": events, "prompts": prompts_seen, "summary": summary}


def test_page_real_recording_matches_native(browser: Any) -> None:
    rec = tremorlab.read_recording(str(REAL))
    out = _replay(browser, rec.t, rec.acc_ms2(), rec.fs, "web_page_real.png")
    shown = out["states"] - {""}  # "" = before the first window
    assert shown and shown <= set(tremorlab.Detector(fs=rec.fs).classes) | {"shaking"}, out["states"]


def test_page_shaking_session_matches_native(browser: Any) -> None:
    # A synthetic practice with a long tremor bout (the rest prompts) and imitated shaking, 2 ms timestamp jitter.
    plan = [("rest", 10.0, {"posture": "sitting"}),
            ("tremor", 150.0, {"context": "shaking_practice", "posture": "sitting"}),
            ("rest", 15.0, {"posture": "lying"}),
            ("mimicked", 40.0, {}),
            ("rest", 10.0, {"posture": "lying"})]
    rec = tremorlab.synth.session(seed=11, plan=plan, jitter_s=0.002)
    out = _replay(browser, rec.t, rec.acc, rec.fs, "web_page_session.png", "web_page_live.png")
    # The replay went through the states the page is for; the comparison above is not vacuous.
    assert {"rest", "tremor"} <= out["states"], out["states"]
    assert any(e.kind == "onset" for e in out["events"])
    assert out["summary"]["tremor_s"] > 60
    assert "prompt-rest" in out["prompts"], out["prompts"]
    assert (SHOTS / "web_page_live.png").is_file()


def test_serve_web_serves_the_built_page(tmp_path: Path) -> None:
    if not (SITE / "index.html").is_file():
        _missing("the page is not built (bash scripts/build_web.sh)")
    proc = subprocess.Popen([sys.executable, "-m", "tremorlab", "serve-web", "--dir", str(SITE), "--port", "0"],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        url = line.split(" on ", 1)[1].split()[0]
        assert url.startswith("http://127.0.0.1:")
        types = {}
        for f in ("index.html", "app.mjs", "tremorlab.mjs", "tremorlab_wasm.wasm", "replay/index.json"):
            with urllib.request.urlopen(url + f, timeout=10) as r:
                types[f] = r.headers["Content-Type"]
                body = r.read()
            assert body == (SITE / f).read_bytes()
        assert types["tremorlab_wasm.wasm"] == "application/wasm"
        assert types["tremorlab.mjs"].startswith("text/javascript")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    # Nothing built there: a clear error, exit code 1.
    res = subprocess.run([sys.executable, "-m", "tremorlab", "serve-web", "--dir", str(tmp_path)],
                         capture_output=True, text=True, timeout=30)
    assert res.returncode == 1
    assert "build the page first" in res.stderr
