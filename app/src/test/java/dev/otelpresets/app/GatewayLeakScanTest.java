package dev.otelpresets.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.testkit.LogCapture;
import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.ReceivedRequest;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Security, leak scan: the gateway runs with distinct static credentials for every
 * backend and tenant credentials for arize, langfuse, weave and phoenix under one API key; every
 * byte every receiver got, every log line and every gateway response are scanned. Each secret may
 * appear only in the request headers of the backend it belongs to (Basic auth decoded), tenant
 * secrets only on requests carrying that tenant's spans.
 */
class GatewayLeakScanTest {
  static final String TENANT_KEY = "sk-gw-tenant-LEAKSCAN-5d1e";
  static final String OPERATOR_KEY = "sk-gw-operator-LEAKSCAN-0b7c";
  static final String FAKE_JWT = dev.otelpresets.testkit.FakeTokenEndpoint.DEFAULT_TOKEN;
  static final String USER = "{\"role\":\"user\",\"content\":\"What is the weather in Paris?\"}";

  /** Static secrets: backend -> env var -> marker. */
  static final Map<String, Map<String, String>> STATIC = new LinkedHashMap<>();

  /** Tenant credentials: backend -> key -> value (secrets carry a marker). */
  static final Map<String, Map<String, String>> TENANT = new LinkedHashMap<>();

  static {
    STATIC.put("arize", Map.of("ARIZE_API_KEY", "STATIC-ARIZE-KEY-7f3a"));
    STATIC.put("phoenix", Map.of("PHOENIX_API_KEY", "STATIC-PHOENIX-KEY-2b8e"));
    STATIC.put("langfuse", Map.of("LANGFUSE_SECRET_KEY", "STATIC-LF-SECRET-44d0"));
    STATIC.put("weave", Map.of("WANDB_API_KEY", "STATIC-WANDB-KEY-c61f"));
    STATIC.put("levo", Map.of("LEVOAI_API_KEY", "STATIC-LEVO-KEY-9a27"));
    STATIC.put("agentops", Map.of("AGENTOPS_API_KEY", "STATIC-AGENTOPS-KEY-e3b5"));
    STATIC.put(
        "otel",
        Map.of("OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer STATIC-OTEL-TOKEN-58aa"));
    TENANT.put(
        "arize",
        Map.of("arize_space_id", "tenant-space", "arize_api_key", "TENANT-ARIZE-KEY-0c4d"));
    TENANT.put(
        "langfuse",
        Map.of(
            "langfuse_public_key", "pk-lf-tenant", "langfuse_secret_key", "TENANT-LF-SECRET-91c2"));
    TENANT.put(
        "weave",
        Map.of("wandb_api_key", "TENANT-WANDB-KEY-7e19", "weave_project_id", "tenant/demo"));
    TENANT.put(
        "phoenix",
        Map.of(
            "phoenix_api_key",
            "TENANT-PHOENIX-KEY-3f60",
            "phoenix_project_name",
            "tenant-project"));
  }

  /** One secret: its value, the backend it belongs to, whether it is a tenant's. */
  record Secret(String value, String backend, boolean tenant, List<String> encodings) {}

  static List<Secret> secrets() {
    List<Secret> out = new ArrayList<>();
    STATIC.forEach(
        (backend, m) ->
            m.values()
                .forEach(
                    v -> {
                      String value = v.startsWith("authorization=Bearer ") ? v.substring(21) : v;
                      out.add(
                          new Secret(
                              value, backend, false, encodings(backend, value, "pk-lf-demo")));
                    }));
    out.add(new Secret("TENANT-ARIZE-KEY-0c4d", "arize", true, List.of()));
    out.add(
        new Secret(
            "TENANT-LF-SECRET-91c2",
            "langfuse",
            true,
            encodings("langfuse", "TENANT-LF-SECRET-91c2", "pk-lf-tenant")));
    out.add(
        new Secret(
            "TENANT-WANDB-KEY-7e19",
            "weave",
            true,
            encodings("weave", "TENANT-WANDB-KEY-7e19", null)));
    out.add(new Secret("TENANT-PHOENIX-KEY-3f60", "phoenix", true, List.of()));
    return out;
  }

