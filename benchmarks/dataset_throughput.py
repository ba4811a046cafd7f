#!/usr/bin/env python3
"""Batch analysis of a folder with tremorlab.dask.analyze_many: scaling with cores and client memory.

Measures, in one run:
  1. throughput (hours of recorded data analysed per second of wall time) on a distributed.LocalCluster
     with 1 worker process vs 2 worker processes (1 thread each) -> ratio (target >= 1.7x);
  2. the client's peak RSS when analysing N vs 4N recordings, each in a fresh client process -> ratio
     (flat memory: ~1.0x; the windows are aggregated on the workers, nothing accumulates on the client).

Recordings are synthetic tremorlab CSV files (tremorlab.synth sessions) written to a temporary folder, so
reading the files is part of each task, as in real use.

usage: python benchmarks/dataset_throughput.py [--n 16] [--minutes 20] [--repeat 2] [--keep DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def make_folder(folder: Path, n: int, minutes: float) -> list[str]:
    import tremorlab

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    scale = minutes * 60.0 / 630.0  # default_plan lasts 630 s
    for i in range(n):
        p = folder / f"rec_{i:04d}.csv"
        if not p.exists():
            syn = tremorlab.synth.session(seed=i, scale=scale)
            tremorlab.write_recording(p, syn.to_recording())
        paths.append(str(p))
    return paths


def run_batch(paths: list[str], client) -> tuple[float, float, int]:
    """(seconds, hours of data, failed) for one analysis of `paths` on `client`'s cluster."""
    import dask

    import tremorlab.dask as tld

    t0 = time.perf_counter()
    res = tld.analyze_many(paths)
    summary = res.recordings[["status", "duration_s"]]
    # Per-partition window counts: computed on the workers, only one integer per recording reaches the client.
    per_recording = res.windows.map_partitions(len)
    recs, _counts = dask.compute(summary, per_recording)
    dt = time.perf_counter() - t0
    ok = recs[recs.status == "ok"]
    return dt, float(ok.duration_s.sum()) / 3600.0, int((recs.status != "ok").sum())


def throughput(paths: list[str], workers: int, repeat: int) -> dict:
    from distributed import Client, LocalCluster

    env = {"PYTHONPATH": os.environ.get("PYTHONPATH", ""), "OMP_NUM_THREADS": "1"}
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      env=env) as cluster, Client(cluster) as client:
        run_batch(paths[: max(2, workers)], client)  # warm-up: imports and the model load on every worker
        best = None
        for _ in range(repeat):
            dt, hours, failed = run_batch(paths, client)
            best = dt if best is None else min(best, dt)
    return {"workers": workers, "seconds": best, "hours": hours, "hours_per_second": hours / best,
            "failed": failed}


def client_rss_child(folder: str, n: int) -> None:
    """Runs in a fresh process: analyse n recordings with a 2-worker cluster, print the client's peak RSS."""
    from distributed import Client, LocalCluster

    paths = sorted(str(p) for p in Path(folder).glob("rec_*.csv"))[:n]
    env = {"PYTHONPATH": os.environ.get("PYTHONPATH", "")}
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, env=env) as cl, \
            Client(cl) as client:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
        dt, hours, failed = run_batch(paths, client)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(json.dumps({"n": len(paths), "client_peak_rss_mb": peak, "client_rss_before_mb": before,
                      "hours": hours, "failed": failed}))


def client_rss(folder: Path, n: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child-rss", str(folder), "--n", str(n)],
                         capture_output=True, text=True, check=True, env=os.environ)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=16, help="recordings for the throughput runs and N of the memory runs")
    ap.add_argument("--minutes", type=float, default=20.0,
                    help="minutes per synthetic recording (short ones measure Dask's per-task overhead)")
    ap.add_argument("--repeat", type=int, default=2, help="timed repetitions per cluster size (best kept)")
    ap.add_argument("--keep", type=Path, help="folder for the synthetic recordings (kept; default: temporary)")
    ap.add_argument("--child-rss", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child_rss:
        client_rss_child(args.child_rss, args.n)
        return 0

    tmp = None
    folder = args.keep
    if folder is None:
        tmp = tempfile.TemporaryDirectory(prefix="tremorlab_bench_")
        folder = Path(tmp.name)
    try:
        t0 = time.perf_counter()
        paths = make_folder(folder, 4 * args.n, args.minutes)
        print(f"{len(paths)} synthetic recordings of {args.minutes:g} min in {folder} "
              f"(written in {time.perf_counter() - t0:.0f} s); cores: {os.cpu_count()}")
        one = throughput(paths[: args.n], 1, args.repeat)
        two = throughput(paths[: args.n], 2, args.repeat)
        ratio = two["hours_per_second"] / one["hours_per_second"]
        print(f"throughput, {args.n} recordings ({one['hours']:.2f} h of data), best of {args.repeat}:")
        print(f"  1 worker : {one['hours_per_second']:8.1f} h of data / s ({one['seconds']:.2f} s)")
        print(f"  2 workers: {two['hours_per_second']:8.1f} h of data / s ({two['seconds']:.2f} s)")
        print(f"  speed-up 2 vs 1 workers: {ratio:.2f}x (target >= 1.7x)"
              + ("" if (os.cpu_count() or 1) >= 2 else "  [only one core: no speed-up possible]"))
        load = os.getloadavg()[0]
        if load > 0.5 * (os.cpu_count() or 1):
            print(f"  NOTE: 1-min load average {load:.1f} on {os.cpu_count()} cores while measuring: other "
                  "processes compete for the cores, so the speed-up is understated")
        small = client_rss(folder, args.n)
        large = client_rss(folder, 4 * args.n)
        mem_ratio = large["client_peak_rss_mb"] / small["client_peak_rss_mb"]
        print("client peak RSS (fresh client process each, 2 workers):")
        print(f"  N  = {small['n']:4d} recordings ({small['hours']:.1f} h): {small['client_peak_rss_mb']:7.1f} MiB")
        print(f"  4N = {large['n']:4d} recordings ({large['hours']:.1f} h): {large['client_peak_rss_mb']:7.1f} MiB")
        print(f"  ratio 4N / N: {mem_ratio:.2f}x (flat memory: ~1.0x; data grew 4.0x)")
        failed = one["failed"] + two["failed"] + small["failed"] + large["failed"]
        if failed:
            print(f"WARNING: {failed} recording analyses failed")
        return 0
    finally:
        if tmp is not None:
            tmp.cleanup()


if __name__ == "__main__":
    sys.exit(main())
