package dev.otelpresets.it;

import static dev.otelpresets.it.TenantRequests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.ExportStats;
import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.Tenant;
import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.ReceivedRequest;
import dev.otelpresets.testkit.ReceivedSpan;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One tenant's bad value or failing backend costs only that tenant's spans at that backend: the
 * operator's and the other tenants' spans of the same batch are delivered and counted as
 * exported, the tenant's are counted as failed and said in one line, in words, without values and
 * without a stack trace. The spans of all tenants and the operator are exported in ONE batch
 * (schedule delay of a minute, then one flush), so the old all-or-nothing batch would show.
 */
class TenantIsolationTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String STATIC_TOKEN = "static-operator-token-5c1e";

  private final XAndCollector fixture = new XAndCollector(STATIC_TOKEN);

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  private GenAiTelemetry start(String yaml, Map<String, String> env) {
    return fixture.start("  schedule_delay_ms: 60000\n" + yaml, env);
  }

  private static Tenant tenant(String id, Map<String, String> x) {
    return Tenant.of(id, Map.of("x", x));
  }

  private static ExportStats statsOf(GenAiTelemetry t, String owner) {
    return t.exportStats().stream().filter(s -> s.owner().equals(owner)).findFirst().orElseThrow();
  }

  private static Set<String> traces(List<ReceivedSpan> spans) {
    Set<String> out = new HashSet<>();
    spans.forEach(s -> out.add(s.traceId()));
    return out;
  }

  /** The log has the line, and no stack trace, exception message or secret anywhere. */
  private void assertOneLineInWords(String expected, String... secrets) {
    String text = fixture.logs.text();
    assertEquals(
        1,
        text.lines().filter(l -> l.contains(expected)).count(),
        "one line saying <" + expected + "> in:\n" + text);
    assertFalse(text.contains("\tat "), "a stack trace reached the log:\n" + text);
    assertFalse(text.contains("Unexpected char"), "the exception's message reached the log");
    for (String secret : secrets) {
      assertFalse(text.contains(secret), "a secret reached the log");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"build", "export"})
  void aTenantWhoseTransportThrowsCostsOnlyItsOwnSpans(String fault) {
    String[] operator;
    String[] good;
    try (GenAiTelemetry t = start("", Map.of())) {
      operator = request(t, null);
      good = request(t, tenant("team-good", Map.of("x_token", "good-tenant-token-77e2")));
      request(t, tenant("team-bad", Map.of("x_token", "bad-tenant-token-93fa", "x_fault", fault)));
      assertTrue(t.forceFlush(WAIT));

      assertEquals(Set.of(operator[0], good[0]), traces(fixture.x.awaitSpans(4, WAIT)));
      for (ReceivedRequest req : fixture.x.requests()) {
        assertFalse(req.headers().toString().contains("bad-tenant-token"));
      }
      assertEquals(6, fixture.otel.awaitSpans(6, WAIT).size(), "the collector gets every span");
      ExportStats stats = statsOf(t, "x");
      assertEquals(4, stats.exportedSpans(), stats.toString());
      assertEquals(2, stats.failedSpans(), stats.toString());
      String failure =
          fault.equals("build")
              ? "the 'x' exporter for tenant 'team-bad' could not be built (IllegalArgumentException)"
              : "export to x threw IllegalArgumentException (tenant 'team-bad')";
      assertEquals(failure, stats.lastFailure());
      ExportStats collector = statsOf(t, "otel");
      assertEquals(6, collector.exportedSpans(), collector.toString());
      assertEquals(0, collector.failedSpans(), collector.toString());
      assertOneLineInWords(
          failure + "; 2 span(s) not delivered to 'x' so far",
          "bad-tenant-token-93fa",
          STATIC_TOKEN);
    }
  }

  @Test
  void theOperatorsTransportThrowingCostsTheTenantsNothing() {
    String[] good;
    try (GenAiTelemetry t = start("", Map.of("X_FAULT", "export"))) {
      request(t, null);
      good = request(t, tenant("team-good", Map.of("x_token", "good-tenant-token-77e2")));
      request(t, null);
      assertTrue(t.forceFlush(WAIT));

      List<ReceivedSpan> spans = fixture.x.awaitSpans(2, WAIT);
      assertEquals(Set.of(good[0]), traces(spans));
      spans.forEach(
          s -> assertEquals("Bearer good-tenant-token-77e2", s.request().header("authorization")));
      ExportStats stats = statsOf(t, "x");
      assertEquals(2, stats.exportedSpans(), stats.toString());
      assertEquals(4, stats.failedSpans(), stats.toString());
      assertEquals("export to x threw IllegalArgumentException", stats.lastFailure());
      assertOneLineInWords(
          "export to x threw IllegalArgumentException; 4 span(s) not delivered",
          STATIC_TOKEN,
          "good-tenant-token-77e2");
    }
  }

  @Test
  void aMixedBatchIsCountedPerSubExportWhenOneTenantsBackendRejectsIt() {
    try (OtlpReceiver rejecting = OtlpReceiver.start("tenant's rejecting receiver")) {
      rejecting.respondWith(401);
      String[] operator;
      String[] rejected;
      try (GenAiTelemetry t =
          start(
              "tenants:\n  allowed_hosts: [\"127.0.0.1:" + rejecting.port() + "\"]\n", Map.of())) {
        operator = request(t, null);
        rejected =
            request(
                t,
                tenant(
                    "team-rejected",
                    Map.of(
                        "x_token", "rejected-tenant-token-1b0d", "x_host", rejecting.baseUrl())));
        request(t, null);
        assertTrue(t.forceFlush(WAIT));

        assertEquals(4, fixture.x.awaitSpans(4, WAIT).size());
        assertFalse(traces(fixture.x.spans()).contains(rejected[0]));
        assertTrue(traces(fixture.x.spans()).contains(operator[0]));
        assertEquals(1, rejecting.requests().size(), "the tenant's backend was asked once");
        assertEquals(
            "Bearer rejected-tenant-token-1b0d",
            rejecting.requests().get(0).header("authorization"));
        ExportStats stats = statsOf(t, "x");
        assertEquals(4, stats.exportedSpans(), "the operator's delivered spans: " + stats);
        assertEquals(2, stats.failedSpans(), "the tenant's rejected spans: " + stats);
        assertEquals(
            "401 from x: credentials rejected (tenant 'team-rejected')", stats.lastFailure());
      }
      assertOneLineInWords(
          "401 from x: credentials rejected (tenant 'team-rejected')",
          "rejected-tenant-token-1b0d",
          STATIC_TOKEN);
    }
  }
}
