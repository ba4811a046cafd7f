"""The figures and sample outputs in README.md and docs/ are what scripts/make_docs_assets.sh produces now.

The script runs into a temporary folder; texts must equal the docs' marked blocks exactly, figures must
have the committed structure (pixel size, titles, axis labels, legend and panel texts: the JSON sidecar
next to each PNG), not the same pixels. A failure means: run `bash scripts/make_docs_assets.sh` and commit.
Versions and defaults quoted in prose are checked against the library here too.
"""
from __future__ import annotations

import json
import os
import re
import struct
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("matplotlib")

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import docs_assets  # noqa: E402


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("docs_assets")
    env = dict(os.environ, PYTHON=sys.executable, MPLBACKEND="Agg")
    subprocess.run(["bash", str(ROOT / "scripts" / "make_docs_assets.sh"), str(out)], check=True, env=env,
                   cwd=ROOT, capture_output=True, text=True)
    return out


def _doc_blocks() -> dict[str, tuple[str, str]]:
    blocks = {}
    for p in docs_assets.markdown_files():
        for m in docs_assets.BEGIN.finditer(p.read_text()):
            assert m.group("name") not in blocks, f"block {m.group('name')!r} appears twice"
            blocks[m.group("name")] = (p.name, m.group("body"))
    return blocks


def test_every_block_has_a_generator_and_back():
    assert set(_doc_blocks()) == set(docs_assets.TEXTS)


@pytest.mark.parametrize("name", sorted(docs_assets.TEXTS))
def test_text_block_matches(generated, name):
    where, body = _doc_blocks()[name]
    fresh = (generated / "text" / f"{docs_assets.slug(name)}.txt").read_text()
    assert body == fresh, f"{where}: block {name!r} is out of date; run bash scripts/make_docs_assets.sh"


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


@pytest.mark.parametrize("name", sorted(docs_assets.FIGURES))
def test_figure_structure_matches(generated, name):
    committed = ROOT / "docs" / "img"
    want = json.loads((committed / f"{name}.json").read_text())
    got = json.loads((generated / "img" / f"{name}.json").read_text())
    assert got == want, f"docs/img/{name}.png is out of date; run bash scripts/make_docs_assets.sh"
    assert _png_size(committed / f"{name}.png") == tuple(want["size_px"])
    assert _png_size(generated / "img" / f"{name}.png") == tuple(want["size_px"])


# Figures made by other commands of the repository (not by scripts/make_docs_assets.sh): what makes them.
OTHER_GENERATORS = {
    "reliability": "python -m tremorlab.evaluate --figure docs/img/reliability.png",
    "web_page": "tests/python/test_web_page.py (headless Chromium screenshot, build/web/screenshots/)",
}


def test_figures_referenced_from_docs_exist():
    for p in docs_assets.markdown_files():
        for m in re.finditer(r"!\[[^\]]*\]\((?P<src>[^)]+\.png)\)", p.read_text()):
            img = (p.parent / m.group("src")).resolve()
            assert img.exists(), f"{p.name}: {m.group('src')} missing"
            assert img.stem in docs_assets.FIGURES or img.stem in OTHER_GENERATORS, \
                f"{p.name}: {m.group('src')} has no generator"


def test_defaults_quoted_in_prose_are_the_libraries():
    import tremorlab

    det = tremorlab.Detector(fs=100.0)
    w, h = det.window_samples / 100.0, det.hop_samples / 100.0
    features = (ROOT / "docs" / "features.md").read_text()
    assert f"Defaults: **{w:.1f} s windows, {h:g} s hop**" in features
    assert f"0.5 Hz with the default {w:g} s windows" in features and 1 / w == 0.5
    readme = (ROOT / "README.md").read_text()
    assert f"The default model analyses {w:.1f} s windows every {h:g} s" in readme
    assert f"(default: the model's, {w:.1f} s and {h:g} s)" in (ROOT / "docs" / "cli.md").read_text()
    assert f"| {det.memory_bytes():,} B (`bench_detector` counter `memory_bytes`)" in readme
    for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        # "2.5 s" may only appear as history ("was 2.5 s", "former 2.5 s", "until ...").
        for m in re.finditer(r"[^\n]{0,60}\b2\.5 s window[^\n]{0,40}", p.read_text()):
            assert re.search(r"was|former|until|before|2\.0 or", m.group(0)), f"{p.name}: {m.group(0)!r}"
    # docs/detector.md's window decision quotes the decision's C++ fallbacks (decision.hpp): its guards too.
    from tremorlab import _core

    d = _core.decision_defaults()
    det_doc = " ".join((ROOT / "docs" / "detector.md").read_text().split())
    for name, quoted in (("mimicked_min_p", f" ({d['mimicked_min_p']:g})"),
                         ("mimicked_min_share", f" ({d['mimicked_min_share']:g})"),
                         ("mimicked_min_rhythm_hz", f" ({d['mimicked_min_rhythm_hz']:g} Hz"),
                         ("mimicked_min_band_share", f" ({d['mimicked_min_band_share']:g})"),
                         ("mimicked_max_amplitude", f", {d['mimicked_max_amplitude']:g} m/s^2"),
                         ("tremor_min_share", f" ({d['tremor_min_share']:g})"),
                         ("tremor_max_turn_deg_s", f", {d['tremor_max_turn_deg_s']:g} deg/s")):
        assert f"`{name}`{quoted}" in det_doc, name
    version = re.search(r"project\(tremorlab VERSION ([0-9.]+)", (ROOT / "CMakeLists.txt").read_text()).group(1)
    assert tremorlab.__version__ == version
