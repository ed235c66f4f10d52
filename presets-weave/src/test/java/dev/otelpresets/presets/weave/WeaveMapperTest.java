package dev.otelpresets.presets.weave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.testkit.Mapping;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeaveMapperTest {
  private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";

  static SpanData span(Attributes attrs, SpanContext parent) {
    return TestSpanData.builder()
        .setName("x")
        .setKind(SpanKind.CLIENT)
        .setStartEpochNanos(1)
        .setEndEpochNanos(2)
        .setHasEnded(true)
        .setStatus(StatusData.unset())
        .setAttributes(attrs)
        .setTotalAttributeCount(attrs.size())
        .setParentSpanContext(parent)
        .build();
  }

  static SpanContext local(String spanId) {
    return SpanContext.create(TRACE, spanId, TraceFlags.getSampled(), TraceState.getDefault());
  }

  @Test
  void llmSpanGetsOpenInferenceAndWeaveKeys() {
    Attributes out =
        Mapping.map(
            WeavePresetProvider.mapper(),
            span(
                Attributes.builder()
                    .put(GenAiAttributes.OPERATION_NAME, "chat")
                    .put(GenAiAttributes.PROVIDER_NAME, "anthropic")
                    .put(GenAiAttributes.REQUEST_MODEL, "claude-sonnet-4")
                    .put(GenAiAttributes.CONVERSATION_ID, "conv-9")
                    .put(GenAiAttributes.USAGE_INPUT_TOKENS, 3L)
                    .build(),
                local("b7ad6b7169203331")),
            128);

    assertEquals("LLM", out.get(AttributeKey.stringKey("openinference.span.kind")));
    assertEquals("anthropic", out.get(AttributeKey.stringKey("llm.system")));
    assertEquals(3L, out.get(AttributeKey.longKey("llm.token_count.prompt")));
    assertEquals("chat claude-sonnet-4", out.get(WeaveExtension.DISPLAY_NAME));
    assertEquals("chat claude-sonnet-4", out.get(WeaveExtension.REFERENCE_DISPLAY_NAME));
    assertEquals("conv-9", out.get(WeaveExtension.THREAD_ID));
    assertEquals("conv-9", out.get(AttributeKey.stringKey("session.id")));
    assertNull(out.get(WeaveExtension.IS_TURN), "a child of the server span is not a turn");
    assertNull(out.get(AttributeKey.stringKey("weave.output")));
  }

  /** Agent, tool and retrieval spans are named after what they act on, as their span names. */
  @Test
  void displayNameOfAgentToolAndRetrievalSpans() {
    Map<String, Attributes> spans =
        Map.of(
            "invoke_agent planner",
                Attributes.of(
                    GenAiAttributes.OPERATION_NAME,
                    "invoke_agent",
                    GenAiAttributes.AGENT_NAME,
                    "planner",
                    GenAiAttributes.REQUEST_MODEL,
                    "gpt-4o"),
            "execute_tool get_weather",
                Attributes.of(
                    GenAiAttributes.OPERATION_NAME,
                    "execute_tool",
                    GenAiAttributes.TOOL_NAME,
                    "get_weather"),
            "retrieval kb",
                Attributes.of(
                    GenAiAttributes.OPERATION_NAME,
                    "retrieval",
                    GenAiAttributes.DATA_SOURCE_ID,
                    "kb"),
            "embeddings e5",
                Attributes.of(
                    GenAiAttributes.OPERATION_NAME,
                    "embeddings",
                    GenAiAttributes.REQUEST_MODEL,
                    "e5"),
            "execute_tool", Attributes.of(GenAiAttributes.OPERATION_NAME, "execute_tool"));
    spans.forEach(
        (expected, attrs) ->
            assertEquals(
                expected,
                Mapping.map(
                        WeavePresetProvider.mapper(), span(attrs, local("b7ad6b7169203331")), 128)
                    .get(WeaveExtension.DISPLAY_NAME)));
  }

  @Test
  void rootSpanOfAConversationIsATurn() {
    Attributes server =
        Mapping.map(
            WeavePresetProvider.mapper(),
            span(
                Attributes.builder()
                    .put("http.request.method", "POST")
                    .put(GenAiAttributes.CONVERSATION_ID, "conv-9")
                    .build(),
                SpanContext.getInvalid()),
            128);
    assertEquals(true, server.get(WeaveExtension.IS_TURN));
    assertEquals("conv-9", server.get(WeaveExtension.THREAD_ID));
    assertNull(server.get(WeaveExtension.DISPLAY_NAME), "not a GenAI span");
    assertEquals("CHAIN", server.get(AttributeKey.stringKey("openinference.span.kind")));

    SpanContext remote =
        SpanContext.createFromRemoteParent(
            TRACE, "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault());
    Attributes continued =
        Mapping.map(
            WeavePresetProvider.mapper(),
            span(Attributes.of(GenAiAttributes.CONVERSATION_ID, "conv-9"), remote),
            128);
    assertEquals(true, continued.get(WeaveExtension.IS_TURN));
  }

  @Test
  void displayNameWithoutModelAndNoThreadWithoutConversation() {
    Attributes out =
        Mapping.map(
            WeavePresetProvider.mapper(),
            span(
                Attributes.of(GenAiAttributes.OPERATION_NAME, "execute_tool"),
                SpanContext.getInvalid()),
            128);
    assertEquals("execute_tool", out.get(WeaveExtension.DISPLAY_NAME));
    assertNull(out.get(WeaveExtension.THREAD_ID));
    assertNull(out.get(WeaveExtension.IS_TURN));
  }
}
