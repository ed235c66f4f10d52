package dev.otelpresets.core;

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
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link GenAiTelemetry#startAgent} and {@link GenAiTelemetry#startTool}. */
class AgentAndToolSpansTest {
  private static final String ARGS = "{\"city\":\"ARG-TEXT-5d1c\"}";
  private static final String RESULT = "RESULT-TEXT-0e7b sunny";
  private static final String ASK = "ASK-TEXT-77aa weather?";

  private GenAiTelemetry telemetry;

  @AfterEach
  void close() {
    if (telemetry != null) {
      telemetry.close();
    }
    Sinks.reset();
  }

  private List<SpanData> run(String capture) {
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
      AgentSpan agent =
          telemetry.startAgent(
              AgentRequest.builder("Assistant")
                  .id("com.example.Assistant")
                  .description("answers")
                  .conversationId("conv-1")
                  .inputMessages(List.of(ChatMessage.text("user", ASK)))
                  .build());
      try (Scope a = agent.context().makeCurrent()) {
        telemetry
            .startCall(LlmRequest.builder().provider("openai").requestModel("gpt-4o").build())
            .end(LlmResponse.empty());
        ToolCall tool =
            telemetry.startTool(
                ToolRequest.builder("weather")
                    .callId("call_1")
                    .description("the weather")
                    .arguments(ARGS)
                    .startTime(Instant.now().minusSeconds(2))
                    .build());
        tool.end(RESULT);
        tool.end("again"); // ignored
        tool.fail(new IllegalStateException("late")); // ignored
        assertTrue(tool.isEnded());
      }
      agent.end(List.of(ChatMessage.text("assistant", "ANSWER-TEXT-1")));
      agent.fail("late", "ignored");
    } finally {
      server.end();
    }
    assertTrue(telemetry.forceFlush());
    return Sinks.of("mem-alpha").spans();
  }

  /** The one span called {@code name}. */
  static SpanData named(List<SpanData> spans, String name) {
    return spans.stream()
        .filter(s -> s.getName().equals(name))
        .reduce(
            (x, y) -> {
              throw new AssertionError("two spans named " + name + ": " + spans);
            })
        .orElseThrow(() -> new AssertionError("no span " + name + " in " + spans));
  }

  @Test
  void agentParentsItsCallsAndToolsUnderTheServerSpanWithContent() {
    List<SpanData> spans = run("span_only");
    assertEquals(4, spans.size(), spans.toString());
    SpanData server = named(spans, "POST /ask");
    SpanData agent = named(spans, "invoke_agent Assistant");
    SpanData chat = named(spans, "chat gpt-4o");
    SpanData tool = named(spans, "execute_tool weather");
    assertEquals(server.getSpanId(), agent.getParentSpanId());
    assertEquals(agent.getSpanId(), chat.getParentSpanId());
    assertEquals(agent.getSpanId(), tool.getParentSpanId());
    assertEquals(SpanKind.INTERNAL, agent.getKind());
    assertEquals(SpanKind.INTERNAL, tool.getKind());

    Attributes a = agent.getAttributes();
    assertEquals("invoke_agent", a.get(GenAiAttributes.OPERATION_NAME));
    assertEquals("Assistant", a.get(GenAiAttributes.AGENT_NAME));
    assertEquals("com.example.Assistant", a.get(GenAiAttributes.AGENT_ID));
    assertEquals("answers", a.get(GenAiAttributes.AGENT_DESCRIPTION));
    assertEquals("conv-1", a.get(GenAiAttributes.CONVERSATION_ID));
    assertTrue(a.get(GenAiAttributes.INPUT_MESSAGES).contains(ASK));
    assertTrue(a.get(GenAiAttributes.OUTPUT_MESSAGES).contains("ANSWER-TEXT-1"));
    assertEquals(StatusCode.UNSET, agent.getStatus().getStatusCode(), "the first end wins");
    // the session is the trace's: the server span gets it too
    assertEquals("conv-1", server.getAttributes().get(GenAiAttributes.CONVERSATION_ID));

    Attributes t = tool.getAttributes();
    assertEquals("execute_tool", t.get(GenAiAttributes.OPERATION_NAME));
    assertEquals("weather", t.get(GenAiAttributes.TOOL_NAME));
    assertEquals("call_1", t.get(GenAiAttributes.TOOL_CALL_ID));
    assertEquals("function", t.get(GenAiAttributes.TOOL_TYPE));
    assertEquals("the weather", t.get(GenAiAttributes.TOOL_DESCRIPTION));
    assertEquals(ARGS, t.get(GenAiAttributes.TOOL_CALL_ARGUMENTS));
    assertEquals(RESULT, t.get(GenAiAttributes.TOOL_CALL_RESULT));
    assertEquals(StatusCode.UNSET, tool.getStatus().getStatusCode());
    assertTrue(
        tool.getEndEpochNanos() - tool.getStartEpochNanos() >= TimeUnit.SECONDS.toNanos(1),
        "the given start time is the span's start");
  }

  @Test
  void noContentLeavesArgumentsResultsAndMessagesOff() {
    List<SpanData> spans = run("no_content");
    for (SpanData s : spans) {
      String text = s.getAttributes().toString();
      assertFalse(
          text.contains("ARG-TEXT")
              || text.contains("RESULT-TEXT")
              || text.contains("ASK-TEXT")
              || text.contains("ANSWER-TEXT"),
          text);
    }
    SpanData tool = named(spans, "execute_tool weather");
    assertEquals("call_1", tool.getAttributes().get(GenAiAttributes.TOOL_CALL_ID));
    assertNull(tool.getAttributes().get(GenAiAttributes.TOOL_CALL_ARGUMENTS));
  }

  @Test
  void failuresCarryTheErrorTypeAndEndOnce() {
    telemetry = Instances.start(yaml("mem-alpha"));
    AgentSpan agent = telemetry.startAgent(AgentRequest.builder("Planner").remote(true).build());
    ToolCall tool;
    try (Scope a = agent.context().makeCurrent()) {
      tool = telemetry.startTool(ToolRequest.builder("search").build());
    }
    tool.fail(new java.net.SocketTimeoutException("slow"));
    tool.end("too late");
    agent.fail("timeout", "gave up");
    agent.end();
    assertTrue(telemetry.forceFlush());
    List<SpanData> spans = Sinks.of("mem-alpha").spans();
    assertEquals(2, spans.size(), spans.toString());
    SpanData t = named(spans, "execute_tool search");
    assertEquals(StatusCode.ERROR, t.getStatus().getStatusCode());
    assertEquals(
        "java.net.SocketTimeoutException", t.getAttributes().get(GenAiAttributes.ERROR_TYPE));
    assertNull(t.getAttributes().get(GenAiAttributes.TOOL_CALL_RESULT));
    SpanData g = named(spans, "invoke_agent Planner");
    assertEquals(SpanKind.CLIENT, g.getKind());
    assertEquals("timeout", g.getAttributes().get(GenAiAttributes.ERROR_TYPE));
    assertEquals("gave up", g.getStatus().getDescription());
    assertEquals(g.getSpanId(), t.getParentSpanId());
  }

  @Test
  void namesAreRequired() {
    assertThrows(NullPointerException.class, () -> AgentRequest.builder(null));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ToolRequest.builder(" "));
    assertTrue(e.getMessage().contains("tool name"), e.getMessage());
    IllegalStateException unnamed =
        assertThrows(IllegalStateException.class, () -> AgentRequest.builder().build());
    assertTrue(unnamed.getMessage().contains("name("), unnamed.getMessage());
    assertEquals("execute_tool t", ToolRequest.builder().name("t").build().spanName());
    assertEquals(
        "AgentRequest{invoke_agent A}",
        AgentRequest.builder("A")
            .inputMessages(List.of(ChatMessage.text("user", "secret")))
            .build()
            .toString());
    assertFalse(
        ToolRequest.builder("t")
            .arguments("{\"pw\":\"secret\"}")
            .build()
            .toString()
            .contains("secret"));
  }
}
