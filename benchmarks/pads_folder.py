#!/usr/bin/env python3
"""What tremorlab says about a folder of PADS recordings, by diagnosis and task: for evaluators with PADS data.

The report is :mod:`tremorlab.pads_folder`'s (its docstring says what every column means); ``tremorlab evaluate
DIR`` prints the same rows for the PADS files under DIR. This script adds the markdown table and a JSON file.

Usage: python benchmarks/pads_folder.py ROOT [ROOT ...] [--markdown] [--json FILE] [--by-task] [--allow-reserved]
       [--gravity {removed,gyro}]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from tremorlab import pads_folder


def run(roots: list[Path], allow_reserved: bool = False, by_task: bool = False, gravity: str = "removed"
        ) -> dict[str, Any]:
    """:func:`tremorlab.pads_folder.run` with a refusal as the command line's error (SystemExit)."""
    try:
        return pads_folder.run(roots, allow_reserved, by_task, gravity=gravity)
    except ValueError as exc:
        raise SystemExit(str(exc)) from None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    pads_folder.add_folder_arguments(ap)
    pads_folder.add_gravity_argument(ap)
    ap.add_argument("--markdown", action="store_true", help="print a markdown table (default: plain lines)")
    ap.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    ap.add_argument("--by-task", action="store_true",
                    help="a row per task (Relaxed, HoldWeight, DrinkGlas, ...) instead of per task kind")
    a = ap.parse_args(argv)
    pads_folder.check_folders(ap, a.roots)
    out = run(a.roots, a.allow_reserved, a.by_task, a.gravity)
    for f in out["failed"]:
        print(f"failed: {f['path']}: {f['error']}", file=sys.stderr)
    if not out["rows"]:
        print(f"no PADS recording found under {', '.join(map(str, a.roots))}", file=sys.stderr)
        return 1
    print(pads_folder.markdown(out) if a.markdown else pads_folder.plain(out))
    if out["gravity_not_rebuilt"]:
        print(f"gravity not rebuilt (no gyroscope): {len(out['gravity_not_rebuilt'])} recordings", file=sys.stderr)
    if out["skipped_short"]:
        print(f"skipped (shorter than one window): {len(out['skipped_short'])}", file=sys.stderr)
    if a.json:
        a.json.write_text(json.dumps(out, indent=1), encoding="utf-8")
    return 1 if out["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
