#!/usr/bin/env bash
# Regenerates python/tremorlab/_core.pyi from the built extension (pip install pybind11-stubgen first).
# tests/python/test_stubs.py runs mypy.stubtest so a stale stub fails the suite.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(mktemp -d)"
python -m pybind11_stubgen tremorlab._core -o "$out" --numpy-array-use-type-var
cp "$out/tremorlab/_core.pyi" "$root/python/tremorlab/_core.pyi"
echo "wrote python/tremorlab/_core.pyi"
