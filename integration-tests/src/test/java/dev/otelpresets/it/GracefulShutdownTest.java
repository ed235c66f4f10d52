package dev.otelpresets.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.LlmCall;
import dev.otelpresets.core.OtelPresets;
import dev.otelpresets.testkit.GenAiScenarios;
import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.ReceivedMetric;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** close() flushes everything queued: with live backends no span and no metric point is lost. */
class GracefulShutdownTest {
  private static final int CALLS = 10_000;

  @Test
  void closeDeliversEverySpanAndEveryMetricPointOfTenThousandCalls() {
    try (OtlpReceiver x = OtlpReceiver.start("x receiver");
        OtlpReceiver otel = OtlpReceiver.start("otel receiver")) {
      GenAiTelemetry t = OtelPresets.builder()
          .configYaml("callbacks: [x, otel]\nsettings:\n  shutdown_hook: false\n"
              + "  max_queue_size: 32768\n")
          .environment(Map.of("X_ENDPOINT", x.baseUrl(), "X_TOKEN", "t",
              "OTEL_EXPORTER_OTLP_ENDPOINT", otel.baseUrl(),
              "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
              "OTEL_BSP_MAX_QUEUE_SIZE", "32768",
              // only the final flush at close() exports metrics
              "OTEL_METRIC_EXPORT_INTERVAL", "3600000",
              "OTEL_LOGS_EXPORTER", "none"))
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
      long calls = durations.stream().flatMap(m -> m.proto().getHistogram().getDataPointsList()
          .stream()).mapToLong(HistogramDataPoint::getCount).sum();
      assertEquals(CALLS, calls, "duration points");
      long tokens = otel.metrics().stream()
          .filter(m -> m.name().equals("gen_ai.client.token.usage"))
          .flatMap(m -> m.proto().getHistogram().getDataPointsList().stream())
          .mapToLong(HistogramDataPoint::getCount).sum();
      assertEquals(2L * CALLS, tokens, "token usage points (input and output per call)");
    }
  }
}