  /** The Basic-auth encodings a secret travels in, searched for everywhere it must not be. */
  static List<String> encodings(String backend, String secret, String langfusePublicKey) {
    List<String> e = new ArrayList<>();
    if (backend.equals("langfuse")) {
      e.add(b64(langfusePublicKey + ":" + secret));
    } else if (backend.equals("weave")) {
      e.add(b64("api:" + secret));
    }
    return e;
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Header values with Basic credentials decoded. */
  static String headerText(ReceivedRequest r) {
    StringBuilder sb = new StringBuilder();
    r.headers()
        .forEach(
            (k, vs) -> {
              for (String v : vs) {
                sb.append(k).append(": ").append(v).append('\n');
                int sp = v.indexOf(' ');
                if (sp > 0 && v.substring(0, sp).equalsIgnoreCase("basic")) {
                  try {
                    sb.append(k)
                        .append(" (decoded): ")
                        .append(
                            new String(
                                Base64.getDecoder().decode(v.substring(sp + 1).trim()),
                                StandardCharsets.UTF_8))
                        .append('\n');
                  } catch (IllegalArgumentException notBase64) {
                    // kept raw
                  }
                }
              }
            });
    return sb.toString();
  }

  static boolean containsAny(String haystack, Secret s) {
    if (haystack.contains(s.value())) {
      return true;
    }
    return s.encodings().stream().anyMatch(haystack::contains);
  }

  @Test
  void everySecretAppearsOnlyInTheHeadersOfTheBackendItBelongsTo() throws Exception {
    List<String> responses = new ArrayList<>();
    Set<String> tenantTraces = new HashSet<>();
    Set<String> allTraces = new HashSet<>();
    ServeFixture serve;
    String logs;
    Map<String, List<ReceivedRequest>> received = new LinkedHashMap<>();
    String printed;
    try (LogCapture log = new LogCapture()) {
      serve = new ServeFixture(true, GatewayLeakScanTest::withSecrets, "--max-body-bytes", "4096");
      try {
        for (String p : STATIC.keySet()) {
          assertTrue(
              serve.receivers.containsKey(p),
              "receiver for " + p + ": " + serve.receivers.keySet());
        }
        HttpClient client = HttpClient.newHttpClient();
        String plain = "{\"model\":\"gpt-4o-mini\",\"messages\":[" + USER + "]}";
        String stream = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[" + USER + "]}";
        String fail = "{\"model\":\"always-fail\",\"messages\":[" + USER + "]}";
        record Req(String key, String body, int status, boolean tenant) {}
        List<Req> reqs =
            List.of(
                new Req(OPERATOR_KEY, plain, 200, false),
                new Req(OPERATOR_KEY, stream, 200, false),
                new Req(OPERATOR_KEY, fail, 500, false),
                new Req(OPERATOR_KEY, "{not json", 400, false),
                new Req(TENANT_KEY, plain, 200, true),
                new Req(TENANT_KEY, stream, 200, true),
                new Req(TENANT_KEY, fail, 500, true),
                new Req(TENANT_KEY, "{\"model\":\"nope\",\"messages\":[" + USER + "]}", 400, true),
                new Req(
                    TENANT_KEY,
                    "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
                        + "\"content\":\""
                        + "x".repeat(5000)
                        + "\"}]}",
                    413,
                    true),
                new Req("sk-wrong-LEAKSCAN", plain, 401, false),
                new Req(null, plain, 401, false));
        for (Req r : reqs) {
          HttpRequest.Builder b =
              HttpRequest.newBuilder(serve.baseUrl().resolve("/v1/chat/completions"))
                  .timeout(Duration.ofSeconds(20))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(r.body()));
          if (r.key() != null) {
            b.header("Authorization", "Bearer " + r.key());
          }
          HttpResponse<String> a = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
          assertEquals(r.status(), a.statusCode(), r + " -> " + a.body());
          responses.add(a.statusCode() + " " + a.headers().map() + "\n" + a.body());
          String traceId = a.headers().firstValue("traceresponse").orElseThrow().split("-")[1];
          allTraces.add(traceId);
          if (r.tenant()) {
            tenantTraces.add(traceId);
          }
        }
        serve.flush();
        // every backend got every trace (server span at least), the tenant's included
        for (Map.Entry<String, OtlpReceiver> e : serve.receivers.entrySet()) {
          e.getValue()
              .awaitSpans(s -> allTraces.contains(s.traceId()), reqs.size(), ServeFixture.WAIT);
        }
      } finally {
        serve.close();
      }
      serve.receivers.forEach((name, r) -> received.put(name, r.requests()));
      printed = serve.out + "\n" + serve.err;
      logs = log.text();
    }

