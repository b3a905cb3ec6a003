#!/usr/bin/env bash
# Feature-group ablation on VALIDATION only (issue 13, item 5): `train` with the base features, the base plus each
# group of ChurnFeatures.groups(), and all of them; prints each family's validation AUC-PR (the selection value:
# the grid fitted on the tune_fit cut-offs, scored on the validation cut-offs pooled) and the features screening
# kept. Test-cut-off figures are deliberately not printed: the decision to keep a group must not look at them.
# Each train holds /tmp/sparkify-heavy.lock on its own. Usage: bench/churn/features.sh [grid] (default full);
# CONFIGS="base+trends+downgrade" runs chosen combinations instead; SRC=data/sparkify-events-100u.json.gz for the
# other sample. Needs the module built (SPARKIFY_SKIP_BUILD=1: trains never rebuild it).
set -euo pipefail
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
GRID="${1:-full}"
SRC="${SRC:-$HOME_DIR/data/sparkify-events-450u.json.gz}"
WORK="${BENCH_WORK:-$HOME_DIR/work/bench/churn-features}"
mkdir -p "$WORK"
cd "$HOME_DIR"
groups_json="$WORK/groups.json"
# The groups as the code defines them (one JSON object: group -> feature names), from the built classes.
java -cp "churn-batch/target/classes:$(cat churn-batch/target/classpath.txt)" bench/churn/FeatureGroups.java > "$groups_json"
# CONFIGS="base+trends+downgrade ..." runs those instead (groups joined by +).
configs="${CONFIGS:-$(python3 -c "import json,sys; g=json.load(open(sys.argv[1])); print(' '.join(['base'] + ['base+'+k for k in g if k!='base'] + ['all']))" "$groups_json")}"
echo "| sample | features | candidates | lr | rf | rate | kept by screening (final fit) | validation rows (churn) |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
for c in $configs; do
  list=$(python3 -c "
import json,sys
g=json.load(open(sys.argv[1])); c=sys.argv[2]
names = [n for k in g for n in g[k]] if c=='all' else [n for k in c.split('+') for n in g[k]]
print(','.join(names))" "$groups_json" "$c")
  models="$WORK/models-$c"; rm -rf "$models"
  flock /tmp/sparkify-heavy.lock env SPARKIFY_SKIP_BUILD=1 ./sparkify train --input "$SRC" --models "$models" \
    --master 'local[2]' --grid "$GRID" --features "$list" --json > "$WORK/$c.json" 2> "$WORK/$c.err" || [ $? -eq 5 ]
  python3 - "$models" "$c" "$(basename "$SRC")" <<'PY'
import json, sys, glob
m = json.load(open(glob.glob(sys.argv[1] + "/*/metrics.json")[0]))
f = m["evaluations"]["forward"]
v = lambda k: f"{f['models'][k]['selection']['value']:.3f}" if k in f["models"] else ""
r = f["rows"]
print(f"| {sys.argv[3]} | {sys.argv[2]} | {len(m['features'])} | {v('lr')} | {v('rf')} | {v('rate')} | {len(f['features_used'])} "
      f"| {r['validation']} ({r['validation_positives']}) |")
PY
done
