#!/usr/bin/env bash
# Producer benchmark: `./sparkify produce` replaying data/sparkify-events-450u.json.gz at full speed
# (reading, gunzipping, validating and re-encoding every line) against Kafka's own
# kafka-producer-perf-test (org.apache.kafka.tools.ProducerPerformance) in the same run, on one
# local broker, with the same record count, average record size, producer settings and JVM flags.
# The perf tool runs two ways:
#   random   --record-size N: its default, one array of random letters that lz4 barely compresses;
#   payload  --payload-file: the real lines of the same file (picked at random per record), which
#            compress like what produce sends: the fair race.
# A fourth column runs `produce --raw` (same reading and sending, no decode/encode).
# One discarded warm-up round of each, then rounds in alternating order; medians at the end.
# Prints a markdown table for docs/BENCHMARKS.md.
#
# Usage: bench/producer/run.sh [ROUNDS]      (default 5 rounds after the warm-up; files in bench/out/producer/)
# Env:   BENCH_HEAP (default 2g, every JVM), BENCH_SKIP_BUILD=1
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
ROUNDS="${1:-5}"
INPUT="data/sparkify-events-450u.json.gz"
OUT="bench/out/producer"
# The perf tool reads its whole payload file into memory (about 5x the file as strings and
# arrays), so every JVM gets the same, large enough heap.
HEAP="${BENCH_HEAP:-2g}"
mkdir -p "$OUT"

# The producer's built-in tuning (io.sparkify.producer.replay.ProducerTuning), given to the perf tool verbatim.
PRODUCER_PROPS=(acks=all enable.idempotence=true max.in.flight.requests.per.connection=5 linger.ms=10
                batch.size=262144 compression.type=lz4 buffer.memory=67108864)
PARTITIONS=3

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "building..." >&2
  # package, not install: the launcher's classpath then points into this checkout's target/ folders.
  ./mvnw -q -B -ntp package -pl local-kafka,producer -am -DskipTests >&2
  ./mvnw -q -B -ntp -f bench/producer/pom.xml dependency:build-classpath \
    -Dmdep.outputFile="$ROOT/$OUT/perf-classpath.txt" >&2
fi
PERF_CP="$(cat "$OUT/perf-classpath.txt")"
LOG4J="-Dlog4j2.configurationFile=$ROOT/conf/log4j2.properties"

# Same record count and average record size as the file: value bytes per line without the newline.
PAYLOAD="$OUT/payload.json"
gzip -dc "$INPUT" > "$PAYLOAD"
read -r LINES BYTES < <(wc -l -c < "$PAYLOAD")
RECORD_SIZE=$(( (BYTES - LINES) / LINES ))
echo "input: $INPUT, $LINES lines, average $RECORD_SIZE bytes" >&2

# A fresh broker on a free port, stopped on exit.
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
rm -rf "$OUT/kafka"
SPARKIFY_SKIP_BUILD=1 SPARKIFY_HEAP=2g ./sparkify kafka --port "$PORT" --data-dir "$OUT/kafka" \
  > "$OUT/broker.out" 2> "$OUT/broker.err" &
BROKER=$!
trap 'kill $BROKER 2>/dev/null; wait $BROKER 2>/dev/null || true; rm -f "$PAYLOAD"' EXIT
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

run_ours() { # name [--raw] -> msgs/s
  local json name="$1"
  json="$(SPARKIFY_SKIP_BUILD=1 SPARKIFY_HEAP="$HEAP" ./sparkify produce --file "$INPUT" --bootstrap-servers "$BOOTSTRAP" \
          --topic "bench-$name" --partitions "$PARTITIONS" --work-dir "$OUT/work" --json --no-progress ${2:-} \
          2>> "$OUT/produce.err")"
  echo "$json" > "$OUT/$name.json"
  python3 -c 'import json,sys; j=json.loads(sys.argv[1]); assert j["sent"]==int(sys.argv[2]), j; print(round(j["msgs_per_s"]))' "$json" "$LINES"
}

run_perf() { # name random|payload -> msgs/s
  local source=(--record-size "$RECORD_SIZE")
  [ "$2" = payload ] && source=(--payload-file "$PAYLOAD")
  create_topic "bench-$1"
  java -Xmx"$HEAP" "$LOG4J" -cp "$PERF_CP" org.apache.kafka.tools.ProducerPerformance --topic "bench-$1" \
    --num-records "$LINES" "${source[@]}" --throughput -1 \
    --producer-props bootstrap.servers="$BOOTSTRAP" "${PRODUCER_PROPS[@]}" > "$OUT/$1.txt" 2>> "$OUT/perf.err"
  tail -1 "$OUT/$1.txt" | sed -E 's/^[0-9]+ records sent, ([0-9.]+) records\/sec.*/\1/' | cut -d. -f1
}

run() { # kind round -> msgs/s
  case "$1" in
    ours) run_ours "ours-$2" ;;
    raw) run_ours "raw-$2" --raw ;;
    random) run_perf "perf-random-$2" random ;;
    payload) run_perf "perf-payload-$2" payload ;;
  esac
}

# The broker's JIT warms up over the first runs: one discarded round of each, then alternate
# the order so no tool always meets a warmer (or busier) broker.
KINDS=(ours payload random raw)
echo "warm-up round (not counted)..." >&2
for k in "${KINDS[@]}"; do run "$k" warmup > /dev/null; done

declare -A result
for i in $(seq 1 "$ROUNDS"); do
  order=("${KINDS[@]}")
  if (( i % 2 == 0 )); then order=(raw random payload ours); fi
  for k in "${order[@]}"; do result[$k,$i]="$(run "$k" "$i")"; done
  echo "round $i: produce ${result[ours,$i]}, perf payload ${result[payload,$i]}, perf random ${result[random,$i]}," \
       "produce --raw ${result[raw,$i]} msgs/s" >&2
done

args=()
for k in "${KINDS[@]}"; do for i in $(seq 1 "$ROUNDS"); do args+=("${result[$k,$i]}"); done; done
python3 - "$ROUNDS" "$LINES" "$RECORD_SIZE" "${args[@]}" <<'PY'
import statistics, sys
rounds, lines, size = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
vals = list(map(int, sys.argv[4:]))
ours, payload, rand, raw = (vals[k * rounds:(k + 1) * rounds] for k in range(4))
print("| round | produce | perf, real lines (--payload-file) | ratio | perf, random bytes (--record-size) | ratio | produce --raw |")
print("|---:|---:|---:|---:|---:|---:|---:|")
for i in range(rounds):
    o, p, r, w = ours[i], payload[i], rand[i], raw[i]
    print(f"| {i + 1} | {o:,} | {p:,} | {o / p:.2f} | {r:,} | {o / r:.2f} | {w:,} |")
mo, mp, mr, mw = (statistics.median(x) for x in (ours, payload, rand, raw))
print(f"| median | {mo:,.0f} | {mp:,.0f} | **{mo / mp:.2f}** | {mr:,.0f} | **{mo / mr:.2f}** | {mw:,.0f} |")
print(f"\nmsgs/s; {lines:,} records of {size} bytes on average; {rounds} rounds after a warm-up, order alternating.")
PY
