package dev.otelpresets.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.ExportStats;
import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.LlmCall;
import dev.otelpresets.core.OtelPresets;
import dev.otelpresets.core.Tenant;
import dev.otelpresets.core.config.ConfigException;
import dev.otelpresets.testkit.GenAiScenarios;
import dev.otelpresets.testkit.HostileGrpcEndpoint;
import dev.otelpresets.testkit.LogCapture;
import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.ReceivedRequest;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a hostile or careless backend, or a careless credential, can do to an export, with the real
 * presets over real OTLP: a redirect is never followed (over HTTP and gRPC) and counts as failed, a
 * body that echoes the request or forges log lines reaches no log, a key with a trailing newline is
 * delivered trimmed, one with a line break inside fails at load naming the setting, and a tenant's
 * bad value is refused in one line without it.
 */
class HostileBackendsTest {
  private static final String LF_SECRET = "sk-lf-HOSTILE-8c1e";
  private static final String ARIZE_KEY = "arize-HOSTILE-KEY-4b2d";
  private static final Duration WAIT = Duration.ofSeconds(15);

  private static GenAiTelemetry start(String callbacks, Map<String, String> env, String yaml) {
    Map<String, String> all = new HashMap<>(env);
    all.putIfAbsent("OTEL_METRICS_EXPORTER", "none");
    all.putIfAbsent("OTEL_LOGS_EXPORTER", "none");
    return OtelPresets.builder()
        .configYaml(
            "callbacks: ["
                + callbacks
                + "]\nsettings:\n  shutdown_hook: false\n"
                + "  schedule_delay_ms: 50\n"
                + yaml)
        .environment(all)
        .publishGlobal(false)
        .build();
  }

  private static Map<String, String> langfuse(OtlpReceiver r) {
    return Map.of(
        "LANGFUSE_HOST",
        r.baseUrl(),
        "LANGFUSE_PUBLIC_KEY",
        "pk-lf-hostile",
        "LANGFUSE_SECRET_KEY",
        LF_SECRET);
  }

  private static Map<String, String> arizeGrpc(String endpoint) {
    return Map.of(
        "ARIZE_SPACE_ID", "space-hostile", "ARIZE_API_KEY", ARIZE_KEY, "ARIZE_ENDPOINT", endpoint);
  }

  private static String basic(String user, String secret) {
    return Base64.getEncoder()
        .encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  /** Waits until the owner's exporter counted {@code atLeast} failed spans. */
  private static ExportStats awaitFailed(GenAiTelemetry t, String owner, long atLeast) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    ExportStats s;
    do {
      t.forceFlush(Duration.ofSeconds(2));
      s = t.exportStats().stream().filter(x -> x.owner().equals(owner)).findFirst().orElseThrow();
      if (s.failedSpans() >= atLeast) {
        return s;
      }
      Thread.onSpinWait();
    } while (System.nanoTime() < deadline);
    throw new AssertionError(owner + " never counted " + atLeast + " failed span(s): " + s);
  }

  /** One request bound to {@code tenant}: a server span with one LLM call under it. */
  private static void recordAs(GenAiTelemetry t, Tenant tenant) {
    Span server = t.openTelemetry().getTracer("test").spanBuilder("request").startSpan();
    try (Scope ignored = server.makeCurrent()) {
      t.bindTenant(tenant);
      LlmCall call = t.startCall(GenAiScenarios.request().build());
      call.end(GenAiScenarios.response().build());
    } finally {
      server.end();
    }
  }

  private static void assertNoSecret(String text, String... secrets) {
    for (String secret : secrets) {
      assertFalse(text.contains(secret), secret + " in:\n" + text);
    }
  }

  @ParameterizedTest(name = "{0} over OTLP/HTTP")
  @ValueSource(ints = {302, 307, 308})
  void anHttpRedirectIsNotFollowedAndTheSpansCountAsFailed(int status) {
    try (LogCapture log = new LogCapture();
        OtlpReceiver target = OtlpReceiver.start("redirect target");
        OtlpReceiver langfuse = OtlpReceiver.start("langfuse receiver")) {
      langfuse.redirectTo(status, target.baseUrl() + "/api/public/otel/v1/traces");
      try (GenAiTelemetry t = start("langfuse", langfuse(langfuse), "")) {
        new GenAiScenarios(t).plainChat();
        ExportStats stats = awaitFailed(t, "langfuse", 1);
        assertEquals(0, stats.exportedSpans(), stats.toString());
        assertTrue(
            stats
                .lastFailure()
                .startsWith(status + " from langfuse: redirects are not" + " followed"),
            stats.lastFailure());
      }
      assertFalse(langfuse.requests().isEmpty(), "the exporter never reached the backend");
      assertEquals(List.of(), target.requests(), "the redirect target received a request");
      assertTrue(
          log.text().contains(status + " from langfuse: redirects are not followed"), log.text());
      assertNoSecret(log.text(), LF_SECRET, basic("pk-lf-hostile", LF_SECRET));
    }
  }

