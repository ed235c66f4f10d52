package dev.otelpresets.presets.langfuse;

import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.spi.genai.GenAiContent.MessagePart;
import dev.otelpresets.spi.genai.GenAiContent.ToolDefinition;
import dev.otelpresets.support.internal.GenAiJson;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.List;
import java.util.Map;

/** Canonical spans as the core writes them, for mapper tests. */
final class CanonicalSpans {
  static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  static final SpanContext SERVER =
      SpanContext.create(
          TRACE_ID, "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault());
  static final SpanContext LLM =
      SpanContext.create(
          TRACE_ID, "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault());

  /** 2025-07-13T05:20:00Z. */
  static final long START_NANOS = 1_752_384_000_000_000_000L;

  private CanonicalSpans() {}

  /** The identity keys the core copies onto every span of the request's trace. */
  static AttributesBuilder identity(AttributesBuilder b) {
    return b.put(GenAiAttributes.USER_ID, "user-1")
        .put(GenAiAttributes.CONVERSATION_ID, "conv-1")
        .put(GenAiAttributes.TAGS, List.of("team-a", "beta"))
        .put(
            GenAiAttributes.METADATA, "{\"feature\":\"search\",\"tier\":3,\"nested\":{\"x\":[1]}}");
  }

  /** A finished, non-streamed chat call with captured content and full usage. */
  static AttributesBuilder chat() {
    AttributesBuilder b =
        Attributes.builder()
            .put(GenAiAttributes.OPERATION_NAME, "chat")
            .put(GenAiAttributes.PROVIDER_NAME, "openai")
            .put(GenAiAttributes.REQUEST_MODEL, "gpt-4o")
            .put(GenAiAttributes.RESPONSE_MODEL, "gpt-4o-2024-08-06")
            .put(GenAiAttributes.RESPONSE_ID, "chatcmpl-1")
            .put(GenAiAttributes.REQUEST_TEMPERATURE, 0.2)
            .put(GenAiAttributes.REQUEST_MAX_TOKENS, 100L)
            .put(GenAiAttributes.REQUEST_STREAM, false)
            .put(GenAiAttributes.RESPONSE_FINISH_REASONS, List.of("stop"))
            .put(GenAiAttributes.USAGE_INPUT_TOKENS, 10L)
            .put(GenAiAttributes.USAGE_OUTPUT_TOKENS, 5L)
            .put(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS, 2L)
            .put(GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS, 1L)
            .put(GenAiAttributes.COST_TOTAL_USD, 0.0012)
            .put(GenAiAttributes.SERVER_ADDRESS, "api.openai.com")
            .put(GenAiAttributes.SERVER_PORT, 443L)
            .put(
                GenAiAttributes.SYSTEM_INSTRUCTIONS,
                GenAiJson.writeParts(List.of(new MessagePart.Text("Be brief."))))
            .put(
                GenAiAttributes.INPUT_MESSAGES,
                GenAiJson.writeMessages(List.of(ChatMessage.text("user", "hi"))))
            .put(
                GenAiAttributes.OUTPUT_MESSAGES,
                GenAiJson.writeMessages(
                    List.of(ChatMessage.text("assistant", "hello").withFinishReason("stop"))));
    return identity(b);
  }

  /** {@link #chat()} as recorded with content capture off: no messages, no instructions. */
  static AttributesBuilder chatWithoutContent() {
    return chat()
        .remove(GenAiAttributes.INPUT_MESSAGES)
        .remove(GenAiAttributes.OUTPUT_MESSAGES)
        .remove(GenAiAttributes.SYSTEM_INSTRUCTIONS);
  }

  /** A chat call that offered a tool and got a tool call back, after a previous tool round. */
  static AttributesBuilder toolCall() {
    ChatMessage user = ChatMessage.text("user", "Weather in Paris?");
    ChatMessage assistantCall =
        new ChatMessage(
            "assistant",
            List.of(new MessagePart.ToolCall("call_1", "get_weather", Map.of("city", "Paris"))),
            null);
    ChatMessage toolAnswer = ChatMessage.toolResponse("call_1", "sunny");
    ChatMessage out =
        new ChatMessage(
            "assistant",
            List.of(
                new MessagePart.Text("Checking again."),
                new MessagePart.ToolCall("call_2", "get_weather", Map.of("city", "Lyon"))),
            "tool_calls");
    return chat()
        .remove(GenAiAttributes.SYSTEM_INSTRUCTIONS)
        .put(GenAiAttributes.RESPONSE_FINISH_REASONS, List.of("tool_calls"))
        .put(
            GenAiAttributes.TOOL_DEFINITIONS,
            GenAiJson.writeToolDefinitions(
                List.of(
                    ToolDefinition.function("get_weather", "Weather", Map.of("type", "object")))))
        .put(
            GenAiAttributes.INPUT_MESSAGES,
            GenAiJson.writeMessages(List.of(user, assistantCall, toolAnswer)))
        .put(GenAiAttributes.OUTPUT_MESSAGES, GenAiJson.writeMessages(List.of(out)));
  }

  static SpanData llmSpan(Attributes attributes) {
    return llmSpan(attributes, StatusData.unset(), List.of());
  }

  static SpanData llmSpan(Attributes attributes, StatusData status, List<EventData> events) {
    String op = attributes.get(GenAiAttributes.OPERATION_NAME);
    String model = attributes.get(GenAiAttributes.REQUEST_MODEL);
    return TestSpanData.builder()
        .setSpanContext(LLM)
        .setParentSpanContext(SERVER)
        .setName(model == null ? String.valueOf(op) : op + " " + model)
        .setKind(SpanKind.CLIENT)
        .setStartEpochNanos(START_NANOS)
        .setEndEpochNanos(START_NANOS + 2_000_000_000L)
        .setAttributes(attributes)
        .setStatus(status)
        .setEvents(events)
        .setTotalRecordedEvents(events.size())
        .setHasEnded(true)
        .build();
  }

  /** The host's server span, the root of the trace, with the copied identity keys. */
  static SpanData serverSpan() {
    Attributes attributes =
        identity(
                Attributes.builder()
                    .put("http.request.method", "POST")
                    .put("url.path", "/v1/chat/completions")
                    .put("http.response.status_code", 200L))
            .build();
    return TestSpanData.builder()
        .setSpanContext(SERVER)
        .setParentSpanContext(SpanContext.getInvalid())
        .setName("POST /v1/chat/completions")
        .setKind(SpanKind.SERVER)
        .setStartEpochNanos(START_NANOS - 1_000_000L)
        .setEndEpochNanos(START_NANOS + 2_100_000_000L)
        .setAttributes(attributes)
        .setStatus(StatusData.unset())
        .setHasEnded(true)
        .build();
  }
}
