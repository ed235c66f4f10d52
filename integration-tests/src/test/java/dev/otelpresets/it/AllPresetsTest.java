package dev.otelpresets.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.testkit.FakeTokenEndpoint;
import dev.otelpresets.testkit.GenAiScenarios;
import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.PresetTestHarness;
import dev.otelpresets.testkit.ReceivedSpan;
import dev.otelpresets.testkit.conformance.CompanionPresets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The six presets and {@code otel} at once: one span per operation at each receiver, every
 * receiver in its own vocabulary and resource, none of another's.
 */
class AllPresetsTest {
  static final List<String> RECEIVERS =
      List.of("arize", "phoenix", "langfuse", "weave", "levo", "agentops", "otel");

  /** Environment pointing every preset at its receiver, with dummy credentials. */
  static Map<String, String> env(Map<String, OtlpReceiver> r, FakeTokenEndpoint token) {
    Map<String, String> env = new HashMap<>();
    r.forEach(
        (name, receiver) ->
            env.putAll(CompanionPresets.env(name, receiver, token.baseUrl()).orElseThrow()));
    env.remove("ARIZE_HTTP_ENDPOINT");
    env.put("ARIZE_ENDPOINT", r.get("arize").grpcEndpoint()); // Arize's default transport: gRPC
    return env;
  }

  @Test
  void everyReceiverGetsOneCopyOfEverySpanInItsOwnVocabularyOnly() {
    try (FakeTokenEndpoint token = FakeTokenEndpoint.start();
        PresetTestHarness h =
            PresetTestHarness.builder()
                .grpcReceiver("arize")
                .receiver("phoenix")
                .receiver("langfuse")
                .receiver("weave")
                .receiver("levo")
                .receiver("agentops")
                .receiver("otel")
                .yaml(
                    "callbacks: [arize, arize_phoenix, langfuse_otel, weave_otel, levo, agentops,"
                        + " otel]\nsettings:\n  shutdown_hook: false\n"
                        + "  capture_message_content: span_only\n")
                .env(r -> env(r, token))
                .start()) {
      GenAiScenarios s = h.scenarios();
      List<GenAiScenarios.Recorded> recorded =
          List.of(s.plainChat(), s.streamedChat(), s.toolCalls(), s.failedCall());
      Set<String> expectedIds = new TreeSet<>();
      recorded.forEach(
          r -> {
            expectedIds.add(r.serverSpanId());
            expectedIds.add(r.llmSpanId());
          });
      for (String name : RECEIVERS) {
        List<ReceivedSpan> spans = h.flushAndAwait(name, 8);
        h.receiver(name).assertNoMoreSpans(Duration.ofMillis(200));
        Set<String> ids = new TreeSet<>();
        spans.forEach(sp -> assertTrue(ids.add(sp.spanId()), name + " duplicate " + sp));
        assertEquals(expectedIds, ids, name + ": the same spans, one copy each");
        for (GenAiScenarios.Recorded r : recorded) {
          ReceivedSpan llm = h.span(name, r.llmSpanId());
          assertEquals(r.serverSpanId(), llm.parentSpanId(), name + ": parent");
          assertEquals(r.traceId(), llm.traceId(), name + ": trace");
        }
        for (ReceivedSpan sp : spans) {
          assertVocabulary(name, sp);
        }
      }
      assertEquals("grpc", h.receiver("arize").requests().get(0).transport());
      assertEquals("/api/public/otel/v1/traces", h.receiver("langfuse").requests().get(0).path());
      assertEquals("/otel/v1/traces", h.receiver("weave").requests().get(0).path());
      assertEquals(
          "Bearer " + FakeTokenEndpoint.DEFAULT_TOKEN,
          h.receiver("agentops").requests().get(0).header("authorization"));
      assertTrue(token.calls() >= 1);
    }
  }

  private static void assertVocabulary(String receiver, ReceivedSpan span) {
    Set<String> keys = span.attributes().keySet();
    Map<String, Object> res = span.resourceAttributes();
    boolean openInference =
        keys.stream()
            .anyMatch(
                k ->
                    k.startsWith("openinference.")
                        || k.startsWith("llm.")
                        || k.equals("input.value"));
    boolean langfuse = keys.stream().anyMatch(k -> k.startsWith("langfuse."));
    boolean weave = keys.stream().anyMatch(k -> k.startsWith("wandb.") || k.startsWith("weave."));
    boolean internal = keys.stream().anyMatch(k -> k.startsWith("otelpresets.internal"));
    assertFalse(internal, receiver + " got internal keys: " + span);
    switch (receiver) {
      case "arize", "phoenix" -> {
        assertTrue(keys.contains("openinference.span.kind"), receiver + ": " + span);
        assertFalse(langfuse || weave, receiver + " got foreign vocabulary: " + span);
        assertEquals("default", res.get("openinference.project.name"), receiver);
        assertFalse(res.containsKey("wandb.project"), receiver);
      }
      case "weave" -> {
        assertTrue(keys.contains("openinference.span.kind"), receiver + ": " + span);
        assertFalse(langfuse, receiver + " got langfuse keys: " + span);
        assertEquals("companion-project", res.get("wandb.project"), receiver);
        assertFalse(res.containsKey("openinference.project.name"), receiver);
      }
      case "langfuse" -> {
        assertTrue(keys.contains("langfuse.observation.type"), receiver + ": " + span);
        assertFalse(openInference || weave, receiver + " got foreign vocabulary: " + span);
        assertFalse(keys.stream().anyMatch(k -> k.startsWith("llm.input_messages")));
        assertFalse(res.containsKey("openinference.project.name"), receiver);
      }
      case "levo", "otel", "agentops" -> {
        assertFalse(
            openInference || langfuse || weave, receiver + " must receive plain gen_ai.*: " + span);
        assertFalse(res.containsKey("openinference.project.name"), receiver);
        assertFalse(res.containsKey("wandb.project"), receiver);
        if (receiver.equals("agentops")) {
          assertEquals("agentops", res.get("service.name"));
        } else {
          assertFalse(
              "agentops".equals(res.get("service.name")),
              receiver + " got AgentOps' service name overlay");
        }
        if (span.attribute("gen_ai.operation.name") != null) {
          assertEquals("openai", span.stringAttribute("gen_ai.provider.name"));
        }
      }
      default -> throw new AssertionError(receiver);
    }
  }
}
