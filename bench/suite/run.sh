#!/usr/bin/env bash
# The test suite as CI runs it (.ci/run on a clean clone of HEAD), with its CPU time by process: which
# module's test JVMs, YARN containers, deploy.sh's SparkSubmit, Maven (bench/suite/cpu_by_process.py).
# Two cores busy for the whole run is the floor: CPU seconds / 2 is the shortest the suite can take on
# the 2-core CI machine, however its work is spread. Results: docs/BENCHMARKS.md, "Test suite".
# Usage: bench/suite/run.sh [clone dir, default /tmp/sparkify-suite-bench]
set -euo pipefail
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CLONE="${1:-/tmp/sparkify-suite-bench}"
rm -rf "$CLONE"
git clone -q "$HOME_DIR" "$CLONE"
cd "$CLONE"
/usr/bin/time -f "time: %e s wall, %U s user, %S s sys" \
  python3 "$HOME_DIR/bench/suite/cpu_by_process.py" --json "$CLONE/cpu-by-process.json" -- .ci/run
