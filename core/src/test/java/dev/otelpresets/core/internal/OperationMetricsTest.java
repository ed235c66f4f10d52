package dev.otelpresets.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.AgentRequest;
import dev.otelpresets.core.ContentCapture;
import dev.otelpresets.core.EmbeddingsRequest;
import dev.otelpresets.core.EmbeddingsResponse;
import dev.otelpresets.core.RetrievalRequest;
import dev.otelpresets.core.RetrievedDocument;
import dev.otelpresets.core.ToolRequest;
import dev.otelpresets.spi.GenAiAttributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Agents, tools, embeddings and retrievals in the GenAI client metrics, as the conventions define
 * them:
 * {@code gen_ai.client.operation.duration} per {@code gen_ai.operation.name} ({@code error.type} on
 * failure) and {@code gen_ai.client.token.usage} where there is usage (embeddings input tokens).
 */
class OperationMetricsTest {
  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final GenAiMetrics metrics =
      new GenAiMetrics(
          SdkMeterProvider.builder().registerMetricReader(reader).build().get("dev.otelpresets"));
  private final Tracer tracer = SdkTracerProvider.builder().build().get("t");
  private final ContentLimit limit = new ContentLimit(1024);

  @Test
  void agentToolEmbeddingsAndRetrievalDurationsAndEmbeddingsTokensAreRecorded() {
    AgentRequest agent =
        AgentRequest.builder("planner").provider("openai").requestModel("gpt-4o").build();
    RecordedAgentSpan.start(
            agent, tracer, metrics, ContentCapture.NO_CONTENT, limit, new TraceScopedAttributes())
        .end();
    RecordedAgentSpan.start(
            agent, tracer, metrics, ContentCapture.NO_CONTENT, limit, new TraceScopedAttributes())
        .fail("timeout", "slow");
    RecordedToolCall.start(
            ToolRequest.builder("get_weather").build(), tracer, metrics, ContentCapture.NO_CONTENT)
        .end("sunny");
    RecordedToolCall.start(
            ToolRequest.builder("get_weather").build(), tracer, metrics, ContentCapture.NO_CONTENT)
        .fail(new IllegalStateException("down"));
    RecordedToolCall.start(
            ToolRequest.builder("search").startTime(Instant.now().minusSeconds(3)).build(),
            tracer,
            metrics,
            ContentCapture.NO_CONTENT)
        .end();
    RecordedEmbeddingsCall.start(
            EmbeddingsRequest.builder("text-embedding-3-small")
                .provider("openai")
                .inputs(List.of("a", "b"))
                .build(),
            tracer,
            metrics,
            ContentCapture.NO_CONTENT,
            limit)
        .end(EmbeddingsResponse.builder().inputTokens(12).build());
    RecordedRetrievalCall.start(
            RetrievalRequest.builder("kb-weather").provider("pinecone").build(),
            tracer,
            metrics,
            ContentCapture.NO_CONTENT,
            limit)
        .end(List.of(new RetrievedDocument("d1", 0.9, "sunny")));
    RecordedRetrievalCall.start(
            RetrievalRequest.builder("kb-weather").build(),
            tracer,
            metrics,
            ContentCapture.NO_CONTENT,
            limit)
        .fail("timeout", "vector store gave up");

    Collection<MetricData> all = reader.collectAllMetrics();
    List<HistogramPointData> durations = points(all, "gen_ai.client.operation.duration");
    Map<String, Long> countByOperationAndError =
        durations.stream()
            .collect(
                Collectors.toMap(
                    p ->
                        p.getAttributes().get(GenAiAttributes.OPERATION_NAME)
                            + "/"
                            + p.getAttributes().get(GenAiAttributes.ERROR_TYPE),
                    HistogramPointData::getCount,
                    Long::sum));
    assertEquals(
        Map.of(
            "invoke_agent/null",
            1L,
            "invoke_agent/timeout",
            1L,
            "execute_tool/null",
            2L,
            "execute_tool/java.lang.IllegalStateException",
            1L,
            "embeddings/null",
            1L,
            "retrieval/null",
            1L,
            "retrieval/timeout",
            1L),
        countByOperationAndError);
    HistogramPointData retrievalOk =
        durations.stream()
            .filter(
                p ->
                    "retrieval".equals(p.getAttributes().get(GenAiAttributes.OPERATION_NAME))
                        && p.getAttributes().get(GenAiAttributes.ERROR_TYPE) == null)
            .findFirst()
            .orElseThrow();
    assertEquals("pinecone", retrievalOk.getAttributes().get(GenAiAttributes.PROVIDER_NAME));
    assertNull(
        retrievalOk.getAttributes().get(GenAiAttributes.DATA_SOURCE_ID),
        "metric attributes stay those of the conventions");
    HistogramPointData agentOk =
        durations.stream()
            .filter(
                p ->
                    "invoke_agent".equals(p.getAttributes().get(GenAiAttributes.OPERATION_NAME))
                        && p.getAttributes().get(GenAiAttributes.ERROR_TYPE) == null)
            .findFirst()
            .orElseThrow();
    assertEquals("openai", agentOk.getAttributes().get(GenAiAttributes.PROVIDER_NAME));
    assertEquals("gpt-4o", agentOk.getAttributes().get(GenAiAttributes.REQUEST_MODEL));
    HistogramPointData tools =
        durations.stream()
            .filter(
                p ->
                    "execute_tool".equals(p.getAttributes().get(GenAiAttributes.OPERATION_NAME))
                        && p.getAttributes().get(GenAiAttributes.ERROR_TYPE) == null)
            .findFirst()
            .orElseThrow();
    assertTrue(tools.getSum() >= 3.0, "a reported start time counts: " + tools.getSum());
    assertNull(
        tools.getAttributes().get(GenAiAttributes.TOOL_NAME),
        "metric attributes stay those of the conventions");

    List<HistogramPointData> tokens = points(all, "gen_ai.client.token.usage");
    assertEquals(1, tokens.size(), "only embeddings report usage: " + tokens);
    assertEquals("embeddings", tokens.get(0).getAttributes().get(GenAiAttributes.OPERATION_NAME));
    assertEquals("input", tokens.get(0).getAttributes().get(GenAiAttributes.TOKEN_TYPE));
    assertEquals(12.0, tokens.get(0).getSum());
  }

  private static List<HistogramPointData> points(Collection<MetricData> all, String name) {
    return all.stream()
        .filter(m -> m.getName().equals(name))
        .findFirst()
        .orElseThrow()
        .getHistogramData()
        .getPoints()
        .stream()
        .map(p -> (HistogramPointData) p)
        .toList();
  }
}
