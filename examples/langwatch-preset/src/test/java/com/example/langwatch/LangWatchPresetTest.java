package com.example.langwatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.otelpresets.testkit.GenAiScenarios;
import dev.otelpresets.testkit.PresetTestHarness;
import dev.otelpresets.testkit.ReceivedSpan;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What LangWatch receives for the shared scenarios: its endpoint, its auth, its keys. */
class LangWatchPresetTest {
  @Test
  void chatArrivesWithLangWatchKeys() {
    try (PresetTestHarness h =
        PresetTestHarness.builder()
            .receiver("langwatch")
            .yaml("callbacks: [langwatch]\nsettings:\n  shutdown_hook: false\n")
            .env(
                r ->
                    Map.of(
                        "LANGWATCH_ENDPOINT",
                        r.get("langwatch").baseUrl(),
                        "LANGWATCH_API_KEY",
                        "lw-key-123"))
            .start()) {
      GenAiScenarios.Recorded rec = h.scenarios().plainChat();
      h.flushAndAwait("langwatch", 2);
      ReceivedSpan llm = h.span("langwatch", rec.llmSpanId());
      assertEquals("/api/otel/v1/traces", llm.request().path());
      assertEquals("Bearer lw-key-123", llm.request().header("Authorization"));
      assertEquals("llm", llm.attribute("langwatch.span.type"));
      assertEquals(GenAiScenarios.CONVERSATION_ID, llm.attribute("langwatch.thread.id"));
      assertEquals(GenAiScenarios.USER_ID, llm.attribute("langwatch.user.id"));
      assertEquals("[\"team-a\",\"beta\"]", llm.attribute("langwatch.labels"));
      assertEquals("chat", llm.attribute("gen_ai.operation.name"));
      assertEquals(
          "span", h.span("langwatch", rec.serverSpanId()).attribute("langwatch.span.type"));
    }
  }

  @Test
  void endpointDefaultsToLangWatchCloud() {
    assertEquals(
        "https://app.langwatch.ai/api/otel/v1/traces",
        LangWatchPresetProvider.tracesUrl(LangWatchPresetProvider.DEFAULT_ENDPOINT, "x"));
    assertEquals(
        "https://lw.example.com/api/otel/v1/traces",
        LangWatchPresetProvider.tracesUrl("lw.example.com/", "x"));
  }
}
