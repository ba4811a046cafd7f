"""CPU use of the live shaking page while live (target <= 5 % of one core), in this machine's headless
Chromium (Debian chromium + chromium-driver, selenium).

    python benchmarks/web_page_cpu.py [--seconds 25]

The page (build/web/site, bash scripts/build_web.sh) runs its replay mode: a bundled ~100 Hz recording is
played in real time as devicemotion events, each pushed into the WebAssembly Session, with the display
updated every 250 ms - the live path, plus the replay's own event dispatching. Reported:
  * page main thread: Chrome DevTools Protocol Performance.getMetrics TaskDuration (all main-thread tasks:
    script, WebAssembly, style, layout) per wall-clock second, and ScriptDuration;
  * all Chromium processes (browser, renderer, GPU/utility; headless): utime + stime from /proc per wall second;
each while live and, for reference, for the same span with the page loaded but idle.
"""
from __future__ import annotations

import argparse
import os
import shutil
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _tree_cpu_s(root_pid: int) -> float:
    """utime + stime (s) of root_pid and all its descendants."""
    parent, cpu = {}, {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parent[int(d)] = int(fields[1])
        cpu[int(d)] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    total, todo = 0.0, [root_pid]
    while todo:
        p = todo.pop()
        total += cpu.get(p, 0.0)
        todo += [c for c, pp in parent.items() if pp == p]
    return total


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=25.0, help="measured span (the replay lasts ~32 s)")
    args = ap.parse_args()
    from selenium import webdriver

    from tremorlab import web

    server = web.make_server(str(ROOT / "build/web/site"), port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    opts = webdriver.ChromeOptions()
    opts.binary_location = shutil.which("chromium") or "chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        opts.add_argument(a)
    drv = webdriver.Chrome(options=opts,
                           service=webdriver.ChromeService(executable_path=shutil.which("chromedriver")))
    try:
        drv.get(f"http://127.0.0.1:{server.server_address[1]}/index.html")
        while drv.find_element("id", "status").get_attribute("data-status") != "ready":
            time.sleep(0.1)
        drv.execute_cdp_cmd("Performance.enable", {})
        svc_pid = drv.service.process.pid

        def measure(seconds: float) -> dict[str, float]:
            m0 = {m["name"]: m["value"] for m in drv.execute_cdp_cmd("Performance.getMetrics", {})["metrics"]}
            c0, w0 = _tree_cpu_s(svc_pid), time.perf_counter()
            time.sleep(seconds)
            m1 = {m["name"]: m["value"] for m in drv.execute_cdp_cmd("Performance.getMetrics", {})["metrics"]}
            c1, w1 = _tree_cpu_s(svc_pid), time.perf_counter()
            wall = w1 - w0
            return {"task": (m1["TaskDuration"] - m0["TaskDuration"]) / wall,
                    "script": (m1["ScriptDuration"] - m0["ScriptDuration"]) / wall,
                    "processes": (c1 - c0) / wall, "wall": wall}

        idle = measure(args.seconds)
        drv.find_element("id", "start-replay").click()
        time.sleep(1.0)  # past the fetch of the recording
        live = measure(args.seconds)
        frames = drv.execute_script("return window.tremorlabPage.session.counters().frames_accepted")
        ver = f"{drv.capabilities.get('browserName')} {drv.capabilities.get('browserVersion')}"
    finally:
        drv.quit()
        server.shutdown()
        server.server_close()
    print(f"{ver}, headless; {os.cpu_count()} cores; {frames} frames pushed during the live span")
    print("                      | page main thread (TaskDuration) | of which script | all Chromium processes")
    for name, r in (("idle (page loaded)", idle), ("live (replay, 100 Hz)", live)):
        print(f"{name:21} | {100 * r['task']:30.2f} % | {100 * r['script']:13.2f} % | {100 * r['processes']:20.2f} %")
    print("(percent of one core, over", f"{live['wall']:.1f} s of wall time)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
