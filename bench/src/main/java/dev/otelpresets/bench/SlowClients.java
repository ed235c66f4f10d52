package dev.otelpresets.bench;

import dev.otelpresets.testkit.SilentServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * How slow clients and hung upstreams affect everyone else at the gateway: a normal client's
 * latency alone, then while attackers are at work, side by side. Loopback, bounded in requests and
 * seconds.
 *
 * <ul>
 *   <li>{@code --app-jar app/target/otel-presets.jar}: starts {@code serve} as a child process
 *       ({@code callbacks: []}, the mock model at 0 ms, and a model {@code hung} whose upstream is
 *       a socket of this process that accepts and never answers), runs every attack, stops it;
 *   <li>{@code --base-url http://127.0.0.1:4000}: a gateway someone else started, with a model
 *       {@code --model} (default {@code gpt-4o-mini}); the {@code drip} attack only.
 * </ul>
 *
 * <p><b>Normal client.</b> One keep-alive connection ({@link LoadClient}) sending chat requests:
 * {@code --warmup} requests (2,000) back to back, alone and then during each attack with 8
 * attackers (so the gateway's code for the attacks is compiled before anything is measured), then {@code --requests} (2,000) paced at {@code
 * --rate} per second (200, so a phase lasts 10 s and the attackers are cut and come back many
 * times during it) measured alone (baseline), then the same during each attack. A request's
 * latency counts from when it was due, so a stall also delays the requests queued behind it.
 * Each phase ends after {@code --max-seconds} (60) at the latest.
 *
 * <p><b>Attacks</b> ({@code --attacks drip,hung}), {@code --attackers} (64) at once, started
 * before the phase and held through it:
 *
 * <ul>
 *   <li>{@code drip}: each attacker sends a chat request's headers with {@code Content-Length:
 *       1000} and then one body byte a second; when the gateway cuts it (408), it reconnects and
 *       starts over, so 64 bodies are always dripping;
 *   <li>{@code hung}: each attacker sends a whole chat request for the model {@code hung}, whose
 *       upstream never answers, and waits; the phase starts once the gateway has forwarded every
 *       call to that upstream (measured is the gateway with 64 calls hanging, not their arrival).
 * </ul>
 *
 * <p>Reported per phase: requests, errors, p50/p99/max latency; per attack the p99 ratio to the
 * baseline and whether the p99 stays under {@code --target-p99-ms} (100); the machine's load
 * average. The load generator shares the machine with the server.
 */
public final class SlowClients {
  static final String CHAT_HEAD =
      "POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\n"
          + "Content-Type: application/json\r\n";

  private SlowClients() {}

  /** Latencies of one phase. */
  record Phase(
      String name,
      int requests,
      int errors,
      double p50Ms,
      double p99Ms,
      double maxMs,
      double maxAtSeconds) {
    String describe() {
      return String.format(
          Locale.ROOT,
          "%-9s %6d requests, %d errors, p50 %.2f ms, p99 %.2f ms,"
              + " max %.2f ms (due %.1f s into the phase)",
          name,
          requests,
          errors,
          p50Ms,
          p99Ms,
          maxMs,
          maxAtSeconds);
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> o = GatewayLoad.options(args);
    Options opt =
        new Options(
            Integer.parseInt(o.getOrDefault("attackers", "64")),
            Integer.parseInt(o.getOrDefault("requests", "2000")),
            Integer.parseInt(o.getOrDefault("warmup", "2000")),
            Integer.parseInt(o.getOrDefault("max-seconds", "60")),
            Double.parseDouble(o.getOrDefault("target-p99-ms", "100")),
            Double.parseDouble(o.getOrDefault("rate", "200")));
    if (o.containsKey("base-url")) {
      List<Phase> phases =
          run(
              URI.create(o.get("base-url")),
              o.getOrDefault("model", "gpt-4o-mini"),
              List.of("drip"),
              opt,
              null);
      report(phases, opt);
      return;
    }
    String jar = o.get("app-jar");
    if (jar == null) {
      System.err.println(
          "usage: SlowClients (--app-jar app/target/otel-presets.jar |"
              + " --base-url http://127.0.0.1:4000 [--model gpt-4o-mini]) [--attackers 64]"
              + " [--requests 2000] [--rate 200] [--warmup 2000] [--max-seconds 60]"
              + " [--attacks drip,hung] [--target-p99-ms 100]");
      System.exit(2);
    }
    List<String> attacks = List.of(o.getOrDefault("attacks", "drip,hung").split(","));
    report(runServe(List.of(GatewayLoad.javaBin(), "-Xmx256m", "-jar", jar), attacks, opt), opt);
  }

  /** The bounds of a run. */
  record Options(
      int attackers, int requests, int warmup, int maxSeconds, double targetP99Ms, double rate) {}

  /**
   * Starts serve ({@code launch}: the java command line before {@code serve}), runs the phases,
   * stops serve (SIGTERM).
   */
  static List<Phase> runServe(List<String> launch, List<String> attacks, Options opt)
      throws Exception {
    Path dir = Files.createTempDirectory("otel-presets-slow-clients");
    SilentServer silent = SilentServer.start();
    try {
      Path config = dir.resolve("gateway.yaml");
      Files.writeString(
          config,
          "callbacks: []\nsettings:\n  service_name: slow-clients\n"
              + "models:\n  - name: gpt-4o-mini\n    provider: openai\n    upstream: mock\n"
              + "  - name: hung\n    provider: openai\n    upstream: "
              + silent.baseUrl()
              + "/v1"
              + "\n");
      int port = GatewayLoad.freePort();
      List<String> cmd = new ArrayList<>(launch);
      cmd.addAll(List.of("serve", "--config", config.toString(), "--port", String.valueOf(port)));
      ProcessBuilder pb =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("serve.log").toFile());
      pb.environment().put("OTEL_TRACES_EXPORTER", "none");
      pb.environment().put("OTEL_METRICS_EXPORTER", "none");
      pb.environment().put("OTEL_LOGS_EXPORTER", "none");
      Process serve = pb.start();
      try {
        URI base = URI.create("http://127.0.0.1:" + port);
        GatewayLoad.awaitHealthy(base, serve, dir.resolve("serve.log"));
        return run(base, "gpt-4o-mini", attacks, opt, silent);
      } finally {
        // the hung upstream goes away first: serve's drain then does not wait for its calls
        silent.close();
        serve.destroy();
        if (!serve.waitFor(60, TimeUnit.SECONDS)) {
          serve.destroyForcibly();
        }
      }
    } finally {
      silent.close();
    }
  }

