package dev.otelpresets.core;

import static dev.otelpresets.core.AgentAndToolSpansTest.named;
import static dev.otelpresets.core.testpresets.Instances.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.testpresets.Instances;
import dev.otelpresets.core.testpresets.Sinks;
import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.support.internal.GenAiJson;
import dev.otelpresets.support.internal.Json;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link GenAiTelemetry#startEmbeddings} and {@link GenAiTelemetry#startRetrieval}. */
class EmbeddingsAndRetrievalSpansTest {
  private static final String TEXT_1 = "EMBED-TEXT-1 sunny in Paris";
  private static final String TEXT_2 = "EMBED-TEXT-2 pluie \u00e0 Lyon\r\n";
  private static final String QUERY = "QUERY-TEXT-9f weather in Paris";
  private static final String DOC = "DOC-TEXT-41 Paris is sunny";

  private GenAiTelemetry telemetry;

  @AfterEach
  void close() {
    if (telemetry != null) {
      telemetry.close();
    }
    Sinks.reset();
  }

  private List<SpanData> run(String capture) throws Exception {
    telemetry =
        Instances.start(
            yaml(
                "mem-alpha",
                "settings:",
                "  shutdown_hook: false",
                "  capture_message_content: " + capture));
    Span server =
        telemetry
            .openTelemetry()
            .getTracer("host")
            .spanBuilder("POST /ask")
            .setSpanKind(SpanKind.SERVER)
            .startSpan();
    try (Scope s = server.makeCurrent()) {
      RetrievalCall retrieval =
          telemetry.startRetrieval(
              RetrievalRequest.builder("kb-weather").query(QUERY).topK(2).build());
      try (Scope r = retrieval.context().makeCurrent()) {
        EmbeddingsCall embeddings =
            telemetry.startEmbeddings(
                EmbeddingsRequest.builder("text-embedding-3-small")
                    .provider("openai")
                    .inputs(List.of(TEXT_1, TEXT_2))
                    .dimensions(256)
                    .encodingFormats(List.of("float"))
                    .build());
        // ended on another thread; later ends are ignored
        CompletableFuture.runAsync(
                () ->
                    embeddings.end(
                        EmbeddingsResponse.builder()
                            .responseModel("text-embedding-3-small-v2")
                            .inputTokens(9)
                            .build()))
            .get();
        embeddings.end(EmbeddingsResponse.builder().inputTokens(1000).build());
        embeddings.fail(new IllegalStateException("late"));
        assertTrue(embeddings.isEnded());
      }
      retrieval.end(
          List.of(
              new RetrievedDocument("doc-1", 0.93, DOC),
              new RetrievedDocument("doc-2", null, null)));
      retrieval.end(List.of());
      retrieval.fail("late", "ignored");
    } finally {
      server.end();
    }
    assertTrue(telemetry.forceFlush());
    return Sinks.of("mem-alpha").spans();
  }

  @Test
  void embeddingsAndRetrievalAreChildrenOfTheCurrentSpanWithContent() throws Exception {
    List<SpanData> spans = run("span_only");
    assertEquals(3, spans.size(), spans.toString());
    SpanData server = named(spans, "POST /ask");
    SpanData retrieval = named(spans, "retrieval kb-weather");
    SpanData embeddings = named(spans, "embeddings text-embedding-3-small");
    assertEquals(server.getSpanId(), retrieval.getParentSpanId());
    assertEquals(retrieval.getSpanId(), embeddings.getParentSpanId());
    assertEquals(SpanKind.CLIENT, embeddings.getKind());
    assertEquals(SpanKind.INTERNAL, retrieval.getKind());

    Attributes e = embeddings.getAttributes();
    assertEquals("embeddings", e.get(GenAiAttributes.OPERATION_NAME));
    assertEquals("openai", e.get(GenAiAttributes.PROVIDER_NAME));
    assertEquals("text-embedding-3-small", e.get(GenAiAttributes.REQUEST_MODEL));
    assertEquals("text-embedding-3-small-v2", e.get(GenAiAttributes.RESPONSE_MODEL));
    assertEquals(256L, e.get(GenAiAttributes.EMBEDDINGS_DIMENSION_COUNT));
    assertEquals(List.of("float"), e.get(GenAiAttributes.REQUEST_ENCODING_FORMATS));
    assertEquals(9L, e.get(GenAiAttributes.USAGE_INPUT_TOKENS), "the first end wins");
    assertEquals(StatusCode.UNSET, embeddings.getStatus().getStatusCode());
    // the canonical shape of embeddings input: one user message with one text part per text
    assertEquals(
        List.of(ChatMessage.text("user", TEXT_1), ChatMessage.text("user", TEXT_2)),
        GenAiJson.readMessages(e.get(GenAiAttributes.INPUT_MESSAGES)));

    Attributes r = retrieval.getAttributes();
    assertEquals("retrieval", r.get(GenAiAttributes.OPERATION_NAME));
    assertEquals("kb-weather", r.get(GenAiAttributes.DATA_SOURCE_ID));
    assertEquals(2L, r.get(GenAiAttributes.RETRIEVAL_TOP_K));
    assertEquals(QUERY, r.get(GenAiAttributes.RETRIEVAL_QUERY_TEXT));
    assertEquals(
        List.of(Map.of("id", "doc-1", "score", 0.93, "content", DOC), Map.of("id", "doc-2")),
        Json.parse(r.get(GenAiAttributes.RETRIEVAL_DOCUMENTS)));
    assertEquals(StatusCode.UNSET, retrieval.getStatus().getStatusCode(), "the first end wins");
  }

