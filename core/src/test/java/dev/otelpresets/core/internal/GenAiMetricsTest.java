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
}
