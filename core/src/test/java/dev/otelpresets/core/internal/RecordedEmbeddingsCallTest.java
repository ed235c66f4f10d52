package dev.otelpresets.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.ContentCapture;
import dev.otelpresets.core.EmbeddingsRequest;
import dev.otelpresets.core.EmbeddingsResponse;
import dev.otelpresets.core.RetrievedDocument;
import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.support.internal.Json;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The GenAI client metrics of embeddings calls, and the bounded retrieval documents JSON. */
class RecordedEmbeddingsCallTest {

  private static List<HistogramPointData> points(Collection<MetricData> all, String name) {
    return new ArrayList<>(
        all.stream()
            .filter(m -> m.getName().equals(name))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no metric " + name + " in " + all))
            .getHistogramData()
            .getPoints());
  }

  @Test
  void anEmbeddingsCallRecordsDurationAndInputTokensOnceAFailedOneOnlyItsDuration() {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    GenAiMetrics metrics =
        new GenAiMetrics(SdkMeterProvider.builder().registerMetricReader(reader).build().get("t"));
    SdkTracerProvider tracers = SdkTracerProvider.builder().build();
    EmbeddingsRequest request = EmbeddingsRequest.builder("emb").provider("openai").build();
    RecordedEmbeddingsCall ok =
        RecordedEmbeddingsCall.start(
            request, tracers.get("t"), metrics, ContentCapture.NO_CONTENT, new ContentLimit(1000));
    ok.end(EmbeddingsResponse.builder().responseModel("emb").inputTokens(7).build());
    ok.end(EmbeddingsResponse.builder().responseModel("emb").inputTokens(7).build());
    RecordedEmbeddingsCall failed =
        RecordedEmbeddingsCall.start(
            request, tracers.get("t"), metrics, ContentCapture.NO_CONTENT, new ContentLimit(1000));
    failed.fail("timeout", "slow");
    failed.fail("timeout", "slow");

    Collection<MetricData> all = reader.collectAllMetrics();
    List<HistogramPointData> durations = points(all, "gen_ai.client.operation.duration");
    assertEquals(2, durations.size(), durations.toString());
    for (HistogramPointData p : durations) {
      assertEquals(1, p.getCount(), "recorded once: " + p);
      assertEquals("embeddings", p.getAttributes().get(GenAiAttributes.OPERATION_NAME));
      assertEquals("openai", p.getAttributes().get(GenAiAttributes.PROVIDER_NAME));
      assertEquals("emb", p.getAttributes().get(GenAiAttributes.REQUEST_MODEL));
    }
    assertTrue(
        durations.stream()
            .anyMatch(p -> "timeout".equals(p.getAttributes().get(GenAiAttributes.ERROR_TYPE))));
    List<HistogramPointData> tokens = points(all, "gen_ai.client.token.usage");
    assertEquals(1, tokens.size(), "input tokens only, and not for the failed call: " + tokens);
    assertEquals("input", tokens.get(0).getAttributes().get(GenAiAttributes.TOKEN_TYPE));
    assertEquals(7.0, tokens.get(0).getSum());
    tracers.close();
  }

  @Test
  void documentsStayValidJsonWithinTheLimit() {
    String longText = "\u00e9".repeat(5000);
    List<RetrievedDocument> docs = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      docs.add(new RetrievedDocument("doc-" + i, 0.5, longText));
    }
    String json = RecordedRetrievalCall.documentsJson(docs, 2000);
    assertNotNull(json);
    assertTrue(json.length() <= 2000, json.length() + " chars");
    List<Object> parsed = Json.asList(Json.parse(json));
    assertTrue(!parsed.isEmpty() && parsed.size() < 50, parsed.size() + " documents kept");
    assertEquals("doc-0", Json.asMap(parsed.get(0)).get("id"), "the best-ranked come first");
    assertTrue(Json.asString(Json.asMap(parsed.get(0)).get("content")).contains("truncated"));
    assertEquals(
        "[{\"id\":\"a\"}]",
        RecordedRetrievalCall.documentsJson(
            java.util.Arrays.asList(null, new RetrievedDocument("a", null, null)), 100));
    String small = RecordedRetrievalCall.documentsJson(docs.subList(0, 1), 100_000);
    assertEquals(
        List.of(java.util.Map.of("id", "doc-0", "score", 0.5, "content", longText)),
        Json.parse(small));
  }
}
