#!/usr/bin/env bash
# Loopback load test of the gateway (otel-presets serve, mock model at 0 ms), one command:
#   bench/load.sh                       three phases side by side: off (callbacks: []), plain7
#                                       (the bare SDK: 7 BatchSpanProcessor + OtlpHttpSpanExporter,
#                                       gzip, to 7 receivers, no presets) and all7 (all 7 callbacks
#                                       to 7 receivers); 20,000 warm-up (the JIT) + 20,000 measured
#                                       requests each, 8 client threads (one keep-alive socket
#                                       each), at most 60 s per phase; prints serve's CPU per
#                                       request all7/plain7 and all7/off, and /proc/loadavg per phase
#   bench/load.sh --scenarios off,all7  a subset
#   bench/load.sh --requests 50000 --concurrency 16 --max-seconds 120 --server-heap 512m
#   bench/load.sh --scenarios all7 --rate 1500   paced at 1,500 requests/s instead of flat out
#   bench/load.sh --scenarios off,all7 --rate 1400 --rate-for all7   all7 paced, off flat out, in
#                                       one run: the sustained rate against off's flat-out rate
#   bench/load.sh --compression none    plain7 and all7 without gzip (all7: presets.<name>.compression)
#   bench/load.sh --content no_content  no prompt/answer text on the spans (the product default;
#                                       the test's default is span_only, the heavier case)
#   bench/load.sh --client jdk          java.net.http as the client (more CPU on the harness side)
#   bench/load.sh --base-url http://127.0.0.1:4000   drive a gateway you started yourself
# The receivers keep each export's raw bytes during the run; after serve stopped they decode
# every export with the opentelemetry-proto messages and check every span of every answered
# request arrived exactly once at every receiver (see GatewayLoad's javadoc).
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
# The 7 embedded receivers keep every export they get (the nothing-lost check), compressed during
# the run, and decode one receiver at a time afterwards; the heap is sized for long runs.
java -Xmx${LOAD_HARNESS_HEAP:-6g} -cp bench/target/benchmarks.jar dev.otelpresets.bench.GatewayLoad "${args[@]}" 2>&1 \
  | tee "bench/results/load-$(date +%Y%m%d-%H%M%S).txt"
