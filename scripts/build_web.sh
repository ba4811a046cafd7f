#!/usr/bin/env bash
# WebAssembly build of the detector, session and filter (embind glue in bindings/wasm/) with Debian's
# emscripten: build/web/tremorlab_wasm.mjs + .wasm (ES module) and the JavaScript API
# build/web/tremorlab.mjs, plus a copy of the page examples/web/ next to them in build/web/site/.
# Header-only dependencies are the Debian packages' headers, reached through symlinks in build/web/include
# (adding /usr/include itself would pull glibc's headers into an emscripten build). Debian's emscripten
# ships its system libraries prebuilt (a frozen cache in /usr/share/emscripten/cache): nothing is built
# or downloaded outside this build tree.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/build/web"
INC="$OUT/include"
mkdir -p "$INC/tremorlab" "$OUT/site"
# emcc's JavaScript optimiser needs Debian's node-acorn (/usr/share/nodejs), which a node not from Debian
# (e.g. NodeSource's) does not search by default.
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
ln -sfn /usr/include/eigen3/Eigen "$INC/Eigen"
ln -sfn /usr/include/kissfft "$INC/kissfft"
ln -sfn /usr/include/nlohmann "$INC/nlohmann"
# version.hpp from cmake/version.hpp.in with the version of CMakeLists.txt (its one source).
ver="$(sed -n 's/^project(tremorlab VERSION \([0-9.]*\).*/\1/p' "$ROOT/CMakeLists.txt")"
IFS=. read -r vmaj vmin vpat <<<"$ver"
sed -e "s/@PROJECT_VERSION_MAJOR@/$vmaj/" -e "s/@PROJECT_VERSION_MINOR@/$vmin/" -e "s/@PROJECT_VERSION_PATCH@/$vpat/" \
    -e "s/@PROJECT_VERSION@/$ver/" "$ROOT/cmake/version.hpp.in" > "$INC/tremorlab/version.hpp.tmp"
cmp -s "$INC/tremorlab/version.hpp.tmp" "$INC/tremorlab/version.hpp" || mv "$INC/tremorlab/version.hpp.tmp" "$INC/tremorlab/version.hpp"
rm -f "$INC/tremorlab/version.hpp.tmp"

srcs=("$ROOT/bindings/wasm/tremorlab_wasm.cpp" "$ROOT/src/default_model.cpp")
stamp="$OUT/tremorlab_wasm.wasm"
newer=0
if [ ! -f "$stamp" ]; then newer=1
elif [ -n "$(find "$ROOT/include" "$ROOT/src" "$ROOT/bindings/wasm" "$ROOT/scripts/build_web.sh" "$ROOT/CMakeLists.txt" -newer "$stamp" -print -quit)" ]; then newer=1
fi
if [ "$newer" = 1 ]; then
  echo ">> em++ (emscripten $(emcc --version | sed -n '1s/.* \([0-9][0-9.]*\) .*/\1/p')) -> build/web/tremorlab_wasm.mjs"
  # ENVIRONMENT=web,worker: emscripten 3.1.6's node support in an ES module uses __dirname and require, which
  # ES modules lack; under node, tremorlab.mjs reads the .wasm itself and hands it over as wasmBinary.
  # -fexceptions: the glue catches tremorlab::Error in C++ (see bindings/wasm/tremorlab_wasm.cpp).
  # -O2, not -O3/-flto: keeps the build within a couple of minutes on 2 cores.
  em++ -std=c++20 -O2 -fexceptions -DNDEBUG -DEIGEN_DONT_PARALLELIZE -I"$ROOT/include" -I"$INC" \
    "${srcs[@]}" --bind -s MODULARIZE=1 -s EXPORT_ES6=1 -s EXPORT_NAME=createTremorlabModule \
    -s ALLOW_MEMORY_GROWTH=1 -s ENVIRONMENT=web,worker -s DISABLE_EXCEPTION_CATCHING=0 \
    -o "$OUT/tremorlab_wasm.mjs"
fi
cp "$ROOT/bindings/wasm/tremorlab.mjs" "$OUT/tremorlab.mjs"
# The page, served from build/web/site by `tremorlab serve-web`.
cp -r "$ROOT/examples/web/." "$OUT/site/"
cp "$OUT/tremorlab.mjs" "$OUT/tremorlab_wasm.mjs" "$OUT/tremorlab_wasm.wasm" "$OUT/site/"
# The replay mode's recordings, converted from the bundled CloudUPDRS files (MIT, data/cloudupdrs) by the
# package's own reader (needs the Python package: scripts/setup.sh).
C="$ROOT/data/cloudupdrs/2458"
"${PYTHON:-python}" -m tremorlab.web replay "$OUT/site/replay" \
  "CloudUPDRS 2458, rest tremor task, right hand=$C/T_-_REST_TREMOR_AMPLITUDE_-_RIGHT_HAND_-_2016-10-14_10-52-04_-_f73512ccfc_-_2458.csv" \
  "CloudUPDRS 2458, kinetic tremor task, right hand=$C/T_-_KINETIC_TREMOR_OF_HANDS_-_RIGHT_HAND_-_2016-10-14_10-50-20_-_f73512ccfc_-_2458.csv" \
  "CloudUPDRS 2458, leg agility, right leg=$C/T_-_LEG_AGILITY_-_RIGHT_LEG_-_2016-10-14_10-45-19_-_f73512ccfc_-_2458.csv"
