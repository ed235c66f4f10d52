package dev.otelpresets.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.OtelPresets;
import dev.otelpresets.testkit.GenAiScenarios;
import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.ReceivedMetric;
import dev.otelpresets.testkit.ReceivedRequest;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Standard environment: the standard OTEL_* variables mean what they mean to the SDK's autoconfigure —
 * including the seed report's metrics-only setup that got no metrics from the reference.
 */
class StandardEnvironmentTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private OtlpReceiver receiver;

  @BeforeEach
  void setUp() {
    receiver = OtlpReceiver.start("prometheus-like receiver");
  }

  @AfterEach
  void tearDown() {
    receiver.close();
  }

  @Test
  void metricsOnlySetupSendsGenAiMetricsToTheConfiguredPathAndNoTraces() {
    String metricsUrl = receiver.baseUrl() + "/api/v1/otlp/v1/metrics";
    Map<String, String> env =
        Map.of(
            "OTEL_TRACES_EXPORTER", "none",
            "OTEL_LOGS_EXPORTER", "none",
            "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL", "http/protobuf",
            "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", metricsUrl,
            "OTEL_METRIC_EXPORT_INTERVAL", "1000",
            "OTEL_SERVICE_NAME", "metrics-only-gateway");
    try (GenAiTelemetry telemetry =
        OtelPresets.builder()
            .configYaml("callbacks: [otel]\nsettings:\n  shutdown_hook: false\n")
            .environment(env)
            .publishGlobal(false)
            .build()) {
      new GenAiScenarios(telemetry).plainChat();
      // no flush: the 1 s interval from OTEL_METRIC_EXPORT_INTERVAL must deliver on its own
      List<ReceivedMetric> duration =
          receiver.awaitMetric("gen_ai.client.operation.duration", WAIT);
      List<ReceivedMetric> usage = receiver.awaitMetric("gen_ai.client.token.usage", WAIT);

      ReceivedMetric d = duration.get(0);
      assertEquals("/api/v1/otlp/v1/metrics", d.request().path());
      assertEquals("metrics-only-gateway", d.resourceAttributes().get("service.name"));
      Metric dm = d.proto();
      assertEquals("s", dm.getUnit());
      HistogramDataPoint point = dm.getHistogram().getDataPoints(0);
      assertEquals(
          List.of(
              0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96,
              81.92),
          point.getExplicitBoundsList());
      Map<String, Object> attrs =
          dev.otelpresets.testkit.AnyValues.toMap(point.getAttributesList());
      assertEquals("chat", attrs.get("gen_ai.operation.name"));
      assertEquals("openai", attrs.get("gen_ai.provider.name"));
      assertEquals("gpt-4o", attrs.get("gen_ai.request.model"));
      assertEquals("gpt-4o-2024-08-06", attrs.get("gen_ai.response.model"));
      assertEquals("api.openai.com", attrs.get("server.address"));
      assertEquals(443L, attrs.get("server.port"));
      assertFalse(attrs.containsKey("user.id"), "metric attributes must stay bounded");
      assertFalse(attrs.containsKey("gen_ai.conversation.id"));

      Metric um = usage.get(0).proto();
      assertEquals("{token}", um.getUnit());
      Map<Object, Double> sumByType =
          um.getHistogram().getDataPointsList().stream()
              .collect(
                  Collectors.toMap(
                      p ->
                          dev.otelpresets.testkit.AnyValues.toMap(p.getAttributesList())
                              .get("gen_ai.token.type"),
                      HistogramDataPoint::getSum));
      assertEquals(Map.of("input", 42.0, "output", 17.0), sumByType);
    }
    for (ReceivedRequest r : receiver.requests()) {
      assertFalse(r.path().endsWith("/v1/traces"), "a trace request arrived: " + r);
      assertFalse(r.path().endsWith("/v1/logs"), "a log request arrived: " + r);
    }
    assertTrue(receiver.spans().isEmpty());
  }

  @Test
  void withoutTheOtelCallbackNoStandardExporterRunsEvenWhenTheEndpointIsSet() {
    try (OtlpReceiver x = OtlpReceiver.start("x receiver");
        GenAiTelemetry telemetry =
            OtelPresets.builder()
                .configYaml("callbacks: [x]\nsettings:\n  shutdown_hook: false\n")
                .environment(
                    Map.of(
                        "X_ENDPOINT",
                        x.baseUrl(),
                        "X_TOKEN",
                        "t",
                        "OTEL_EXPORTER_OTLP_ENDPOINT",
                        receiver.baseUrl(),
                        "OTEL_EXPORTER_OTLP_PROTOCOL",
                        "http/protobuf",
                        "OTEL_METRIC_EXPORT_INTERVAL",
                        "200"))
                .publishGlobal(false)
                .build()) {
      new GenAiScenarios(telemetry).plainChat();
      telemetry.forceFlush();
      assertEquals(2, x.awaitSpans(2, WAIT).size());
      telemetry.close();
      assertTrue(
          receiver.requests().isEmpty(),
          "nothing may reach OTEL_EXPORTER_OTLP_ENDPOINT without the otel callback: "
              + receiver.requests());
    }
  }

  @Test
  void tracesExporterNoneSilencesOnlyTheCollectorsTraces() {
    try (OtlpReceiver x = OtlpReceiver.start("x receiver");
        GenAiTelemetry telemetry =
            OtelPresets.builder()
                .configYaml("callbacks: [x, otel]\nsettings:\n  shutdown_hook: false\n")
                .environment(
                    Map.of(
                        "X_ENDPOINT",
                        x.baseUrl(),
                        "X_TOKEN",
                        "t",
                        "OTEL_EXPORTER_OTLP_ENDPOINT",
                        receiver.baseUrl(),
                        "OTEL_EXPORTER_OTLP_PROTOCOL",
                        "http/protobuf",
                        "OTEL_TRACES_EXPORTER",
                        "none",
                        "OTEL_LOGS_EXPORTER",
                        "none"))
                .publishGlobal(false)
                .build()) {
      new GenAiScenarios(telemetry).plainChat();
      telemetry.forceFlush();
      assertEquals(2, x.awaitSpans(2, WAIT).size(), "the preset still gets every span");
      receiver.awaitMetric("gen_ai.client.operation.duration", WAIT);
      assertTrue(receiver.spans().isEmpty(), "OTEL_TRACES_EXPORTER=none must mean no traces");
      assertEquals("/v1/metrics", receiver.requests().get(0).path());
    }
  }
}
