#!/usr/bin/env bash
# Loopback load test of the gateway (otel-presets serve, mock model at 0 ms), one command:
#   bench/load.sh                       telemetry off (callbacks: []) vs all 7 callbacks exporting
#                                       to embedded OTLP receivers; 3,000 warm-up + 20,000 requests
#                                       each, 8 client threads, at most 60 s per phase
#   bench/load.sh --requests 50000 --concurrency 16 --max-seconds 120 --server-heap 512m
#   bench/load.sh --base-url http://127.0.0.1:4000   drive a gateway you started yourself
# Needs the app module (otel-presets serve); builds app/target/otel-presets.jar and the bench jar
# unless BENCH_SKIP_BUILD=1. APP_JAR overrides the jar's path.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
APP_JAR="${APP_JAR:-app/target/otel-presets.jar}"
if [ "${BENCH_SKIP_BUILD:-}" != "1" ]; then
  if [ -d app ]; then
    mvn -B -q -o -pl app,bench -am package -DskipTests
  else
    mvn -B -q -o -pl bench -am package -DskipTests
  fi
fi
mkdir -p bench/results
args=("$@")
if [[ " ${args[*]-} " != *" --base-url "* ]]; then
  if [ ! -f "$APP_JAR" ]; then
    echo "bench/load.sh: $APP_JAR not found; the app module (otel-presets serve) must be built" \
      "first, or pass --base-url of a running gateway" >&2
    exit 2
  fi
  args=(--app-jar "$APP_JAR" "${args[@]}")
fi
# The 7 embedded receivers keep every export they get (the nothing-lost check): at ~2,000
# requests/s that is over 1 GB of spans with captured content, hence the large harness heap.
java -Xmx${LOAD_HARNESS_HEAP:-6g} -cp bench/target/benchmarks.jar dev.otelpresets.bench.GatewayLoad "${args[@]}" 2>&1 \
  | tee "bench/results/load-$(date +%Y%m%d-%H%M%S).txt"
