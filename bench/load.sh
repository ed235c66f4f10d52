#!/usr/bin/env bash
# Loopback load test of the gateway (otel-presets serve, mock model at 0 ms), one command.
#
#   bench/load.sh                       side by side, flat out: off (callbacks: []), plain7 (the
#                                       bare SDK: 7 BatchSpanProcessor + OtlpHttpSpanExporter, gzip,
#                                       to 7 receivers, no presets) and all7 (all 7 callbacks to 7
#                                       receivers); 20,000 warm-up (the JIT) + 20,000 measured
#                                       requests each, 8 client threads (one keep-alive socket
#                                       each), at most 60 s per phase; prints serve's CPU per
#                                       request and per delivered span, all7/plain7 and all7/off,
#                                       flags every ratio whose scenario did not deliver every span
#                                       ("not comparable"), and /proc/loadavg per phase
#   bench/load.sh --rate 2000           the same, every scenario paced at 2,000 requests/s (warm-up
#                                       included): off, plain7 and all7 do the same work per second
#   bench/load.sh --find-rate           off flat out, then per exporting scenario the highest paced
#                                       rate at which every span of every request reaches all 7
#                                       receivers (short phases on one serve: from 0.5 x off's rate,
#                                       x1.5 while passing, then bisection), with its ratio to off's
#                                       flat-out rate (target >= 0.5); 3-4 min per exporting
#                                       scenario on a loaded 2-core machine
#
# Options (GatewayLoad):
#   --scenarios off,plain7,all7         which scenarios, in this order (default: all three)
#   --requests 20000                    measured requests per scenario
#   --warmup 20000                      warm-up requests, then rounds of a quarter as many while
#                                       serve's C2 compiler still used more than --jit-quiet cores
#   --jit-quiet 0.1                     or its JIT compiled more than --jit-quiet-compiles methods
#   --jit-quiet-compiles 2              per 1,000 requests (jcmd PerfCounter.print), at most
#   --warmup-rounds 10                  --warmup-rounds rounds; the JIT's compilations in the
#                                       settle step and the window are printed too
#   --settle idle|none                  idle (default): serve idles after the warm-up until its C2
#                                       threads are quiet; none: the window follows the warm-up
#                                       (an idle lets the tiered JIT move the methods it parked at
#                                       C1 during the warm-up up to C2 in the window, all at once)
#   --concurrency 8                     client threads
#   --max-seconds 60                    bound of each phase
#   --server-heap 512m                  serve's -Xms/-Xmx
#   --rate N                            paced at N requests/s in total instead of flat out
#   --repeat 1                          rounds of every scenario in turn (each its own serve);
#                                       above 1 it prints each round's ratios and their medians
#                                       (a single run's all7/plain7 moves by about +-0.08)
#   --rate-for all7                     pace only these scenarios, the others flat out, e.g.
#                                       --scenarios off,all7 --rate 1400 --rate-for all7
#   --find-rate                         the rate search above (ignores --rate and --requests)
#   --phase-seconds 8                   its phases' length: a longer phase sees a smaller excess
#                                       over the exporters' capacity (the 2,048-span queues absorb
#                                       up to 2048 / (2 x seconds) requests/s more)
#   --find-rate-steps 6                 its phases per scenario at most (stops earlier within 5%)
#   --find-rate-start N                 its first rate (default 0.5 x off's flat-out rate, or 1000
#                                       without off)
#   --metrics none|otlp                 none (default): every scenario, all7's otel callback too,
#                                       runs with OTEL_METRICS_EXPORTER=none, so no GenAI metrics
#                                       are recorded or exported anywhere; otlp: all7's otel
#                                       callback and plain7 (the SDK's own OTLP/HTTP metric
#                                       exporter) both export them to their otel receiver
#   --compression default|gzip|none     plain7 and all7 export bodies (all7 through
#                                       presets.<name>.compression); default: gzip for plain7 and
#                                       the six presets, none for otel
#   --content span_only|no_content      prompt/answer text on the spans (span_only, the heavier
#                                       case, is the test's default; no_content the product's)
#   --settings key=value,...            more settings: for serve, e.g. max_queue_size=8192
#   --client socket|jdk                 socket (default) or java.net.http (more harness CPU)
#   --base-url http://127.0.0.1:4000    drive a gateway you started yourself (client figures only)
#   --help                              this text
#
# Environment: BENCH_SKIP_BUILD=1 skips the build; APP_JAR overrides app/target/otel-presets.jar;
# LOAD_HARNESS_HEAP (default 6g) is this harness's heap; LOAD_SERVER_JVM_OPTS passes JVM options
# (e.g. a JFR recording) to serve only. Output is also written to bench/results/load-<time>.txt.
#
# The receivers keep each export's raw bytes during the run; after serve stopped they decode
# every export with the opentelemetry-proto messages and check every span of every answered
# request arrived exactly once at every receiver (see GatewayLoad's javadoc).
# Needs the app module (otel-presets serve); builds app/target/otel-presets.jar and the bench jar
# unless BENCH_SKIP_BUILD=1.
for a in "$@"; do
  if [ "$a" = "--help" ] || [ "$a" = "-h" ]; then
    # this file's header comment, without the shebang
    sed -n '2,/^[^#]/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
    exit 0
  fi
done
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
