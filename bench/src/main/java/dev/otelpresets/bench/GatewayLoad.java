package dev.otelpresets.bench;

import dev.otelpresets.testkit.FakeTokenEndpoint;
import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.conformance.CompanionPresets;
import dev.otelpresets.testkit.ReceivedSpan;
import java.io.IOException;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loopback load test of the gateway ({@code otel-presets serve}, mock model at zero latency).
 *
 * <p>Two modes:
 *
 * <ul>
 *   <li>{@code --app-jar app/target/otel-presets.jar}: for each scenario ({@code off}: {@code
 *       callbacks: []}; {@code all7}: every callback, each exporting to its own embedded OTLP
 *       receiver in this process) starts {@code serve} as a child process, drives it, stops it
 *       (SIGTERM: it flushes), and reports requests/s, p50/p99/max latency, the server's CPU and
 *       peak RSS, and what every receiver got;
 *   <li>{@code --base-url http://127.0.0.1:4000}: drives a gateway someone else started and
 *       reports the client-side figures only.
 * </ul>
 *
 * Bounded in requests ({@code --requests}, after {@code --warmup}) and in time ({@code
 * --max-seconds}). The load generator shares the machine with the server: on a small machine the
 * absolute figures are the pair's, the off/all7 ratio is the result.
 */
public final class GatewayLoad {
  private static final String BODY = "{\"model\":\"gpt-4o-mini\",\"messages\":["
      + "{\"role\":\"system\",\"content\":\"You are a helpful assistant.\"},"
      + "{\"role\":\"user\",\"content\":\"What is the weather in Paris?\"}]}";

  private GatewayLoad() {}

  /** The figures of one run. */
  record Figures(int requests, int errors, double seconds, long p50Micros, long p99Micros,
      long maxMicros, double serverCpuSeconds, long serverPeakRssKb) {
    double rps() {
      return requests / seconds;
    }

    String describe() {
      return String.format(Locale.ROOT,
          "%d requests (%d errors) in %.2f s: %.0f req/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms"
              + "%s",
          requests, errors, seconds, rps(), p50Micros / 1000.0, p99Micros / 1000.0,
          maxMicros / 1000.0, serverCpuSeconds < 0 ? "" : String.format(Locale.ROOT,
              "; server CPU %.2f s (%.2f cores, %.0f us/request), peak RSS %d MB",
              serverCpuSeconds, serverCpuSeconds / seconds, serverCpuSeconds * 1e6 / requests,
              serverPeakRssKb / 1024));
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> o = options(args);
    int concurrency = Integer.parseInt(o.getOrDefault("concurrency", "8"));
    int requests = Integer.parseInt(o.getOrDefault("requests", "20000"));
    int warmup = Integer.parseInt(o.getOrDefault("warmup", "3000"));
    int maxSeconds = Integer.parseInt(o.getOrDefault("max-seconds", "60"));
    if (o.containsKey("base-url")) {
      URI base = URI.create(o.get("base-url"));
      drive(base, warmup, concurrency, maxSeconds, -1);
      Figures f = drive(base, requests, concurrency, maxSeconds, -1);
      System.out.println("gateway " + base + ": " + f.describe());
      return;
    }
    String jar = o.get("app-jar");
    if (jar == null) {
      System.err.println("usage: GatewayLoad (--app-jar app/target/otel-presets.jar |"
          + " --base-url http://127.0.0.1:4000) [--concurrency 8] [--requests 20000]"
          + " [--warmup 3000] [--max-seconds 60] [--server-heap 512m] [--scenarios off,all7]");
      System.exit(2);
    }
    String heap = o.getOrDefault("server-heap", "512m");
    List<String> scenarios = List.of(o.getOrDefault("scenarios", "off,all7").split(","));
    Map<String, Figures> results = new LinkedHashMap<>();
    for (String scenario : scenarios) {
      results.put(scenario, runScenario(Path.of(jar), scenario, heap, concurrency, requests,
          warmup, maxSeconds));
    }
    if (results.containsKey("off") && results.containsKey("all7")) {
      System.out.printf(Locale.ROOT, "%nthroughput all7/off = %.3f (target >= 0.85)%n",
          results.get("all7").rps() / results.get("off").rps());
    }
  }

  static Figures runScenario(Path jar, String scenario, String heap, int concurrency,
      int requests, int warmup, int maxSeconds) throws Exception {
    boolean all = scenario.equals("all7");
    Map<String, OtlpReceiver> receivers = new LinkedHashMap<>();
    FakeTokenEndpoint tokens = null;
    Path dir = Files.createTempDirectory("otel-presets-load");
    try {
      Map<String, String> env = new LinkedHashMap<>();
      if (all) {
        for (String name : BenchPresets.ALL) {
          receivers.put(name, OtlpReceiver.start(name));
        }
        tokens = FakeTokenEndpoint.start("load-test-token");
        env.putAll(receiverEnvironment(receivers, tokens.baseUrl()));
      } else {
        env.put("OTEL_TRACES_EXPORTER", "none");
        env.put("OTEL_METRICS_EXPORTER", "none");
        env.put("OTEL_LOGS_EXPORTER", "none");
      }
      Path config = dir.resolve("gateway.yaml");
      Files.writeString(config, "callbacks: [" + (all ? String.join(", ", BenchPresets.ALL) : "")
          + "]\nsettings:\n  service_name: load-gateway\n  capture_message_content: span_only\n"
          + "models:\n  - name: gpt-4o-mini\n    provider: openai\n    upstream: mock\n"
          + "    mock_latency_ms: 0\n");
      int port = freePort();
      List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xms" + heap, "-Xmx" + heap));
      // e.g. LOAD_SERVER_JVM_OPTS=-XX:StartFlightRecording=filename=/tmp/serve.jfr to profile serve
      String extra = System.getenv("LOAD_SERVER_JVM_OPTS");
      if (extra != null && !extra.isBlank()) {
        cmd.addAll(Arrays.asList(extra.trim().split("\\s+")));
      }
      cmd.addAll(List.of("-jar", jar.toString(), "serve", "--config", config.toString(), "--port",
          String.valueOf(port)));
      ProcessBuilder pb = new ProcessBuilder(cmd)
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("serve.log").toFile());
      pb.environment().putAll(env);
      Process serve = pb.start();
      URI base = URI.create("http://127.0.0.1:" + port);
      try {
        awaitHealthy(base, serve, dir.resolve("serve.log"));
        drive(base, warmup, concurrency, maxSeconds, -1);
        Figures f = drive(base, requests, concurrency, maxSeconds, serve.pid());
        System.out.println("[" + scenario + "] " + f.describe());
        serve.destroy(); // SIGTERM: serve stops, flushes and closes its telemetry
        if (!serve.waitFor(60, TimeUnit.SECONDS)) {
          serve.destroyForcibly();
          System.out.println("[" + scenario + "] serve did not stop within 60 s");
        }
        if (all) {
          reportReceivers(scenario, receivers, warmup + f.requests() - f.errors());
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

  /** Every preset at its own receiver, over OTLP/HTTP; the collector also gets the metrics. */
  static Map<String, String> receiverEnvironment(Map<String, OtlpReceiver> r, String tokenApi) {
    Map<String, String> env = new LinkedHashMap<>();
    r.forEach((name, receiver) -> env.putAll(CompanionPresets.env(name, receiver, tokenApi)
        .orElseThrow(() -> new IllegalStateException("no receiver recipe for " + name))));
    env.remove("OTEL_METRICS_EXPORTER");
    return env;
  }

  /**
   * Waits until the receivers stop changing, then prints what each got: spans, distinct span ids,
   * and whether it holds every span any receiver got.
   */
  static void reportReceivers(String scenario, Map<String, OtlpReceiver> receivers,
      int requests) throws InterruptedException {
    long stableSince = System.nanoTime();
    int last = -1;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      int total = receivers.values().stream().mapToInt(r -> r.spans().size()).sum();
      if (total != last) {
        last = total;
        stableSince = System.nanoTime();
      } else if (System.nanoTime() - stableSince > TimeUnit.SECONDS.toNanos(2)) {
        break;
      }
      Thread.sleep(200);
    }
    Set<String> union = new HashSet<>();
    Map<String, Set<String>> ids = new LinkedHashMap<>();
    for (Map.Entry<String, OtlpReceiver> e : receivers.entrySet()) {
      Set<String> s = new HashSet<>();
      for (ReceivedSpan span : e.getValue().spans()) {
        s.add(span.spanId());
      }
      ids.put(e.getKey(), s);
      union.addAll(s);
    }
    System.out.printf(Locale.ROOT, "[%s] %d requests answered; %d distinct spans in all"
        + " (%.2f per request)%n", scenario, requests, union.size(),
        union.size() / (double) requests);
    boolean allComplete = true;
    for (Map.Entry<String, OtlpReceiver> e : receivers.entrySet()) {
      int spans = e.getValue().spans().size();
      Set<String> s = ids.get(e.getKey());
      boolean complete = s.size() == union.size();
      allComplete &= complete && spans == s.size();
      System.out.printf(Locale.ROOT, "[%s]   %-9s %7d spans, %7d distinct, missing %d%s%n",
          scenario, e.getKey(), spans, s.size(), union.size() - s.size(),
          spans != s.size() ? " (DUPLICATES)" : "");
    }
    System.out.println("[" + scenario + "] every receiver got every span exactly once: "
        + allComplete);
  }

  /**
   * Sends {@code requests} chat completions with {@code concurrency} client threads, at most
   * {@code maxSeconds}; measures the server process {@code pid}'s CPU when it is not -1.
   */
  static Figures drive(URI base, int requests, int concurrency, int maxSeconds, long pid)
      throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/chat/completions"))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer sk-load")
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(BODY)).build();
    long[] latencies = new long[requests];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    AtomicLong firstError = new AtomicLong();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
    double cpuBefore = cpuSeconds(pid);
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    long start = System.nanoTime();
    for (int t = 0; t < concurrency; t++) {
      pool.execute(() -> {
        int i;
        while ((i = next.getAndIncrement()) < requests && System.nanoTime() < deadline) {
          long t0 = System.nanoTime();
          try {
            HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
              if (errors.getAndIncrement() == 0) {
                firstError.set(r.statusCode());
                System.err.println("first error: HTTP " + r.statusCode() + " "
                    + new String(r.body(), StandardCharsets.UTF_8));
              }
            }
          } catch (IOException | InterruptedException e) {
            if (errors.getAndIncrement() == 0) {
              System.err.println("first error: " + e);
            }
          }
          latencies[i] = (System.nanoTime() - t0) / 1000;
          done.incrementAndGet();
        }
      });
    }
    pool.shutdown();
    pool.awaitTermination(maxSeconds + 60L, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpu = pid < 0 ? -1 : cpuSeconds(pid) - cpuBefore;
    long rss = pid < 0 ? -1 : peakRssKb(pid);
    int n = done.get();
    long[] measured = Arrays.copyOf(latencies, n);
    Arrays.sort(measured);
    return new Figures(n, errors.get(), seconds, percentile(measured, 0.50),
        percentile(measured, 0.99), n == 0 ? 0 : measured[n - 1], cpu, rss);
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
    return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration())
        .map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
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
        throw new IllegalStateException("serve exited with " + serve.exitValue() + ":\n"
            + Files.readString(log));
      }
      try {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(base.resolve("/health"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("serve did not answer /health within 60 s; log:\n"
        + Files.readString(log));
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
