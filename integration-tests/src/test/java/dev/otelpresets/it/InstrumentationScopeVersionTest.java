package dev.otelpresets.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.OtelPresets;
import dev.otelpresets.testkit.GenAiScenarios;
import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.ReceivedMetric;
import dev.otelpresets.testkit.ReceivedSpan;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code dev.otelpresets} tracer and meter carry the project's version (the one {@code
 * otel-presets --version} prints), so a backend can tell releases apart: at a preset's backend,
 * at the collector, and on the GenAI metrics.
 */
class InstrumentationScopeVersionTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  /** The pom's {@code project.version}, handed to the tests by surefire. */
  static String projectVersion() {
    String v = System.getProperty("otelpresets.test.projectVersion");
    assertNotNull(
        v,
        "run through Maven: surefire sets otelpresets.test.projectVersion from the"
            + " pom's project.version");
    assertFalse(v.isBlank() || v.contains("${"), v);
    return v;
  }

  @Test
  void spansAtEveryBackendAndTheMetricsCarryTheProjectVersion() {
    String version = projectVersion();
    assertEquals(version, OtelPresets.version());
    try (OtlpReceiver langfuse = OtlpReceiver.start("langfuse");
        OtlpReceiver collector = OtlpReceiver.start("collector");
        GenAiTelemetry telemetry =
            OtelPresets.builder()
                .configYaml("callbacks: [langfuse, otel]\nsettings:\n  shutdown_hook: false\n")
                .environment(
                    Map.of(
                        "LANGFUSE_HOST",
                        langfuse.baseUrl(),
                        "LANGFUSE_PUBLIC_KEY",
                        "pk-lf-scope",
                        "LANGFUSE_SECRET_KEY",
                        "sk-lf-scope",
                        "OTEL_EXPORTER_OTLP_ENDPOINT",
                        collector.baseUrl(),
                        "OTEL_EXPORTER_OTLP_PROTOCOL",
                        "http/protobuf",
                        "OTEL_LOGS_EXPORTER",
                        "none"))
                .publishGlobal(false)
                .build()) {
      GenAiScenarios.Recorded call = new GenAiScenarios(telemetry).plainChat();
      telemetry.forceFlush();
      for (OtlpReceiver r : List.of(langfuse, collector)) {
        ReceivedSpan llm = r.awaitSpans(s -> s.spanId().equals(call.llmSpanId()), 1, WAIT).get(0);
        InstrumentationScope scope = llm.scope();
        assertEquals("dev.otelpresets", scope.getName(), r.name());
        assertEquals(version, scope.getVersion(), r.name() + ": scope version of the LLM span");
      }
      List<ReceivedMetric> metrics =
          collector.awaitMetric("gen_ai.client.operation.duration", WAIT);
      InstrumentationScope meter = metrics.get(0).scope();
      assertEquals("dev.otelpresets", meter.getName());
      assertEquals(version, meter.getVersion(), "scope version of the GenAI metrics");
    }
  }
}
