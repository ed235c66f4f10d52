package dev.otelpresets.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.testkit.LogCapture;
import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.ReceivedSpan;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Security: a tenant-supplied {@code langfuse_host} that only looks like an allowlisted
 * host (userinfo {@code allowed.example.com@127.0.0.1:port}, fragment {@code
 * 127.0.0.1:port#allowed.example.com}) is refused: the attacker's receiver gets nothing, the
 * operator's static Langfuse exporter gets the spans, and a log line names the tenant and the
 * refused host without the secret. The hosts use http:// so that, if the check were fooled, the
 * spans would really arrive at the attacker's plain-HTTP receiver (the test could fail).
 */
class GatewayTenantHostAllowlistTest {
  static final String USER = "{\"role\":\"user\",\"content\":\"hello\"}";

  @Test
  void userinfoAndFragmentTricksDoNotGetPastTheAllowlist() throws Exception {
    OtlpReceiver attacker = OtlpReceiver.start("attacker receiver");
    int port = attacker.port();
    Map<String, String> tricks =
        Map.of(
            "team-userinfo", "http://allowed.example.com@127.0.0.1:" + port,
            "team-fragment", "http://127.0.0.1:" + port + "#allowed.example.com");
    Map<String, String> secrets =
        Map.of(
            "team-userinfo", "TENANT-LF-SECRET-USERINFO-6a1b",
            "team-fragment", "TENANT-LF-SECRET-FRAGMENT-d20c");
    ServeFixture serve = null;
    String logs;
    try (LogCapture log = new LogCapture()) {
      serve =
          new ServeFixture(
              true,
              f -> {
                StringBuilder y =
                    new StringBuilder(
                        "settings:\n  shutdown_hook: false\n"
                            + "tenants:\n  allowed_hosts: [allowed.example.com]\n"
                            + "models:\n  - name: gpt-4o-mini\n    provider: openai\n"
                            + "keys:\n");
                tricks.forEach(
                    (team, host) ->
                        y.append("  sk-")
                            .append(team)
                            .append(":\n")
                            .append("    team: ")
                            .append(team)
                            .append("\n    credentials:\n")
                            .append("      langfuse:\n        langfuse_public_key: pk-")
                            .append(team)
                            .append("\n        langfuse_secret_key: ")
                            .append(secrets.get(team))
                            .append("\n        langfuse_host: \"")
                            .append(host)
                            .append("\"\n"));
                return y.toString();
              });
      HttpClient client = HttpClient.newHttpClient();
      String staticAuth =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString("pk-lf-demo:sk-lf-demo".getBytes(StandardCharsets.UTF_8));
      for (String team : tricks.keySet()) {
        HttpResponse<String> a =
            client.send(
                HttpRequest.newBuilder(serve.baseUrl().resolve("/v1/chat/completions"))
                    .timeout(Duration.ofSeconds(20))
                    .header("Authorization", "Bearer sk-" + team)
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"model\":\"gpt-4o-mini\",\"messages\":[" + USER + "]}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, a.statusCode(), a.body());
        String traceId = a.headers().firstValue("traceresponse").orElseThrow().split("-")[1];
        serve.flush();
        List<ReceivedSpan> lf = serve.trace("langfuse", traceId, 2);
        assertEquals(2, lf.size(), team + ": the static Langfuse receiver gets the spans");
        for (ReceivedSpan s : lf) {
          assertEquals(
              staticAuth,
              s.request().header("authorization"),
              team + ": refused tenant spans go with the operator's static key");
        }
      }
      serve.flush();
      Thread.sleep(500);
      assertEquals(List.of(), attacker.requests(), "the attacker's receiver got nothing");
      logs = log.text();
    } finally {
      if (serve != null) {
        serve.close();
      }
      attacker.close();
    }
    for (String team : tricks.keySet()) {
      String line =
          logs.lines()
              .filter(
                  l ->
                      l.contains("tenant '" + team + "'")
                          && (team.equals("team-userinfo")
                              // a URL with userinfo is refused before the allowlist is asked
                              ? l.contains("langfuse_host is not a valid http(s) host or URL")
                              : l.contains("127.0.0.1") && l.contains("allowed_hosts")))
              .findFirst()
              .orElse(null);
      assertTrue(line != null, "a log line names " + team + " and why it is refused:\n" + logs);
      assertFalse(logs.contains(secrets.get(team)), "the tenant secret is never logged");
    }
  }
}
