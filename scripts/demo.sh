#!/usr/bin/env bash
# The main job on a bundled recording: analyse it, print the tremor report, write a plot to out/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh" demo
cd "$TL_ROOT"
mkdir -p out
tremorlab analyze "data/cloudupdrs/2458/T_-_REST_TREMOR_AMPLITUDE_-_RIGHT_HAND_-_2016-10-14_10-52-04_-_f73512ccfc_-_2458.csv" --plot out/demo.png
