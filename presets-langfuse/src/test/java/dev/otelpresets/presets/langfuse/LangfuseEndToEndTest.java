package dev.otelpresets.presets.langfuse;

import static dev.otelpresets.testkit.GenAiScenarios.ANSWER;
import static dev.otelpresets.testkit.GenAiScenarios.CONVERSATION_ID;
import static dev.otelpresets.testkit.GenAiScenarios.ERROR_MESSAGE;
import static dev.otelpresets.testkit.GenAiScenarios.RESPONSE_MODEL;
import static dev.otelpresets.testkit.GenAiScenarios.SERVER_SPAN_NAME;
import static dev.otelpresets.testkit.GenAiScenarios.SYSTEM_PROMPT;
import static dev.otelpresets.testkit.GenAiScenarios.TAGS;
import static dev.otelpresets.testkit.GenAiScenarios.USER_ID;
import static dev.otelpresets.testkit.GenAiScenarios.USER_PROMPT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.spi.AuthHeaders;
import dev.otelpresets.testkit.GenAiScenarios;
import dev.otelpresets.testkit.GenAiScenarios.Recorded;
import dev.otelpresets.testkit.PresetTestHarness;
import dev.otelpresets.testkit.ReceivedRequest;
import dev.otelpresets.testkit.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The langfuse preset through the core and the real OTLP/HTTP exporter to an embedded receiver,
 * next to a plain {@code otel} collector: path, protocol, auth headers and the langfuse.* values of
 * the shared scenarios.
 */
class LangfuseEndToEndTest {
  private static final String PK = "pk-lf-e2e";
  private static final String SK = "sk-lf-e2e";

  private static PresetTestHarness h;

