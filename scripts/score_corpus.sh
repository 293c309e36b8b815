#!/usr/bin/env bash
# Parse every real-corpus excerpt (and the seeds) into a temporary directory and score it.
# Usage: scripts/score_corpus.sh [corpus|seeds] [--json]
# The corpus files open with "# source: <url>" and a blank line; those two lines are dropped first.
set -euo pipefail
cd "$(dirname "$0")/.."
which="${1:-corpus}"
shift || true
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
if [ "$which" = seeds ]; then
  gold=tests/fixtures/gold
  for f in src/gdnn/demo/seeds/*.txt; do
    n=$(basename "$f" .txt)
    .venv/bin/gdnn parse "$f" --format json > "$d/$n.json"
  done
else
  gold=tests/fixtures/corpus/real
  for f in "$gold"/*.txt; do
    n=$(basename "$f" .txt)
    tail -n +3 "$f" > "$d/$n.txt"
    .venv/bin/gdnn parse "$d/$n.txt" --format json > "$d/$n.json"
  done
fi
.venv/bin/python scripts/score_parse.py "$gold" "$d" "$@"
