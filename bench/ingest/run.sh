#!/usr/bin/env bash
# Ingest benchmark: streaming (available-now) vs the plain Spark batch job on the same Kafka data,
# warm-up first, then ROUNDS rounds alternating which job runs first (medians reported), then
# end-to-end latency at a steady rate with a processing-time trigger. See docs/BENCHMARKS.md.
# Usage: bench/ingest/run.sh [LOG] [RATE_PER_S] [LATENCY_SECONDS] [TRIGGER_SECONDS] [ROUNDS] [INVALID_EVERY]
# On a shared machine wrap it: flock /tmp/sparkify-heavy.lock bench/ingest/run.sh ...
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LOG="${1:-$ROOT/data/sparkify-events-450u.json.gz}"
RATE="${2:-1000}"; SECONDS_RUN="${3:-60}"; TRIGGER="${4:-5}"; ROUNDS="${5:-3}"; INVALID_EVERY="${6:-100}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/sparkify-bench-ingest-XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

cd "$ROOT"
# The reactor (-am) so the modules come from this checkout, not from a shared ~/.m2.
./mvnw -q -B -ntp -pl streaming-ingest -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >&2
CP="streaming-ingest/target/test-classes:streaming-ingest/target/classes:$(cat streaming-ingest/target/bench-classpath.txt)"

# The launcher's JVM flags for Spark on Java 17.
FLAGS=$(sed -n '/^SPARK_JVM_FLAGS=(/,/^)/p' sparkify | sed '1d;$d' | tr -d ' ')
echo "# $(date -u +%FT%TZ) $(nproc) cores, log $(basename "$LOG"), local[2]; args: $*"
# shellcheck disable=SC2086
exec java -Xmx4g $FLAGS -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" -cp "$CP" \
  io.sparkify.ingest.bench.IngestBenchmark "$LOG" "$WORK" "$RATE" "$SECONDS_RUN" "$TRIGGER" "$ROUNDS" "$INVALID_EVERY"