  @BeforeAll
  static void start() {
    h = PresetTestHarness.builder()
        .receiver("langfuse")
        .receiver("otel")
        // the environment comes from YAML, which wins over the env var
        .yaml("callbacks: [langfuse, otel]\nsettings:\n  capture_message_content: span_only\n"
            + "presets:\n  langfuse:\n    environment: e2e\n")
        .env(r -> Map.of(
            "LANGFUSE_HOST", r.get("langfuse").baseUrl(),
            "LANGFUSE_PUBLIC_KEY", PK,
            "LANGFUSE_SECRET_KEY", SK,
            "LANGFUSE_TRACING_ENVIRONMENT", "from-env",
            "OTEL_EXPORTER_OTLP_ENDPOINT", r.get("otel").baseUrl(),
            "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"))
        .start();
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  /** The server and LLM span of one scenario at a receiver. */
  private static ReceivedSpan[] await(String receiver, Recorded rec) {
    h.telemetry().forceFlush(PresetTestHarness.TIMEOUT);
    h.receiver(receiver).awaitSpans(s -> s.traceId().equals(rec.traceId()), 2,
        PresetTestHarness.TIMEOUT);
    return new ReceivedSpan[] {h.span(receiver, rec.serverSpanId()),
        h.span(receiver, rec.llmSpanId())};
  }

  private static void assertTransport(ReceivedSpan s) {
    ReceivedRequest r = s.request();
    assertEquals("/api/public/otel/v1/traces", r.path());
    assertEquals(ReceivedRequest.HTTP_PROTOBUF, r.transport());
    assertEquals(AuthHeaders.basic(PK, SK), r.header("Authorization"));
    assertEquals("4", r.header("x-langfuse-ingestion-version"));
  }

  private static void assertTraceKeys(ReceivedSpan s) {
    assertEquals(USER_ID, s.attribute("user.id"));
    assertEquals(USER_ID, s.attribute("langfuse.user.id"));
    assertEquals(CONVERSATION_ID, s.attribute("session.id"));
    assertEquals(CONVERSATION_ID, s.attribute("langfuse.session.id"));
    assertEquals(TAGS, s.attribute("langfuse.trace.tags"));
    assertEquals("chat", s.attribute("langfuse.trace.metadata.feature"));
    assertEquals("e2e", s.attribute("langfuse.environment"));
    for (String key : s.attributes().keySet()) {
      assertFalse(key.startsWith("llm.") || key.startsWith("openinference.")
          || key.startsWith("otelpresets.") || key.startsWith("weave."), key);
    }
  }

  @Test
  void plainChat() {
    Recorded rec = h.scenarios().plainChat();
    ReceivedSpan[] spans = await("langfuse", rec);
    ReceivedSpan server = spans[0];
    ReceivedSpan llm = spans[1];
    assertTransport(llm);
    assertEquals(server.spanId(), llm.parentSpanId());
    assertEquals(Span.SpanKind.SPAN_KIND_CLIENT, llm.kind());

    assertEquals("generation", llm.attribute("langfuse.observation.type"));
    assertEquals(RESPONSE_MODEL, llm.attribute("langfuse.observation.model.name"));
    assertEquals("{\"temperature\":0.2,\"max_tokens\":256,\"stream\":false}",
        llm.attribute("langfuse.observation.model.parameters"));
    // 42 input = 28 + 10 cached + 4 cache creation; 17 output = 12 + 5 reasoning
    assertEquals("{\"input\":28,\"output\":12,\"total\":59,\"input_cached_tokens\":10,"
            + "\"input_cache_creation\":4,\"output_reasoning_tokens\":5}",
        llm.attribute("langfuse.observation.usage_details"));
    assertEquals("{\"total\":0.00123}", llm.attribute("langfuse.observation.cost_details"));
    assertEquals("[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\""
            + SYSTEM_PROMPT + "\"}]},{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\""
            + USER_PROMPT + "\"}]}]",
        llm.attribute("langfuse.observation.input"));
    assertEquals("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\""
            + ANSWER + "\"}],\"finish_reason\":\"stop\"}]",
        llm.attribute("langfuse.observation.output"));
    assertNull(llm.attribute("gen_ai.input.messages"), "the prompt is sent once");
    assertNull(llm.attribute("langfuse.observation.completion_start_time"));
    assertNull(llm.attribute("langfuse.observation.level"));
    assertNull(llm.attribute("langfuse.trace.name"));
    assertEquals(42L, llm.attribute("gen_ai.usage.input_tokens"), "canonical keys are kept");
    assertTraceKeys(llm);

    assertTransport(server);
    assertEquals("span", server.attribute("langfuse.observation.type"));
    assertEquals(SERVER_SPAN_NAME, server.attribute("langfuse.trace.name"));
    assertTraceKeys(server);

    // the co-configured collector gets the canonical span, no Langfuse vocabulary
    ReceivedSpan otelLlm = await("otel", rec)[1];
    assertEquals("/v1/traces", otelLlm.request().path());
    assertNull(otelLlm.request().header("Authorization"));
    assertTrue(otelLlm.attributes().keySet().stream().noneMatch(k -> k.startsWith("langfuse.")),
        otelLlm.attributes().toString());
  }

  @Test
  void streamedChat() {
    Recorded rec = h.scenarios().streamedChat();
    ReceivedSpan llm = await("langfuse", rec)[1];
    assertTransport(llm);
    double ttfc = (Double) llm.attribute("gen_ai.response.time_to_first_chunk");
    long start = llm.proto().getStartTimeUnixNano();
    String expected = Instant.ofEpochSecond(0, start + Math.round(ttfc * 1e9)).toString();
    assertEquals(expected, llm.attribute("langfuse.observation.completion_start_time"));
    Instant cst = Instant.parse(llm.stringAttribute("langfuse.observation.completion_start_time"));
    assertFalse(cst.isAfter(Instant.ofEpochSecond(0, llm.proto().getEndTimeUnixNano())));
    assertEquals("{\"temperature\":0.2,\"max_tokens\":256,\"stream\":true}",
        llm.attribute("langfuse.observation.model.parameters"));
    assertEquals("generation", llm.attribute("langfuse.observation.type"));
    assertTraceKeys(llm);
  }

  @Test
  void toolCalls() {
    Recorded rec = h.scenarios().toolCalls();
    ReceivedSpan llm = await("langfuse", rec)[1];
    assertTransport(llm);
    // the conventions' parts shape, passed through
    assertEquals("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"" + USER_PROMPT
            + "\"}]},{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\",\"id\":\"call_abc123\","
            + "\"name\":\"get_weather\",\"arguments\":{\"city\":\"Paris\"}}]},"
            + "{\"role\":\"tool\",\"parts\":[{\"type\":\"tool_call_response\",\"id\":\"call_abc123\","
            + "\"response\":\"sunny, 21C\"}]}]",
        llm.attribute("langfuse.observation.input"));
    assertEquals("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\",\"id\":\"call_def456\","
            + "\"name\":\"get_weather\",\"arguments\":{\"city\":\"Lyon\"}}],"
            + "\"finish_reason\":\"tool_calls\"}]",
        llm.attribute("langfuse.observation.output"));
    assertEquals(List.of("tool_calls"), llm.attribute("gen_ai.response.finish_reasons"));
    assertTrue(llm.stringAttribute("gen_ai.tool.definitions").contains("\"get_weather\""));
  }

  @Test
  void failedCall() {
    Recorded rec = h.scenarios().failedCall();
    ReceivedSpan llm = await("langfuse", rec)[1];
    assertTransport(llm);
    assertEquals(Status.StatusCode.STATUS_CODE_ERROR, llm.status().getCode());
    assertEquals("ERROR", llm.attribute("langfuse.observation.level"));
    assertEquals(ERROR_MESSAGE, llm.attribute("langfuse.observation.status_message"));
    assertEquals("java.io.IOException", llm.attribute("error.type"));
    assertEquals("generation", llm.attribute("langfuse.observation.type"));
    assertNull(llm.attribute("langfuse.observation.usage_details"));
    assertNull(llm.attribute("langfuse.observation.output"));
    assertTraceKeys(llm);
  }

  @Test
  void aliasSelectsLangfuseAndCaptureOffSendsNoContent() {
    try (PresetTestHarness alias = PresetTestHarness.builder()
        .receiver("lf")
        .yaml("callbacks: [langfuse_otel]\n")
        .env(r -> Map.of("LANGFUSE_HOST", r.get("lf").baseUrl(), "LANGFUSE_PUBLIC_KEY", PK,
            "LANGFUSE_SECRET_KEY", SK))
        .start()) {
      Recorded rec = alias.scenarios().plainChat();
      alias.flushAndAwait("lf", 2);
      ReceivedSpan llm = alias.span("lf", rec.llmSpanId());
      assertEquals("/api/public/otel/v1/traces", llm.request().path());
      assertEquals(AuthHeaders.basic(PK, SK), llm.request().header("Authorization"));
      assertEquals("generation", llm.attribute("langfuse.observation.type"));
      assertNull(llm.attribute("langfuse.environment"));
      assertNull(llm.attribute("langfuse.observation.input"));
      assertNull(llm.attribute("langfuse.observation.output"));
      for (ReceivedSpan s : alias.receiver("lf").spans()) {
        for (Object v : s.attributes().values()) {
          String text = String.valueOf(v);
          assertFalse(text.contains(ANSWER) || text.contains(USER_PROMPT)
              || text.contains(SYSTEM_PROMPT), text);
        }
      }
      assertEquals(GenAiScenarios.USER_ID, llm.attribute("langfuse.user.id"));
    }
  }
}
