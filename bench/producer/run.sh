#!/usr/bin/env bash
# Producer benchmark: `./sparkify produce` replaying data/sparkify-events-450u.json.gz at full speed
# (reading, parsing, validating and re-encoding every line) against Kafka's own
# kafka-producer-perf-test (org.apache.kafka.tools.ProducerPerformance, pre-made random bytes),
# alternately, on one local broker, with the same record count, average record size and
# producer settings. Prints a markdown table for docs/BENCHMARKS.md.
#
# Usage: bench/producer/run.sh [ROUNDS]      (default 4 rounds of each after a warm-up; files in bench/out/producer/)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
ROUNDS="${1:-4}"
INPUT="data/sparkify-events-450u.json.gz"
OUT="bench/out/producer"
HEAP="${BENCH_HEAP:-1g}"
mkdir -p "$OUT"

# The producer's built-in tuning (io.sparkify.producer.replay.ProducerTuning), given to the perf tool verbatim.
PRODUCER_PROPS=(acks=all enable.idempotence=true max.in.flight.requests.per.connection=5 linger.ms=10
                batch.size=262144 compression.type=lz4 buffer.memory=67108864)
PARTITIONS=3

echo "building..." >&2
./mvnw -q -B install -pl local-kafka,producer -DskipTests >&2
./mvnw -q -B -f bench/producer/pom.xml dependency:build-classpath -Dmdep.outputFile="$ROOT/$OUT/perf-classpath.txt" >&2
PERF_CP="$(cat "$OUT/perf-classpath.txt")"
LOG4J="-Dlog4j2.configurationFile=$ROOT/conf/log4j2.properties"

# Same record count and average record size as the file: value bytes per line without the newline.
read -r LINES BYTES < <(gzip -dc "$INPUT" | wc -l -c)
RECORD_SIZE=$(( (BYTES - LINES) / LINES ))
echo "input: $INPUT, $LINES lines, average $RECORD_SIZE bytes" >&2

# A fresh broker on a free port, stopped on exit.
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
SPARKIFY_SKIP_BUILD=1 SPARKIFY_HEAP=2g ./sparkify kafka --port "$PORT" --data-dir "$OUT/kafka" --fresh \
  > "$OUT/broker.out" 2> "$OUT/broker.err" &
BROKER=$!
trap 'kill $BROKER 2>/dev/null; wait $BROKER 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  grep -q '^ready: ' "$OUT/broker.out" 2>/dev/null && break
  sleep 0.5
done
grep -q '^ready: ' "$OUT/broker.out" || { echo "broker did not start:" >&2; cat "$OUT/broker.err" >&2; exit 1; }
BOOTSTRAP="localhost:$PORT"

create_topic() {
  java -Xmx256m "$LOG4J" -cp "$PERF_CP" org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" \
    --create --topic "$1" --partitions "$PARTITIONS" --replication-factor 1 > /dev/null
}

run_ours() { # round [extra flag] -> msgs/s
  local json name="ours${2:+-raw}-$1"
  json="$(SPARKIFY_SKIP_BUILD=1 SPARKIFY_HEAP="$HEAP" ./sparkify produce --file "$INPUT" --bootstrap-servers "$BOOTSTRAP" \
          --topic "bench-$name" --partitions "$PARTITIONS" --work-dir "$OUT/work" --json --no-progress ${2:-} \
          2>> "$OUT/produce.err")"
  echo "$json" > "$OUT/$name.json"
  python3 -c 'import json,sys; j=json.loads(sys.argv[1]); assert j["sent"]==int(sys.argv[2]), j; print(round(j["msgs_per_s"]))' "$json" "$LINES"
}

run_perf() { # round -> msgs/s
  create_topic "bench-perf-$1"
  java -Xmx"$HEAP" "$LOG4J" -cp "$PERF_CP" org.apache.kafka.tools.ProducerPerformance --topic "bench-perf-$1" \
    --num-records "$LINES" --record-size "$RECORD_SIZE" --throughput -1 \
    --producer-props bootstrap.servers="$BOOTSTRAP" "${PRODUCER_PROPS[@]}" > "$OUT/perf-$1.txt" 2>> "$OUT/perf.err"
  tail -1 "$OUT/perf-$1.txt" | sed -E 's/^[0-9]+ records sent, ([0-9.]+) records\/sec.*/\1/' | cut -d. -f1
}

# The broker's JIT warms up over the first runs: one discarded round of each, then alternate
# which tool goes first so neither always meets a warmer broker.
echo "warm-up round (not counted)..." >&2
run_ours warmup > /dev/null
run_perf warmup > /dev/null

# Third column: `produce --raw` (lines sent as they are, no parsing): the same reading, pipeline
# and sending, without common-model's decode + encode, to show what the validation costs.
ours=()
perf=()
raw=()
for i in $(seq 1 "$ROUNDS"); do
  if (( i % 2 == 1 )); then
    o="$(run_ours "$i")"; r="$(run_ours "$i" --raw)"; p="$(run_perf "$i")"
  else
    p="$(run_perf "$i")"; r="$(run_ours "$i" --raw)"; o="$(run_ours "$i")"
  fi
  ours+=("$o"); perf+=("$p"); raw+=("$r")
  echo "round $i: produce $o msgs/s, produce --raw $r msgs/s, ProducerPerformance $p msgs/s" >&2
done

python3 - "$ROUNDS" "$LINES" "$RECORD_SIZE" "${ours[@]}" "${perf[@]}" "${raw[@]}" <<'PY'
import statistics, sys
rounds, lines, size = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
vals = list(map(int, sys.argv[4:]))
ours, perf, raw = vals[:rounds], vals[rounds:2 * rounds], vals[2 * rounds:]
print("| round | produce (msgs/s) | ProducerPerformance (msgs/s) | ratio | produce --raw (msgs/s) | raw ratio |")
print("|---:|---:|---:|---:|---:|---:|")
for i, (o, p, r) in enumerate(zip(ours, perf, raw), 1):
    print(f"| {i} | {o:,} | {p:,} | {o / p:.2f} | {r:,} | {r / p:.2f} |")
mo, mp, mr = statistics.median(ours), statistics.median(perf), statistics.median(raw)
print(f"| median | {mo:,.0f} | {mp:,.0f} | **{mo / mp:.2f}** | {mr:,.0f} | {mr / mp:.2f} |")
print(f"\n{lines:,} records of {size} bytes on average; {rounds} rounds after a warm-up, order alternating.")
PY