  @ParameterizedTest(name = "{0} over OTLP/gRPC")
  @ValueSource(ints = {302, 307, 308})
  void aGrpcRedirectIsNotFollowedAndTheSpansCountAsFailed(int status) {
    try (LogCapture log = new LogCapture();
        OtlpReceiver target = OtlpReceiver.startWithGrpc("redirect target");
        HostileGrpcEndpoint arize =
            HostileGrpcEndpoint.redirecting("arize", status, target.grpcEndpoint())) {
      try (GenAiTelemetry t = start("arize", arizeGrpc(arize.endpoint()), "")) {
        new GenAiScenarios(t).plainChat();
        ExportStats stats = awaitFailed(t, "arize", 1);
        assertEquals(0, stats.exportedSpans(), stats.toString());
        assertTrue(
            stats.lastFailure().startsWith(status + " from arize: redirects are not" + " followed"),
            stats.lastFailure());
      }
      ReceivedRequest sent = arize.requests().get(0);
      assertEquals(ARIZE_KEY, sent.header("api_key"), "the exporter reached the endpoint");
      assertEquals(List.of(), target.requests(), "the redirect target received a request");
      assertNoSecret(log.text(), ARIZE_KEY);
    }
  }

  @Test
  void aGrpcConnectionResetIsAFailureThatLeaksNothing() {
    try (LogCapture log = new LogCapture();
        HostileGrpcEndpoint arize = HostileGrpcEndpoint.resetting("arize")) {
      try (GenAiTelemetry t = start("arize", arizeGrpc(arize.endpoint()), "")) {
        new GenAiScenarios(t).plainChat();
        ExportStats stats = awaitFailed(t, "arize", 1);
        assertEquals(0, stats.exportedSpans(), stats.toString());
      }
      assertFalse(arize.requests().isEmpty());
      assertNoSecret(log.text(), ARIZE_KEY);
    }
  }

  @Test
  void aGrpcRejectionEchoingTheMetadataReachesNoLog() {
    try (LogCapture log = new LogCapture();
        OtlpReceiver arize = OtlpReceiver.startWithGrpc("arize receiver")) {
      arize.respondEchoingHeaders(401);
      try (GenAiTelemetry t = start("arize", arizeGrpc(arize.grpcEndpoint()), "")) {
        new GenAiScenarios(t).plainChat();
        ExportStats stats = awaitFailed(t, "arize", 1);
        assertEquals("gRPC UNAUTHENTICATED from arize: credentials rejected", stats.lastFailure());
      }
      assertEquals(ARIZE_KEY, arize.requests().get(0).header("api_key"));
      assertTrue(
          log.text().contains("gRPC UNAUTHENTICATED from arize: credentials rejected"), log.text());
      assertNoSecret(log.text(), ARIZE_KEY, "space-hostile");
    }
  }

  @Test
  void aRejectionBodyCannotForgeOurLogLines() {
    try (LogCapture log = new LogCapture();
        OtlpReceiver langfuse = OtlpReceiver.start("langfuse receiver")) {
      langfuse.respondWithBody(
          500, "oops\n[WARN] otel-presets: FORGED by the backend\r\n[main] INFO FORGED too");
      try (GenAiTelemetry t = start("langfuse", langfuse(langfuse), "")) {
        new GenAiScenarios(t).plainChat();
        awaitFailed(t, "langfuse", 1);
      }
      assertTrue(log.text().contains("500 from langfuse: backend error"), log.text());
      assertFalse(log.text().contains("FORGED"), log.text());
    }
  }

