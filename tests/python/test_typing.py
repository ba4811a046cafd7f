"""The Python package type-checks cleanly: ``python -m mypy python/tremorlab`` with the project's
``[tool.mypy]`` config (pyproject.toml) reports no error.

The check reads the source tree (not the installed copy) and the shipped stub ``_core.pyi`` for the compiled
module, so it also catches a wrapper that disagrees with the stub. mypy's cache goes to a temporary folder,
so every run is a cold, hermetic check (~15-25 s on 2 cores).
"""
from __future__ import annotations

import pathlib
import subprocess
import sys

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
PACKAGE = REPO / "python" / "tremorlab"
CONFIG = REPO / "pyproject.toml"


def test_package_type_checks(tmp_path):
    pytest.importorskip("mypy")
    if not (PACKAGE / "__init__.py").is_file() or not CONFIG.is_file():
        pytest.skip("the tremorlab source tree is not beside the tests")
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(CONFIG), "--cache-dir", str(tmp_path / "mypy_cache"),
         "--no-error-summary", "--hide-error-context", str(PACKAGE.relative_to(REPO))],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )
    errors = [ln for ln in proc.stdout.splitlines() if ": error:" in ln]
    assert proc.returncode == 0 and not errors, proc.stdout + proc.stderr
