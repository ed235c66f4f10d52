package dev.otelpresets.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OtlpReceiverMetricsTest {

  private final OtlpReceiver receiver = OtlpReceiver.start("metrics test receiver");

  @AfterEach
  void closeReceiver() {
    receiver.close();
  }

  @Test
  void recordsMetricsFromTheRealHttpExporterAtABackendSpecificPath() {
    OtlpHttpMetricExporter exporter =
        OtlpHttpMetricExporter.builder()
            .setEndpoint(receiver.baseUrl() + "/api/v1/otlp/v1/metrics")
            .build();
    // a long interval: only forceFlush exports, so the test decides when data is sent
    try (SdkMeterProvider provider =
        SdkMeterProvider.builder()
            .setResource(TestSpans.RESOURCE)
            .registerMetricReader(
                PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build())
            .build()) {
      provider
          .get("dev.otelpresets.testkit.test")
          .counterBuilder("gen_ai.requests")
          .build()
          .add(3, Attributes.of(AttributeKey.stringKey("gen_ai.system"), "openai"));
      assertTrue(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess());
    }

    List<ReceivedMetric> metrics = receiver.awaitMetric("gen_ai.requests", Duration.ofSeconds(10));

    ReceivedMetric metric = metrics.get(0);
    assertEquals("gen_ai.requests", metric.name());
    NumberDataPoint point = metric.proto().getSum().getDataPoints(0);
    assertEquals(3, point.getAsInt());
    assertEquals("openai", point.getAttributes(0).getValue().getStringValue());
    assertEquals("testkit-test", metric.resourceAttributes().get("service.name"));
    assertEquals("/api/v1/otlp/v1/metrics", metric.request().path());
    assertTrue(metric.request().metrics().isPresent());
    assertTrue(receiver.spans().isEmpty());
  }

  @Test
  void awaitMetricTimeoutNamesTheMissingMetric() {
    AssertionError error =
        assertThrows(
            AssertionError.class, () -> receiver.awaitMetric("never.sent", Duration.ofMillis(50)));

    assertTrue(error.getMessage().contains("never.sent"), error.getMessage());
    assertTrue(error.getMessage().contains("0 metrics arrived"), error.getMessage());
  }
}
