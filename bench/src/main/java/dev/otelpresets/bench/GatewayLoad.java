package dev.otelpresets.bench;

import dev.otelpresets.core.internal.otlp.FastGzip;
import dev.otelpresets.testkit.FakeTokenEndpoint;
import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.ReceivedRequest;
import dev.otelpresets.testkit.ReceivedSpan;
import dev.otelpresets.testkit.conformance.CompanionPresets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Loopback load test of the gateway ({@code otel-presets serve}, mock model at zero latency).
 *
 * <p>Two modes:
 *
 * <ul>
 *   <li>{@code --app-jar app/target/otel-presets.jar}: for each scenario ({@code off}: {@code
 *       callbacks: []}; {@code plain7}: {@code callbacks: []} and the bare SDK's own batch processor
 *       and OTLP/HTTP exporter (gzip, default settings) per receiver, added by {@link
 *       PlainOtlpExporters}: the floor; {@code all7}: every callback, each exporting to its own
 *       embedded OTLP receiver in this process) starts {@code serve} as a child process, drives it, stops it
 *       (SIGTERM: it flushes), and reports requests/s, p50/p99/max latency, the server's CPU (in
 *       total and by thread group, from {@code /proc}) and peak RSS, this process's CPU, and what
 *       every receiver got;
 *   <li>{@code --base-url http://127.0.0.1:4000}: drives a gateway someone else started and
 *       reports the client-side figures only.
 * </ul>
 *
 * Bounded in requests ({@code --requests}, after {@code --warmup}) and in time ({@code
 * --max-seconds} per phase). The load generator shares the machine with the server: on a small
 * machine the absolute figures are the pair's; the ratios of scenarios run side by side are the
 * result, serve's CPU per request first (all7/plain7, all7/off). The machine's load average is
 * printed before each phase, before its window and after it.
 *
 * <p><b>Client.</b> 8 threads ({@code --concurrency}), each with one keep-alive HTTP/1.1 socket
 * ({@link LoadClient}), send the same 2-message chat request; flat out by default, or paced at
 * {@code --rate} requests/s in total (latency then counts from when a request was due; {@code
 * --rate-for all7} paces only the scenarios named, the others run flat out). {@code
 * --client jdk} uses {@code java.net.http.HttpClient} instead, which costs the shared machine
 * about 0.6 cores more at the same rate.
 *
 * <p><b>serve's config</b> is the harness's own: the mock model at 0 ms, {@code
 * capture_message_content: span_only} (prompts and answer on the spans, the heavier case; {@code
 * --content no_content} is the product default), and otherwise the product defaults (SDK batch
 * processor settings, each preset's own compression: gzip for the six presets, none for {@code
 * otel}).
 *
 * <p><b>Warm-up.</b> {@code --warmup} requests (20,000), then rounds of a quarter as many while
 * serve's C2 compiler threads still used more than {@code --jit-quiet} cores (0.1) or its JIT
 * compiled more than {@code --jit-quiet-compiles} methods per 1,000 requests (2), at most {@code
 * --warmup-rounds} rounds (10); the spans of the warm-up are checked too, but reported apart from the window's.
 *
 * <p><b>What the receivers do, and when.</b> The 7 receivers stand in for backends that run on
 * other machines; here they share the server's cores. So they are started with {@link
 * OtlpReceiver#startDeferred(String)}: during the run each export is answered 200 (an empty
 * {@code ExportTraceServiceResponse}, as a collector answers) and its body is kept as it came off
 * the wire, still gzip-compressed where the exporter compressed it. Nothing is decompressed,
 * parsed or flattened while the server is measured; what remains in this process during the
 * window is the JDK HTTP server reading each export, which the "harness CPU" figure includes.
 * After the measured window, serve is stopped with SIGTERM (it flushes its exporters and exits),
 * so nothing more can arrive; then {@link OtlpReceiver#decodeDeferred()} decodes every held export
 * with the official {@code opentelemetry-proto} request messages (the same code as an immediate
 * receiver, which fails the check on any body it cannot decode), and {@link DeliveryCheck}
 * verifies, against the client side's record, that every receiver got every span of every
 * answered request exactly once, for the whole run and for the measured window alone: each 200
 * response's {@code traceresponse} header names its trace and SERVER span; each receiver must
 * hold exactly that SERVER span, one LLM span under it, nothing else in that trace, no span of an
 * unknown trace, no duplicate, and the same LLM span id as the first receiver. Then, still after
 * the window, each receiver's gzip-encoded bodies are compressed again to estimate what gzip cost
 * serve for that backend. serve's own per-backend summary (exported, failed,
 * dropped on a full queue), which it prints when it stops, is shown next to it. A flat-out all7
 * run whose window lost spans measured a rate the exporters do not sustain; the ratio line says
 * so.
 *
 * <p><b>Comparing like with like.</b> Each exporting scenario also reports serve's CPU per
 * delivered span: its CPU in the window over the spans of the window's requests that reached the
 * receivers. A ratio with a scenario whose window did not deliver every span exactly once is
 * followed by a "not comparable" line, since that scenario's CPU covers less export work. {@code
 * --rate} paces every scenario of the run at the same rate. {@code --metrics none} (the default)
 * runs every scenario, all7's otel callback included, without GenAI metrics; {@code --metrics
 * otlp} gives plain7 the SDK's own OTLP metrics export next to all7's otel callback's.
 *
 * <p><b>Rate search</b> ({@code --find-rate}): off flat out, then per exporting scenario one serve,
 * warmed up flat out and drained, and paced phases of {@code --phase-seconds} at the rates {@link
 * RateSearch} picks; each phase is checked at the receivers on its own (decoding what arrived
 * while serve runs, until every span is there or the exports stop), and the highest rate that
 * kept pace and delivered everything is printed against off's flat-out rate.
 */
public final class GatewayLoad {
  private static final String BODY =
      "{\"model\":\"gpt-4o-mini\",\"messages\":["
          + "{\"role\":\"system\",\"content\":\"You are a helpful assistant.\"},"
          + "{\"role\":\"user\",\"content\":\"What is the weather in Paris?\"}]}";

  private GatewayLoad() {}

  /** serve's {@code settings.capture_message_content} ({@code --content}). */
  private static String content = "span_only";

  /** More {@code settings:} lines for serve ({@code --settings}). */
  private static String extraSettings = "";

  /**
   * The export bodies' compression in plain7 and all7 ({@code --compression}): {@code default}
   * (gzip for plain7 and the six presets, the SDK's none for {@code otel}), {@code gzip} or {@code
   * none} for all seven (all7 through {@code presets.<name>.compression}).
   */
  private static String compression = "default";

  /** all7's {@code presets:} section for {@code --compression}, empty for {@code default}. */
  static String presetsYaml(String compression, List<String> callbacks) {
    if (compression.equals("default")) {
      return "";
    }
    if (!compression.equals("gzip") && !compression.equals("none")) {
      throw new IllegalArgumentException(
          "--compression takes default, gzip or none, not '" + compression + "'");
    }
    StringBuilder yaml = new StringBuilder("presets:\n");
    for (String name : callbacks) {
      yaml.append("  ")
          .append(name)
          .append(":\n    compression: ")
          .append(compression)
          .append('\n');
    }
    return yaml.toString();
  }

