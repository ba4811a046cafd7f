"""The shipped type stubs (tremorlab/_core.pyi) must describe the compiled module that ships with them."""
from __future__ import annotations

import pathlib
import subprocess
import sys

import pytest

import tremorlab

HERE = pathlib.Path(__file__).resolve().parent


def test_stub_and_marker_are_shipped():
    pkg = pathlib.Path(tremorlab.__file__).parent
    assert (pkg / "_core.pyi").is_file()
    assert (pkg / "py.typed").is_file()


def test_stubtest_agrees_with_runtime():
    pytest.importorskip("mypy")
    proc = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "tremorlab._core",
         "--allowlist", str(HERE / "stubtest_allowlist.txt")],
        capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
