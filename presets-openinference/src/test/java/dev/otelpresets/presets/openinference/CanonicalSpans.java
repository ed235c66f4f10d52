package dev.otelpresets.presets.openinference;

import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.spi.genai.GenAiContent.MessagePart;
import dev.otelpresets.spi.genai.GenAiContent.ToolDefinition;
import dev.otelpresets.support.internal.GenAiJson;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.List;
import java.util.Map;

/** Canonical spans as the core writes them, for mapper tests. */
final class CanonicalSpans {
  private CanonicalSpans() {}

  static SpanData span(String name, SpanKind kind, Attributes attrs, StatusData status) {
    return TestSpanData.builder()
        .setName(name)
        .setKind(kind)
        .setStartEpochNanos(1_000)
        .setEndEpochNanos(2_000)
        .setHasEnded(true)
        .setStatus(status)
        .setAttributes(attrs)
        .setTotalAttributeCount(attrs.size())
        .build();
  }

  static SpanData llm(Attributes attrs) {
    return span("chat gpt-4o", SpanKind.CLIENT, attrs, StatusData.unset());
  }

  /** The request half of a chat call (no response yet), content capture on. */
  static AttributesBuilder chatRequest() {
    return Attributes.builder()
        .put(GenAiAttributes.OPERATION_NAME, "chat")
        .put(GenAiAttributes.PROVIDER_NAME, "openai")
        .put(GenAiAttributes.REQUEST_MODEL, "gpt-4o")
        .put(GenAiAttributes.REQUEST_TEMPERATURE, 0.2)
        .put(GenAiAttributes.REQUEST_MAX_TOKENS, 100L)
        .put(GenAiAttributes.SERVER_ADDRESS, "api.openai.com")
        .put(GenAiAttributes.SERVER_PORT, 443L)
        .put(GenAiAttributes.CONVERSATION_ID, "conv-1")
        .put(GenAiAttributes.USER_ID, "user-1")
        .put(GenAiAttributes.TAGS, List.of("a", "b"))
        .put(GenAiAttributes.METADATA, "{\"k\":\"v\"}")
        .put(
            GenAiAttributes.SYSTEM_INSTRUCTIONS,
            GenAiJson.writeParts(List.of(new MessagePart.Text("be brief"))))
        .put(
            GenAiAttributes.INPUT_MESSAGES,
            GenAiJson.writeMessages(List.of(ChatMessage.text("user", "hi"))));
  }

  /** A complete non-streamed chat call. */
  static AttributesBuilder chatCall() {
    return chatRequest()
        .put(GenAiAttributes.RESPONSE_ID, "chatcmpl-1")
        .put(GenAiAttributes.RESPONSE_MODEL, "gpt-4o-2024-08-06")
        .put(GenAiAttributes.RESPONSE_FINISH_REASONS, List.of("stop"))
        .put(GenAiAttributes.USAGE_INPUT_TOKENS, 10L)
        .put(GenAiAttributes.USAGE_OUTPUT_TOKENS, 5L)
        .put(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS, 2L)
        .put(GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS, 1L)
        .put(GenAiAttributes.COST_TOTAL_USD, 0.0012)
        .put(
            GenAiAttributes.OUTPUT_MESSAGES,
            GenAiJson.writeMessages(
                List.of(ChatMessage.text("assistant", "hello").withFinishReason("stop"))));
  }

  static String tools() {
    return GenAiJson.writeToolDefinitions(
        List.of(
            ToolDefinition.function(
                "get_weather",
                "Weather for a city",
                Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string"))))));
  }
}
