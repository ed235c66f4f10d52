package dev.otelpresets.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.support.internal.ParsedContent;
import dev.otelpresets.testkit.GenAiScenarios;
import dev.otelpresets.testkit.PresetTestHarness;
import dev.otelpresets.testkit.ReceivedSpan;
import dev.otelpresets.testkit.conformance.CompanionPresets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With the three OpenInference backends (Arize, Phoenix, Weave) and Langfuse all configured, each
 * span's messages JSON is parsed once, not once per backend, and every backend still receives its
 * own vocabulary built from it (real OTLP to the testkit's receivers).
 */
class ContentParsedOnceTest {
  private static final List<String> BACKENDS = List.of("arize", "phoenix", "weave", "langfuse");
  private static final int CALLS = 40;

  @Test
  void fourBackendsOneParsePerSpan() {
    try (PresetTestHarness h =
        PresetTestHarness.builder()
            .receiver("arize")
            .receiver("phoenix")
            .receiver("weave")
            .receiver("langfuse")
            .yaml(
                "callbacks: [arize, phoenix, weave, langfuse]\nsettings:\n  shutdown_hook: false\n"
                    + "  capture_message_content: span_only\n  schedule_delay_ms: 600000\n")
            .env(
                r -> {
                  Map<String, String> env = new HashMap<>();
                  r.forEach(
                      (name, receiver) ->
                          env.putAll(CompanionPresets.env(name, receiver).orElseThrow()));
                  return env;
                })
            .start()) {
      long before = ParsedContent.parses();
      List<GenAiScenarios.Recorded> calls = new ArrayList<>();
      for (int i = 0; i < CALLS; i++) {
        calls.add(h.scenarios().plainChat()); // a server span and an LLM span with content
      }
      for (String b : BACKENDS) {
        assertEquals(2 * CALLS, h.flushAndAwait(b, 2 * CALLS).size(), b);
      }
      // Every span of a call carries content: the LLM span its messages, the server span the
      // request's metadata (copied onto every span of the trace). 2 x CALLS spans with content:
      // exactly 2 x CALLS parses for the four backends, not one per backend and span.
      assertEquals(2 * CALLS, ParsedContent.parses() - before);
      for (GenAiScenarios.Recorded call : calls) {
        for (String b : List.of("arize", "phoenix", "weave")) {
          ReceivedSpan llm = h.span(b, call.llmSpanId());
          assertEquals(
              GenAiScenarios.USER_PROMPT,
              llm.stringAttribute("llm.input_messages.1.message.content"),
              b); // 0: the system message
          assertEquals("user", llm.stringAttribute("llm.input_messages.1.message.role"), b);
        }
        String input =
            h.span("langfuse", call.llmSpanId()).stringAttribute("langfuse.observation.input");
        assertTrue(input != null && input.contains(GenAiScenarios.USER_PROMPT), input);
      }
    }
  }
}
