#!/usr/bin/env python3
"""Produces every figure and sample output that README.md and docs/ quote, so none of them is typed by hand.

    python scripts/docs_assets.py OUT_DIR            # writes OUT_DIR/img/*.png (+ .json sidecars), OUT_DIR/text/*.txt
    python scripts/docs_assets.py docs --update-md   # the same into docs/, and rewrites the marked blocks

``scripts/make_docs_assets.sh`` runs it; ``tests/python/test_docs_assets.py`` runs it into a temporary folder
and compares: text exactly with the blocks the docs hold between ``<!-- begin: NAME -->`` and
``<!-- end -->``, figures by their structure (pixel size, titles, axis labels, legend and panel texts,
recorded in the JSON sidecar), not by pixels.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
CLOUD_REST = ("data/cloudupdrs/2458/"
              "T_-_REST_TREMOR_AMPLITUDE_-_RIGHT_HAND_-_2016-10-14_10-52-04_-_f73512ccfc_-_2458.csv")
FIG_DPI = 110  # what `tremorlab analyze --plot` uses
BEGIN = re.compile(r"<!-- begin: (?P<name>.+?) -->\n(?P<body>.*?)<!-- end -->", re.S)


# ---------------------------------------------------------------------------------------------------------
# Text: each function returns the exact text a docs block holds (fences included).


def _cli(*args: str) -> str:
    """stdout of `tremorlab ARGS` run from the repository root, as a user would run it."""
    r = subprocess.run([sys.executable, "-m", "tremorlab", *args], cwd=ROOT, capture_output=True, text=True,
                       check=True)
    return r.stdout


def text_analyze_rest() -> str:
    return "```\n" + _cli("analyze", CLOUD_REST) + "```\n"


def text_detector_sizes() -> str:
    """Window, hop and memory of the default Detector, read from the library."""
    import tremorlab

    rows = ["| fs | window | hop | `state_bytes()` | `memory_bytes()` |", "|---|---|---|---|---|"]
    for fs in (50.0, 100.0, 200.0, 1000.0):
        d = tremorlab.Detector(fs=fs)
        rows.append(f"| {fs:g} Hz | {d.window_samples / fs:g} s ({d.window_samples} samples) | {d.hop_samples / fs:g} s "
                    f"({d.hop_samples} samples) | {d.state_bytes():,} B | {d.memory_bytes():,} B |")
    return "\n".join(rows) + "\n"


TEXTS: dict[str, Callable[[], str]] = {
    f"tremorlab analyze {CLOUD_REST}": text_analyze_rest,
    "detector sizes": text_detector_sizes,
}


# ---------------------------------------------------------------------------------------------------------
# Figures: each function returns a matplotlib Figure.


def fig_report_cloudupdrs_rest() -> Any:
    from tremorlab import plot, report

    return plot.plot_report(report.analyze(str(ROOT / CLOUD_REST)))


def fig_report_synthetic_session() -> Any:
    import tremorlab
    from tremorlab import plot, report

    rec = tremorlab.synth.session(seed=3)
    return plot.plot_report(report.analyze(rec), title="tremorlab: synthetic session (tremorlab.synth.session(seed=3))")


FIGURES: dict[str, Callable[[], Any]] = {
    "report_cloudupdrs_rest": fig_report_cloudupdrs_rest,
    "report_synthetic_session": fig_report_synthetic_session,
}


def figure_structure(fig: Any) -> dict:
    """What a reader sees besides the pixels: size, titles, axis labels, legends and free texts."""
    fig.canvas.draw()
    w, h = fig.canvas.get_width_height()
    axes = []
    for ax in fig.axes:
        leg = ax.get_legend()
        axes.append({
            "title": ax.get_title(),
            "xlabel": ax.get_xlabel(),
            "ylabel": ax.get_ylabel(),
            "legend": [t.get_text() for t in leg.get_texts()] if leg is not None else [],
            "texts": [t.get_text() for t in ax.texts],
        })
    sup = fig._suptitle.get_text() if getattr(fig, "_suptitle", None) is not None else ""
    return {"size_px": [int(w), int(h)], "dpi": FIG_DPI, "suptitle": sup, "axes": axes,
            "figure_texts": [t.get_text() for t in fig.texts]}


# ---------------------------------------------------------------------------------------------------------


def slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_")[:80]


def markdown_files() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def update_markdown(texts: dict[str, str]) -> list[str]:
    """Rewrites each marked block in README.md and docs/*.md; returns the names of blocks it found."""
    found = []
    for p in markdown_files():
        s = p.read_text()

        def sub(m: re.Match) -> str:
            name = m.group("name")
            if name not in texts:
                raise SystemExit(f"{p}: block '{name}' has no generator in scripts/docs_assets.py")
            found.append(name)
            return f"<!-- begin: {name} -->\n{texts[name]}<!-- end -->"

        new = BEGIN.sub(sub, s)
        if new != s:
            p.write_text(new)
    return found


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path, help="output folder (docs to refresh the repository's own)")
    ap.add_argument("--update-md", action="store_true", help="also rewrite the marked blocks in README.md and docs/")
    args = ap.parse_args(argv)
    os.environ.setdefault("MPLBACKEND", "Agg")
    import matplotlib.pyplot as plt

    (args.out / "img").mkdir(parents=True, exist_ok=True)
    texts = {name: make() for name, make in TEXTS.items()}
    if not args.update_md:  # the docs hold the texts in their marked blocks; elsewhere they are files
        (args.out / "text").mkdir(parents=True, exist_ok=True)
        for name, body in texts.items():
            (args.out / "text" / f"{slug(name)}.txt").write_text(body)
    for name, make in FIGURES.items():
        fig = make()
        fig.set_dpi(FIG_DPI)
        fig.savefig(args.out / "img" / f"{name}.png", dpi=FIG_DPI)
        (args.out / "img" / f"{name}.json").write_text(json.dumps(figure_structure(fig), indent=1) + "\n")
        plt.close(fig)
    if args.update_md:
        missing = sorted(set(texts) - set(update_markdown(texts)))
        if missing:
            print(f"note: no docs block for {missing}", file=sys.stderr)
    print(f"wrote {len(texts)} text(s) and {len(FIGURES)} figure(s) to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
