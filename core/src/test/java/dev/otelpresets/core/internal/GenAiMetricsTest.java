package dev.otelpresets.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.LlmRequest;
import dev.otelpresets.spi.GenAiAttributes;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.Collection;
import org.junit.jupiter.api.Test;

class GenAiMetricsTest {

  private static MetricData metric(Collection<MetricData> all, String name) {
    return all.stream().filter(m -> m.getName().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void aProviderWithoutReadersIsSkippedOneWithAReaderIsNot() {
    assertFalse(new GenAiMetrics(MeterProvider.noop().get("x")).enabled());
    assertFalse(new GenAiMetrics(SdkMeterProvider.builder().build().get("x")).enabled());
    SdkMeterProvider withReader =
        SdkMeterProvider.builder().registerMetricReader(InMemoryMetricReader.create()).build();
    assertTrue(new GenAiMetrics(withReader.get("x")).enabled());
  }

  @Test
  void cachedAttributeSetsStayBoundedAndEveryCallIsStillRecordedWithItsOwnAttributes() {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    // more series than the SDK's default limit of 2000 per metric would fold into overflow
    SdkMeterProvider provider =
        SdkMeterProvider.builder().registerMetricReader(reader, type -> 10_000).build();
    GenAiMetrics metrics = new GenAiMetrics(provider.get("x"));
    int models = GenAiMetrics.MAX_CACHED_ATTRIBUTE_SETS + 500;
    for (int i = 0; i < models; i++) {
      LlmRequest request = LlmRequest.builder().provider("openai").requestModel("m-" + i).build();
      metrics.record(request, "m-" + i, null, 0.5, 10L, 3L, null, null);
      metrics.record(request, "m-" + i, null, 0.5, 10L, 3L, null, null);
      assertTrue(metrics.cachedAttributeSets() <= GenAiMetrics.MAX_CACHED_ATTRIBUTE_SETS);
    }
    metrics.record(
        LlmRequest.builder().provider("openai").requestModel("m-0").build(),
        null,
        "timeout",
        1.0,
        null,
        null,
        null,
        null);
    Collection<MetricData> all = reader.collectAllMetrics();
    Collection<HistogramPointData> durations =
        metric(all, "gen_ai.client.operation.duration").getHistogramData().getPoints();
    assertEquals(models + 1, durations.size(), "one series per model, plus the failed call");
    for (HistogramPointData p : durations) {
      String model = p.getAttributes().get(GenAiAttributes.REQUEST_MODEL);
      if (p.getAttributes().get(GenAiAttributes.ERROR_TYPE) != null) {
        assertEquals(1, p.getCount());
        assertEquals("m-0", model);
      } else {
        assertEquals(2, p.getCount(), model);
        assertEquals(model, p.getAttributes().get(GenAiAttributes.RESPONSE_MODEL));
      }
    }
    Collection<HistogramPointData> tokens =
        metric(all, "gen_ai.client.token.usage").getHistogramData().getPoints();
    assertEquals(2 * models, tokens.size(), "input and output series per model");
    for (HistogramPointData p : tokens) {
      String type = p.getAttributes().get(GenAiAttributes.TOKEN_TYPE);
      assertEquals(type.equals("input") ? 20 : 6, (long) p.getSum(), type);
    }
  }

  @Test
  void alternatingAndNearlyEqualDimensionsEachKeepTheirOwnSeries() {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    GenAiMetrics metrics =
        new GenAiMetrics(SdkMeterProvider.builder().registerMetricReader(reader).build().get("x"));
    LlmRequest a = LlmRequest.builder().provider("openai").requestModel("a").build();
    LlmRequest b = LlmRequest.builder().provider("openai").requestModel("b").build();
    LlmRequest noProvider = LlmRequest.builder().requestModel("a").build();
    LlmRequest withServer =
        LlmRequest.builder()
            .provider("openai")
            .requestModel("a")
            .server(java.net.URI.create("https://api.openai.com"))
            .build();
    for (int i = 0; i < 3; i++) {
      metrics.record(a, "a", null, 1.0, 1L, null, null, null);
      metrics.record(b, "b", null, 2.0, 1L, null, null, null);
      metrics.record(a, "a", "timeout", 4.0, null, null, null, null); // only the error differs
      metrics.record(a, null, null, 8.0, null, null, null, null); // no response model
      metrics.record(noProvider, "a", null, 16.0, null, null, null, null);
      metrics.record(withServer, "a", null, 32.0, null, null, null, null);
    }
    Collection<HistogramPointData> durations =
        metric(reader.collectAllMetrics(), "gen_ai.client.operation.duration")
            .getHistogramData()
            .getPoints();
    assertEquals(6, durations.size(), durations.toString());
    for (HistogramPointData p : durations) {
      assertEquals(3, p.getCount(), p.toString());
      double each = p.getSum() / 3;
      io.opentelemetry.api.common.Attributes at = p.getAttributes();
      String expectedModel = each == 2.0 ? "b" : "a";
      assertEquals(expectedModel, at.get(GenAiAttributes.REQUEST_MODEL), p.toString());
      assertEquals(each == 4.0 ? "timeout" : null, at.get(GenAiAttributes.ERROR_TYPE));
      assertEquals(
          each == 8.0 ? null : expectedModel, at.get(GenAiAttributes.RESPONSE_MODEL), p.toString());
      assertEquals(each == 16.0 ? null : "openai", at.get(GenAiAttributes.PROVIDER_NAME));
      assertEquals(each == 32.0 ? "api.openai.com" : null, at.get(GenAiAttributes.SERVER_ADDRESS));
      assertEquals(each == 32.0 ? 443L : null, at.get(GenAiAttributes.SERVER_PORT));
    }
  }
}
