package dev.otelpresets.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.ExportStats;
import dev.otelpresets.core.LlmCall;
import dev.otelpresets.core.LlmRequest;
import dev.otelpresets.core.LlmResponse;
import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.support.internal.Json;
import dev.otelpresets.testkit.FakeTokenEndpoint;
import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.PresetTestHarness;
import dev.otelpresets.testkit.ReceivedSpan;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A 2 MB prompt among 200 ordinary spans, in one batch, to backends that answer 413 to a request
 * over a size limit (as the hosted backends do): the 200 always arrive; the big one arrives with
 * its content cut (valid JSON, a visible marker) when it fits, and when even cut it is over the
 * limit it alone is lost, counted and said in words.
 */
class LargePromptTest {
  private static final List<String> BACKENDS = List.of("langfuse", "phoenix", "otel");
  private static final int ORDINARY_CALLS = 100; // a server span and an LLM span each
  private static final String PROMPT = "p".repeat(2_000_000);

  private static PresetTestHarness start(FakeTokenEndpoint token) {
    return PresetTestHarness.builder()
        .receiver("langfuse")
        .receiver("phoenix")
        .receiver("otel")
        // one batch: nothing is exported before the flush
        .yaml(
            "callbacks: [langfuse, phoenix, otel]\nsettings:\n  shutdown_hook: false\n"
                + "  capture_message_content: span_only\n  schedule_delay_ms: 600000\n"
                + "  export_timeout_ms: 10000\n")
        .env(
            r -> {
              Map<String, String> env = new HashMap<>();
              r.forEach(
                  (name, receiver) ->
                      env.putAll(
                          dev.otelpresets.testkit.conformance.CompanionPresets.env(
                                  name, receiver, token.baseUrl())
                              .orElseThrow()));
              return env;
            })
        .start();
  }

  /** 200 ordinary spans and one LLM span with a 2 MB prompt; returns the big span's id. */
  private static String record(PresetTestHarness h) {
    for (int i = 0; i < ORDINARY_CALLS; i++) {
      h.scenarios().plainChat();
    }
    LlmCall big =
        h.telemetry()
            .startCall(
                LlmRequest.builder()
                    .provider("openai")
                    .requestModel("gpt-4o")
                    .inputMessages(List.of(ChatMessage.text("user", PROMPT)))
                    .build());
    big.end(
        LlmResponse.builder()
            .responseModel("gpt-4o")
            .inputTokens(500_000)
            .outputTokens(1)
            .outputMessages(List.of(ChatMessage.text("assistant", "ok")))
            .build());
    return big.span().getSpanContext().getSpanId();
  }

  @Test
  void aTwoMegabytePromptArrivesCutAndCostsNoOtherSpan() {
    try (FakeTokenEndpoint token = FakeTokenEndpoint.start();
        PresetTestHarness h = start(token)) {
      BACKENDS.forEach(b -> h.receiver(b).rejectBodiesOver(1024 * 1024));
      String bigId = record(h);
      for (String b : BACKENDS) {
        assertEquals(2 * ORDINARY_CALLS + 1, h.flushAndAwait(b, 2 * ORDINARY_CALLS + 1).size(), b);
        ReceivedSpan big = h.span(b, bigId);
        String content;
        if (b.equals("phoenix")) {
          content = big.stringAttribute("llm.input_messages.0.message.content");
        } else {
          String json =
              big.stringAttribute(
                  b.equals("langfuse") ? "langfuse.observation.input" : "gen_ai.input.messages");
          assertNotNull(json, b + ": " + big.attributes().keySet());
          Json.parse(json); // throws unless the cut left valid JSON
          Matcher m = Pattern.compile("p+\u2026\\[truncated \\d+ chars]").matcher(json);
          content = m.find() ? m.group() : null;
        }
        assertNotNull(content, b + ": " + big.attributes().keySet());
        assertTrue(content.startsWith("ppp"), b);
        assertTrue(
            content.matches("p+\u2026\\[truncated \\d+ chars]"),
            b + " marker: " + content.substring(content.length() - 40));
        // cut to the limit, not far below it
        assertTrue(
            content.length() <= 128 * 1024 && content.length() > 120 * 1024,
            b + ": " + content.length());
        assertEquals(0, stats(h, b).failedSpans(), b + ": " + stats(h, b));
      }
    }
  }

  @Test
  void aSpanStillTooLargeAfterCuttingIsTheOnlyOneLost() {
    try (FakeTokenEndpoint token = FakeTokenEndpoint.start();
        PresetTestHarness h = start(token)) {
      // under the cut prompt (128 Ki characters) but over a few ordinary spans
      BACKENDS.forEach(b -> h.receiver(b).rejectBodiesOver(100_000));
      String bigId = record(h);
      for (String b : BACKENDS) {
        OtlpReceiver r = h.receiver(b);
        List<ReceivedSpan> got = h.flushAndAwait(b, 2 * ORDINARY_CALLS);
        r.assertNoMoreSpans(Duration.ofMillis(300));
        assertEquals(2 * ORDINARY_CALLS, got.size(), b);
        assertFalse(got.stream().anyMatch(s -> s.spanId().equals(bigId)), b);
        assertTrue(r.refusedForSize() > 1, b + " refused " + r.refusedForSize());
        ExportStats stats = stats(h, b);
        assertEquals(1, stats.failedSpans(), b + ": " + stats);
        assertEquals(2 * ORDINARY_CALLS, stats.exportedSpans(), b + ": " + stats);
        assertTrue(
            stats.lastFailure().contains("413 from " + b + ": a span of about"),
            stats.lastFailure());
        assertTrue(
            stats.lastFailure().contains("settings.max_attribute_value_length"),
            stats.lastFailure());
      }
    }
  }

  private static ExportStats stats(PresetTestHarness h, String owner) {
    return h.telemetry().exportStats().stream()
        .filter(s -> s.owner().equals(owner))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no stats for " + owner + ": " + h.telemetry().exportStats()));
  }
}
