package dev.otelpresets.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otelpresets.app.gateway.Gateway;
import dev.otelpresets.app.gateway.GatewayConfig;
import dev.otelpresets.core.Environment;
import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.OtelPresets;
import dev.otelpresets.core.config.ConfigLoader;
import dev.otelpresets.core.config.OtelPresetsConfig;
import dev.otelpresets.testkit.ReceivedSpan;
import dev.otelpresets.testkit.SilentServer;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The gateway stays available to everyone else while clients are slow or hostile and upstreams
 * hang, and it drains the requests in flight when it stops. Timing bounds here are generous (2 s)
 * on purpose: they catch a server that makes callers wait for its 20 s request timeout, not small
 * regressions (the {@code bench} module's {@code SlowClients} harness measures latency).
 */
class GatewaySlowClientsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final String CHAT =
      "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":" + "\"hi\"}]}";
  static final long PROMPT_MS = 2_000;

  /** A model 'hung' forwarded to {@code silent}, which never answers. */
  static String hung(SilentServer silent) {
    return "  - name: hung\n    provider: openai\n    upstream: " + silent.baseUrl() + "/v1\n";
  }

  static final String MOCK_ONLY =
      "settings:\n  shutdown_hook: false\n" + "models:\n  - name: m\n    provider: openai\n";

  /** Millis one GET /health and one chat request took, each asserted 200. */
  static long[] healthAndChat(URI base) throws Exception {
    long t0 = System.nanoTime();
    HttpResponse<String> health =
        CLIENT.send(
            HttpRequest.newBuilder(base.resolve("/health")).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    long t1 = System.nanoTime();
    HttpResponse<String> chat =
        CLIENT.send(
            HttpRequest.newBuilder(base.resolve("/v1/chat/completions"))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(CHAT))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    long t2 = System.nanoTime();
    assertEquals(200, health.statusCode(), health.body());
    assertEquals(200, chat.statusCode(), chat.body());
    return new long[] {(t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000};
  }

  /** The status line, headers and (Content-Length) body of one response on a raw socket. */
  record Raw(String statusLine, String head, String body) {
    int status() {
      return Integer.parseInt(statusLine.split(" ")[1]);
    }
  }

  static Raw readResponse(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the connection closed before a whole response: " + head);
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String h = head.toString(StandardCharsets.ISO_8859_1);
    int length = 0;
    for (String line : h.split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
    return new Raw(h.substring(0, h.indexOf("\r\n")), h, body);
  }

  @Test
  void sixtyFourClientsDrippingTheirBodiesDoNotDelayAnyoneElse() throws Exception {
    try (ServeFixture serve = new ServeFixture(false, f -> MOCK_ONLY)) {
      URI base = serve.baseUrl();
      healthAndChat(base); // warm
      List<Socket> drippers = new ArrayList<>();
      try {
        for (int i = 0; i < 64; i++) {
          Socket s = new Socket(base.getHost(), base.getPort());
          s.setSoTimeout(10_000);
          s.getOutputStream()
              .write(
                  ("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n"
                          + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
                      .getBytes(StandardCharsets.US_ASCII));
          drippers.add(s);
        }
        // one thread drips a byte a second into every body (64 requests, none ever complete)
        Thread drip =
            new Thread(
                () -> {
                  try {
                    while (!Thread.currentThread().isInterrupted()) {
                      Thread.sleep(1000);
                      for (Socket s : drippers) {
                        try {
                          s.getOutputStream().write(' ');
                        } catch (IOException cut) {
                          // the gateway closed it: that is the point
                        }
                      }
                    }
                  } catch (InterruptedException e) {
                    // done
                  }
                },
                "dripper");
        drip.setDaemon(true);
        drip.start();
        try {
          long worst = 0;
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
          int rounds = 0;
          while (System.nanoTime() < deadline || rounds < 3) {
            for (long ms : healthAndChat(base)) {
              worst = Math.max(worst, ms);
            }
            rounds++;
          }
          assertTrue(
              worst < PROMPT_MS,
              "beside 64 dripping clients a normal request took "
                  + worst
                  + " ms (the JDK server with 32 threads: about 20 s)");
          // the drippers themselves were cut by the minimum data rate, not held for 20 s
          for (Socket s : drippers) {
            Raw r = readResponse(s.getInputStream());
            assertEquals(408, r.status(), r.head() + r.body());
            assertEquals(
                "request_timeout", JSON.readTree(r.body()).path("error").path("code").asText());
          }
        } finally {
          drip.interrupt();
        }
      } finally {
        for (Socket s : drippers) {
          s.close();
        }
      }
    }
  }

  @Test
  void aDeclaredLengthOverTheLimitIsRefusedBeforeAnyOfTheBodyIsSent() throws Exception {
    try (ServeFixture serve = new ServeFixture(false, f -> MOCK_ONLY, "--max-body-bytes", "4096")) {
      URI base = serve.baseUrl();
      for (String expect : List.of("", "Expect: 100-continue\r\n")) {
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
          s.setSoTimeout(5_000);
          // the headers only: a client waiting for the verdict before sending 100 MB
          s.getOutputStream()
              .write(
                  ("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n"
                          + "Content-Type: application/json\r\nContent-Length: 100000000\r\n"
                          + expect
                          + "\r\n")
                      .getBytes(StandardCharsets.US_ASCII));
          s.getOutputStream().flush();
          Raw r = readResponse(s.getInputStream());
          assertEquals(
              413,
              r.status(),
              "first answer with '"
                  + expect.trim()
                  + "': "
                  + r.statusLine()
                  + " (no 100 Continue, no reading)");
          assertEquals(
              "request_too_large", JSON.readTree(r.body()).path("error").path("code").asText());
          assertTrue(r.body().contains("4096"), r.body());
        }
      }
    }
  }

  /**
   * A gateway configuration with no callbacks (spans stay in-process) and one model, {@code name},
   * forwarded to {@code upstream}.
   */
  static OtelPresetsConfig oneUpstream(String name, String upstream) {
    return ConfigLoader.create(Environment.of(Map.of()), GatewayConfig.SECTIONS)
        .parse(
            "callbacks: []\nsettings:\n  publish_global: false\n  shutdown_hook: false\n"
                + "models:\n  - name: "
                + name
                + "\n    provider: openai\n    upstream: "
                + upstream
                + "\n",
            "<test>");
  }

  /** Waits until {@code silent} accepted {@code n} connections (the gateway's upstream calls). */
  static void awaitConnections(SilentServer silent, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (silent.accepted() < n && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(
        silent.accepted() >= n,
        "the gateway called the upstream "
            + silent.accepted()
            + " times at once, not "
            + n
            + ": its threads are all taken");
  }

  static CompletableFuture<HttpResponse<String>> chatAsync(URI base, String model) {
    return CLIENT.sendAsync(
        HttpRequest.newBuilder(base.resolve("/v1/chat/completions"))
            .timeout(Duration.ofSeconds(30))
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"model\":\""
                        + model
                        + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void fortyCallsToAnUpstreamThatNeverAnswersDoNotBlockHealthOrOtherModels() throws Exception {
    try (SilentServer silent = SilentServer.start();
        ServeFixture serve = new ServeFixture(false, f -> MOCK_ONLY + hung(silent))) {
      URI base = serve.baseUrl();
      List<CompletableFuture<HttpResponse<String>>> hung = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        hung.add(chatAsync(base, "hung"));
      }
      awaitConnections(silent, 40);
      for (int i = 0; i < 3; i++) {
        for (long ms : healthAndChat(base)) {
          assertTrue(ms < PROMPT_MS, "beside 40 hung upstream calls a request took " + ms + " ms");
        }
      }
      // the upstream goes away: every hung caller gets an answer in words
      silent.close();
      for (CompletableFuture<HttpResponse<String>> f : hung) {
        HttpResponse<String> r = f.get(20, TimeUnit.SECONDS);
        assertEquals(502, r.statusCode(), r.body());
        assertEquals("upstream_error", JSON.readTree(r.body()).path("error").path("code").asText());
      }
    }
  }

  /** The same two limits set on the command line, as an operator sets them. */
  @Test
  void serveFlagsSetTheModelCallLimitAndTheUpstreamTimeout() throws Exception {
    try (SilentServer silent = SilentServer.start();
        ServeFixture serve =
            new ServeFixture(
                false,
                f -> MOCK_ONLY + hung(silent),
                "--max-model-calls",
                "1",
                "--upstream-timeout",
                "1")) {
      URI base = serve.baseUrl();
      CompletableFuture<HttpResponse<String>> first = chatAsync(base, "hung");
      awaitConnections(silent, 1);
      HttpResponse<String> second = chatAsync(base, "m").get(5, TimeUnit.SECONDS);
      assertEquals(503, second.statusCode(), second.body());
      assertTrue(second.body().contains("limit of 1 model calls"), second.body());
      HttpResponse<String> timedOut = first.get(10, TimeUnit.SECONDS);
      assertEquals(504, timedOut.statusCode(), timedOut.body());
      assertTrue(timedOut.body().contains("within 1 s"), timedOut.body());
    }
  }

  @Test
  void modelCallsOverTheLimitGet503AndAnUpstreamTooSlowGets504() throws Exception {
    try (SilentServer silent = SilentServer.start()) {
      OtelPresetsConfig cfg = oneUpstream("hung", silent.baseUrl() + "/v1");
      try (GenAiTelemetry telemetry =
              OtelPresets.builder().config(cfg).environment(Map.of()).build();
          Gateway gateway =
              Gateway.builder(telemetry, GatewayConfig.from(cfg))
                  .serverOpenTelemetry(telemetry.openTelemetry())
                  .port(0)
                  .threads(8)
                  .maxModelCalls(2)
                  .upstreamTimeout(Duration.ofSeconds(1))
                  .shutdownGracePeriod(Duration.ZERO)
                  .start()) {
        URI base = gateway.baseUrl();
        CompletableFuture<HttpResponse<String>> a = chatAsync(base, "hung");
        CompletableFuture<HttpResponse<String>> b = chatAsync(base, "hung");
        awaitConnections(silent, 2);
        HttpResponse<String> third = chatAsync(base, "hung").get(5, TimeUnit.SECONDS);
        assertEquals(503, third.statusCode(), third.body());
        assertEquals(
            "gateway_overloaded", JSON.readTree(third.body()).path("error").path("code").asText());
        assertTrue(third.body().contains("limit of 2 model calls"), third.body());
        assertEquals("1", third.headers().firstValue("Retry-After").orElse(null));
        HttpResponse<String> health =
            CLIENT.send(
                HttpRequest.newBuilder(base.resolve("/health"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        for (CompletableFuture<HttpResponse<String>> f : List.of(a, b)) {
          HttpResponse<String> r = f.get(10, TimeUnit.SECONDS);
          assertEquals(504, r.statusCode(), r.body());
          assertEquals(
              "upstream_timeout", JSON.readTree(r.body()).path("error").path("code").asText());
        }
      }
    }
  }

  /** A real upstream's stream is relayed whole, to its {@code [DONE]}, under the idle bound. */
  @Test
  void aRealUpstreamsStreamIsRelayedWhole() throws Exception {
    try (dev.otelpresets.testkit.MockOpenAiServer openAi =
        dev.otelpresets.testkit.MockOpenAiServer.start()) {
      OtelPresetsConfig cfg = oneUpstream("real", openAi.baseUrl());
      try (GenAiTelemetry telemetry =
              OtelPresets.builder().config(cfg).environment(Map.of()).build();
          Gateway gateway =
              Gateway.builder(telemetry, GatewayConfig.from(cfg))
                  .serverOpenTelemetry(telemetry.openTelemetry())
                  .port(0)
                  .upstreamTimeout(Duration.ofSeconds(1))
                  .start()) {
        HttpResponse<String> r =
            CLIENT.send(
                HttpRequest.newBuilder(gateway.baseUrl().resolve("/v1/chat/completions"))
                    .timeout(Duration.ofSeconds(10))
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"model\":\"real\",\"stream\":true,"
                                + "\"stream_options\":{\"include_usage\":true},\"messages\":"
                                + "[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        List<String> events =
            r.body().lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
        assertEquals("[DONE]", events.get(events.size() - 1), r.body());
        StringBuilder text = new StringBuilder();
        for (String e : events.subList(0, events.size() - 1)) {
          JSON.readTree(e)
              .path("choices")
              .forEach(c -> text.append(c.path("delta").path("content").asText("")));
        }
        assertEquals("Mock answer to: hi", text.toString(), r.body());
        assertTrue(JSON.readTree(events.get(events.size() - 2)).path("usage").isObject(), r.body());
      }
    }
  }

  /**
   * An upstream that starts a stream, sends one chunk and then nothing: the caller gets that chunk
   * and an {@code upstream_timeout} error event within the bound, and the model call's slot is
   * freed (with a limit of one model call, the next call is answered, not 503).
   */
  @Test
  void aStreamThatStallsMidwayIsEndedAndFreesItsModelCall() throws Exception {
    try (java.net.ServerSocket stalling =
        new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      List<Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
      Thread upstream =
          new Thread(
              () -> {
                try {
                  while (true) {
                    Socket s = stalling.accept();
                    held.add(s);
                    // the request's headers and body (a small JSON), then a stream that stops
                    byte[] buf = new byte[16384];
                    String got = "";
                    InputStream in = s.getInputStream();
                    while (!got.contains("\r\n\r\n") || !got.trim().endsWith("}")) {
                      int n = in.read(buf);
                      if (n < 0) {
                        break;
                      }
                      got += new String(buf, 0, n, StandardCharsets.UTF_8);
                    }
                    s.getOutputStream()
                        .write(
                            ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                                    + "Connection: close\r\n\r\n"
                                    + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\","
                                    + "\"model\":\"real\",\"choices\":[{\"index\":0,\"delta\":"
                                    + "{\"role\":\"assistant\",\"content\":\"Hel\"},"
                                    + "\"finish_reason\":null}]}\n\n")
                                .getBytes(StandardCharsets.UTF_8));
                    s.getOutputStream().flush();
                  }
                } catch (IOException closed) {
                  // stopped
                }
              },
              "stalling-upstream");
      upstream.setDaemon(true);
      upstream.start();
      String base = "http://127.0.0.1:" + stalling.getLocalPort() + "/v1";
      OtelPresetsConfig cfg = oneUpstream("stalls", base);
      try (GenAiTelemetry telemetry =
              OtelPresets.builder().config(cfg).environment(Map.of()).build();
          Gateway gateway =
              Gateway.builder(telemetry, GatewayConfig.from(cfg))
                  .serverOpenTelemetry(telemetry.openTelemetry())
                  .port(0)
                  .maxModelCalls(1)
                  .upstreamTimeout(Duration.ofSeconds(1))
                  .shutdownGracePeriod(Duration.ZERO)
                  .start()) {
        for (int i = 0; i < 2; i++) {
          HttpResponse<String> r =
              CLIENT
                  .sendAsync(
                      HttpRequest.newBuilder(gateway.baseUrl().resolve("/v1/chat/completions"))
                          .timeout(Duration.ofSeconds(30))
                          .POST(
                              HttpRequest.BodyPublishers.ofString(
                                  "{\"model\":\"stalls\",\"stream\":true,\"messages\":"
                                      + "[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .get(10, TimeUnit.SECONDS);
          assertEquals(200, r.statusCode(), r.body());
          assertTrue(r.body().contains("\"content\":\"Hel\""), r.body());
          List<String> events =
              r.body()
                  .lines()
                  .filter(l -> l.startsWith("data: "))
                  .map(l -> l.substring(6))
                  .toList();
          assertEquals(
              "upstream_timeout",
              JSON.readTree(events.get(events.size() - 1)).path("error").path("code").asText(),
              r.body());
          assertTrue(!r.body().contains("[DONE]"), r.body());
        }
      } finally {
        for (Socket s : held) {
          s.close();
        }
      }
    }
  }

  @Test
  void stoppingLetsRequestsInFlightFinishThenExportsTheirSpans() throws Exception {
    try (ServeFixture serve =
        new ServeFixture(
            false,
            f ->
                "settings:\n  shutdown_hook: false\n"
                    + "models:\n  - name: m\n    provider: openai\n    mock_latency_ms: 3000\n")) {
      URI base = serve.baseUrl();
      CompletableFuture<HttpResponse<String>> plain = chatAsync(base, "m");
      try (Socket s = new Socket(base.getHost(), base.getPort())) {
        s.setSoTimeout(15_000);
        String streamed = CHAT.replace("}]}", "}],\"stream\": true}");
        s.getOutputStream()
            .write(
                ("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Type: application/json\r\nContent-Length: "
                        + streamed.length()
                        + "\r\n\r\n"
                        + streamed)
                    .getBytes(StandardCharsets.US_ASCII));
        BufferedReader in =
            new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        String status = in.readLine();
        assertNotNull(status);
        assertTrue(status.contains(" 200 "), status);
        String traceId = null;
        String line;
        while (!(line = in.readLine()).isEmpty()) {
          if (line.toLowerCase().startsWith("traceresponse:")) {
            traceId = line.substring(14).trim().split("-")[1];
          }
        }
        // the first event is here: the stream is in flight (about 2.5 s of it left)
        while (!(line = in.readLine()).startsWith("data: ")) {
          assertNotNull(line);
        }
        CompletableFuture<Void> stopped =
            CompletableFuture.runAsync(() -> serve.running.join().stop());
        StringBuilder rest = new StringBuilder();
        while ((line = in.readLine()) != null && !line.equals("0")) {
          rest.append(line).append('\n');
        }
        assertTrue(rest.toString().contains("data: [DONE]"), "the stream was cut: " + rest);
        HttpResponse<String> p = plain.get(15, TimeUnit.SECONDS);
        assertEquals(200, p.statusCode(), p.body());
        assertEquals("chat.completion", JSON.readTree(p.body()).path("object").asText());
        stopped.get(30, TimeUnit.SECONDS);
        // stop() closed the telemetry after the drain, so these spans were flushed
        for (String trace :
            List.of(traceId, p.headers().firstValue("traceresponse").orElseThrow().split("-")[1])) {
          List<ReceivedSpan> spans = serve.trace("otel", trace, 2);
          assertEquals(2, spans.size(), "server and LLM span of trace " + trace);
        }
      }
    }
  }
}
