#!/usr/bin/env bash
# A normal client's latency at the gateway (otel-presets serve) alone and while 64 attackers
# are at work, loopback, one command:
#   bench/slow-clients.sh                 2,000 warm-up + 2,000 measured chat requests (paced at
#                                         200/s: 10 s) alone, then 2,000 while 64 clients drip their
#                                         bodies a byte a second (drip) and 2,000 while 64 calls
#                                         wait on an upstream that never answers (hung); ~1 min
#   bench/slow-clients.sh --attackers 128 --requests 5000 --attacks drip
#   bench/slow-clients.sh --base-url http://127.0.0.1:4000 --model gpt-4o-mini   (drip only)
# Prints p50/p99/max per phase, each attack's p99 next to the baseline's, and whether the p99
# stays under --target-p99-ms (100). See SlowClients' javadoc.
# Builds app/target/otel-presets.jar and the bench jar unless BENCH_SKIP_BUILD=1.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
APP_JAR="${APP_JAR:-app/target/otel-presets.jar}"
if [ "${BENCH_SKIP_BUILD:-}" != "1" ]; then
  mvn -B -q -o -pl app,bench -am package -DskipTests
fi
mkdir -p bench/results
args=("$@")
if [[ " ${args[*]-} " != *" --base-url "* ]]; then
  args=(--app-jar "$APP_JAR" "${args[@]}")
fi
java -cp bench/target/benchmarks.jar dev.otelpresets.bench.SlowClients "${args[@]}" 2>&1 \
  | tee "bench/results/slow-clients-$(date +%Y%m%d-%H%M%S).txt"