    List<Secret> secrets = secrets();
    Map<Secret, Integer> seenWhereAllowed = new LinkedHashMap<>();
    for (Map.Entry<String, List<ReceivedRequest>> e : received.entrySet()) {
      String backend = e.getKey();
      for (ReceivedRequest r : e.getValue()) {
        String headers = headerText(r);
        String body = r.bodyAsText();
        Set<String> traces = new HashSet<>();
        r.traces()
            .ifPresent(
                t ->
                    t.getResourceSpansList()
                        .forEach(
                            rs ->
                                rs.getScopeSpansList()
                                    .forEach(
                                        ss ->
                                            ss.getSpansList()
                                                .forEach(
                                                    sp ->
                                                        traces.add(
                                                            HexFormat.of()
                                                                .formatHex(
                                                                    sp.getTraceId()
                                                                        .toByteArray()))))));
        boolean tenantBatch = !traces.isEmpty() && tenantTraces.containsAll(traces);
        for (Secret s : secrets) {
          String where =
              s.backend()
                  + (s.tenant() ? " tenant" : " static")
                  + " secret "
                  + s.value()
                  + " in "
                  + backend
                  + " request "
                  + r.path();
          assertFalse(containsAny(body, s), where + " BODY");
          if (!containsAny(headers, s)) {
            continue;
          }
          assertEquals(s.backend(), backend, where + " headers");
          if (s.tenant()) {
            assertTrue(
                tenantBatch,
                where
                    + ": tenant secret on a request carrying traces "
                    + traces
                    + " (tenant traces "
                    + tenantTraces
                    + ")");
          } else if (TENANT.containsKey(backend)) {
            assertFalse(
                !traces.isEmpty()
                    && tenantTraces.containsAll(traces)
                    && !s.backend().equals("otel"),
                where + ": the tenant's spans went with the static key");
          }
          seenWhereAllowed.merge(s, 1, Integer::sum);
        }
        assertFalse(
            headers.contains("LEAKSCAN") || body.contains("LEAKSCAN"),
            "a gateway API key reached " + backend);
        if (backend.equals("agentops")) {
          assertTrue(headers.contains(FAKE_JWT), "agentops exports carry the JWT: " + headers);
        } else {
          assertFalse(
              headers.contains(FAKE_JWT) || body.contains(FAKE_JWT),
              "the AgentOps JWT reached " + backend);
        }
      }
    }
    // each secret was really used (so the scan can fail), except AgentOps' API key, which is
    // exchanged for a JWT at the token endpoint and must reach no receiver at all
    for (Secret s : secrets) {
      if (s.backend().equals("agentops")) {
        assertFalse(seenWhereAllowed.containsKey(s), "the AgentOps API key reached a receiver");
      } else {
        assertTrue(
            seenWhereAllowed.getOrDefault(s, 0) > 0,
            s.value()
                + " never reached its backend "
                + s.backend()
                + "; the scan would be vacuous");
      }
    }
    String everythingPrinted = logs + "\n" + printed;
    assertTrue(logs.length() > 0 || printed.length() > 0);
    for (Secret s : secrets) {
      assertFalse(
          containsAny(everythingPrinted, s),
          s.value() + " in the logs:\n" + excerpt(everythingPrinted, s.value()));
      for (String resp : responses) {
        assertFalse(containsAny(resp, s), s.value() + " in a gateway response: " + resp);
      }
    }
    for (String k : List.of(TENANT_KEY, OPERATOR_KEY, "sk-wrong-LEAKSCAN")) {
      assertFalse(everythingPrinted.contains(k), k + " logged");
      for (String resp : responses) {
        assertFalse(resp.contains(k), k + " echoed: " + resp);
      }
    }
  }

  /** The leak scan's config: distinct static markers, the tenant key and its credentials. */
  static String withSecrets(ServeFixture f) {
    // distinct static markers instead of the demo's credentials (env is read at start)
    for (Map.Entry<String, Map<String, String>> e : STATIC.entrySet()) {
      if (f.receivers.containsKey(e.getKey())) {
        f.env.putAll(e.getValue());
      }
    }
    StringBuilder y =
        new StringBuilder(
            "settings:\n  shutdown_hook: false\n"
                + "models:\n  - name: gpt-4o-mini\n    provider: openai\n"
                + "  - name: always-fail\n    provider: openai\n"
                + "keys:\n  "
                + OPERATOR_KEY
                + ": {}\n  "
                + TENANT_KEY
                + ":\n    team: team-leak\n"
                + "    credentials:\n");
    TENANT.forEach(
        (p, c) -> {
          y.append("      ").append(p).append(":\n");
          c.forEach((k, v) -> y.append("        ").append(k).append(": ").append(v).append('\n'));
        });
    return y.toString();
  }

  /** How every backend misbehaves in one round of {@link #hostileBackendsLeakNothing}. */
  record Hostility(String name, java.util.function.BiConsumer<OtlpReceiver, OtlpReceiver> apply) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Hostility> hostilities() {
    List<Hostility> h = new ArrayList<>();
    for (int status : List.of(401, 403, 413, 429, 500)) {
      h.add(
          new Hostility(
              status + " echoing every header", (r, target) -> r.respondEchoingHeaders(status)));
    }
    h.add(
        new Hostility(
            "500 forging a log line",
            (r, target) ->
                r.respondWithBody(500, "oops\n[WARN] otel-presets: FORGED-LINE by the backend\n")));
    for (int status : List.of(302, 307, 308)) {
      h.add(
          new Hostility(
              status + " redirect to another receiver",
              (r, target) -> r.redirectTo(status, target.tracesUrl())));
    }
    h.add(new Hostility("connection reset", (r, target) -> r.resetConnections()));
    // last: hung answers end only when the receivers close
    h.add(new Hostility("hang", (r, target) -> r.hang()));
    return h;
  }

  /**
   * Every backend rejects with bodies echoing every request header (401, 403, 413, 429, 500),
   * forges a log line, redirects (302, 307, 308) to a second receiver, resets the connection or
   * hangs, while operator and tenant requests flow: no secret — plain or in its Basic-auth
   * base64 form — reaches any log line (SLF4J or java.util.logging), gateway response or the
   * redirect target (which receives nothing at all), no forged line appears, and no span counts
   * as exported.
   */
  @Test
  void hostileBackendsLeakNothing() throws Exception {
    List<String> responses = new ArrayList<>();
    String logs;
    String printed;
    List<dev.otelpresets.core.ExportStats> stats;
    try (LogCapture log = new LogCapture();
        OtlpReceiver target = OtlpReceiver.start("redirect target")) {
      ServeFixture serve =
          new ServeFixture(true, GatewayLeakScanTest::withSecrets, "--max-body-bytes", "4096");
      try {
        HttpClient client = HttpClient.newHttpClient();
        String plain = "{\"model\":\"gpt-4o-mini\",\"messages\":[" + USER + "]}";
        for (Hostility hostility : hostilities()) {
          Map<String, Integer> before = new LinkedHashMap<>();
          serve.receivers.forEach(
              (name, r) -> {
                before.put(name, r.requests().size());
                hostility.apply().accept(r, target);
              });
          for (String key : List.of(OPERATOR_KEY, TENANT_KEY)) {
            HttpResponse<String> a =
                client.send(
                    HttpRequest.newBuilder(serve.baseUrl().resolve("/v1/chat/completions"))
                        .timeout(Duration.ofSeconds(20))
                        .header("Authorization", "Bearer " + key)
                        .POST(HttpRequest.BodyPublishers.ofString(plain))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, a.statusCode(), hostility + ": " + a.body());
            responses.add(a.statusCode() + " " + a.headers().map() + "\n" + a.body());
          }
          // every backend was reached in this mode before the next one starts
          long deadline = System.nanoTime() + ServeFixture.WAIT.toNanos();
          for (Map.Entry<String, OtlpReceiver> e : serve.receivers.entrySet()) {
            while (e.getValue().requests().size() <= before.get(e.getKey())
                && System.nanoTime() < deadline) {
              serve.running.join().telemetry().forceFlush(Duration.ofMillis(200));
            }
            assertTrue(
                e.getValue().requests().size() > before.get(e.getKey()),
                e.getKey() + " was never reached while answering: " + hostility);
          }
        }
        stats = serve.running.join().telemetry().exportStats();
        // hung exchanges end when the receivers close, before the gateway shuts down
        serve.receivers.values().forEach(OtlpReceiver::close);
      } finally {
        serve.close();
      }
      printed = serve.out + "\n" + serve.err;
      logs = log.text();
      assertEquals(List.of(), target.requests(), "a redirect was followed");
      List<Secret> secrets = secrets();
      String everything = logs + "\n" + printed + "\n" + String.join("\n", responses);
      for (Secret s : secrets) {
        assertFalse(
            containsAny(everything, s), s.value() + " leaked:\n" + excerpt(everything, s.value()));
      }
      for (String k : List.of(TENANT_KEY, OPERATOR_KEY)) {
        assertFalse(logs.contains(k) || printed.contains(k), k + " logged");
      }
      assertFalse(
          everything.contains("FORGED-LINE"),
          "a forged line reached the logs:\n" + excerpt(everything, "FORGED-LINE"));
      // the scan can fail: the backends really echoed the secrets back
      String echoed = serve.receivers.get("langfuse").requests().get(0).header("authorization");
      assertTrue(echoed != null && echoed.startsWith("Basic "), "langfuse got no Basic auth");
      // the failures are said in words, and nothing counts as exported
      assertTrue(logs.contains("from langfuse: "), logs);
      for (dev.otelpresets.core.ExportStats st : stats) {
        assertEquals(0, st.exportedSpans(), st + " counted spans as exported");
      }
      assertTrue(
          stats.stream().allMatch(st -> st.failedSpans() > 0 || st.droppedSpans() > 0),
          "every backend counted its undelivered spans: " + stats);
    }
  }

  static String excerpt(String text, String needle) {
    int i = text.indexOf(needle);
    return i < 0 ? "" : text.substring(Math.max(0, i - 300), Math.min(text.length(), i + 100));
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
