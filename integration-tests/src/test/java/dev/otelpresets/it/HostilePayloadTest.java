package dev.otelpresets.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.LlmCall;
import dev.otelpresets.core.LlmRequest;
import dev.otelpresets.core.LlmResponse;
import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.spi.genai.GenAiContent.ToolDefinition;
import dev.otelpresets.testkit.FakeTokenEndpoint;
import dev.otelpresets.testkit.PresetTestHarness;
import dev.otelpresets.testkit.ReceivedSpan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hostile LLM payloads through every preset with content capture on: huge and deeply nested
 * content, broken UTF-16, control characters, 10,000 tools. Every backend still receives the span,
 * within the attribute limit.
 */
class HostilePayloadTest {

  @Test
  void everyBackendReceivesHostileCallsWithinTheAttributeLimit() {
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
                    "callbacks: [arize, phoenix, langfuse, weave, levo, agentops, otel]\n"
                        + "settings:\n  shutdown_hook: false\n  capture_message_content: span_only\n")
                .env(r -> AllPresetsTest.env(r, token))
                .start()) {
      List<ChatMessage> history = new ArrayList<>();
      history.add(ChatMessage.text("system", "x".repeat(200_000)));
      for (int i = 0; i < 300; i++) {
        history.add(
            ChatMessage.text(
                i % 2 == 0 ? "user" : "assistant",
                "turn " + i + " \u0000\u0007\u001b[31m lone \uD800 low \uDC00 emoji \uD83D\uDE00"));
      }
      Map<String, Object> deep = new HashMap<>();
      Map<String, Object> cursor = deep;
      for (int i = 0; i < 200; i++) {
        Map<String, Object> next = new HashMap<>();
        cursor.put("n", next);
        cursor = next;
      }
      List<ToolDefinition> tools = new ArrayList<>();
      for (int i = 0; i < 10_000; i++) {
        tools.add(ToolDefinition.function("tool_" + i, "does thing " + i, deep));
      }
      LlmCall call =
          h.telemetry()
              .startCall(
                  LlmRequest.builder()
                      .provider("openai")
                      .requestModel("gpt-4o")
                      .inputMessages(history)
                      .tools(tools.subList(0, 10_000))
                      .metadata(Map.of("deep", deep, "ctl", "\u0000\u0001"))
                      .build());
      call.end(
          LlmResponse.builder()
              .responseModel("gpt-4o")
              .outputMessages(List.of(ChatMessage.text("assistant", "\uDBFF".repeat(1000))))
              .inputTokens(1)
              .outputTokens(1)
              .build());
      String llmSpanId = call.span().getSpanContext().getSpanId();
      for (String name : AllPresetsTest.RECEIVERS) {
        List<ReceivedSpan> spans = h.flushAndAwait(name, 1);
        ReceivedSpan span = h.span(name, llmSpanId);
        assertEquals(1, spans.size(), name);
        assertTrue(
            span.attributes().size() <= 128,
            name + " got " + span.attributes().size() + " attributes");
      }
    }
  }
}
