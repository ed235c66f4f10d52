package dev.otelpresets.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.ExportStats;
import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.LlmCall;
import dev.otelpresets.core.OtelPresets;
import dev.otelpresets.core.Tenant;
import dev.otelpresets.testkit.GenAiScenarios;
import dev.otelpresets.testkit.LogCapture;
import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.ReceivedMetric;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * close() flushes everything queued: with live backends no span and no metric point is lost; with
 * a hanging one, every span is accounted for.
 */
class GracefulShutdownTest {
  private static final int CALLS = 10_000;

  @Test
  void closeDeliversEverySpanAndEveryMetricPointOfTenThousandCalls() {
    try (OtlpReceiver x = OtlpReceiver.start("x receiver");
        OtlpReceiver otel = OtlpReceiver.start("otel receiver")) {
      GenAiTelemetry t =
          OtelPresets.builder()
              .configYaml(
                  "callbacks: [x, otel]\nsettings:\n  shutdown_hook: false\n"
                      + "  max_queue_size: 32768\n")
              .environment(
                  Map.of(
                      "X_ENDPOINT",
                      x.baseUrl(),
                      "X_TOKEN",
                      "t",
                      "OTEL_EXPORTER_OTLP_ENDPOINT",
                      otel.baseUrl(),
                      "OTEL_EXPORTER_OTLP_PROTOCOL",
                      "http/protobuf",
                      "OTEL_BSP_MAX_QUEUE_SIZE",
                      "32768",
                      // only the final flush at close() exports metrics
                      "OTEL_METRIC_EXPORT_INTERVAL",
                      "3600000",
                      "OTEL_LOGS_EXPORTER",
                      "none"))
              .publishGlobal(false)
              .build();
      for (int i = 0; i < CALLS; i++) {
        LlmCall call = t.startCall(GenAiScenarios.request().build());
        call.end(GenAiScenarios.response().build());
      }
      t.close(); // no forceFlush: close alone must deliver everything

      for (OtlpReceiver r : List.of(x, otel)) {
        Set<String> ids = new HashSet<>();
        r.spans().forEach(s -> ids.add(s.spanId()));
        assertEquals(CALLS, r.spans().size(), r.name() + " spans after close");
        assertEquals(CALLS, ids.size(), r.name() + " distinct spans");
      }
      // what close() returned after is what exportStats() reports: the last batch included
      for (dev.otelpresets.core.ExportStats stats : t.exportStats()) {
        assertEquals(CALLS, stats.exportedSpans(), stats.toString());
        assertEquals(0, stats.droppedSpans(), stats.toString());
      }
      List<ReceivedMetric> durations =
          otel.awaitMetric("gen_ai.client.operation.duration", Duration.ofSeconds(5));
      long calls =
          durations.stream()
              .flatMap(m -> m.proto().getHistogram().getDataPointsList().stream())
              .mapToLong(HistogramDataPoint::getCount)
              .sum();
      assertEquals(CALLS, calls, "duration points");
      long tokens =
          otel.metrics().stream()
              .filter(m -> m.name().equals("gen_ai.client.token.usage"))
              .flatMap(m -> m.proto().getHistogram().getDataPointsList().stream())
              .mapToLong(HistogramDataPoint::getCount)
              .sum();
      assertEquals(2L * CALLS, tokens, "token usage points (input and output per call)");
    }
  }

  /**
   * A hanging backend and a failing tenant at close(): for each backend, exported + failed +
   * dropped + abandoned = the spans it was handed, and what it reports as exported is what its
   * receivers got. x's operator exports hang past the 10 s shutdown limit (its first batch in
   * flight, its queue full behind it, the rest dropped), one tenant's transport throws, another
   * tenant's own backend answers; the otel collector is healthy throughout.
   */
  @Test
  void atCloseEveryBackendAccountsForEverySpanItWasHanded() {
    int requests = 600;
    int spans = 2 * requests;
    try (LogCapture logs = new LogCapture();
        OtlpReceiver hanging = OtlpReceiver.start("x receiver, hanging");
        OtlpReceiver tenantOwn = OtlpReceiver.start("team-ok's own x receiver");
        OtlpReceiver otel = OtlpReceiver.start("otel receiver")) {
      hanging.delayResponses(Duration.ofSeconds(60));
      GenAiTelemetry t =
          OtelPresets.builder()
              .configYaml(
                  "callbacks: [x, otel]\nsettings:\n  shutdown_hook: false\n"
                      + "  max_queue_size: 256\n  max_export_batch_size: 100\n"
                      + "  schedule_delay_ms: 5000\n"
                      + "tenants:\n  allowed_hosts: [\"127.0.0.1:"
                      + tenantOwn.port()
                      + "\"]\n")
              .environment(
                  Map.of(
                      "X_ENDPOINT",
                      hanging.baseUrl(),
                      "X_TOKEN",
                      "t",
                      "X_TIMEOUT_MS",
                      "60000",
                      "OTEL_EXPORTER_OTLP_ENDPOINT",
                      otel.baseUrl(),
                      "OTEL_EXPORTER_OTLP_PROTOCOL",
                      "http/protobuf",
                      "OTEL_METRICS_EXPORTER",
                      "none",
                      "OTEL_LOGS_EXPORTER",
                      "none"))
              .publishGlobal(false)
              .build();
      Tenant ok =
          Tenant.of(
              "team-ok", Map.of("x", Map.of("x_token", "ok-token", "x_host", tenantOwn.baseUrl())));
      Tenant failing =
          Tenant.of(
              "team-failing", Map.of("x", Map.of("x_token", "failing-token", "x_fault", "export")));
      for (int i = 0; i < requests; i++) {
        TenantRequests.request(t, i % 3 == 0 ? ok : i % 3 == 1 ? failing : null);
      }
      long start = System.nanoTime();
      t.close();
      long closeMillis = (System.nanoTime() - start) / 1_000_000;

      ExportStats x = statsOf(t, "x");
      ExportStats collector = statsOf(t, "otel");
      System.out.printf("close() took %d ms; %s; %s%n", closeMillis, x, collector);
      assertEquals(
          spans,
          x.exportedSpans() + x.failedSpans() + x.droppedSpans() + x.abandonedSpans(),
          x.toString());
      // the first batch: team-ok's part delivered, team-failing's failed, the operator's hangs
      assertTrue(
          x.exportedSpans() > 0
              && x.failedSpans() > 0
              && x.droppedSpans() > 0
              && x.abandonedSpans() > 0,
          "each outcome happened: " + x);
      assertEquals(
          tenantOwn.spans().size(),
          x.exportedSpans(),
          "x's exported spans are team-ok's, delivered from the batch the operator's hung in");
      assertEquals(
          spans,
          collector.exportedSpans()
              + collector.failedSpans()
              + collector.droppedSpans()
              + collector.abandonedSpans(),
          collector.toString());
      assertEquals(otel.spans().size(), collector.exportedSpans(), collector.toString());
      assertEquals(0, collector.abandonedSpans(), "the healthy collector finished in time");
      assertEquals(x, statsOf(t, "x"), "the numbers are final after close()");
      assertTrue(closeMillis < 20_000, "close() waited " + closeMillis + " ms");
      String text = logs.text();
      assertTrue(
          text.contains(x.abandonedSpans() + " span(s) for 'x' abandoned at shutdown"), text);
      assertFalse(text.contains("for 'otel' abandoned"), text);
    }
  }

  private static ExportStats statsOf(GenAiTelemetry t, String owner) {
    return t.exportStats().stream().filter(s -> s.owner().equals(owner)).findFirst().orElseThrow();
  }
}
