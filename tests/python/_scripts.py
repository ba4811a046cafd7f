"""Import a script of the checkout (benchmarks/*.py, tests/golden/make_pins.py) as a module, for its tests."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]


def load(relpath: str, name: str | None = None) -> ModuleType:
    """The script at ``REPO / relpath``, executed once as module ``name`` (default: its stem), registered in
    sys.modules (dataclasses and pickling look a module up there) and able to import its sibling scripts while
    it loads. Skips the calling test module when the script is not beside the tests."""
    path = REPO / relpath
    if not path.is_file():
        pytest.skip(f"{relpath} not beside the tests", allow_module_level=True)
    name = name or path.stem
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    sys.path.insert(0, str(path.parent))
    try:
        spec.loader.exec_module(mod)
    finally:
        sys.path.remove(str(path.parent))
    return mod
