package dev.otelpresets.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.ExportStats;
import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.OtelPresets;
import dev.otelpresets.testkit.GenAiScenarios;
import dev.otelpresets.testkit.LogCapture;
import dev.otelpresets.testkit.OtlpReceiver;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Isolation: what is dropped is counted and reported, per backend, in words. */
class FaultReportingTest {

  private static ExportStats statsOf(GenAiTelemetry t, String owner) {
    return t.exportStats().stream().filter(s -> s.owner().equals(owner)).findFirst().orElseThrow();
  }

  @Test
  void rejectedCredentialsAreCountedAndLoggedInWordsNamingTheBackend() {
    try (LogCapture logs = new LogCapture();
        OtlpReceiver x = OtlpReceiver.start("x receiver")) {
      x.respondWith(401);
      try (GenAiTelemetry t =
          OtelPresets.builder()
              .configYaml("callbacks: [x]\nsettings:\n  shutdown_hook: false\n")
              .environment(Map.of("X_ENDPOINT", x.baseUrl(), "X_TOKEN", "rejected-token-123"))
              .publishGlobal(false)
              .build()) {
        new GenAiScenarios(t).plainChat();
        t.forceFlush(Duration.ofSeconds(10));
        ExportStats stats = statsOf(t, "x");
        assertEquals(2, stats.failedSpans(), stats.toString());
        assertEquals(0, stats.exportedSpans());
        assertEquals("401 from x: credentials rejected", stats.lastFailure());
      }
      String text = logs.text();
      assertTrue(text.contains("401 from x: credentials rejected"), text);
      assertTrue(!text.contains("rejected-token-123"), "the token reached the logs");
    }
  }

  @Test
  void aFullQueueDropsAreCountedPerBackendAndReported() {
    try (LogCapture logs = new LogCapture();
        OtlpReceiver slow = OtlpReceiver.start("slow x receiver")) {
      slow.delayResponses(Duration.ofMillis(1500));
      int calls = 300;
      try (GenAiTelemetry t =
          OtelPresets.builder()
              .configYaml(
                  "callbacks: [x]\nsettings:\n  shutdown_hook: false\n"
                      + "  max_queue_size: 16\n  max_export_batch_size: 8\n  schedule_delay_ms: 10\n")
              .environment(Map.of("X_ENDPOINT", slow.baseUrl(), "X_TOKEN", "t"))
              .publishGlobal(false)
              .build()) {
        GenAiScenarios s = new GenAiScenarios(t);
        for (int i = 0; i < calls; i++) {
          s.plainChat();
        }
        ExportStats stats = statsOf(t, "x");
        assertTrue(stats.droppedSpans() > 0, stats.toString());
        assertTrue(stats.droppedSpans() < 2 * calls, stats.toString());
        // the next completed export reports the drops
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!logs.text().contains("'x' dropped") && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
        assertTrue(logs.text().contains("'x' dropped"), logs.text());
        assertTrue(logs.text().contains("because its queue was full"));
      }
    }
  }

  @Test
  void theOtelCallbacksDropsAreCountedLikeEveryPresetsBehindTheFanOut() {
    try (OtlpReceiver slowX = OtlpReceiver.start("slow x receiver");
        OtlpReceiver slowCollector = OtlpReceiver.start("slow collector")) {
      slowX.delayResponses(Duration.ofMillis(1500));
      slowCollector.delayResponses(Duration.ofMillis(1500));
      int calls = 300;
      try (GenAiTelemetry t =
          OtelPresets.builder()
              .configYaml(
                  "callbacks: [x, otel]\nsettings:\n  shutdown_hook: false\n"
                      + "  max_queue_size: 16\n  max_export_batch_size: 8\n  schedule_delay_ms: 10\n")
              .environment(
                  Map.of(
                      "X_ENDPOINT",
                      slowX.baseUrl(),
                      "X_TOKEN",
                      "t",
                      "OTEL_EXPORTER_OTLP_ENDPOINT",
                      slowCollector.baseUrl(),
                      "OTEL_EXPORTER_OTLP_PROTOCOL",
                      "http/protobuf",
                      "OTEL_METRICS_EXPORTER",
                      "none",
                      "OTEL_LOGS_EXPORTER",
                      "none"))
              .publishGlobal(false)
              .build()) {
        GenAiScenarios s = new GenAiScenarios(t);
        for (int i = 0; i < calls; i++) {
          s.plainChat();
        }
        t.forceFlush(Duration.ofMillis(100)); // moves the hand-off queue on; exports stay slow
        for (String owner : new String[] {"x", "otel"}) {
          ExportStats stats = statsOf(t, owner);
          assertTrue(stats.droppedSpans() > 0, stats.toString());
          assertTrue(stats.droppedSpans() < 2 * calls, stats.toString());
        }
      }
      assertTrue(slowCollector.spans().size() > 0, "the otel exporter still exported");
    }
  }
}