  /**
   * Warm-up, baseline, then one phase per attack; {@code upstream} is the hung model's upstream
   * (null: no hung attack).
   */
  @SuppressWarnings("try") // an attack runs for the try block; the warm-up never reads it
  static List<Phase> run(
      URI base, String model, List<String> attacks, Options opt, SilentServer upstream)
      throws Exception {
    String body =
        "{\"model\":\""
            + model
            + "\",\"messages\":[{\"role\":\"user\",\"content\":"
            + "\"What is the weather in Paris?\"}]}";
    List<Phase> phases = new ArrayList<>();
    try (LoadClient client =
        new LoadClient(base.resolve("/v1/chat/completions"), body, "Bearer slow-clients", 30_000)) {
      // the warm-up runs every attack too, with a few attackers: the gateway's code for them is
      // compiled (JIT) before anything is measured
      measure("warm-up", client, opt.warmup(), opt.maxSeconds(), 0);
      for (String attack : attacks) {
        try (Attack a = start(attack.trim(), base, Math.min(8, opt.attackers()), upstream)) {
          measure("warm-up", client, opt.warmup(), opt.maxSeconds(), 0);
        }
      }
      phases.add(measure("alone", client, opt.requests(), opt.maxSeconds(), opt.rate()));
      for (String attack : attacks) {
        try (Attack a = start(attack.trim(), base, opt.attackers(), upstream)) {
          phases.add(measure(attack.trim(), client, opt.requests(), opt.maxSeconds(), opt.rate()));
          System.out.println("[" + attack.trim() + "] " + a.describe());
        }
      }
    }
    return phases;
  }

  static Attack start(String attack, URI base, int attackers, SilentServer upstream)
      throws Exception {
    return switch (attack) {
      case "drip" -> Drippers.start(base, attackers);
      case "hung" -> {
        if (upstream == null) {
          throw new IllegalArgumentException(
              "the hung attack needs the harness's own serve" + " (--app-jar)");
        }
        yield HungCallers.start(base, attackers, upstream);
      }
      default ->
          throw new IllegalArgumentException("unknown attack '" + attack + "'; use drip or hung");
    };
  }

  /** {@code requests} requests, back to back ({@code rate} 0) or paced at {@code rate}/s. */
  static Phase measure(String name, LoadClient client, int requests, int maxSeconds, double rate) {
    long[] micros = new long[requests];
    long worst = -1;
    long worstAt = 0;
    int done = 0;
    int errors = 0;
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(maxSeconds);
    while (done < requests && System.nanoTime() < deadline) {
      long t0 = System.nanoTime();
      if (rate > 0) {
        long due = start + (long) (done * 1e9 / rate);
        while ((t0 = System.nanoTime()) < due) {
          LockSupport.parkNanos(due - t0);
        }
        t0 = due;
      }
      try {
        if (client.send().status() != 200) {
          errors++;
        }
      } catch (IOException e) {
        errors++;
      }
      micros[done] = (System.nanoTime() - t0) / 1000;
      if (micros[done] > worst) {
        worst = micros[done];
        worstAt = t0 - start;
      }
      done++;
    }
    long[] sorted = Arrays.copyOf(micros, done);
    Arrays.sort(sorted);
    return new Phase(
        name,
        done,
        errors,
        GatewayLoad.percentile(sorted, 0.50) / 1000.0,
        GatewayLoad.percentile(sorted, 0.99) / 1000.0,
        sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1000.0,
        worstAt / 1e9);
  }

