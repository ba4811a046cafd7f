#!/usr/bin/env bash
# Shared set-up for scripts/demo.sh and scripts/test.sh: Debian packages, a virtual environment in
# .venv and the Python package built from this checkout. Safe to re-run; it only installs what is missing.
# This is the one place that knows the package lists.
# Usage: source scripts/setup.sh [demo|test|all] [web]   (default: all)
#   demo  what `tremorlab analyze --plot` needs: the C++ build of the extension and matplotlib
#   test  demo + clang, the sanitizer runtime, GoogleTest, Google Benchmark and the `test` extra
#   all   demo's Debian packages and every run-time extra (plot, pandas, dask, cli)
#   web   (second argument; scripts/test.sh asks for it) also the web toolchain: emscripten (its nodejs) for
#         scripts/build_web.sh, and chromium + chromium-driver for the browser test. scripts/demo.sh does not.
set -euo pipefail
TL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TL_PROFILE="${1:-all}"
# Building the Python extension (pybind11 itself comes from PyPI at build time, see pyproject.toml).
TL_APT_DEMO=(build-essential cmake ninja-build python3-venv python3-dev
  libeigen3-dev libkissfft-dev nlohmann-json3-dev)
# The C++ test suite, benchmarks, sanitizers and fuzzers (scripts/test.sh).
TL_APT_TEST=(clang libclang-rt-14-dev libgtest-dev libbenchmark-dev pybind11-dev)
case "$TL_PROFILE" in
  demo) TL_APT_PACKAGES=("${TL_APT_DEMO[@]}"); TL_EXTRAS=plot ;;
  test) TL_APT_PACKAGES=("${TL_APT_DEMO[@]}" "${TL_APT_TEST[@]}"); TL_EXTRAS=test ;;
  all)  TL_APT_PACKAGES=("${TL_APT_DEMO[@]}"); TL_EXTRAS=all ;;
  *) echo "scripts/setup.sh: unknown profile '$TL_PROFILE' (expected demo, test or all)" >&2; return 2 2>/dev/null || exit 2 ;;
esac
if [ "${2:-}" = web ]; then
  TL_APT_PACKAGES+=(emscripten nodejs chromium chromium-driver)
fi

tl_missing=()
for p in "${TL_APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || tl_missing+=("$p")
done
if [ ${#tl_missing[@]} -gt 0 ]; then
  echo ">> apt-get install ${tl_missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${tl_missing[@]}" >/dev/null
fi

TL_VENV="$TL_ROOT/.venv"
if [ ! -x "$TL_VENV/bin/python" ]; then
  echo ">> python3 -m venv .venv"
  python3 -m venv "$TL_VENV"
  "$TL_VENV/bin/python" -m pip install -q --upgrade pip
fi
echo ">> pip install .[$TL_EXTRAS]"
"$TL_VENV/bin/python" -m pip install -q "$TL_ROOT[$TL_EXTRAS]"
export PATH="$TL_VENV/bin:$PATH"
