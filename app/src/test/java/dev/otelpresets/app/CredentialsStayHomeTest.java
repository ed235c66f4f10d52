package dev.otelpresets.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.otelpresets.testkit.OtlpReceiver;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line and the gateway's own HTTP clients keep credentials at home: {@code doctor}
 * refuses a key with a line break naming the setting, {@code doctor --probe} never prints a header
 * value, a backend's body or follows a redirect, and the gateway's upstream client neither follows
 * a redirect with the API key nor relays an error that echoes it.
 */
class CredentialsStayHomeTest {
  private static final String LF_SECRET = "sk-lf-STAYHOME-51a7";
  private static final String UPSTREAM_KEY = "sk-UPSTREAM-STAYHOME-0e3c";

  @TempDir Path dir;

  private Path config(String yaml) throws Exception {
    Path p = dir.resolve("config.yaml");
    Files.writeString(p, yaml);
    return p;
  }

  @Test
  void doctorRefusesAKeyWithALineBreakNamingTheSettingNotTheValue() throws Exception {
    Path cfg = config("callbacks: [langfuse]\n");
    CommandLineTest.Run r =
        CommandLineTest.run(
            Map.of(
                "LANGFUSE_HOST",
                "http://127.0.0.1:9",
                "LANGFUSE_PUBLIC_KEY",
                "pk-lf-x",
                "LANGFUSE_SECRET_KEY",
                LF_SECRET + "\nsecond-line"),
            "doctor",
            "--config",
            cfg.toString(),
            "--probe");
    assertEquals(2, r.exit(), r.out() + r.err());
    assertTrue(r.err().contains("presets.langfuse.secret_key"), r.err());
    assertTrue(r.err().contains("LANGFUSE_SECRET_KEY"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertFalse((r.out() + r.err()).contains(LF_SECRET), r.out() + r.err());
    assertFalse((r.out() + r.err()).contains("second-line"), r.out() + r.err());
  }

  @Test
  void theProbeShowsWhereARedirectGoesFollowsNoneAndPrintsNoBody() throws Exception {
    try (OtlpReceiver target = OtlpReceiver.start("redirect target");
        OtlpReceiver langfuse = OtlpReceiver.start("langfuse")) {
      Path cfg = config("callbacks: [langfuse]\n");
      Map<String, String> env =
          Map.of(
              "LANGFUSE_HOST",
              langfuse.baseUrl(),
              "LANGFUSE_PUBLIC_KEY",
              "pk-lf-x",
              "LANGFUSE_SECRET_KEY",
              LF_SECRET + "\n");
      langfuse.redirectTo(307, target.baseUrl() + "/api/public/otel/v1/traces?token=QUERY-TEXT");
      CommandLineTest.Run r =
          CommandLineTest.run(env, "doctor", "--config", cfg.toString(), "--probe");
      assertEquals(1, r.exit(), r.out());
      assertTrue(
          r.out()
              .contains(
                  "307: Langfuse redirects to "
                      + target.baseUrl()
                      + "/api/public/otel/v1/traces; exporters never follow redirects"),
          r.out());
      assertFalse(r.out().contains("QUERY-TEXT"), r.out());
      assertEquals(0, target.requests().size(), "the probe followed the redirect");

      langfuse.respondEchoingHeaders(401);
      CommandLineTest.Run echoed =
          CommandLineTest.run(env, "doctor", "--config", cfg.toString(), "--probe");
      assertTrue(echoed.out().contains("401: Langfuse rejected the credentials"), echoed.out());
      String basic =
          java.util.Base64.getEncoder()
              .encodeToString(("pk-lf-x:" + LF_SECRET).getBytes(StandardCharsets.UTF_8));
      for (CommandLineTest.Run run : new CommandLineTest.Run[] {r, echoed}) {
        String all = run.out() + run.err();
        assertFalse(all.contains(LF_SECRET) || all.contains(basic), all);
      }
      // the trailing newline of the key was trimmed at load: the probe sent the key itself
      assertEquals("Basic " + basic, langfuse.requests().get(0).header("authorization"));
    }
  }

  @Test
  void theUpstreamClientFollowsNoRedirectAndRelaysNoErrorEchoingTheKey() throws Exception {
    AtomicInteger elsewhere = new AtomicInteger();
    HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    target.createContext(
        "/",
        ex -> {
          elsewhere.incrementAndGet();
          ex.sendResponseHeaders(500, -1);
          ex.close();
        });
    String[] mode = {"redirect"};
    HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext(
        "/",
        ex -> {
          ex.getRequestBody().readAllBytes();
          if (mode[0].equals("redirect")) {
            ex.getResponseHeaders()
                .add(
                    "Location",
                    "http://127.0.0.1:" + target.getAddress().getPort() + "/v1/chat/completions");
            ex.sendResponseHeaders(307, -1);
          } else {
            byte[] body =
                ("{\"error\":{\"message\":\"Incorrect API key provided: "
                        + ex.getRequestHeaders().getFirst("Authorization")
                        + "\",\"type\":"
                        + "\"invalid_request_error\",\"code\":\"invalid_api_key\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(401, body.length);
            ex.getResponseBody().write(body);
          }
          ex.close();
        });
    target.start();
    upstream.start();
    try (ServeFixture serve =
        new ServeFixture(
            false,
            f ->
                "settings:\n  shutdown_hook: false\n"
                    + "models:\n  - name: real\n    provider: openai\n    upstream: http://127.0.0.1:"
                    + upstream.getAddress().getPort()
                    + "/v1\n    api_key: "
                    + UPSTREAM_KEY
                    + "\n")) {
      HttpClient client = HttpClient.newHttpClient();
      HttpRequest request =
          HttpRequest.newBuilder(serve.baseUrl().resolve("/v1/chat/completions"))
              .timeout(Duration.ofSeconds(20))
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      "{\"model\":\"real\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
              .build();
      HttpResponse<String> redirected = client.send(request, HttpResponse.BodyHandlers.ofString());
      assertEquals(502, redirected.statusCode(), redirected.body());
      assertTrue(redirected.body().contains("upstream_redirect"), redirected.body());
      assertEquals(0, elsewhere.get(), "the upstream client followed the redirect");

      mode[0] = "echo";
      HttpResponse<String> rejected = client.send(request, HttpResponse.BodyHandlers.ofString());
      assertEquals(401, rejected.statusCode(), rejected.body());
      assertFalse(rejected.body().contains(UPSTREAM_KEY), rejected.body());
      assertFalse((serve.out + "\n" + serve.err).contains(UPSTREAM_KEY));
    } finally {
      upstream.stop(0);
      target.stop(0);
    }
  }
}
