#!/usr/bin/env bash
# Regenerates every figure and sample output quoted in README.md and docs/ (scripts/docs_assets.py).
#   bash scripts/make_docs_assets.sh          # refresh docs/img/* and the marked blocks in README.md, docs/*.md
#   bash scripts/make_docs_assets.sh OUT_DIR  # write them to OUT_DIR only (tests/python/test_docs_assets.py)
# Needs the package installed with matplotlib (source scripts/setup.sh test).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
py="${PYTHON:-python}"
if [ $# -eq 0 ]; then
  exec "$py" "$root/scripts/docs_assets.py" "$root/docs" --update-md
fi
exec "$py" "$root/scripts/docs_assets.py" "$1"
