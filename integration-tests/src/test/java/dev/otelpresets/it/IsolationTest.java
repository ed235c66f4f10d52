package dev.otelpresets.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.OtelPresets;
import dev.otelpresets.testkit.GenAiScenarios;
import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.ReceivedSpan;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Isolation: a dead or failing backend delays and drops nothing of another backend's. */
class IsolationTest {
  private static final int CALLS = 50;

  @Test
  void aDeadBackendCostsTheOtherBackendsNothing() throws Exception {
    int deadPort;
    try (ServerSocket s = new ServerSocket(0)) {
      deadPort = s.getLocalPort(); // closed again: connections are refused
    }
    try (OtlpReceiver otel = OtlpReceiver.start("otel receiver");
        GenAiTelemetry telemetry =
            OtelPresets.builder()
                .configYaml(
                    "callbacks: [x, otel]\nsettings:\n  shutdown_hook: false\n  export_timeout_ms: 1500\n"
                        + "  schedule_delay_ms: 100\n")
                .environment(
                    Map.of(
                        "X_ENDPOINT",
                        "http://127.0.0.1:" + deadPort,
                        "X_TOKEN",
                        "t",
                        "OTEL_EXPORTER_OTLP_ENDPOINT",
                        otel.baseUrl(),
                        "OTEL_EXPORTER_OTLP_PROTOCOL",
                        "http/protobuf",
                        "OTEL_METRICS_EXPORTER",
                        "none",
                        "OTEL_LOGS_EXPORTER",
                        "none"))
                .publishGlobal(false)
                .build()) {
      GenAiScenarios scenarios = new GenAiScenarios(telemetry);
      Set<String> llmSpanIds = new HashSet<>();
      for (int i = 0; i < CALLS; i++) {
        llmSpanIds.add(scenarios.streamedChat().llmSpanId());
      }
      // no flush: the collector's own export thread delivers while x's keeps failing
      List<ReceivedSpan> spans = otel.awaitSpans(2 * CALLS, Duration.ofSeconds(20));
      assertEquals(2 * CALLS, spans.size());
      Set<String> received = new HashSet<>();
      spans.forEach(s -> received.add(s.spanId()));
      assertEquals(true, received.containsAll(llmSpanIds));
    }
  }

  @Test
  void aFailingBackendDoesNotStopTheOthers() {
    try (OtlpReceiver x = OtlpReceiver.start("x receiver");
        OtlpReceiver otel = OtlpReceiver.start("otel receiver")) {
      x.respondWith(503);
      try (GenAiTelemetry telemetry =
          OtelPresets.builder()
              .configYaml(
                  "callbacks: [x, otel]\nsettings:\n  shutdown_hook: false\n  export_timeout_ms: 1500\n")
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
                      "OTEL_METRICS_EXPORTER",
                      "none",
                      "OTEL_LOGS_EXPORTER",
                      "none"))
              .publishGlobal(false)
              .build()) {
        GenAiScenarios scenarios = new GenAiScenarios(telemetry);
        for (int i = 0; i < 10; i++) {
          scenarios.plainChat();
        }
        telemetry.forceFlush(Duration.ofSeconds(1)); // x may not finish (it retries); fine
        assertEquals(20, otel.awaitSpans(20, Duration.ofSeconds(15)).size());
      }
    }
  }
}
