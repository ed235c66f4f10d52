package dev.otelpresets.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.AgentRequest;
import dev.otelpresets.core.AgentSpan;
import dev.otelpresets.core.EmbeddingsCall;
import dev.otelpresets.core.EmbeddingsRequest;
import dev.otelpresets.core.EmbeddingsResponse;
import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.LlmCall;
import dev.otelpresets.core.LlmRequest;
import dev.otelpresets.core.LlmResponse;
import dev.otelpresets.core.RetrievalCall;
import dev.otelpresets.core.RetrievalRequest;
import dev.otelpresets.core.RetrievedDocument;
import dev.otelpresets.core.ToolCall;
import dev.otelpresets.core.ToolRequest;
import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.spi.genai.GenAiContent.MessagePart;
import dev.otelpresets.spi.genai.GenAiContent.ToolDefinition;
import dev.otelpresets.testkit.FakeTokenEndpoint;
import dev.otelpresets.testkit.PresetTestHarness;
import dev.otelpresets.testkit.ReceivedSpan;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One agent trace recorded through the public API — a server span, an agent, a retrieval, an
 * embeddings call, a chat answering with a tool call, the tool, a second chat giving the answer —
 * exported over real OTLP to every backend's receiver at once, with content capture on. Each
 * backend is checked for the span kinds / types and the keys its UI reads (see {@code
 * docs/backends.md}, "Agent traces"). The first chat's cost is in US dollars, the second's in
 * euros: only US dollars become a backend's cost, the rest goes out under the canonical keys
 * where a backend keeps them.
 */
class AgenticTraceTest {
  static final String AGENT = "weather-agent";
  static final String QUESTION = "Weather in Paris? Ünïcødé ☀";
  static final String QUERY = "Paris climate\r\nin June";
  static final String ARGUMENTS = "{\"city\":\"Paris\"}";
  static final String RESULT = "sunny, 21C";
  static final String ANSWER = "It is sunny and 21C in Paris.";
  static final String CALL_ID = "call_1";

  static PresetTestHarness harness;
  static FakeTokenEndpoint token;

  /** Span ids by role: server, agent, retrieval, embeddings, chat1, tool, chat2. */
  static final Map<String, String> ids = new HashMap<>();

  @BeforeAll
  static void recordOneAgentTrace() {
    token = FakeTokenEndpoint.start();
    harness =
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
            .start();
    record(harness.telemetry());
  }

  @AfterAll
  static void close() {
    harness.close();
    token.close();
  }

