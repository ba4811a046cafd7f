"""The Python code blocks of README.md and docs/*.md run, and the CLI outputs they show are what the CLI prints.

Every ```python block is executed as a script from a scratch folder that sees the repository's data/ (so
relative paths in the docs work and files the snippets write do not land in the clone). A block that must
not run is preceded by ``<!-- not-run: reason -->`` and listed in NOT_RUN below, so a new one cannot slip in
unnoticed.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FENCE = re.compile(r"(?P<pre>(?:<!-- not-run: (?P<why>[^>]*?) -->\n)?)```python\n(?P<code>.*?)```", re.S)

# (file, first line of the block) -> why it does not run here.
NOT_RUN = {
    ("docs/cli.md", "from distributed import Client, LocalCluster"):
        "starts a two-process cluster over a folder of recordings; tests/python/test_dask.py runs analyze_many",
}


def _blocks() -> list[tuple[str, int, str, str | None]]:
    out = []
    for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = p.read_text()
        for m in FENCE.finditer(text):
            line = text.count("\n", 0, m.start("code")) + 1
            out.append((str(p.relative_to(ROOT)), line, m.group("code"), m.group("why")))
    return out


BLOCKS = _blocks()


def test_blocks_found():
    files = {f for f, *_ in BLOCKS}
    assert "README.md" in files and "docs/cli.md" in files


def test_not_run_blocks_are_listed():
    marked = {(f, code.strip().splitlines()[0]): why for f, _, code, why in BLOCKS if why is not None}
    assert marked == NOT_RUN


@pytest.mark.parametrize("where,line,code", [(f, ln, c) for f, ln, c, why in BLOCKS if why is None],
                         ids=[f"{f}:{ln}" for f, ln, _, why in BLOCKS if why is None])
def test_python_block_runs(where, line, code, tmp_path):
    (tmp_path / "data").symlink_to(ROOT / "data")
    script = tmp_path / "block.py"
    script.write_text(code)
    env = dict(os.environ, MPLBACKEND="Agg")
    r = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, env=env,
                       timeout=600)
    assert r.returncode == 0, f"{where}:{line} failed:\n{r.stderr[-3000:]}"
    # A block that prints shows something: the README's Detector snippet used to print nothing at all.
    if "print(" in code:
        assert r.stdout.strip(), f"{where}:{line} printed nothing"
    for needle in EXPECT.get(where, ()):
        assert needle in r.stdout, f"{where}:{line}: {needle!r} not in its output:\n{r.stdout[-2000:]}"


# Lines some blocks must print (their last statements print only on events, so say what was pushed).
EXPECT = {
    "README.md": ["largest 4-12 Hz bin at", "event(s); latest window:"],
    "docs/detector.md": ["onset", "offset"],  # the synthetic session has tremor bouts
}


CLI_BLOCK = re.compile(r"```bash\n(?P<body>.*?)```", re.S)


def test_cli_commands_in_docs_exist():
    """Every `tremorlab SUBCOMMAND --flag` shown in a bash block is an option the CLI has."""
    from tremorlab.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for m in CLI_BLOCK.finditer(p.read_text()):
            for ln in m.group("body").splitlines():
                words = ln.split("#")[0].split()
                if len(words) < 2 or words[0] != "tremorlab":
                    continue
                assert words[1] in sub.choices, f"{p.name}: unknown command in {ln!r}"
                flags = {o for a in sub.choices[words[1]]._actions for o in a.option_strings}
                for w in words[2:]:
                    if w.startswith("--"):
                        assert w.split("=")[0] in flags, f"{p.name}: {w} is not an option of tremorlab {words[1]}"
