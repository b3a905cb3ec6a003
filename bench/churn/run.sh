#!/usr/bin/env bash
# Benchmark of `train` (features + training + both evaluations) at local[2] on the 450-user sample and on
# copies scaled 4x and 16x by cloning users (ScaleUsers.java). Wall time and peak RSS from /usr/bin/time -v.
# Usage: bench/churn/run.sh [grid: full|quick] [factors...]     (default: quick 1 4 16)
# Results: a markdown table on stdout; logs and scaled inputs under $BENCH_WORK (default work/bench/churn).
set -euo pipefail
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
GRID="${1:-quick}"; shift || true
FACTORS=("${@:-1 4 16}"); FACTORS=(${FACTORS[*]})
WORK="${BENCH_WORK:-$HOME_DIR/work/bench/churn}"
SRC="$HOME_DIR/data/sparkify-events-450u.json.gz"
mkdir -p "$WORK"
cd "$HOME_DIR"
echo "| input | events (lines) | users | grid | wall time | peak RSS | forward AUC-ROC (best) | classic AUC-ROC (best) |"
echo "|---|---:|---:|---|---:|---:|---:|---:|"
for f in "${FACTORS[@]}"; do
  input="$SRC"
  if [ "$f" != "1" ]; then
    input="$WORK/sparkify-events-450u-x$f.json.gz"
    [ -f "$input" ] || java "$HOME_DIR/bench/churn/ScaleUsers.java" "$SRC" "$f" "$input" >&2
  fi
  models="$WORK/models-x$f-$GRID"; rm -rf "$models"
  log="$WORK/train-x$f-$GRID"
  set +e
  SPARKIFY_SKIP_BUILD=1 /usr/bin/time -v -o "$log.time" ./sparkify train --input "$input" --models "$models" \
    --master 'local[2]' --grid "$GRID" --json > "$log.json" 2> "$log.err"
  rc=$?
  set -e
  [ $rc -eq 0 ] || [ $rc -eq 5 ] || { echo "train failed (exit $rc), see $log.err" >&2; exit 1; }
  wall=$(grep 'Elapsed (wall clock)' "$log.time" | awk '{print $NF}')
  rss=$(grep 'Maximum resident set size' "$log.time" | awk '{printf "%.2f GB", $NF/1048576}')
  python3 - "$log.json" "$models" "$f" "$GRID" "$wall" "$rss" <<'PY'
import json, sys, glob
summary = json.load(open(sys.argv[1]))
m = json.load(open(glob.glob(sys.argv[2] + "/*/metrics.json")[0]))
best = lambda e: max(v["metrics"]["auc_roc"] for v in m["evaluations"][e]["models"].values())
print(f"| 450u x{sys.argv[3]} | {m['input']['records_read']:,} | {m['input']['users']:,} | {sys.argv[4]} | {sys.argv[5]} | {sys.argv[6]} "
      f"| {best('forward'):.3f} | {best('classic'):.3f} |")
PY
done
