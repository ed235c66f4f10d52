#!/usr/bin/env bash
# otel-presets benchmarks, one command:
#   bench/run.sh                 build, then every JMH benchmark (1 fork, 6x1 s warm-up, 5x1 s, -prof gc),
#                                then the paced hot path (5,000 calls/s, content off and on),
#                                then the backends-down memory harness; results in bench/results/
#   bench/run.sh HotPath         only the benchmarks matching a regex (JMH options may follow)
#   bench/run.sh Export -f 1 -wi 3 -i 5   the export path alone; prints its ratios (ExportRatios):
#                                each owner / its own serialization, all seven owners / plain
#   bench/run.sh 'Export|ContentParse' -f 1 -p content=true   the same with the shared content
#                                parse of that batch measured alone, printed under the ratios
#   BENCH_SKIP_BUILD=1 bench/run.sh ...   reuse bench/target/benchmarks.jar
# The gateway load test is bench/load.sh (it needs the app module's jar).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if [ "${BENCH_SKIP_BUILD:-}" != "1" ]; then
  mvn -B -q -o -pl bench -am package -DskipTests
fi
JAR=bench/target/benchmarks.jar
OUT=bench/results
mkdir -p "$OUT"
stamp="$(date +%Y%m%d-%H%M%S)"
# the export path's ratios (ExportBenchmark): each owner against plain and against the
# serialization of its own mapped output, all seven owners against plain (7 = seven plain exports)
ratios() {
  echo
  echo "calling-thread CPU ns per op (mean|stdev|iterations|calling-thread bytes allocated per op):"
  grep '^CPU|' "$OUT/jmh-$stamp.txt" | tee "$OUT/cpu-$stamp.txt"
  if grep -q '^CPU|export vocabulary=plain' "$OUT/cpu-$stamp.txt"; then
    echo
    java -cp "$JAR" dev.otelpresets.bench.ExportRatios "$OUT/cpu-$stamp.txt" \
      | tee "$OUT/export-ratios-$stamp.txt"
  fi
}
if [ $# -gt 0 ]; then
  java -jar "$JAR" "$@" -prof gc -rf json -rff "$OUT/jmh-$stamp.json" | tee "$OUT/jmh-$stamp.txt"
  ratios
  exit 0
fi
java -jar "$JAR" -f 1 -wi 6 -w 1 -i 5 -r 1 -prof gc -rf json -rff "$OUT/jmh-$stamp.json" \
  | tee "$OUT/jmh-$stamp.txt"
ratios
echo
for content in false true; do
  java -Xms1g -Xmx1g -cp "$JAR" dev.otelpresets.bench.PacedHotPath 5000 4 5 "$content" 2>&1 \
    | grep '^PACED\|^paced' | tee -a "$OUT/paced-$stamp.txt"
done
echo
java -Xmx128m -cp "$JAR" dev.otelpresets.bench.BackendsDown 1000000 256 2 2>&1 \
  | grep -v 'WARNING\|exportCurrentBatch\|^SEVERE\|^Nov\|^Dec\|^[A-Z][a-z][a-z] [0-9]' \
  | tee "$OUT/backends-down-$stamp.txt"
