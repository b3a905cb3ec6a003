#!/usr/bin/env bash
# Benchmark of `./sparkify demo --fresh` with its defaults (the 450-user sample, full grid, local[*]) after the
# build: wall time from /usr/bin/time (JVM, broker and Spark start included) and the demo's own stage_seconds.
# Usage: bench/demo/run.sh [rounds, default 3]; extra demo flags in DEMO_ARGS (e.g. "--data other.json.gz").
# Results: a markdown table on stdout (take the median); logs under $BENCH_WORK (default work/bench/demo).
set -euo pipefail
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ROUNDS="${1:-3}"
WORK="${BENCH_WORK:-$HOME_DIR/work/bench/demo}"
mkdir -p "$WORK"
cd "$HOME_DIR"
echo "| round | wall time | broker | replay | ingest | train | score | report | champion | exit |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|"
for r in $(seq 1 "$ROUNDS"); do
  log="$WORK/demo-$r"
  set +e
  # shellcheck disable=SC2086
  SPARKIFY_SKIP_BUILD=1 /usr/bin/time -v -o "$log.time" ./sparkify demo --fresh --json ${DEMO_ARGS:-} \
    --work-dir "$WORK/state" --lake "$WORK/lake" --models "$WORK/models" --report "$WORK/report.html" \
    > "$log.json" 2> "$log.err"
  rc=$?
  set -e
  wall=$(grep 'Elapsed (wall clock)' "$log.time" | awk '{print $NF}')
  python3 - "$log.json" "$r" "$wall" "$rc" <<'PY'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
except ValueError:
    d = {}
s = d.get("stage_seconds", {})
cells = [f"{s[k]:.1f} s" if k in s else "" for k in ("broker", "replay", "ingest", "train", "score", "report")]
print(f"| {sys.argv[2]} | {sys.argv[3]} | " + " | ".join(cells)
      + f" | {d.get('champion', {}).get('model', '')} | {sys.argv[4]} |")
PY
done
