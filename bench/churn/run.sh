#!/usr/bin/env bash
# Benchmark of `train` (features + training + both evaluations) at local[2] on the 450-user sample and on
# copies scaled 4x and 16x by cloning users (ScaleUsers.java). Wall time and peak RSS from /usr/bin/time -v; the
# largest heap occupancy after a GC from the JVM's GC log (what the job keeps live, unlike RSS, which a JVM grows to
# its -Xmx before collecting). SPARKIFY_HEAP sets -Xmx (the launcher's default 4g).
# Usage: bench/churn/run.sh [grid: full|quick] [factors...]     (default: quick 1 4 16); REPEAT=3 runs each 3 times
# (take the median). SRC=data/sparkify-events-100u.json.gz benchmarks the other sample. The quality columns are the
# champion's pooled rolling-origin forward AUC-ROC with its bootstrap 95% interval beside the activity_rate rule on
# the same rows: the quality check of issue 13, moved here from the unit tests.
# Results: a markdown table on stdout; logs and scaled inputs under $BENCH_WORK (default work/bench/churn).
set -euo pipefail
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
GRID="${1:-quick}"; shift || true
FACTORS=("${@:-1 4 16}"); FACTORS=(${FACTORS[*]})
WORK="${BENCH_WORK:-$HOME_DIR/work/bench/churn}"
SRC="${SRC:-$HOME_DIR/data/sparkify-events-450u.json.gz}"
mkdir -p "$WORK"
cd "$HOME_DIR"
HEAP="${SPARKIFY_HEAP:-4g}"
echo "| input | events (lines) | users | grid | heap (-Xmx) | wall time | peak RSS | max heap after GC | pooled forward AUC-ROC, champion [95%] | activity_rate [95%] | test rows (churn) |"
echo "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|"
for f in "${FACTORS[@]}"; do
for r in $(seq 1 "${REPEAT:-1}"); do
  input="$SRC"
  if [ "$f" != "1" ]; then
    input="$WORK/$(basename "$SRC" .json.gz)-x$f.json.gz"
    [ -f "$input" ] || java "$HOME_DIR/bench/churn/ScaleUsers.java" "$SRC" "$f" "$input" >&2
  fi
  models="$WORK/models-x$f-$GRID"; rm -rf "$models"
  log="$WORK/train-x$f-$GRID"
  set +e
  SPARKIFY_SKIP_BUILD=1 SPARKIFY_HEAP="$HEAP" JAVA_OPTS="${JAVA_OPTS:-} -Xlog:gc:file=$log.gc" \
    /usr/bin/time -v -o "$log.time" ./sparkify train --input "$input" --models "$models" \
    --master 'local[2]' --grid "$GRID" --json > "$log.json" 2> "$log.err"
  rc=$?
  set -e
  [ $rc -eq 0 ] || [ $rc -eq 5 ] || { echo "| x$f | | | $GRID | $HEAP | train failed (exit $rc), see $log.err | | | | | |"; exit 1; }
  wall=$(grep 'Elapsed (wall clock)' "$log.time" | awk '{print $NF}')
  rss=$(grep 'Maximum resident set size' "$log.time" | awk '{printf "%.2f GB", $NF/1048576}')
  python3 - "$log.json" "$models" "$f" "$GRID" "$wall" "$rss" "$HEAP" "$log.gc" <<'PY'
import json, sys, glob, re
summary = json.load(open(sys.argv[1]))
m = json.load(open(glob.glob(sys.argv[2] + "/*/metrics.json")[0]))
f = m["evaluations"]["forward"]
pc = m["champion_candidate"]["pooled"]; pa = f["baselines"]["activity_rate"]["pooled"]
ci = lambda p: f"{p['auc_roc']:.3f} [{p['auc_roc_ci'][0]:.3f}, {p['auc_roc_ci'][1]:.3f}]"
after = [int(x) for x in re.findall(r"->(\d+)M\(", open(sys.argv[8]).read())]
print(f"| {m['input']['users']}u x{sys.argv[3]} | {m['input']['records_read']:,} | {m['input']['users']:,} | {sys.argv[4]} | {sys.argv[7]} | {sys.argv[5]} "
      f"| {sys.argv[6]} | {max(after) if after else 0:,} MB | {ci(pc)} ({m['champion_candidate']['model']}) | {ci(pa)} "
      f"| {pc['rows']} ({pc['positives']}) over {len(f['test_cutoffs'])} cut-offs |")
PY
done
done