  @SuppressWarnings("try") // scopes are held for their blocks, never read
  static void record(GenAiTelemetry t) {
    Span server =
        t.openTelemetry()
            .getTracer("test-host")
            .spanBuilder("POST /agent")
            .setSpanKind(SpanKind.SERVER)
            .startSpan();
    ids.put("server", server.getSpanContext().getSpanId());
    try (Scope s = server.makeCurrent()) {
      AgentSpan agent =
          t.startAgent(
              AgentRequest.builder(AGENT)
                  .id("agent-1")
                  .conversationId("conv-9")
                  .inputMessages(List.of(ChatMessage.text("user", QUESTION)))
                  .build());
      ids.put("agent", agent.span().getSpanContext().getSpanId());
      try (Scope a = agent.context().makeCurrent()) {
        RetrievalCall retrieval =
            t.startRetrieval(RetrievalRequest.builder("kb-weather").query(QUERY).topK(2).build());
        ids.put("retrieval", retrieval.span().getSpanContext().getSpanId());
        retrieval.end(
            List.of(
                new RetrievedDocument("doc-1", 0.92, "Paris is mild in June"),
                new RetrievedDocument("doc-2", null, "Lyon is warmer")));

        EmbeddingsCall embeddings =
            t.startEmbeddings(
                EmbeddingsRequest.builder("text-embedding-3-small")
                    .provider("openai")
                    .inputs(List.of("Paris climate"))
                    .build());
        ids.put("embeddings", embeddings.span().getSpanContext().getSpanId());
        embeddings.end(EmbeddingsResponse.builder().inputTokens(3).build());

        ToolDefinition weather =
            ToolDefinition.function(
                "get_weather",
                "Weather of a city",
                Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string"))));
        List<ChatMessage> history = List.of(ChatMessage.text("user", QUESTION));
        LlmCall chat1 =
            t.startCall(
                LlmRequest.builder()
                    .operation("chat")
                    .provider("openai")
                    .requestModel("gpt-4o")
                    .inputMessages(history)
                    .tools(List.of(weather))
                    .build());
        ids.put("chat1", chat1.span().getSpanContext().getSpanId());
        ChatMessage toolCall =
            new ChatMessage(
                "assistant",
                List.of(new MessagePart.ToolCall(CALL_ID, "get_weather", Map.of("city", "Paris"))),
                "tool_calls");
        chat1.end(
            LlmResponse.builder()
                .responseModel("gpt-4o")
                .finishReasons(List.of("tool_calls"))
                .inputTokens(20)
                .outputTokens(5)
                .costUsd(0.002)
                .outputMessages(List.of(toolCall))
                .build());

        ToolCall tool =
            t.startTool(
                ToolRequest.builder("get_weather")
                    .callId(CALL_ID)
                    .description("Weather of a city")
                    .arguments(ARGUMENTS)
                    .build());
        ids.put("tool", tool.span().getSpanContext().getSpanId());
        tool.end(RESULT);

        LlmCall chat2 =
            t.startCall(
                LlmRequest.builder()
                    .operation("chat")
                    .provider("openai")
                    .requestModel("gpt-4o")
                    .inputMessages(
                        List.of(
                            history.get(0),
                            toolCall.withFinishReason(null),
                            ChatMessage.toolResponse(CALL_ID, RESULT)))
                    .build());
        ids.put("chat2", chat2.span().getSpanContext().getSpanId());
        chat2.end(
            LlmResponse.builder()
                .responseModel("gpt-4o")
                .finishReasons(List.of("stop"))
                .inputTokens(30)
                .outputTokens(9)
                .totalCost(0.003)
                .costCurrency("EUR")
                .outputMessages(List.of(ChatMessage.text("assistant", ANSWER)))
                .build());
        agent.end(List.of(ChatMessage.text("assistant", ANSWER)));
      }
    } finally {
      server.end();
    }
  }

  /** The received span of {@code role} at {@code backend}. */
  static ReceivedSpan span(String backend, String role) {
    return harness.span(backend, ids.get(role));
  }

  @ParameterizedTest
  @ValueSource(strings = {"arize", "phoenix", "langfuse", "weave", "levo", "agentops", "otel"})
  void everyBackendGetsTheWholeTreeOnce(String backend) {
    List<ReceivedSpan> spans = harness.flushAndAwait(backend, 7);
    harness.receiver(backend).assertNoMoreSpans(Duration.ofMillis(200));
    assertEquals(7, spans.size(), backend + ": " + spans);
    String trace = span(backend, "server").traceId();
    for (String role : List.of("agent", "retrieval", "embeddings", "chat1", "tool", "chat2")) {
      ReceivedSpan sp = span(backend, role);
      assertEquals(trace, sp.traceId(), backend + " " + role);
      assertEquals(
          ids.get(role.equals("agent") ? "server" : "agent"),
          sp.parentSpanId(),
          backend + " " + role + ": parent");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"arize", "phoenix", "weave"})
  void openInferenceBackendsGetKindsAndTheKeysTheirUiReads(String backend) {
    harness.flushAndAwait(backend, 7);
    assertEquals("CHAIN", kind(backend, "server"));
    ReceivedSpan agent = span(backend, "agent");
    assertEquals("AGENT", agent.stringAttribute("openinference.span.kind"));
    assertEquals(AGENT, agent.stringAttribute("agent.name"));
    assertEquals("conv-9", agent.stringAttribute("session.id"));
    assertTrue(agent.stringAttribute("input.value").contains("Ünïcødé ☀"), agent.toString());
    assertTrue(agent.stringAttribute("output.value").contains(ANSWER));

    ReceivedSpan retrieval = span(backend, "retrieval");
    assertEquals("RETRIEVER", retrieval.stringAttribute("openinference.span.kind"));
    assertEquals(QUERY, retrieval.stringAttribute("input.value"));
    assertEquals("text/plain", retrieval.stringAttribute("input.mime_type"));
    assertEquals("doc-1", retrieval.stringAttribute("retrieval.documents.0.document.id"));
    assertEquals(0.92, retrieval.attribute("retrieval.documents.0.document.score"));
    assertEquals(
        "Paris is mild in June",
        retrieval.stringAttribute("retrieval.documents.0.document.content"));
    assertEquals("doc-2", retrieval.stringAttribute("retrieval.documents.1.document.id"));
    assertNull(retrieval.attribute("retrieval.documents.1.document.score"), "no made-up score");
    assertNull(retrieval.attribute("gen_ai.retrieval.documents"), "sent once, as documents");
    assertNull(retrieval.attribute("gen_ai.retrieval.query.text"), "sent once, as input.value");

    ReceivedSpan embeddings = span(backend, "embeddings");
    assertEquals("EMBEDDING", embeddings.stringAttribute("openinference.span.kind"));
    assertEquals("text-embedding-3-small", embeddings.stringAttribute("embedding.model_name"));
    assertEquals(
        "Paris climate", embeddings.stringAttribute("embedding.embeddings.0.embedding.text"));
    assertNull(embeddings.attribute("llm.system"));

    ReceivedSpan chat1 = span(backend, "chat1");
    assertEquals("LLM", chat1.stringAttribute("openinference.span.kind"));
    assertEquals(
        "get_weather",
        chat1.stringAttribute(
            "llm.output_messages.0.message.tool_calls.0.tool_call.function.name"));
    assertNotNull(chat1.stringAttribute("llm.tools.0.tool.json_schema"));
    assertEquals(0.002, chat1.attribute("llm.cost.total"));

    ReceivedSpan tool = span(backend, "tool");
    assertEquals("TOOL", tool.stringAttribute("openinference.span.kind"));
    assertEquals("get_weather", tool.stringAttribute("tool.name"));
    assertEquals(CALL_ID, tool.stringAttribute("tool.id"));
    assertEquals(ARGUMENTS, tool.stringAttribute("input.value"));
    assertEquals("application/json", tool.stringAttribute("input.mime_type"));
    assertEquals(RESULT, tool.stringAttribute("output.value"));

    ReceivedSpan chat2 = span(backend, "chat2");
    assertEquals(CALL_ID, chat2.stringAttribute("llm.input_messages.2.message.tool_call_id"));
    assertEquals(ANSWER, chat2.stringAttribute("llm.output_messages.0.message.content"));
    // euros: OpenInference's llm.cost.* are US dollars, so no cost is sent
    assertNull(chat2.attribute("llm.cost.total"));
    chat2.attributes().keySet().forEach(k -> assertFalse(k.startsWith("otelpresets."), k));
    if (backend.equals("weave")) {
      assertEquals("invoke_agent " + AGENT, agent.stringAttribute("weave.display_name"));
    }
  }

  @Test
  void langfuseGetsObservationTypesAndInputOutput() {
    harness.flushAndAwait("langfuse", 7);
    assertEquals("span", type("server"));
    ReceivedSpan agent = span("langfuse", "agent");
    assertEquals("agent", type("agent"));
    assertTrue(agent.stringAttribute("langfuse.observation.input").contains("Ünïcødé ☀"));
    assertTrue(agent.stringAttribute("langfuse.observation.output").contains(ANSWER));
    assertEquals("conv-9", agent.stringAttribute("session.id"));

    ReceivedSpan retrieval = span("langfuse", "retrieval");
    assertEquals("retriever", type("retrieval"));
    assertEquals(QUERY, retrieval.stringAttribute("langfuse.observation.input"));
    String documents = retrieval.stringAttribute("langfuse.observation.output");
    assertTrue(documents.startsWith("[{\"id\":\"doc-1\",\"score\":0.92"), documents);
    assertNull(retrieval.attribute("gen_ai.retrieval.documents"));
    assertNull(retrieval.attribute("gen_ai.retrieval.query.text"));

    ReceivedSpan embeddings = span("langfuse", "embeddings");
    assertEquals("embedding", type("embeddings"));
    assertEquals(
        "text-embedding-3-small", embeddings.stringAttribute("langfuse.observation.model.name"));
    assertTrue(embeddings.stringAttribute("langfuse.observation.input").contains("Paris climate"));
    assertEquals("{\"input\":3}", embeddings.stringAttribute("langfuse.observation.usage_details"));

    ReceivedSpan chat1 = span("langfuse", "chat1");
    assertEquals("generation", type("chat1"));
    assertEquals("{\"total\":0.002}", chat1.stringAttribute("langfuse.observation.cost_details"));
    assertTrue(chat1.stringAttribute("langfuse.observation.output").contains("get_weather"));

    ReceivedSpan tool = span("langfuse", "tool");
    assertEquals("tool", type("tool"));
    assertEquals(ARGUMENTS, tool.stringAttribute("langfuse.observation.input"));
    assertEquals(RESULT, tool.stringAttribute("langfuse.observation.output"));

    ReceivedSpan chat2 = span("langfuse", "chat2");
    // euros: Langfuse's cost_details are US dollars, so no cost is sent (Langfuse may infer one)
    assertNull(chat2.attribute("langfuse.observation.cost_details"));
    chat2.attributes().keySet().forEach(k -> assertFalse(k.startsWith("otelpresets."), k));
    for (ReceivedSpan sp : harness.receiver("langfuse").spans()) {
      sp.attributes()
          .keySet()
          .forEach(
              k ->
                  assertFalse(
                      k.startsWith("llm.") || k.startsWith("openinference."),
                      "no OpenInference: " + k));
    }
  }

  @Test
  void agentOpsGetsAgentAndToolSpansInItsOwnVocabulary() {
    harness.flushAndAwait("agentops", 7);
    ReceivedSpan agent = span("agentops", "agent");
    assertEquals("agent", agent.stringAttribute("agentops.span.kind"));
    assertEquals(AGENT, agent.stringAttribute("agent.name"));
    assertEquals("agent-1", agent.stringAttribute("agent.id"));
    assertTrue(agent.stringAttribute("agentops.entity.input").contains("Ünïcødé ☀"));
    assertTrue(agent.stringAttribute("agentops.entity.output").contains(ANSWER));
    noGenAiKey(agent);

    ReceivedSpan tool = span("agentops", "tool");
    assertEquals("tool", tool.stringAttribute("agentops.span.kind"));
    assertEquals("get_weather", tool.stringAttribute("tool.name"));
    assertEquals(CALL_ID, tool.stringAttribute("tool.id"));
    assertEquals(ARGUMENTS, tool.stringAttribute("tool.parameters"));
    assertEquals(RESULT, tool.stringAttribute("tool.result"));
    noGenAiKey(tool);

    ReceivedSpan chat1 = span("agentops", "chat1");
    assertEquals("openai", chat1.stringAttribute("gen_ai.system"));
    assertEquals(20L, chat1.attribute("gen_ai.usage.prompt_tokens"));
    assertEquals(0.002, chat1.attribute("gen_ai.usage.total_cost"));
    assertEquals("get_weather", chat1.stringAttribute("gen_ai.completion.0.tool_calls.0.name"));
    assertNull(chat1.attribute("agentops.span.kind"), "an LLM call stays a request");

    ReceivedSpan embeddings = span("agentops", "embeddings");
    assertEquals("Paris climate", embeddings.stringAttribute("gen_ai.prompt.0.content"));

    ReceivedSpan chat2 = span("agentops", "chat2");
    // euros: AgentOps' gen_ai.usage.*_cost are US dollars; the canonical keys say the currency
    assertNull(chat2.attribute("gen_ai.usage.total_cost"));
    assertEquals(0.003, chat2.attribute("otelpresets.cost.total"));
    assertEquals("EUR", chat2.stringAttribute("otelpresets.cost.currency"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"levo", "otel"})
  void canonicalBackendsGetTheGenAiConventionsAsRecorded(String backend) {
    harness.flushAndAwait(backend, 7);
    ReceivedSpan agent = span(backend, "agent");
    assertEquals("invoke_agent", agent.stringAttribute("gen_ai.operation.name"));
    assertEquals(AGENT, agent.stringAttribute("gen_ai.agent.name"));
    assertEquals("invoke_agent " + AGENT, agent.name());
    ReceivedSpan retrieval = span(backend, "retrieval");
    assertEquals("retrieval", retrieval.stringAttribute("gen_ai.operation.name"));
    assertEquals("kb-weather", retrieval.stringAttribute("gen_ai.data_source.id"));
    assertEquals(QUERY, retrieval.stringAttribute("gen_ai.retrieval.query.text"));
    assertTrue(retrieval.stringAttribute("gen_ai.retrieval.documents").contains("doc-2"));
    assertEquals(2L, retrieval.attribute("gen_ai.retrieval.top_k"));
    assertEquals(
        "embeddings", span(backend, "embeddings").stringAttribute("gen_ai.operation.name"));
    ReceivedSpan tool = span(backend, "tool");
    assertEquals("execute_tool", tool.stringAttribute("gen_ai.operation.name"));
    assertEquals(ARGUMENTS, tool.stringAttribute("gen_ai.tool.call.arguments"));
    assertEquals(RESULT, tool.stringAttribute("gen_ai.tool.call.result"));
    assertEquals(0.002, span(backend, "chat1").attribute("otelpresets.cost.total_usd"));
    ReceivedSpan chat2 = span(backend, "chat2");
    assertEquals(0.003, chat2.attribute("otelpresets.cost.total"));
    assertEquals("EUR", chat2.stringAttribute("otelpresets.cost.currency"));
    assertNull(chat2.attribute("otelpresets.cost.total_usd"));
    for (ReceivedSpan sp : harness.receiver(backend).spans()) {
      sp.attributes()
          .keySet()
          .forEach(
              k ->
                  assertFalse(
                      k.startsWith("llm.")
                          || k.startsWith("langfuse.")
                          || k.startsWith("openinference.")
                          || k.startsWith("agentops."),
                      backend + " got " + k));
    }
  }

  /**
   * The same trace with content capture off (the default): every backend still gets every span
   * with its kind or type, and none gets a query, document, message, argument, result or text in
   * any vocabulary.
   */
  @Test
  void withoutContentCaptureNoBackendGetsContent() {
    List<String> secrets =
        List.of(
            "Ünïcødé",
            "Paris climate",
            "Paris is mild",
            "Lyon is warmer",
            ARGUMENTS,
            "sunny",
            ANSWER); // tool definitions are not content: they stay
    try (FakeTokenEndpoint otherToken = FakeTokenEndpoint.start();
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
                        + "settings:\n  shutdown_hook: false\n")
                .env(r -> AllPresetsTest.env(r, otherToken))
                .start()) {
      Map<String, String> saved = new HashMap<>(ids);
      try {
        record(h.telemetry());
        for (String backend :
            List.of("arize", "phoenix", "langfuse", "weave", "levo", "agentops", "otel")) {
          List<ReceivedSpan> spans = h.flushAndAwait(backend, 7);
          assertEquals(7, spans.size(), backend);
          for (ReceivedSpan sp : spans) {
            sp.attributes()
                .forEach(
                    (k, v) ->
                        secrets.forEach(
                            secret ->
                                assertFalse(
                                    String.valueOf(v).contains(secret),
                                    backend + " " + sp.name() + " " + k)));
          }
          ReceivedSpan tool = h.span(backend, ids.get("tool"));
          ReceivedSpan retrieval = h.span(backend, ids.get("retrieval"));
          switch (backend) {
            case "langfuse" -> {
              assertEquals("tool", tool.stringAttribute("langfuse.observation.type"));
              assertEquals("retriever", retrieval.stringAttribute("langfuse.observation.type"));
            }
            case "agentops" -> assertEquals("tool", tool.stringAttribute("agentops.span.kind"));
            case "levo", "otel" ->
                assertEquals("execute_tool", tool.stringAttribute("gen_ai.operation.name"));
            default -> {
              assertEquals("TOOL", tool.stringAttribute("openinference.span.kind"));
              assertEquals("RETRIEVER", retrieval.stringAttribute("openinference.span.kind"));
            }
          }
        }
      } finally {
        ids.clear();
        ids.putAll(saved);
      }
    }
  }

  private static String kind(String backend, String role) {
    return span(backend, role).stringAttribute("openinference.span.kind");
  }

  private static String type(String role) {
    return span("langfuse", role).stringAttribute("langfuse.observation.type");
  }

  private static void noGenAiKey(ReceivedSpan sp) {
    sp.attributes()
        .keySet()
        .forEach(
            k ->
                assertFalse(
                    k.startsWith("gen_ai."), "AgentOps would type the span an LLM request: " + k));
  }
}
