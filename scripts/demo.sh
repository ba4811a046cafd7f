#!/usr/bin/env bash
# The main job on a bundled recording: analyse it, print the tremor report, write a plot to out/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh" all
cd "$TL_ROOT"
mkdir -p out
tremorlab analyze data/cloudupdrs/rest_tremor_right_hand_2458.csv --plot out/demo.png
echo "plot written to out/demo.png"
