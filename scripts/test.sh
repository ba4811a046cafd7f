#!/usr/bin/env bash
# Runs every test: C++ (GoogleTest via ctest, Release build + installed-package consumers in C++ and C),
# the same C++ tests and the libFuzzer targets under ASan+UBSan (clang), the multi-threaded paths under
# ThreadSanitizer (clang), the WebAssembly build with its node tests, and the Python suite (pytest, which
# includes ctypes tests of the C ABI and the page in headless Chromium).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh" test web
cd "$TL_ROOT"
JOBS="${TL_JOBS:-$(nproc)}"

echo ">> C++ Release build and tests [${SECONDS} s]"
cmake -S . -B build/cpp -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/cpp -j "$JOBS"
ctest --test-dir build/cpp --output-on-failure -j "$JOBS"

echo ">> C++ tests and fuzzers under ASan+UBSan [${SECONDS} s]"
cmake -S . -B build/sanitize -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DTREMORLAB_SANITIZE=ON -DTREMORLAB_FUZZ=ON -DTREMORLAB_BUILD_BENCHMARKS=OFF -DTREMORLAB_BUILD_EXAMPLES=OFF >/dev/null
cmake --build build/sanitize -j "$JOBS"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build/sanitize --output-on-failure -j "$JOBS"

echo ">> C++ multi-threaded paths under ThreadSanitizer [${SECONDS} s]"
cmake -S . -B build/tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DTREMORLAB_SANITIZE_THREAD=ON -DTREMORLAB_BUILD_BENCHMARKS=OFF -DTREMORLAB_BUILD_EXAMPLES=OFF >/dev/null
cmake --build build/tsan -j "$JOBS" --target test_threads
TSAN_OPTIONS=halt_on_error=1 ctest --test-dir build/tsan --output-on-failure -R '^Threads\.'

echo ">> WebAssembly build (emscripten) and its node tests [${SECONDS} s]"
bash scripts/build_web.sh
TREMORLAB_PYTHON="$(command -v python)" node --test tests/js/wasm.test.mjs

echo ">> Python tests (the browser test needs the web build above) [${SECONDS} s]"
# tests/python/test_c_abi.py loads the C ABI of the Release build above through ctypes.
export TREMORLAB_C_LIBRARY="$TL_ROOT/build/cpp/libtremorlab_c.so"
TREMORLAB_REQUIRE_BROWSER=1 python -m pytest -q --durations=10
echo ">> all tests passed [${SECONDS} s]"