  @Test
  void noContentLeavesTextsQueryAndDocumentsOff() throws Exception {
    List<SpanData> spans = run("no_content");
    assertEquals(3, spans.size(), spans.toString());
    for (SpanData s : spans) {
      String text = s.getAttributes().toString();
      assertFalse(
          text.contains("EMBED-TEXT")
              || text.contains("QUERY-TEXT")
              || text.contains("DOC-TEXT")
              || text.contains("doc-1"),
          text);
    }
    SpanData e = named(spans, "embeddings text-embedding-3-small");
    assertNull(e.getAttributes().get(GenAiAttributes.INPUT_MESSAGES));
    assertEquals(9L, e.getAttributes().get(GenAiAttributes.USAGE_INPUT_TOKENS));
    SpanData r = named(spans, "retrieval kb-weather");
    assertEquals("kb-weather", r.getAttributes().get(GenAiAttributes.DATA_SOURCE_ID));
    assertNull(r.getAttributes().get(GenAiAttributes.RETRIEVAL_DOCUMENTS));
  }

  @Test
  void failuresCarryTheErrorTypeAndEndOnce() {
    telemetry = Instances.start(yaml("mem-alpha"));
    EmbeddingsCall embeddings = telemetry.startEmbeddings(EmbeddingsRequest.builder("m").build());
    embeddings.fail(new java.net.SocketTimeoutException("slow"));
    embeddings.end(EmbeddingsResponse.builder().inputTokens(3).build());
    RetrievalCall retrieval = telemetry.startRetrieval(RetrievalRequest.builder("kb").build());
    retrieval.fail("timeout", "vector store gave up");
    retrieval.end(List.of(new RetrievedDocument("d", 1.0, "x")));
    assertTrue(telemetry.forceFlush());
    List<SpanData> spans = Sinks.of("mem-alpha").spans();
    assertEquals(2, spans.size(), spans.toString());
    SpanData e = named(spans, "embeddings m");
    assertEquals(StatusCode.ERROR, e.getStatus().getStatusCode());
    assertEquals(
        "java.net.SocketTimeoutException", e.getAttributes().get(GenAiAttributes.ERROR_TYPE));
    assertNull(e.getAttributes().get(GenAiAttributes.USAGE_INPUT_TOKENS));
    SpanData r = named(spans, "retrieval kb");
    assertEquals("timeout", r.getAttributes().get(GenAiAttributes.ERROR_TYPE));
    assertEquals("vector store gave up", r.getStatus().getDescription());
    assertNull(r.getAttributes().get(GenAiAttributes.RETRIEVAL_DOCUMENTS));
  }

  @Test
  void requestsBuildInStartCallsStyleTooAndSayWhatIsMissing() {
    // LlmRequest.builder().requestModel(...) is startCall's style; the same names work here
    EmbeddingsRequest e =
        EmbeddingsRequest.builder()
            .provider("openai")
            .requestModel("text-embedding-3-small")
            .build();
    assertEquals("embeddings text-embedding-3-small", e.spanName());
    assertEquals("text-embedding-3-small", e.requestModel());
    RetrievalRequest r = RetrievalRequest.builder().dataSourceId("kb-weather").topK(3).build();
    assertEquals("retrieval kb-weather", r.spanName());
    assertEquals("kb-weather", r.dataSourceId());

    IllegalStateException noModel =
        assertThrows(IllegalStateException.class, () -> EmbeddingsRequest.builder().build());
    assertTrue(noModel.getMessage().contains("requestModel("), noModel.getMessage());
    IllegalStateException noSource =
        assertThrows(IllegalStateException.class, () -> RetrievalRequest.builder().build());
    assertTrue(noSource.getMessage().contains("dataSourceId("), noSource.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> EmbeddingsRequest.builder().requestModel(" "));
  }

  @Test
  void requestsNeedNamesAndKeepContentOutOfToString() {
    assertThrows(NullPointerException.class, () -> EmbeddingsRequest.builder(null));
    IllegalArgumentException blank =
        assertThrows(IllegalArgumentException.class, () -> RetrievalRequest.builder(" "));
    assertTrue(blank.getMessage().contains("data source"), blank.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> EmbeddingsRequest.builder("m").dimensions(0));
    assertThrows(
        NullPointerException.class,
        () -> EmbeddingsRequest.builder("m").inputs(java.util.Arrays.asList("a", null)));
    assertFalse(
        EmbeddingsRequest.builder("m")
            .inputs(List.of("secret"))
            .build()
            .toString()
            .contains("secret"));
    assertFalse(
        RetrievalRequest.builder("kb").query("secret").build().toString().contains("secret"));
    assertFalse(new RetrievedDocument("d", 0.5, "secret").toString().contains("secret"));
  }
}