  static void report(List<Phase> phases, Options opt) {
    System.out.println(
        "machine load average (1, 5, 15 min) at the end: "
            + GatewayLoad.loadAverage()
            + "; "
            + Runtime.getRuntime().availableProcessors()
            + " cores; "
            + opt.attackers()
            + " attackers; normal client paced at "
            + opt.rate()
            + " requests/s");
    Phase alone = phases.get(0);
    for (Phase p : phases) {
      System.out.println(p.describe());
    }
    for (Phase p : phases.subList(1, phases.size())) {
      boolean ok = p.errors() == 0 && p.p99Ms() < opt.targetP99Ms();
      System.out.printf(
          Locale.ROOT,
          "%s: p99 %.2f ms = %.2f x alone (p50 %.2f x); target p99"
              + " < %.0f ms and no errors: %s%n",
          p.name(),
          p.p99Ms(),
          p.p99Ms() / Math.max(0.001, alone.p99Ms()),
          p.p50Ms() / Math.max(0.001, alone.p50Ms()),
          opt.targetP99Ms(),
          ok ? "met" : "MISSED");
    }
  }

  /** Attackers at work until closed. */
  interface Attack extends AutoCloseable {
    String describe();

    @Override
    void close();
  }

  /** Attackers dripping request bodies a byte a second, reconnecting when cut. */
  static final class Drippers implements Attack {
    private final URI base;
    private final Socket[] sockets;
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger cut = new AtomicInteger();
    private final Thread thread;
    private volatile boolean closed;

    private Drippers(URI base, int n) throws IOException {
      this.base = base;
      this.sockets = new Socket[n];
      for (int i = 0; i < n; i++) {
        sockets[i] = open();
      }
      thread = new Thread(this::drip, "slow-clients-drip");
      thread.setDaemon(true);
      thread.start();
    }

    static Drippers start(URI base, int n) throws IOException, InterruptedException {
      Drippers d = new Drippers(base, n);
      Thread.sleep(1500); // every body is under way
      return d;
    }

    private Socket open() throws IOException {
      Socket s = new Socket(base.getHost(), base.getPort());
      s.getOutputStream()
          .write((CHAT_HEAD + "Content-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
      opened.incrementAndGet();
      return s;
    }

    /** One byte per attacker per second, spread over the second. */
    private void drip() {
      long pause = Math.max(1, 1000 / sockets.length);
      while (!closed) {
        for (int i = 0; i < sockets.length && !closed; i++) {
          try {
            Thread.sleep(pause);
            Socket s = sockets[i];
            boolean answered = s.getInputStream().available() > 0;
            if (!answered) {
              try {
                s.getOutputStream().write(' ');
              } catch (IOException e) {
                answered = true;
              }
            }
            if (answered) {
              cut.incrementAndGet();
              s.close();
              sockets[i] = open();
            }
          } catch (InterruptedException e) {
            return;
          } catch (IOException e) {
            // could not reconnect now; try again next round
          }
        }
      }
    }

    @Override
    public String describe() {
      return opened.get()
          + " dripping connections opened, "
          + cut.get()
          + " cut by the gateway (answered or closed) and reopened";
    }

    @Override
    public void close() {
      closed = true;
      thread.interrupt();
      for (Socket s : sockets) {
        try {
          s.close();
        } catch (IOException | RuntimeException ignored) {
          // closing
        }
      }
    }
  }

  /** Attackers each waiting on a chat request to a model whose upstream never answers. */
  static final class HungCallers implements Attack {
    private final List<Socket> sockets = new ArrayList<>();

    /** Sends the calls and waits until the gateway has forwarded every one to {@code upstream}. */
    static HungCallers start(URI base, int n, SilentServer upstream)
        throws IOException, InterruptedException {
      int before = upstream.accepted();
      HungCallers h = new HungCallers();
      byte[] body =
          "{\"model\":\"hung\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
              .getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < n; i++) {
        Socket s = new Socket(base.getHost(), base.getPort());
        OutputStream out = s.getOutputStream();
        out.write(
            (CHAT_HEAD + "Content-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        h.sockets.add(s);
      }
      // measured is the gateway with n calls hanging, not n calls arriving
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (upstream.accepted() < before + n && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      Thread.sleep(500);
      return h;
    }

    @Override
    public String describe() {
      Map<String, Integer> statuses = new java.util.TreeMap<>();
      for (Socket s : sockets) {
        String status = "none";
        try {
          int n = s.getInputStream().available();
          if (n > 0) {
            String head =
                new String(
                    s.getInputStream().readNBytes(Math.min(n, 64)), StandardCharsets.ISO_8859_1);
            status = head.length() >= 12 ? head.substring(9, 12) : head;
          }
        } catch (IOException e) {
          status = "reset";
        }
        statuses.merge(status, 1, Integer::sum);
      }
      return sockets.size() + " calls to a hung upstream; answers during the phase: " + statuses;
    }

    @Override
    public void close() {
      for (Socket s : sockets) {
        try {
          s.close();
        } catch (IOException ignored) {
          // closing
        }
      }
    }
  }
}
