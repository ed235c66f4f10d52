package dev.otelpresets.bench;

import dev.otelpresets.testkit.FakeTokenEndpoint;
import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.ReceivedRequest;
import dev.otelpresets.testkit.ReceivedSpan;
import dev.otelpresets.testkit.conformance.CompanionPresets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
import java.util.zip.GZIPOutputStream;

/**
 * Loopback load test of the gateway ({@code otel-presets serve}, mock model at zero latency).
 *
 * <p>Two modes:
 *
 * <ul>
 *   <li>{@code --app-jar app/target/otel-presets.jar}: for each scenario ({@code off}: {@code
 *       callbacks: []}; {@code all7}: every callback, each exporting to its own embedded OTLP
 *       receiver in this process) starts {@code serve} as a child process, drives it, stops it
 *       (SIGTERM: it flushes), and reports requests/s, p50/p99/max latency, the server's CPU (in
 *       total and by thread group, from {@code /proc}) and peak RSS, this process's CPU, and what
 *       every receiver got;
 *   <li>{@code --base-url http://127.0.0.1:4000}: drives a gateway someone else started and
 *       reports the client-side figures only.
 * </ul>
 *
 * Bounded in requests ({@code --requests}, after {@code --warmup}) and in time ({@code
 * --max-seconds} per phase). The load generator shares the machine with the server: on a small
 * machine the absolute figures are the pair's, the off/all7 ratio is the result. With the model
 * at 0 ms both scenarios are CPU-bound, so that ratio is close to serve's CPU per request off
 * over all7.
 *
 * <p><b>Client.</b> 8 threads ({@code --concurrency}), each with one keep-alive HTTP/1.1 socket
 * ({@link LoadClient}), send the same 2-message chat request; flat out by default, or paced at
 * {@code --rate} requests/s in total (latency then counts from when a request was due). {@code
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
 * serve's C2 compiler threads still used more than {@code --jit-quiet} cores (0.1), at most 10
 * rounds; the spans of the warm-up are checked too, but reported apart from the window's.
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

  /** Whether the last all7 scenario's measured window delivered everything everywhere. */
  private static boolean windowComplete = true;

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
    content = o.getOrDefault("content", "span_only");
    extraSettings = settingsYaml(o.getOrDefault("settings", ""));
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
              + " [--warmup 20000] [--max-seconds 60] [--server-heap 512m] [--scenarios off,all7]"
              + " [--client socket|jdk] [--rate REQUESTS_PER_SECOND] [--jit-quiet 0.1]"
              + " [--content span_only|no_content] [--settings key=value,...]");
      System.exit(2);
    }
    String heap = o.getOrDefault("server-heap", "512m");
    List<String> scenarios = List.of(o.getOrDefault("scenarios", "off,all7").split(","));
    System.out.println("machine load average (1, 5, 15 min) at the start: " + loadAverage());
    Map<String, Figures> results = new LinkedHashMap<>();
    for (String scenario : scenarios) {
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
              rate,
              jitQuiet));
    }
    if (results.containsKey("off") && results.containsKey("all7")) {
      Figures off = results.get("off");
      Figures all7 = results.get("all7");
      System.out.printf(
          Locale.ROOT,
          "%nserve CPU per request off/all7 = %.3f (%.0f / %.0f us;"
              + " less sensitive to other load on the machine than requests/s)%n",
          off.serverCpuSeconds() / off.requests() / (all7.serverCpuSeconds() / all7.requests()),
          off.serverCpuSeconds() * 1e6 / off.requests(),
          all7.serverCpuSeconds() * 1e6 / all7.requests());
      System.out.printf(
          Locale.ROOT,
          "throughput all7/off = %.3f (target >= 0.85)%s%n",
          results.get("all7").rps() / results.get("off").rps(),
          windowComplete
              ? ""
              : "; all7 lost spans in the measured window, so its rate is not one the"
                  + " exporters sustain: find that rate with --scenarios all7 --rate N");
    }
  }

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
    boolean all = scenario.equals("all7");
    Map<String, OtlpReceiver> receivers = new LinkedHashMap<>();
    FakeTokenEndpoint tokens = null;
    Path dir = Files.createTempDirectory("otel-presets-load");
    try {
      Map<String, String> env = new LinkedHashMap<>();
      if (all) {
        for (String name : BenchPresets.ALL) {
          // held undecoded during the run, decoded and checked after serve stopped
          receivers.put(name, OtlpReceiver.startDeferred(name));
        }
        tokens = FakeTokenEndpoint.start("load-test-token");
        env.putAll(receiverEnvironment(receivers, tokens.baseUrl()));
      } else {
        env.put("OTEL_TRACES_EXPORTER", "none");
        env.put("OTEL_METRICS_EXPORTER", "none");
        env.put("OTEL_LOGS_EXPORTER", "none");
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
              + "models:\n  - name: gpt-4o-mini\n    provider: openai\n    upstream: mock\n"
              + "    mock_latency_ms: 0\n");
      int port = freePort();
      List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xms" + heap, "-Xmx" + heap));
      // e.g. LOAD_SERVER_JVM_OPTS=-XX:StartFlightRecording=filename=/tmp/serve.jfr to profile serve
      String extra = System.getenv("LOAD_SERVER_JVM_OPTS");
      if (extra != null && !extra.isBlank()) {
        cmd.addAll(Arrays.asList(extra.trim().split("\\s+")));
      }
      cmd.addAll(
          List.of(
              "-jar",
              jar.toString(),
              "serve",
              "--config",
              config.toString(),
              "--port",
              String.valueOf(port)));
      ProcessBuilder pb =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("serve.log").toFile());
      pb.environment().putAll(env);
      Process serve = pb.start();
      URI base = URI.create("http://127.0.0.1:" + port);
      try {
        awaitHealthy(base, serve, dir.resolve("serve.log"));
        List<DeliveryCheck.Answered> warm = new ArrayList<>();
        warmUp(
            scenario,
            base,
            serve.pid(),
            warmup,
            concurrency,
            maxSeconds,
            warm,
            client,
            jitQuiet,
            rate);
        List<DeliveryCheck.Answered> window = new ArrayList<>();
        Figures f =
            drive(base, requests, concurrency, maxSeconds, serve.pid(), window, client, rate);
        System.out.println("[" + scenario + "] " + f.describe());
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
        serve.destroy(); // SIGTERM: serve stops, flushes and closes its telemetry
        if (!serve.waitFor(60, TimeUnit.SECONDS)) {
          serve.destroyForcibly();
          System.out.println("[" + scenario + "] serve did not stop within 60 s");
        }
        printExportSummary(scenario, dir.resolve("serve.log"));
        if (all) {
          reportReceivers(scenario, receivers, warm, window);
        }
        return f;
      } finally {
        if (serve.isAlive()) {
          serve.destroyForcibly();
        }
      }
    } finally {
      receivers.values().forEach(OtlpReceiver::close);
      if (tokens != null) {
        tokens.close();
      }
    }
  }

  /**
   * An estimate of what gzip costs serve for one backend: this thread's CPU time to compress that
   * receiver's gzip-encoded export bodies again, at the JDK's default level (OkHttp's gzip uses
   * the same zlib deflater at the same level). Printed after the window; it measures nothing of
   * serve itself.
   */
  static void gzipCost(String scenario, String name, OtlpReceiver receiver, int answered) {
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
      try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
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
   * official proto messages, and runs the {@link DeliveryCheck} against the answered requests.
   */
  static boolean reportReceivers(
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
    for (Map.Entry<String, OtlpReceiver> e : receivers.entrySet()) {
      try {
        exports += e.getValue().decodeDeferred();
      } catch (AssertionError failure) {
        decodedAll = false;
        System.out.println("[" + scenario + "]   " + failure.getMessage());
      }
      List<DeliveryCheck.Span> spans = new ArrayList<>();
      for (ReceivedSpan span : e.getValue().spans()) {
        spans.add(
            new DeliveryCheck.Span(
                span.traceId(),
                span.spanId(),
                span.parentSpanId() == null ? "" : span.parentSpanId()));
      }
      got.put(e.getKey(), spans);
      int rejected = (int) e.getValue().requests().stream().filter(r -> r.status() != 200).count();
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
    for (DeliveryCheck.Report r : DeliveryCheck.check(window, got, warmTraces)) {
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
    GatewayLoad.windowComplete = windowComplete;
    return allComplete;
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
    int round = Math.max(2000, warmup / 4);
    for (int i = 0; i < 10; i++) {
      Figures f = drive(base, round, concurrency, maxSeconds, pid, answered, client, rate);
      sent += f.requests();
      c2 = f.serverThreadCpu().getOrDefault("C2 CompilerThre", 0.0) / f.seconds();
      if (c2 <= jitQuiet) {
        break;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "[%s] warm-up: %d requests in %.1f s; C2 compiler threads"
            + " used %.2f cores in the last %d (threshold %.2f)%n",
        scenario,
        sent,
        (System.nanoTime() - start) / 1e9,
        c2,
        round,
        jitQuiet);
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
   * {@code GC Thread}). Linux reports ticks of 1/100 s.
   */
  static Map<String, Double> threadCpuSeconds(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Double> groups = new HashMap<>();
    after.forEach(
        (key, ticks) -> {
          long used = ticks - before.getOrDefault(key, 0L);
          if (used > 0) {
            groups.merge(
                threadGroup(key.substring(key.indexOf(' ') + 1)), used / 100.0, Double::sum);
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
      } else if (i + 1 < rest.size()) {
        o.put(key, rest.get(++i));
      } else {
        throw new IllegalArgumentException("option --" + key + " needs a value");
      }
    }
    return o;
  }
}
