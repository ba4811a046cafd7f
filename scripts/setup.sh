#!/usr/bin/env bash
# Shared set-up for scripts/demo.sh and scripts/test.sh: Debian packages, a virtual environment in
# .venv and the Python package built from this checkout. Safe to re-run; it only installs what is missing.
# Usage: source scripts/setup.sh [pip-extras] [web]   (default extras: all)
# With "web" (scripts/test.sh asks for it) it also installs the web toolchain: emscripten (its nodejs) for
# scripts/build_web.sh, and chromium + chromium-driver for the browser test. scripts/demo.sh does not.
set -euo pipefail
TL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TL_EXTRAS="${1:-all}"
TL_APT_PACKAGES=(build-essential cmake ninja-build python3-venv python3-dev clang libclang-rt-14-dev
  libeigen3-dev libkissfft-dev libgtest-dev libbenchmark-dev nlohmann-json3-dev pybind11-dev)
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