  /**
   * {@code key=value,key=value} as YAML lines under {@code settings:}, e.g. {@code
   * max_export_batch_size=2048,max_queue_size=8192}.
   */
  static String settingsYaml(String option) {
    StringBuilder yaml = new StringBuilder();
    for (String pair : option.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "--settings takes key=value pairs separated by"
                + " commas, e.g. max_queue_size=8192; got '"
                + pair
                + "'");
      }
      yaml.append("  ")
          .append(pair.substring(0, eq).trim())
          .append(": ")
          .append(pair.substring(eq + 1).trim())
          .append('\n');
    }
    return yaml.toString();
  }

  /** What each exporting scenario's measured window delivered to its receivers. */
  private static final Map<String, DeliveryCheck.Tally> windowDelivery = new LinkedHashMap<>();

  /**
   * The GenAI metrics ({@code --metrics}): {@code none} (no scenario records or exports them) or
   * {@code otlp} (all7's otel callback and plain7 both export them to their otel receiver).
   */
  private static String metrics = "none";

  /**
   * {@code --jit-quiet-compiles}: the warm-up also goes on while serve's JIT compiled more than this
   * many methods per 1,000 requests in the last round (C1 and C2; read with {@link JitCounters}).
   * On a busy machine the C2 thread gets little CPU while its queue is long, so its CPU share alone
   * said "quiet" while hot methods still waited to be compiled, and were compiled in the window.
   */
  private static double jitQuietCompiles = 2.0;

  /** {@code --warmup-rounds}: the warm-up's rounds after the first {@code --warmup} requests. */
  private static int warmupRounds = 10;

  /**
   * {@code --settle idle|none}: whether serve idles after the warm-up ({@link #settle}). An idle
   * serve's C2 queue empties, and the tiered JIT then moves the methods it had parked at C1's
   * lighter profiling level (while the queue was long) up for C2 all at once, in the window: a
   * paced all7 window after the idle compiled 372 methods (258 of them C1's full-profile level)
   * against 46 in the last warm-up round. {@code none} starts the window right after the warm-up.
   */
  private static String settleMode = "idle";

  /** The figures of one run. */
  record Figures(
      int requests,
      int errors,
      double seconds,
      long p50Micros,
      long p99Micros,
      long maxMicros,
      double serverCpuSeconds,
      long serverPeakRssKb,
      double harnessCpuSeconds,
      Map<String, Double> serverThreadCpu) {
    double rps() {
      return requests / seconds;
    }

    /**
     * serve's CPU in the window without its JIT compiler threads ({@code C1/C2 CompilerThre}), in
     * us per request: the JIT's share differs between scenarios and runs (it may not have gone
     * quiet during the warm-up), so this figure compares the work itself more closely.
     */
    double cpuMicrosWithoutJit() {
      double jit =
          serverThreadCpu.entrySet().stream()
              .filter(e -> e.getKey().contains("CompilerThre"))
              .mapToDouble(Map.Entry::getValue)
              .sum();
      return (serverCpuSeconds - jit) * 1e6 / Math.max(1, requests);
    }

    String describe() {
      return String.format(
              Locale.ROOT,
              "%d requests (%d errors) in %.2f s: %.0f req/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms"
                  + "%s",
              requests,
              errors,
              seconds,
              rps(),
              p50Micros / 1000.0,
              p99Micros / 1000.0,
              maxMicros / 1000.0,
              serverCpuSeconds < 0
                  ? ""
                  : String.format(
                      Locale.ROOT,
                      "; server CPU %.2f s (%.2f cores, %.0f us/request), peak RSS %d MB",
                      serverCpuSeconds,
                      serverCpuSeconds / seconds,
                      serverCpuSeconds * 1e6 / requests,
                      serverPeakRssKb / 1024))
          + String.format(
              Locale.ROOT,
              "; harness (client + receivers) CPU %.2f s (%.2f cores)",
              harnessCpuSeconds,
              harnessCpuSeconds / seconds);
    }

    /** The server's CPU during the window by thread group, largest first, in us per request. */
    String describeThreads() {
      StringBuilder sb = new StringBuilder();
      serverThreadCpu.entrySet().stream()
          .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
          .forEach(
              e ->
                  sb.append(
                      String.format(
                          Locale.ROOT,
                          "%n    %-22s %7.2f s %6.0f us/request",
                          e.getKey(),
                          e.getValue(),
                          e.getValue() * 1e6 / Math.max(1, requests))));
      return sb.toString();
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> o = options(args);
    int concurrency = Integer.parseInt(o.getOrDefault("concurrency", "8"));
    int requests = Integer.parseInt(o.getOrDefault("requests", "20000"));
    int warmup = Integer.parseInt(o.getOrDefault("warmup", "20000"));
    int maxSeconds = Integer.parseInt(o.getOrDefault("max-seconds", "60"));
    String client = o.getOrDefault("client", "socket");
    double rate = Double.parseDouble(o.getOrDefault("rate", "0"));
    double jitQuiet = Double.parseDouble(o.getOrDefault("jit-quiet", "0.1"));
    jitQuietCompiles = Double.parseDouble(o.getOrDefault("jit-quiet-compiles", "2"));
    warmupRounds = Integer.parseInt(o.getOrDefault("warmup-rounds", "10"));
    settleMode = o.getOrDefault("settle", "idle");
    if (!settleMode.equals("idle") && !settleMode.equals("none")) {
      throw new IllegalArgumentException("--settle must be idle or none, not " + settleMode);
    }
    content = o.getOrDefault("content", "span_only");
    extraSettings = settingsYaml(o.getOrDefault("settings", ""));
    compression = o.getOrDefault("compression", "default");
    presetsYaml(compression, List.of()); // refuses a bad value before anything starts
    metrics = metricsMode(o.getOrDefault("metrics", "none"));
    if (o.containsKey("base-url")) {
      URI base = URI.create(o.get("base-url"));
      drive(base, warmup, concurrency, maxSeconds, -1, null, client, 0);
      Figures f = drive(base, requests, concurrency, maxSeconds, -1, null, client, rate);
      System.out.println("gateway " + base + ": " + f.describe());
      return;
    }
    String jar = o.get("app-jar");
    if (jar == null) {
      System.err.println(
          "usage: GatewayLoad (--app-jar app/target/otel-presets.jar |"
              + " --base-url http://127.0.0.1:4000) [--concurrency 8] [--requests 20000]"
              + " [--warmup 20000] [--max-seconds 60] [--server-heap 512m] [--scenarios off,plain7,all7]"
              + " [--client socket|jdk] [--rate REQUESTS_PER_SECOND] [--rate-for all7] [--jit-quiet 0.1]"
              + " [--jit-quiet-compiles 2] [--warmup-rounds 10] [--settle idle|none]"
              + " [--content span_only|no_content] [--settings key=value,...]"
              + " [--compression default|gzip|none] [--metrics none|otlp] [--repeat 1]"
              + " [--find-rate [--phase-seconds 8] [--find-rate-steps 6]"
              + " [--find-rate-start REQUESTS_PER_SECOND]]");
      System.exit(2);
    }
    String heap = o.getOrDefault("server-heap", "512m");
    List<String> scenarios = List.of(o.getOrDefault("scenarios", "off,plain7,all7").split(","));
    // --rate-for all7: only those scenarios paced, the others flat out in the same run (the
    // sustained rate with every span delivered against telemetry off's flat-out rate)
    List<String> pacedScenarios =
        List.of(o.getOrDefault("rate-for", String.join(",", scenarios)).split(","));
    for (String scenario : scenarios) {
      if (!SCENARIOS.contains(scenario)) {
        throw new IllegalArgumentException(
            "--scenarios takes a comma-separated list of "
                + SCENARIOS
                + ", not '"
                + scenario
                + "'");
      }
    }
    boolean findRate = o.containsKey("find-rate");
    double phaseSeconds = Double.parseDouble(o.getOrDefault("phase-seconds", "8"));
    int steps = Integer.parseInt(o.getOrDefault("find-rate-steps", "6"));
    System.out.println("machine load average (1, 5, 15 min) at the start: " + loadAverage());
    System.out.println(header(findRate, phaseSeconds));
    int repeat = Integer.parseInt(o.getOrDefault("repeat", "1"));
    if (repeat < 1 || (repeat > 1 && findRate)) {
      throw new IllegalArgumentException(
          "--repeat takes a whole number of rounds, 1 or more, and not with --find-rate: "
              + repeat);
    }
    // rounds of every scenario in turn: a single run's ratio moves by several per cent with the
    // request threads' run-to-run spread, the median of rounds much less
    Map<String, List<Double>> rounds = new LinkedHashMap<>();
    Map<String, RateSearch> searches = new LinkedHashMap<>();
    Map<String, Figures> results = new LinkedHashMap<>();
    for (int round = 1; round <= repeat; round++) {
      if (repeat > 1) {
        System.out.printf(Locale.ROOT, "%n== round %d of %d%n", round, repeat);
        results = new LinkedHashMap<>();
        windowDelivery.clear();
      }
      for (String scenario : scenarios) {
        if (findRate && !scenario.equals("off")) {
          Figures off = results.get("off");
          double start =
              o.containsKey("find-rate-start")
                  ? Double.parseDouble(o.get("find-rate-start"))
                  : off == null ? 1000 : Math.max(MIN_RATE, off.rps() / 2);
          System.out.printf(
              Locale.ROOT, "[%s] rate search from %d requests/s%n", scenario, Math.round(start));
          RateSearch search = new RateSearch(start, 0.05, steps, MIN_RATE);
          searches.put(scenario, search);
          findRate(
              Path.of(jar),
              scenario,
              heap,
              concurrency,
              warmup,
              maxSeconds,
              client,
              jitQuiet,
              phaseSeconds,
              search);
          continue;
        }
        double paced = !findRate && pacedScenarios.contains(scenario) ? rate : 0;
        System.out.println(
            "[" + scenario + "] " + (paced > 0 ? "paced at " + paced + " requests/s" : "flat out"));
        results.put(
            scenario,
            runScenario(
                Path.of(jar),
                scenario,
                heap,
                concurrency,
                requests,
                warmup,
                maxSeconds,
                client,
                paced,
                jitQuiet));
      }
      System.out.print(ratios(results, windowDelivery));
      cpuRatios(results)
          .forEach((k, v) -> rounds.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
    }
    if (repeat > 1) {
      System.out.print(medians(rounds));
    }
    Figures off = results.get("off");
    searches.forEach(
        (scenario, search) ->
            System.out.println(sustainedRate(scenario, search, off == null ? 0 : off.rps())));
  }

  /** The lowest rate the rate search tries, in requests/s. */
  static final double MIN_RATE = 50;

  /**
   * The header of a run's output: what the scenarios do alike, so their figures compare (the
   * metrics, the rate search's resolution).
   */
  static String header(boolean findRate, double phaseSeconds) {
    StringBuilder sb = new StringBuilder();
    if (metrics.equals("none")) {
      sb.append(
          "metrics (--metrics none): every scenario runs with OTEL_METRICS_EXPORTER=none, all7's"
              + " otel callback included, so no scenario records or exports GenAI metrics: all7"
              + " and plain7 do the same telemetry work, spans only");
    } else {
      sb.append(
          "metrics (--metrics otlp): all7's otel callback and plain7 (OTEL_METRICS_EXPORTER=otlp)"
              + " both record the GenAI metrics and export them over OTLP/HTTP to their otel"
              + " receiver (every 60 s, the SDK default); off exports none");
    }
    if (findRate) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%nrate search (--find-rate): off flat out, then per exporting scenario paced phases"
                  + " of %.0f s on one serve; a phase passes when it kept pace (>= %.0f%% of the"
                  + " rate, no error) and every span of every request reached every receiver"
                  + " exactly once. A phase of %.0f s cannot see an excess of up to %.0f"
                  + " requests/s over the exporters' capacity: the SDK's default 2,048-span queues"
                  + " absorb it (2 spans a request); --phase-seconds longer narrows that",
              phaseSeconds,
              KEPT_PACE * 100,
              phaseSeconds,
              2048 / (2 * phaseSeconds)));
    }
    return sb.toString();
  }

  /** {@code --metrics}: {@code none} (the default) or {@code otlp}. */
  static String metricsMode(String option) {
    if (!option.equals("none") && !option.equals("otlp")) {
      throw new IllegalArgumentException("--metrics takes none or otlp, not '" + option + "'");
    }
    return option;
  }

  /** The scenarios {@code --scenarios} takes. */
  static final List<String> SCENARIOS = List.of("off", "plain7", "all7");

  /**
   * The side-by-side ratios of one run: serve's CPU per request (the figure least sensitive to
   * other load on the machine) and requests/s, all7 against plain7 (the bare SDK's seven plain
   * exports) and against off, for the scenarios that ran; serve's CPU per delivered span, all7
   * against plain7. {@code delivery} holds what each exporting scenario's measured window
   * delivered; a ratio with a scenario that did not deliver every span is flagged as not
   * comparable, since that scenario's CPU covers less export work.
   */
  /** The serve CPU per request ratios of one round, by pair ({@code all7/plain7}, ...). */
  static Map<String, Double> cpuRatios(Map<String, Figures> results) {
    Map<String, Double> out = new LinkedHashMap<>();
    String[][] pairs = {{"all7", "plain7"}, {"all7", "off"}, {"plain7", "off"}};
    for (String[] pair : pairs) {
      Figures a = results.get(pair[0]);
      Figures b = results.get(pair[1]);
      if (a == null || b == null || a.requests() == 0 || b.requests() == 0) {
        continue;
      }
      double cpuA = a.serverCpuSeconds() / a.requests();
      double cpuB = b.serverCpuSeconds() / b.requests();
      out.put(pair[0] + "/" + pair[1], cpuA / cpuB);
      if (!a.serverThreadCpu().isEmpty() && !b.serverThreadCpu().isEmpty()) {
        out.put(
            pair[0] + "/" + pair[1] + " without the JIT compiler threads",
            a.cpuMicrosWithoutJit() / b.cpuMicrosWithoutJit());
      }
    }
    return out;
  }

  /** The median of each ratio over the rounds, with every round's value. */
  static String medians(Map<String, List<Double>> rounds) {
    StringBuilder sb = new StringBuilder();
    rounds.forEach(
        (pair, values) -> {
          List<Double> sorted = new ArrayList<>(values);
          Collections.sort(sorted);
          int n = sorted.size();
          double median =
              n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
          StringBuilder each = new StringBuilder();
          for (double v : values) {
            each.append(each.length() == 0 ? "" : ", ")
                .append(String.format(Locale.ROOT, "%.2f", v));
          }
          sb.append(
              String.format(
                  Locale.ROOT,
                  "%nserve CPU per request %s: median %.2f over %d rounds (%s)",
                  pair,
                  median,
                  n,
                  each));
        });
    return sb.append(String.format("%n")).toString();
  }

  static String ratios(Map<String, Figures> results, Map<String, DeliveryCheck.Tally> delivery) {
    StringBuilder sb = new StringBuilder();
    String[][] pairs = {{"all7", "plain7", "1.0"}, {"all7", "off", "2.5"}, {"plain7", "off", null}};
    for (String[] pair : pairs) {
      Figures a = results.get(pair[0]);
      Figures b = results.get(pair[1]);
      if (a == null || b == null || a.requests() == 0 || b.requests() == 0) {
        continue;
      }
      double cpuA = a.serverCpuSeconds() * 1e6 / a.requests();
      double cpuB = b.serverCpuSeconds() * 1e6 / b.requests();
      sb.append(
          String.format(
              Locale.ROOT,
              "%nserve CPU per request %s/%s = %.2f (%.0f / %.0f us)"
                  + "%s; requests/s %s/%s = %.2f (%.0f / %.0f)",
              pair[0],
              pair[1],
              cpuA / cpuB,
              cpuA,
              cpuB,
              pair[2] == null ? "" : " (target <= " + pair[2] + ")",
              pair[0],
              pair[1],
              a.rps() / b.rps(),
              a.rps(),
              b.rps()));
      if (!a.serverThreadCpu().isEmpty() && !b.serverThreadCpu().isEmpty()) {
        sb.append(
            String.format(
                Locale.ROOT,
                "%nserve CPU per request without the JIT compiler threads %s/%s = %.2f (%.0f / %.0f"
                    + " us)",
                pair[0],
                pair[1],
                a.cpuMicrosWithoutJit() / b.cpuMicrosWithoutJit(),
                a.cpuMicrosWithoutJit(),
                b.cpuMicrosWithoutJit()));
      }
      DeliveryCheck.Tally ta = delivery.get(pair[0]);
      DeliveryCheck.Tally tb = delivery.get(pair[1]);
      if (ta != null && tb != null && ta.delivered() > 0 && tb.delivered() > 0) {
        double spanA = a.serverCpuSeconds() * 1e6 / ta.delivered();
        double spanB = b.serverCpuSeconds() * 1e6 / tb.delivered();
        sb.append(
            String.format(
                Locale.ROOT,
                "%nserve CPU per delivered span %s/%s = %.2f (%.1f / %.1f us; %d and %d spans of"
                    + " the window's requests delivered, of %d and %d)",
                pair[0],
                pair[1],
                spanA / spanB,
                spanA,
                spanB,
                ta.delivered(),
                tb.delivered(),
                ta.expected(),
                tb.expected()));
      }
      for (int i = 0; i < 2; i++) {
        DeliveryCheck.Tally t = delivery.get(pair[i]);
        if (t != null && !t.complete()) {
          sb.append(
              String.format(
                  "%n  not comparable: %s %s in the measured window, so its CPU per request"
                      + " covers less export work than a scenario that delivered everything",
                  pair[i], t.shortfall()));
        }
      }
    }
    if (sb.length() > 0) {
      sb.append(System.lineSeparator());
    }
    delivery.forEach(
        (scenario, tally) -> {
          if (!tally.complete()) {
            sb.append(scenario)
                .append(
                    " lost spans in the measured window, so its rate is not one"
                        + " the exporters sustain: find that rate with --scenarios off,")
                .append(scenario)
                .append(" --find-rate")
                .append(System.lineSeparator());
          }
        });
    return sb.toString();
  }

  /**
   * The rate search's result for one scenario, against off's flat-out rate ({@code offRps}, 0
   * when off did not run).
   */
  static String sustainedRate(String scenario, RateSearch search, double offRps) {
    StringBuilder sb =
        new StringBuilder(scenario)
            .append(" sustained rate with every span of every request at every receiver: ");
    if (search.highestPass().isEmpty()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "none found (every phase failed, down to %.0f requests/s)",
              search.lowestFail().orElse(Double.NaN)));
    } else {
      double pass = search.highestPass().getAsDouble();
      sb.append(String.format(Locale.ROOT, "%.0f requests/s", pass));
      if (offRps > 0) {
        sb.append(
            String.format(
                Locale.ROOT,
                " = %.2f x off's flat-out %.0f (target >= 0.5)",
                pass / offRps,
                offRps));
      }
      search
          .lowestFail()
          .ifPresentOrElse(
              fail ->
                  sb.append(
                      String.format(
                          Locale.ROOT,
                          fail < pass
                              ? "; but %.0f failed, below it: noise, rerun on a quieter machine"
                              : "; %.0f failed",
                          fail)),
              () -> sb.append("; no rate failed: a lower bound, more --find-rate-steps go higher"));
    }
    return sb.append(" (").append(search.describeSteps()).append(')').toString();
  }

  /** A paced phase kept pace when it reached at least this share of the rate. */
  static final double KEPT_PACE = 0.95;

  static Figures runScenario(
      Path jar,
      String scenario,
      String heap,
      int concurrency,
      int requests,
      int warmup,
      int maxSeconds,
      String client,
      double rate,
      double jitQuiet)
      throws Exception {
    try (Serve serve = Serve.start(jar, scenario, heap)) {
      List<DeliveryCheck.Answered> warm = new ArrayList<>();
      warmUp(
          scenario,
          serve.base,
          serve.pid(),
          warmup,
          concurrency,
          maxSeconds,
          warm,
          client,
          jitQuiet,
          rate);
      System.out.println(
          "["
              + scenario
              + "] machine load average (1, 5, 15 min) before the"
              + " window: "
              + loadAverage());
      List<DeliveryCheck.Answered> window = new ArrayList<>();
      Optional<JitCounters> jitBefore = JitCounters.read(serve.pid());
      Figures f =
          drive(serve.base, requests, concurrency, maxSeconds, serve.pid(), window, client, rate);
      Optional<JitCounters> jitAfter = JitCounters.read(serve.pid());
      System.out.println("[" + scenario + "] " + f.describe());
      System.out.println(
          "[" + scenario + "] JIT during the window: " + JitCounters.describe(jitBefore, jitAfter));
      System.out.println(
          "["
              + scenario
              + "] machine load average (1, 5, 15 min) after the"
              + " window: "
              + loadAverage()
              + "; "
              + Runtime.getRuntime().availableProcessors()
              + " cores");
      System.out.println(
          "["
              + scenario
              + "] server CPU by thread during the window"
              + " (from /proc; threads that ended meanwhile are missing):"
              + f.describeThreads());
      serve.stop();
      if (!serve.receivers.isEmpty()) {
        DeliveryCheck.Tally t = reportReceivers(scenario, serve.receivers, warm, window);
        if (t.delivered() > 0) {
          System.out.printf(
              Locale.ROOT,
              "[%s] server CPU per delivered span: %.1f us (%.2f s for %d spans of the measured"
                  + " window's requests that reached the %d receivers, of %d)%n",
              scenario,
              f.serverCpuSeconds() * 1e6 / t.delivered(),
              f.serverCpuSeconds(),
              t.delivered(),
              t.receivers(),
              t.expected());
        }
      }
      return f;
    }
  }

  /**
   * The rate search for one exporting scenario, on one serve: warm-up flat out, then paced phases
   * of {@code phaseSeconds} at the rates {@code search} picks. After each phase it waits until
   * every span of the phase's requests reached every receiver, or until no export arrived for
   * {@link #QUIET_NANOS} (the batch processors export a partial batch after 5 s), and checks the
   * phase alone; then the receivers forget it.
   */
  static void findRate(
      Path jar,
      String scenario,
      String heap,
      int concurrency,
      int warmup,
      int maxSeconds,
      String client,
      double jitQuiet,
      double phaseSeconds,
      RateSearch search)
      throws Exception {
    try (Serve serve = Serve.start(jar, scenario, heap)) {
      List<DeliveryCheck.Answered> warm = new ArrayList<>();
      warmUp(
          scenario,
          serve.base,
          serve.pid(),
          warmup,
          concurrency,
          maxSeconds,
          warm,
          client,
          jitQuiet,
          0);
      Set<String> earlier = new HashSet<>();
      warm.forEach(a -> earlier.add(a.traceId()));
      drain(serve.receivers); // the flat-out warm-up's backlog must not start the first phase
      int phase = 0;
      for (var next = search.next(); next.isPresent(); next = search.next()) {
        double rate = next.getAsDouble();
        int n = (int) Math.ceil(rate * phaseSeconds);
        List<DeliveryCheck.Answered> answered = new ArrayList<>();
        String load = loadAverage();
        Figures f =
            drive(
                serve.base,
                n,
                concurrency,
                (int) Math.ceil(phaseSeconds * 2) + 5,
                serve.pid(),
                answered,
                client,
                rate);
        long t0 = System.nanoTime();
        DeliveryCheck.Tally t = awaitPhase(serve.receivers, answered, earlier);
        double waited = (System.nanoTime() - t0) / 1e9;
        serve.receivers.values().forEach(OtlpReceiver::reset);
        answered.forEach(a -> earlier.add(a.traceId()));
        String pace = pace(f, n, rate);
        boolean passed = pace.isEmpty() && t.complete();
        search.record(rate, passed);
        System.out.printf(
            Locale.ROOT,
            "[%s] phase %d, paced at %.0f requests/s (load %s): %s%n"
                + "[%s]   delivered %d of %d spans to %d receivers (checked %.1f s after the"
                + " phase)%s; server CPU %.0f us/request, %s -> %s%n",
            scenario,
            ++phase,
            rate,
            load,
            f.describe(),
            scenario,
            t.delivered(),
            t.expected(),
            t.receivers(),
            waited,
            t.complete() ? "" : ": " + t.shortfall(),
            f.serverCpuSeconds() * 1e6 / Math.max(1, f.requests()),
            t.delivered() == 0
                ? "no span delivered"
                : String.format(
                    Locale.ROOT,
                    "%.1f us per delivered span",
                    f.serverCpuSeconds() * 1e6 / t.delivered()),
            passed ? "pass" : "fail" + (pace.isEmpty() ? "" : " (" + pace + ")"));
      }
      serve.stop();
      System.out.println("[" + scenario + "] rate search: " + search.describeSteps());
    }
  }

  /**
   * Why a paced phase of {@code sent} requests at {@code rate} did not keep pace, or empty when it
   * did: every request sent and answered without error, at {@link #KEPT_PACE} of the rate or more.
   */
  static String pace(Figures f, int sent, double rate) {
    List<String> why = new ArrayList<>();
    if (f.requests() < sent) {
      why.add("sent " + f.requests() + " of " + sent + " before the phase's deadline");
    }
    if (f.errors() > 0) {
      why.add(f.errors() + " errors");
    }
    if (f.rps() < KEPT_PACE * rate) {
      why.add(String.format(Locale.ROOT, "fell behind: %.0f requests/s", f.rps()));
    }
    return String.join(", ", why);
  }

  /** How long without a new export ends the wait for a phase's spans: the SDK's 5 s and margin. */
  static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(6_500);

  /**
   * Waits, decoding what arrived every half second, until every span of the {@code answered}
   * requests reached every receiver, or no export arrived for {@link #QUIET_NANOS}, or 60 s
   * passed; returns what arrived of them. Spans of the {@code earlier} traces are ignored.
   */
  static DeliveryCheck.Tally awaitPhase(
      Map<String, OtlpReceiver> receivers,
      List<DeliveryCheck.Answered> answered,
      Set<String> earlier)
      throws InterruptedException {
    long start = System.nanoTime();
    long lastArrival = start;
    long arrived = 0; // exports seen so far: decoded plus held
    long decoded = 0;
    long expected = 2L * answered.size() * receivers.size();
    boolean undecodable = false;
    while (true) {
      Thread.sleep(500);
      long now = System.nanoTime();
      long seen = decoded + receivers.values().stream().mapToLong(OtlpReceiver::heldCount).sum();
      if (seen != arrived) {
        arrived = seen;
        lastArrival = now;
      }
      long spans = 0;
      for (OtlpReceiver r : receivers.values()) {
        try {
          decoded += r.decodeDeferred();
        } catch (AssertionError failure) {
          undecodable = true;
          System.out.println("  " + failure.getMessage());
        }
        spans += r.spans().size();
      }
      boolean over = now - lastArrival > QUIET_NANOS || now - start > TimeUnit.SECONDS.toNanos(60);
      // the full check only once enough spans arrived, or the wait is over: it is O(spans)
      if (spans >= expected || over) {
        Map<String, List<DeliveryCheck.Span>> got = new LinkedHashMap<>();
        receivers.forEach((name, r) -> got.put(name, spans(r)));
        DeliveryCheck.Tally t =
            DeliveryCheck.tally(DeliveryCheck.check(answered, got, earlier), answered.size());
        if (undecodable) {
          t = t.withUndecodedExports();
        }
        if (t.lost() == 0 || over) {
          return t;
        }
      }
    }
  }

  /**
   * Waits until no export arrived at any of the {@code receivers} for {@link #QUIET_NANOS} (at
   * most 120 s), then makes them forget everything, undecoded.
   */
  static void drain(Map<String, OtlpReceiver> receivers) throws InterruptedException {
    long start = System.nanoTime();
    long lastArrival = start;
    long held = -1;
    while (true) {
      Thread.sleep(500);
      long now = System.nanoTime();
      long count = receivers.values().stream().mapToLong(OtlpReceiver::heldCount).sum();
      if (count != held) {
        held = count;
        lastArrival = now;
      } else if (now - lastArrival > QUIET_NANOS || now - start > TimeUnit.SECONDS.toNanos(120)) {
        receivers.values().forEach(OtlpReceiver::reset);
        return;
      }
    }
  }

  /** A receiver's spans, ids only. */
  static List<DeliveryCheck.Span> spans(OtlpReceiver receiver) {
    List<DeliveryCheck.Span> spans = new ArrayList<>();
    for (ReceivedSpan span : receiver.spans()) {
      spans.add(
          new DeliveryCheck.Span(
              span.traceId(),
              span.spanId(),
              span.parentSpanId() == null ? "" : span.parentSpanId()));
    }
    return spans;
  }

  /**
   * One {@code serve} of a scenario with its receivers: started by {@link #start}, stopped with
   * SIGTERM by {@link #stop} (it flushes its exporters; its per-backend summary is printed), and
   * killed if still alive, with its receivers closed, by {@link #close}.
   */
  static final class Serve implements AutoCloseable {
    final String scenario;
    final Map<String, OtlpReceiver> receivers;
    final URI base;
    private final FakeTokenEndpoint tokens;
    private final Path log;
    private final Process process;

    private Serve(
        String scenario,
        Map<String, OtlpReceiver> receivers,
        FakeTokenEndpoint tokens,
        Path log,
        Process process,
        URI base) {
      this.scenario = scenario;
      this.receivers = receivers;
      this.tokens = tokens;
      this.log = log;
      this.process = process;
      this.base = base;
    }

    long pid() {
      return process.pid();
    }

    static Serve start(Path jar, String scenario, String heap) throws Exception {
      boolean all = scenario.equals("all7");
      boolean plain = scenario.equals("plain7");
      System.out.println(
          "["
              + scenario
              + "] machine load average (1, 5, 15 min) before the phase: "
              + loadAverage());
      Map<String, OtlpReceiver> receivers = new LinkedHashMap<>();
      FakeTokenEndpoint tokens = null;
      Process process = null;
      try {
        Path dir = Files.createTempDirectory("otel-presets-load");
        Map<String, String> env = new LinkedHashMap<>();
        if (all) {
          for (String name : BenchPresets.ALL) {
            // held undecoded during the run, decoded and checked after serve stopped
            receivers.put(name, OtlpReceiver.startDeferred(name));
          }
          tokens = FakeTokenEndpoint.start("load-test-token");
          env.putAll(receiverEnvironment(receivers, tokens.baseUrl()));
          if (metrics.equals("none")) {
            // the otel callback records no GenAI metrics then: the meter provider has no reader
            env.put("OTEL_METRICS_EXPORTER", "none");
          }
        } else {
          env.put("OTEL_TRACES_EXPORTER", "none");
          env.put("OTEL_METRICS_EXPORTER", "none");
          env.put("OTEL_LOGS_EXPORTER", "none");
        }
        if (plain) {
          // the same 7 receivers, each reached by the bare SDK's own batch processor and exporter
          List<String> urls = new ArrayList<>();
          for (String name : BenchPresets.ALL) {
            OtlpReceiver r = OtlpReceiver.startDeferred("plain-" + name);
            receivers.put("plain-" + name, r);
            urls.add(r.tracesUrl());
          }
          env.put(PlainOtlpExporters.ENDPOINTS_ENV, String.join(",", urls));
          if (compression.equals("none")) {
            env.put(PlainOtlpExporters.COMPRESSION_ENV, "none");
          }
          if (metrics.equals("otlp")) {
            // the SDK's own metrics export, to the receiver standing in for all7's collector
            env.putAll(plainMetricsEnvironment(receivers.get("plain-otel")));
          }
        }
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(
            config,
            "callbacks: ["
                + (all ? String.join(", ", BenchPresets.ALL) : "")
                + "]\nsettings:\n  service_name: load-gateway\n  capture_message_content: "
                + content
                + "\n"
                + extraSettings
                + (all ? presetsYaml(compression, BenchPresets.ALL) : "")
                + "models:\n  - name: gpt-4o-mini\n    provider: openai\n    upstream: mock\n"
                + "    mock_latency_ms: 0\n");
        int port = freePort();
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xms" + heap, "-Xmx" + heap));
        // e.g. LOAD_SERVER_JVM_OPTS=-XX:StartFlightRecording=filename=/tmp/serve.jfr to profile
        String extra = System.getenv("LOAD_SERVER_JVM_OPTS");
        if (extra != null && !extra.isBlank()) {
          cmd.addAll(Arrays.asList(extra.trim().split("\\s+")));
        }
        if (plain) {
          // serve's own jar, unchanged, plus the bare SDK's exporters as an autoconfigure
          // customizer
          cmd.addAll(
              List.of(
                  "-cp",
                  jar
                      + java.io.File.pathSeparator
                      + PlainExportersJar.write(dir.resolve("plain-otlp-exporters.jar")),
                  PlainExportersJar.mainClass(jar)));
        } else {
          cmd.addAll(List.of("-jar", jar.toString()));
        }
        cmd.addAll(List.of("serve", "--config", config.toString(), "--port", String.valueOf(port)));
        Path log = dir.resolve("serve.log");
        ProcessBuilder pb =
            new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        process = pb.start();
        URI base = URI.create("http://127.0.0.1:" + port);
        awaitHealthy(base, process, log);
        return new Serve(scenario, receivers, tokens, log, process, base);
      } catch (Exception | Error e) {
        if (process != null) {
          process.destroyForcibly();
        }
        receivers.values().forEach(OtlpReceiver::close);
        if (tokens != null) {
          tokens.close();
        }
        throw e;
      }
    }

    /** SIGTERM: serve stops, flushes and closes its telemetry; then its summary is printed. */
    void stop() throws Exception {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        System.out.println("[" + scenario + "] serve did not stop within 60 s");
      }
      printExportSummary(scenario, log);
    }

    @Override
    public void close() {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
      receivers.values().forEach(OtlpReceiver::close);
      if (tokens != null) {
        tokens.close();
      }
    }
  }

  /**
   * plain7's metrics for {@code --metrics otlp}: the SDK's autoconfigured OTLP/HTTP metric exporter
   * to {@code receiver}, as all7's otel callback sends its metrics to its collector.
   */
  static Map<String, String> plainMetricsEnvironment(OtlpReceiver receiver) {
    return Map.of(
        "OTEL_METRICS_EXPORTER",
        "otlp",
        "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT",
        receiver.metricsUrl(),
        "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL",
        "http/protobuf");
  }

  /**
   * An estimate of what gzip costs serve for one backend: this thread's CPU time to compress that
   * receiver's gzip-encoded export bodies again, at the level serve used: the JDK's default for
   * plain7 (the SDK exporter's gzip), {@link FastGzip}'s for the presets. Printed after the
   * window; it measures nothing of serve itself.
   */
  static void gzipCost(String scenario, String name, OtlpReceiver receiver, int answered) {
    int level = scenario.equals("plain7") ? 6 : FastGzip.LEVEL; // 6: zlib's default level
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long cpu = 0;
    long bytes = 0;
    long compressed = 0;
    for (ReceivedRequest r : receiver.requests()) {
      if (!"gzip".equalsIgnoreCase(r.header("content-encoding"))) {
        continue;
      }
      byte[] body = r.body();
      ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
      long t0 = mx.getCurrentThreadCpuTime();
      try (OutputStream gzip = FastGzip.atLevel(level).compress(out)) {
        gzip.write(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      cpu += mx.getCurrentThreadCpuTime() - t0;
      bytes += body.length;
      compressed += out.size();
    }
    if (bytes > 0) {
      System.out.printf(
          Locale.ROOT,
          "[%s]   %-9s gzip (estimate): %.0f ms CPU for %d MB of"
              + " export bodies (to %d MB), %.1f us per answered request%n",
          scenario,
          name,
          cpu / 1e6,
          bytes >> 20,
          compressed >> 20,
          cpu / 1e3 / Math.max(1, answered));
    }
  }

  /** Prints serve's own per-backend summary (exported, failed, dropped) from its log. */
  static void printExportSummary(String scenario, Path log) throws IOException {
    boolean in = false;
    for (String line : Files.readAllLines(log)) {
      if (line.startsWith("otel-presets gateway stopped.")) {
        in = true;
        System.out.println("[" + scenario + "] serve: " + line);
      } else if (in && line.startsWith("  ")) {
        System.out.println("[" + scenario + "] serve: " + line);
      } else {
        in = false;
      }
    }
  }

  /** Every preset at its own receiver, over OTLP/HTTP; the collector also gets the metrics. */
  static Map<String, String> receiverEnvironment(Map<String, OtlpReceiver> r, String tokenApi) {
    Map<String, String> env = new LinkedHashMap<>();
    r.forEach(
        (name, receiver) ->
            env.putAll(
                CompanionPresets.env(name, receiver, tokenApi)
                    .orElseThrow(
                        () -> new IllegalStateException("no receiver recipe for " + name))));
    env.remove("OTEL_METRICS_EXPORTER");
    return env;
  }

  /**
   * After serve stopped (so nothing more can arrive): decodes what every receiver held, with the
   * official proto messages, and runs the {@link DeliveryCheck} against the answered requests;
   * returns what the measured window's requests delivered.
   */
  static DeliveryCheck.Tally reportReceivers(
      String scenario,
      Map<String, OtlpReceiver> receivers,
      List<DeliveryCheck.Answered> warm,
      List<DeliveryCheck.Answered> window) {
    List<DeliveryCheck.Answered> answered = new ArrayList<>(warm);
    answered.addAll(window);
    long t0 = System.nanoTime();
    Map<String, List<DeliveryCheck.Span>> got = new LinkedHashMap<>();
    int exports = 0;
    boolean decodedAll = true;
    Map<String, Integer> metricsExports = new LinkedHashMap<>();
    Set<String> metricNames = new java.util.TreeSet<>();
    for (Map.Entry<String, OtlpReceiver> e : receivers.entrySet()) {
      try {
        exports += e.getValue().decodeDeferred();
      } catch (AssertionError failure) {
        decodedAll = false;
        System.out.println("[" + scenario + "]   " + failure.getMessage());
      }
      got.put(e.getKey(), spans(e.getValue()));
      int rejected = (int) e.getValue().requests().stream().filter(r -> r.status() != 200).count();
      metricsExports.put(
          e.getKey(),
          (int)
              e.getValue().requests().stream()
                  .filter(r -> r.path().endsWith("/v1/metrics"))
                  .count());
      e.getValue().metrics().forEach(m -> metricNames.add(m.name()));
      gzipCost(scenario, e.getKey(), e.getValue(), answered.size());
      // only the ids are needed from here on: one receiver's decoded exports in memory at a time
      e.getValue().reset();
      if (rejected > 0) {
        decodedAll = false;
        System.out.println(
            "[" + scenario + "]   " + e.getKey() + ": " + rejected + " requests not answered 200");
      }
    }
    System.out.printf(
        Locale.ROOT,
        "[%s] decoded %d held exports of %d receivers in %.1f s"
            + " (after the window); %d requests answered 200, so %d spans expected per receiver%n",
        scenario,
        exports,
        receivers.size(),
        (System.nanoTime() - t0) / 1e9,
        answered.size(),
        2 * answered.size());
    System.out.println(
        "["
            + scenario
            + "] metrics exports received (--metrics "
            + metrics
            + "): "
            + metricsExports
            + (metricNames.isEmpty() ? "" : ", metrics " + metricNames));
    boolean allComplete = decodedAll;
    for (DeliveryCheck.Report r : DeliveryCheck.check(answered, got)) {
      allComplete &= r.complete();
      System.out.println("[" + scenario + "]   " + r.describe(2 * answered.size()));
    }
    System.out.println(
        "["
            + scenario
            + "] every receiver got every span of every answered"
            + " request (warm-up included) exactly once: "
            + allComplete);
    Set<String> warmTraces = new HashSet<>();
    warm.forEach(a -> warmTraces.add(a.traceId()));
    boolean windowComplete = decodedAll;
    List<DeliveryCheck.Report> windowReports = DeliveryCheck.check(window, got, warmTraces);
    for (DeliveryCheck.Report r : windowReports) {
      windowComplete &= r.complete();
      if (!r.complete()) {
        System.out.println(
            "[" + scenario + "]   measured window only: " + r.describe(2 * window.size()));
      }
    }
    System.out.println(
        "["
            + scenario
            + "] ... of every request answered in the measured window: "
            + windowComplete);
    DeliveryCheck.Tally tally = DeliveryCheck.tally(windowReports, window.size());
    if (!decodedAll) {
      tally = tally.withUndecodedExports();
    }
    windowDelivery.put(scenario, tally);
    return tally;
  }

  /**
   * Warms serve up: {@code warmup} requests, then rounds of a quarter as many (at least 2,000)
   * while serve's C2 compiler threads used more than {@code jitQuiet} cores during the last round
   * (read from {@code /proc}), at most 10 rounds. Otherwise the measured window pays for the JIT
   * compiling the hot paths it measures, which on a loaded 2-core machine took 60-130 us of CPU
   * per request after 3,000 requests. Paced at {@code rate} like the window, when it is above 0,
   * so the window does not start with the queues a flat-out warm-up filled.
   */
  static void warmUp(
      String scenario,
      URI base,
      long pid,
      int warmup,
      int concurrency,
      int maxSeconds,
      List<DeliveryCheck.Answered> answered,
      String client,
      double jitQuiet,
      double rate)
      throws Exception {
    long start = System.nanoTime();
    drive(base, warmup, concurrency, maxSeconds, -1, answered, client, rate);
    int sent = warmup;
    double c2 = Double.NaN;
    double compiles = Double.NaN;
    int round = Math.max(2000, warmup / 4);
    for (int i = 0; i < warmupRounds; i++) {
      Optional<JitCounters> before = JitCounters.read(pid);
      Figures f = drive(base, round, concurrency, maxSeconds, pid, answered, client, rate);
      Optional<JitCounters> after = JitCounters.read(pid);
      sent += f.requests();
      c2 = f.serverThreadCpu().getOrDefault("C2 CompilerThre", 0.0) / f.seconds();
      compiles =
          before.isPresent() && after.isPresent()
              ? after.get().since(before.get()).compiles() * 1000.0 / Math.max(1, f.requests())
              : Double.NaN; // unknown: the C2 share alone decides
      if (c2 <= jitQuiet && !(compiles > jitQuietCompiles)) {
        break;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "[%s] warm-up: %d requests in %.1f s; in the last %d, C2 compiler threads"
            + " used %.2f cores (threshold %.2f) and the JIT compiled %.1f methods per 1,000"
            + " requests (threshold %.1f)%n",
        scenario,
        sent,
        (System.nanoTime() - start) / 1e9,
        round,
        c2,
        jitQuiet,
        compiles,
        jitQuietCompiles);
    if (settleMode.equals("idle")) {
      settle(scenario, pid, jitQuiet);
    } else {
      System.out.println("[" + scenario + "] no idle settle (--settle none): the window follows");
    }
  }

  /**
   * Lets serve idle until its C2 compiler threads used at most {@code jitQuiet} cores during one
   * second (at most 30 s). Flat out on 2 cores the load starves the compiler: methods that became
   * hot during the warm-up wait in its queue (JFR showed C2 compiling the mappers, Jetty's parser
   * and the gateway's handlers one after another through the whole window), so the window paid
   * for the JIT and more so the more code a scenario runs. A long-running server finishes those
   * compilations; the idle second also lets the export queues drain, so every scenario's window
   * starts from the same steady state.
   */
  static void settle(String scenario, long pid, double jitQuiet) throws InterruptedException {
    if (pid < 0) {
      return;
    }
    long start = System.nanoTime();
    Optional<JitCounters> jitBefore = JitCounters.read(pid);
    double c2 = Double.NaN;
    for (int i = 0; i < 30; i++) {
      Map<String, Long> before = threadTicks(pid);
      Thread.sleep(1000);
      c2 = threadCpuSeconds(before, threadTicks(pid)).getOrDefault("C2 CompilerThre", 0.0);
      if (c2 <= jitQuiet) {
        break;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "[%s] settled: serve idle %.0f s until its C2 compiler threads used %.2f cores"
            + " in one second (threshold %.2f); JIT meanwhile: %s%n",
        scenario,
        (System.nanoTime() - start) / 1e9,
        c2,
        jitQuiet,
        JitCounters.describe(jitBefore, JitCounters.read(pid)));
  }

  /** One client thread's way of sending the chat request. */
  interface Sender extends AutoCloseable {
    LoadClient.Response send() throws IOException, InterruptedException;

    @Override
    default void close() {}
  }

  /**
   * A sender per client thread: {@code socket} ({@link LoadClient}, one keep-alive connection per
   * thread, the default) or {@code jdk} ({@code java.net.http.HttpClient} over HTTP/1.1, shared,
   * which pools keep-alive connections too but costs the shared machine more CPU per request).
   */
  static Sender sender(String client, URI target, HttpClient jdk) {
    return switch (client) {
      case "socket" -> {
        LoadClient c = new LoadClient(target, BODY, "Bearer sk-load", 30_000);
        yield new Sender() {
          @Override
          public LoadClient.Response send() throws IOException {
            return c.send();
          }

          @Override
          public void close() {
            c.close();
          }
        };
      }
      case "jdk" -> {
        HttpRequest request =
            HttpRequest.newBuilder(target)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer sk-load")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(BODY))
                .build();
        yield () -> {
          HttpResponse<byte[]> r = jdk.send(request, HttpResponse.BodyHandlers.ofByteArray());
          return new LoadClient.Response(
              r.statusCode(), r.headers().firstValue("traceresponse").orElse(null), r.body());
        };
      }
      default ->
          throw new IllegalArgumentException(
              "--client must be socket or jdk, not '" + client + "'");
    };
  }

  /**
   * Sends {@code requests} chat completions with {@code concurrency} client threads, at most
   * {@code maxSeconds}; measures the server process {@code pid}'s CPU when it is not -1; adds
   * every 200 answer's trace and SERVER span to {@code answered} when it is not null.
   */
  static Figures drive(
      URI base,
      int requests,
      int concurrency,
      int maxSeconds,
      long pid,
      List<DeliveryCheck.Answered> answered,
      String clientKind,
      double rate)
      throws Exception {
    URI target = base.resolve("/v1/chat/completions");
    HttpClient jdk =
        clientKind.equals("jdk")
            ? HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build()
            : null;
    long[] latencies = new long[requests];
    String[] traceResponses = new String[requests];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
    double cpuBefore = cpuSeconds(pid);
    double harnessBefore = cpuSeconds(ProcessHandle.current().pid());
    Map<String, Long> threadsBefore = pid < 0 ? Map.of() : threadTicks(pid);
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    long start = System.nanoTime();
    for (int t = 0; t < concurrency; t++) {
      Sender sender = sender(clientKind, target, jdk);
      pool.execute(
          () -> {
            try (Sender own = sender) {
              run(
                  own,
                  requests,
                  deadline,
                  start,
                  rate,
                  next,
                  done,
                  errors,
                  latencies,
                  traceResponses);
            }
          });
    }
    pool.shutdown();
    pool.awaitTermination(maxSeconds + 60L, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpu = pid < 0 ? -1 : cpuSeconds(pid) - cpuBefore;
    double harness = cpuSeconds(ProcessHandle.current().pid()) - harnessBefore;
    Map<String, Double> threads =
        pid < 0 ? Map.of() : threadCpuSeconds(threadsBefore, threadTicks(pid));
    long rss = pid < 0 ? -1 : peakRssKb(pid);
    int n = done.get();
    if (answered != null) {
      for (String header : traceResponses) {
        if (header != null) {
          DeliveryCheck.Answered.fromTraceResponse(header)
              .ifPresentOrElse(
                  answered::add,
                  () -> System.err.println("unreadable traceresponse header '" + header + "'"));
        }
      }
    }
    long[] measured = Arrays.copyOf(latencies, n);
    Arrays.sort(measured);
    return new Figures(
        n,
        errors.get(),
        seconds,
        percentile(measured, 0.50),
        percentile(measured, 0.99),
        n == 0 ? 0 : measured[n - 1],
        cpu,
        rss,
        harness,
        threads);
  }

  /**
   * One client thread: sends until {@code requests} were taken or the deadline passed. With a
   * {@code rate} above 0, request number i is due at {@code start + i / rate}: the thread waits
   * until then, and its latency counts from then (a late send counts as latency, so a server that
   * falls behind is not hidden by the client slowing down).
   */
  private static void run(
      Sender sender,
      int requests,
      long deadline,
      long start,
      double rate,
      AtomicInteger next,
      AtomicInteger done,
      AtomicInteger errors,
      long[] latencies,
      String[] traceResponses) {
    int i;
    while ((i = next.getAndIncrement()) < requests && System.nanoTime() < deadline) {
      long t0 = System.nanoTime();
      if (rate > 0) {
        long due = start + (long) (i * 1e9 / rate);
        while (t0 < due) {
          LockSupport.parkNanos(due - t0);
          t0 = System.nanoTime();
        }
        t0 = due;
      }
      String traceResponse = null;
      try {
        LoadClient.Response r = sender.send();
        if (r.status() == 200) {
          traceResponse = r.traceResponse() == null ? "" : r.traceResponse();
        } else if (errors.getAndIncrement() == 0) {
          System.err.println(
              "first error: HTTP "
                  + r.status()
                  + " "
                  + new String(r.body(), StandardCharsets.UTF_8));
        }
      } catch (IOException | InterruptedException | RuntimeException e) {
        if (errors.getAndIncrement() == 0) {
          System.err.println("first error: " + e);
        }
      }
      long micros = (System.nanoTime() - t0) / 1000;
      int slot = done.getAndIncrement();
      latencies[slot] = micros;
      traceResponses[slot] = traceResponse;
    }
  }

  /**
   * CPU clock ticks (utime + stime) of each live thread of {@code pid}, from {@code
   * /proc/PID/task/TID/stat}, keyed by {@code TID name}; empty where there is no /proc.
   */
  static Map<String, Long> threadTicks(long pid) {
    Map<String, Long> ticks = new HashMap<>();
    try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          parseStat(stat)
              .ifPresent(t -> ticks.put(task.getFileName() + " " + t.getKey(), t.getValue()));
        } catch (IOException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or the process is gone
    }
    return ticks;
  }

  /** The thread name and utime + stime of one {@code /proc/.../stat} line. */
  static Optional<Map.Entry<String, Long>> parseStat(String stat) {
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    if (open < 0 || close < open) {
      return Optional.empty();
    }
    String[] f = stat.substring(close + 2).trim().split("\\s+");
    // after the name: state(0) ... utime is field 14 of the line, so index 11 here, stime 12
    if (f.length < 13) {
      return Optional.empty();
    }
    return Optional.of(
        Map.entry(stat.substring(open + 1, close), Long.parseLong(f[11]) + Long.parseLong(f[12])));
  }

  /**
   * The CPU seconds each thread group used between two {@link #threadTicks} snapshots; groups are
   * thread names without their trailing number ({@code GC Thread#0} and {@code GC Thread#1} are
   * {@code GC Thread}). Linux reports ticks of 1/100 s. Threads are matched by id, not name:
   * OkHttp renames its dispatcher threads while they run a call ({@code OkHttp http://...}), and
   * matching by name counted such a thread's whole life as used in the window. A thread is grouped
   * under its name in {@code after}.
   */
  static Map<String, Double> threadCpuSeconds(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> beforeById = new HashMap<>();
    before.forEach((key, ticks) -> beforeById.put(key.substring(0, key.indexOf(' ')), ticks));
    Map<String, Double> groups = new HashMap<>();
    after.forEach(
        (key, ticks) -> {
          int space = key.indexOf(' ');
          long used = ticks - beforeById.getOrDefault(key.substring(0, space), 0L);
          if (used > 0) {
            groups.merge(threadGroup(key.substring(space + 1)), used / 100.0, Double::sum);
          }
        });
    return groups;
  }

  /** A thread name without its trailing number and separators. */
  static String threadGroup(String name) {
    String g = name.replaceAll("[-#_ ]*\\d+$", "").trim();
    return g.isEmpty() ? name : g;
  }

  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  static double cpuSeconds(long pid) {
    if (pid < 0) {
      return 0;
    }
    return ProcessHandle.of(pid)
        .flatMap(h -> h.info().totalCpuDuration())
        .map(d -> d.toNanos() / 1e9)
        .orElse(Double.NaN);
  }

  /** The first three fields of /proc/loadavg (Linux), "unknown" elsewhere. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + ", " + f[1] + ", " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** VmHWM of /proc/pid/status (Linux), -1 elsewhere. */
  static long peakRssKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or the process is gone
    }
    return -1;
  }

  static void awaitHealthy(URI base, Process serve, Path log) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!serve.isAlive()) {
        throw new IllegalStateException(
            "serve exited with " + serve.exitValue() + ":\n" + Files.readString(log));
      }
      try {
        HttpResponse<String> r =
            client.send(
                HttpRequest.newBuilder(base.resolve("/health"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        "serve did not answer /health within 60 s; log:\n" + Files.readString(log));
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The options that take no value. */
  static final Set<String> FLAGS = Set.of("find-rate");

  static Map<String, String> options(String[] args) {
    Map<String, String> o = new LinkedHashMap<>();
    List<String> rest = new ArrayList<>(List.of(args));
    for (int i = 0; i < rest.size(); i++) {
      String a = rest.get(i);
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + a + "'");
      }
      String key = a.substring(2);
      int eq = key.indexOf('=');
      if (eq >= 0) {
        o.put(key.substring(0, eq), key.substring(eq + 1));
      } else if (FLAGS.contains(key)) {
        o.put(key, "true");
      } else if (i + 1 < rest.size()) {
        o.put(key, rest.get(++i));
      } else {
        throw new IllegalArgumentException("option --" + key + " needs a value");
      }
    }
    return o;
  }
}