  @Test
  void aKeyWithATrailingNewlineFromTheEnvironmentIsDeliveredTrimmed() {
    try (OtlpReceiver langfuse = OtlpReceiver.start("langfuse receiver")) {
      Map<String, String> env = new HashMap<>(langfuse(langfuse));
      env.put("LANGFUSE_PUBLIC_KEY", "pk-lf-hostile\n");
      env.put("LANGFUSE_SECRET_KEY", LF_SECRET + "\r\n");
      try (GenAiTelemetry t = start("langfuse", env, "")) {
        new GenAiScenarios(t).plainChat();
        t.forceFlush(WAIT);
        langfuse.awaitSpans(2, WAIT);
        ExportStats stats = t.exportStats().get(0);
        assertEquals(0, stats.failedSpans(), stats.toString());
      }
      assertEquals(
          "Basic " + basic("pk-lf-hostile", LF_SECRET),
          langfuse.requests().get(0).header("authorization"));
    }
  }

  @Test
  void aKeyWithALineBreakInsideFailsAtLoadNamingTheSettingNotTheValue() {
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "LANGFUSE_HOST",
                "http://127.0.0.1:9",
                "LANGFUSE_PUBLIC_KEY",
                "pk-lf-hostile",
                "LANGFUSE_SECRET_KEY",
                "sk-lf-FIRST-half\nsk-lf-SECOND-half"));
    ConfigException e = assertThrows(ConfigException.class, () -> start("langfuse", env, ""));
    assertTrue(e.getMessage().contains("presets.langfuse.secret_key"), e.getMessage());
    assertTrue(e.getMessage().contains("LANGFUSE_SECRET_KEY"), e.getMessage());
    assertTrue(e.getMessage().contains("line break"), e.getMessage());
    assertNoSecret(e.getMessage(), "FIRST-half", "SECOND-half");
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }

  @Test
  void aTenantCredentialWithALineBreakOrNonAsciiIsRefusedInOneLineWithoutTheValue() {
    try (LogCapture log = new LogCapture();
        OtlpReceiver langfuse = OtlpReceiver.start("langfuse receiver")) {
      try (GenAiTelemetry t = start("langfuse", langfuse(langfuse), "")) {
        Map<String, String> badSecrets =
            Map.of(
                "team-crlf",
                "TENANT-LF-SECRET-aa\r\nX-Forged: 1",
                "team-accent",
                "TENANT-LF-SECRET-\u00e9");
        for (Map.Entry<String, String> team : badSecrets.entrySet()) {
          recordAs(
              t,
              Tenant.of(
                  team.getKey(),
                  Map.of(
                      "langfuse",
                      Map.of(
                          "langfuse_public_key",
                          "pk-team",
                          "langfuse_secret_key",
                          team.getValue()))));
        }
        t.forceFlush(WAIT);
        // the refused tenant's spans ride the operator's static exporter, as for an incomplete set
        langfuse.awaitSpans(4, WAIT);
      }
      for (ReceivedRequest r : langfuse.requests()) {
        assertEquals("Basic " + basic("pk-lf-hostile", LF_SECRET), r.header("authorization"));
      }
      String text = log.text();
      assertTrue(
          text.contains(
              "tenant 'team-crlf': credentials for 'langfuse' refused: tenant"
                  + " credential 'langfuse_secret_key' contains a line break"),
          text);
      assertTrue(
          text.contains(
              "tenant 'team-accent': credentials for 'langfuse' refused: tenant"
                  + " credential 'langfuse_secret_key' contains a non-ASCII"),
          text);
      assertNoSecret(text, "TENANT-LF-SECRET", "X-Forged");
    }
  }

  @Test
  void aTenantHostSpelledInCapitalsIsUsed() {
    try (OtlpReceiver langfuse = OtlpReceiver.start("langfuse receiver");
        OtlpReceiver tenantHost = OtlpReceiver.start("tenant's langfuse")) {
      try (GenAiTelemetry t =
          start(
              "langfuse",
              langfuse(langfuse),
              "tenants:\n  allowed_hosts: ['127.0.0.1:"
                  + URI.create(tenantHost.baseUrl()).getPort()
                  + "']\n")) {
        recordAs(
            t,
            Tenant.of(
                "team-caps",
                Map.of(
                    "langfuse",
                    Map.of(
                        "langfuse_public_key",
                        "pk-team-caps",
                        "langfuse_secret_key",
                        "sk-team-caps",
                        "langfuse_host",
                        tenantHost.baseUrl().replace("http://", "HTTP://")))));
        t.forceFlush(WAIT);
        tenantHost.awaitSpans(2, WAIT);
      }
      assertEquals(
          "Basic " + basic("pk-team-caps", "sk-team-caps"),
          tenantHost.requests().get(0).header("authorization"));
      assertEquals(List.of(), langfuse.spans(), "the tenant's spans went to the static host");
    }
  }
}
