package dev.otelpresets.presets.phoenix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.otelpresets.core.EmbeddingsCall;
import dev.otelpresets.core.EmbeddingsRequest;
import dev.otelpresets.core.EmbeddingsResponse;
import dev.otelpresets.testkit.GenAiScenarios;
import dev.otelpresets.testkit.GenAiScenarios.Recorded;
import dev.otelpresets.testkit.PresetTestHarness;
import dev.otelpresets.testkit.ReceivedSpan;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * An embeddings call recorded with {@code startEmbeddings} reaches Phoenix (OpenInference) and
 * Langfuse mapped exactly as the testkit's embeddings scenario (recorded as a generic LLM call)
 * is: an EMBEDDING span with its texts and token counts, an {@code embedding} observation with
 * its model, usage and input.
 */
class RecordedEmbeddingsMappingTest {

  @Test
  void startEmbeddingsMapsAsTheEmbeddingsScenarioAtPhoenixAndLangfuse() {
    try (PresetTestHarness h =
        PresetTestHarness.builder()
            .receiver("phoenix")
            .receiver("langfuse")
            .yaml(
                "callbacks: [phoenix, langfuse]\nsettings:\n  capture_message_content: span_only\n")
            .env(
                r ->
                    Map.of(
                        "PHOENIX_COLLECTOR_ENDPOINT",
                        r.get("phoenix").baseUrl(),
                        "PHOENIX_API_KEY",
                        "px-e2e",
                        "LANGFUSE_HOST",
                        r.get("langfuse").baseUrl(),
                        "LANGFUSE_PUBLIC_KEY",
                        "pk-lf-e2e",
                        "LANGFUSE_SECRET_KEY",
                        "sk-lf-e2e"))
            .start()) {
      Recorded scenario = h.scenarios().embeddings();
      EmbeddingsCall call =
          h.telemetry()
              .startEmbeddings(
                  EmbeddingsRequest.builder(GenAiScenarios.EMBEDDING_MODEL)
                      .provider(GenAiScenarios.PROVIDER)
                      .inputs(GenAiScenarios.EMBEDDING_INPUTS)
                      .build());
      call.end(
          EmbeddingsResponse.builder()
              .responseModel(GenAiScenarios.EMBEDDING_MODEL)
              .inputTokens(GenAiScenarios.EMBEDDING_TOKENS)
              .build());
      String recordedId = call.span().getSpanContext().getSpanId();
      h.flushAndAwait("phoenix", 3);
      h.flushAndAwait("langfuse", 3);

      Predicate<String> openInference =
          k ->
              k.equals("openinference.span.kind")
                  || k.startsWith("embedding.")
                  || k.startsWith("llm.");
      Map<String, Object> phoenix = keys(h.span("phoenix", recordedId), openInference);
      assertEquals("EMBEDDING", phoenix.get("openinference.span.kind"));
      assertEquals(
          GenAiScenarios.EMBEDDING_INPUTS.get(1),
          phoenix.get("embedding.embeddings.1.embedding.text"));
      assertEquals(keys(h.span("phoenix", scenario.llmSpanId()), openInference), phoenix);

      Predicate<String> observation =
          k ->
              k.equals("langfuse.observation.type")
                  || k.startsWith("langfuse.observation.model")
                  || k.startsWith("langfuse.observation.usage")
                  || k.equals("langfuse.observation.input")
                  || k.equals("langfuse.observation.output");
      Map<String, Object> langfuse = keys(h.span("langfuse", recordedId), observation);
      assertEquals("embedding", langfuse.get("langfuse.observation.type"));
      assertNotNull(langfuse.get("langfuse.observation.input"), langfuse.toString());
      assertFalse(langfuse.get("langfuse.observation.input").toString().isEmpty());
      assertEquals(keys(h.span("langfuse", scenario.llmSpanId()), observation), langfuse);
    }
  }

  private static Map<String, Object> keys(ReceivedSpan span, Predicate<String> which) {
    Map<String, Object> out = new TreeMap<>();
    span.attributes()
        .forEach(
            (k, v) -> {
              if (which.test(k)) {
                out.put(k, v);
              }
            });
    return out;
  }
}
