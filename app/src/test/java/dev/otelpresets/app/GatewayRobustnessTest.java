package dev.otelpresets.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otelpresets.testkit.OtlpReceiver;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Bad input at the gateway: malformed JSON 400, bodies over the limit 413 (declared and
 * chunked), unknown JSON keys ignored, and slowloris-style clients that never finish their request
 * neither stop the server from answering others nor keep their connection forever.
 */
class GatewayRobustnessTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String USER = "{\"role\":\"user\",\"content\":\"hi\"}";
  static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static HttpResponse<String> post(URI base, HttpRequest.BodyPublisher body) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(base.resolve("/v1/chat/completions"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(body)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String code(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body()).path("error").path("code").asText();
  }

  /** A client that sends a request line and headers a few bytes at a time and never finishes. */
  static final class Slowloris implements AutoCloseable {
    final Socket socket;
    final AtomicBoolean closedByServer = new AtomicBoolean();
    final Thread thread;

    Slowloris(String host, int port) throws IOException {
      socket = new Socket(host, port);
      socket.setSoTimeout(250);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v1/chat/completions HTTP/1.1\r\nHost: " + host + "\r\nX-Slow: ")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      thread =
          new Thread(
              () -> {
                try {
                  InputStream in = socket.getInputStream();
                  while (!socket.isClosed()) {
                    out.write('a'); // never a CRLF: the headers never end
                    out.flush();
                    try {
                      if (in.read() < 0) {
                        closedByServer.set(true);
                        return;
                      }
                    } catch (SocketTimeoutException stillOpen) {
                      // keep dripping
                    }
                  }
                } catch (IOException e) {
                  if (!socket.isClosed()) {
                    closedByServer.set(true); // reset by the server
                  }
                }
              },
              "slowloris");
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  @Test
  void badBodiesGetTheRightStatusAndSlowClientsDoNotStopTheServer() throws Exception {
    try (ServeFixture serve =
        new ServeFixture(
            false,
            f -> "settings:\n  shutdown_hook: false\nmodels:\n  - name: m\n    provider: openai\n",
            "--max-body-bytes",
            "4096")) {
      URI base = serve.baseUrl();
      HttpResponse<String> bad = post(base, HttpRequest.BodyPublishers.ofString("{\"model\":"));
      assertEquals(400, bad.statusCode(), bad.body());
      assertEquals("invalid_json", code(bad));

      String big =
          "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\""
              + "x".repeat(10_000)
              + "\"}]}";
      HttpResponse<String> declared = post(base, HttpRequest.BodyPublishers.ofString(big));
      assertEquals(413, declared.statusCode(), declared.body());
      assertEquals("request_too_large", code(declared));
      // no Content-Length (chunked): the limit is enforced while reading
      byte[] bigBytes = big.getBytes(StandardCharsets.UTF_8);
      HttpResponse<String> chunked =
          post(
              base,
              HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bigBytes)));
      assertEquals(413, chunked.statusCode(), chunked.body());
      assertEquals("request_too_large", code(chunked));

      HttpResponse<String> unknown =
          post(
              base,
              HttpRequest.BodyPublishers.ofString(
                  "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\",\"x_extra\":1}],"
                      + "\"some_future_option\":{\"a\":[1,2]},\"logit_bias\":{},\"zzz\":null}"));
      assertEquals(200, unknown.statusCode(), unknown.body());
      assertEquals("chat.completion", JSON.readTree(unknown.body()).path("object").asText());

      // slow clients hold a connection each; everyone else is still answered, concurrently
      List<Slowloris> slow = new ArrayList<>();
      try {
        for (int i = 0; i < 8; i++) {
          slow.add(new Slowloris(base.getHost(), base.getPort()));
        }
        Thread.sleep(500);
        List<CompletableFuture<HttpResponse<String>>> others = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          others.add(
              CLIENT.sendAsync(
                  HttpRequest.newBuilder(base.resolve("/v1/chat/completions"))
                      .timeout(Duration.ofSeconds(10))
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"model\":\"m\",\"messages\":[" + USER + "]}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString()));
        }
        long start = System.nanoTime();
        for (CompletableFuture<HttpResponse<String>> f : others) {
          assertEquals(200, f.get(15, TimeUnit.SECONDS).statusCode());
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < 10_000, "10 requests beside 8 slow clients took " + ms + " ms");
        assertTrue(
            slow.stream().noneMatch(s -> s.closedByServer.get()),
            "the slow clients are still connected (the check below is not vacuous)");
      } finally {
        for (Slowloris s : slow) {
          s.close();
        }
      }
    }
  }

  /**
   * The real {@code serve} process: a connection that never finishes its request headers is
   * closed after the gateway's request header timeout (10 s by default), while others are
   * answered.
   */
  @Test
  void theServeProcessClosesAConnectionThatNeverFinishesItsRequest() throws Exception {
    Path dir = Files.createTempDirectory("otel-presets-slowloris");
    Path config = dir.resolve("gateway.yaml");
    Files.writeString(
        config,
        "callbacks: [otel]\nsettings:\n  shutdown_hook: false\n"
            + "models:\n  - name: m\n    provider: openai\n");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "serve",
                "--config",
                config.toString(),
                "--port",
                "0")
            .redirectErrorStream(true);
    try (OtlpReceiver collector = OtlpReceiver.start("otel receiver")) {
      pb.environment().keySet().removeIf(k -> k.startsWith("OTEL_"));
      pb.environment().put("OTEL_EXPORTER_OTLP_ENDPOINT", collector.baseUrl());
      pb.environment().put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
      pb.environment().put("OTEL_METRICS_EXPORTER", "none");
      pb.environment().put("OTEL_LOGS_EXPORTER", "none");
      Process p = pb.start();
      try {
        BufferedReader out =
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<URI> url =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    String line;
                    while ((line = out.readLine()) != null) {
                      System.out.println("[serve] " + line);
                      int i = line.indexOf("listening on ");
                      if (i >= 0) {
                        return URI.create(line.substring(i + 13).trim());
                      }
                    }
                  } catch (IOException e) {
                    throw new RuntimeException(e);
                  }
                  throw new IllegalStateException("serve exited before listening");
                });
        URI base = url.get(60, TimeUnit.SECONDS);
        CompletableFuture.runAsync(
            () -> out.lines().forEach(l -> System.out.println("[serve] " + l)));
        try (Slowloris slow = new Slowloris(base.getHost(), base.getPort())) {
          HttpResponse<String> ok =
              CLIENT.send(
                  HttpRequest.newBuilder(base.resolve("/health"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          assertEquals(200, ok.statusCode());
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
          while (!slow.closedByServer.get() && System.nanoTime() < deadline) {
            Thread.sleep(200);
          }
          assertTrue(slow.closedByServer.get(), "the slow connection is still open after 45 s");
          HttpResponse<String> after =
              CLIENT.send(
                  HttpRequest.newBuilder(base.resolve("/health"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          assertEquals(200, after.statusCode());
        }
      } finally {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
  }
}
