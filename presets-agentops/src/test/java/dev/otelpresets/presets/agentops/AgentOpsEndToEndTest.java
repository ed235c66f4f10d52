package dev.otelpresets.presets.agentops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.LlmCall;
import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.spi.genai.GenAiContent.MessagePart;
import dev.otelpresets.testkit.GenAiScenarios;
import dev.otelpresets.testkit.GenAiScenarios.Recorded;
import dev.otelpresets.testkit.PresetTestHarness;
import dev.otelpresets.testkit.ReceivedRequest;
import dev.otelpresets.testkit.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The agentops preset through the core and the real OTLP/HTTP exporter, with a fake token endpoint,
 * next to a plain {@code otel} collector: the JWT is fetched on the first export only, the AgentOps
 * resource overlay stays on the AgentOps exporter, the canonical values arrive unchanged, and next
 * to them the older GenAI keys AgentOps' dashboards read (usage, cost, flattened prompts and
 * completions) — at AgentOps only.
 */
@TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class AgentOpsEndToEndTest {
  private static TokenServer tokens;
  private static PresetTestHarness h;

  @BeforeAll
  static void start() throws IOException {
    tokens = new TokenServer();
    h =
        PresetTestHarness.builder()
            .receiver("agentops")
            .receiver("otel")
            .yaml("callbacks: [agentops, otel]\nsettings:\n  capture_message_content: span_only\n")
            .env(
                r ->
                    Map.of(
                        "AGENTOPS_API_KEY", "ak-e2e",
                        "AGENTOPS_API_ENDPOINT", tokens.apiBaseUrl(),
                        "AGENTOPS_EXPORTER_ENDPOINT", r.get("agentops").tracesUrl(),
                        "AGENTOPS_SERVICE_NAME", "checkout-agent",
                        "AGENTOPS_ENVIRONMENT", "staging",
                        "OTEL_SERVICE_NAME", "gateway",
                        "OTEL_EXPORTER_OTLP_ENDPOINT", r.get("otel").baseUrl(),
                        "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"))
            .start();
  }

  @AfterAll
  static void stop() {
    try {
      h.close();
    } finally {
      tokens.close();
    }
  }

  private static ReceivedSpan llmSpan(String receiver, Recorded rec) {
    h.telemetry().forceFlush(PresetTestHarness.TIMEOUT);
    h.receiver(receiver)
        .awaitSpans(s -> s.traceId().equals(rec.traceId()), 2, PresetTestHarness.TIMEOUT);
    ReceivedSpan llm = h.span(receiver, rec.llmSpanId());
    assertEquals(rec.serverSpanId(), llm.parentSpanId());
    return llm;
  }

  private static void assertAgentOpsTransport(ReceivedSpan s) {
    ReceivedRequest r = s.request();
    assertEquals("/v1/traces", r.path());
    assertEquals(ReceivedRequest.HTTP_PROTOBUF, r.transport());
    assertEquals("Bearer " + TokenServer.issuedToken(1, null), r.header("Authorization"));
    assertEquals("checkout-agent", s.resourceAttributes().get("service.name"));
    assertEquals("staging", s.resourceAttributes().get("deployment.environment"));
  }

  private static void assertCanonical(ReceivedSpan s) {
    assertEquals("chat", s.attribute("gen_ai.operation.name"));
    assertEquals(GenAiScenarios.PROVIDER, s.attribute("gen_ai.provider.name"));
    assertEquals(GenAiScenarios.REQUEST_MODEL, s.attribute("gen_ai.request.model"));
    assertEquals(GenAiScenarios.CONVERSATION_ID, s.attribute("gen_ai.conversation.id"));
    assertEquals(GenAiScenarios.USER_ID, s.attribute("user.id"));
    assertTrue(
        s.attributes().keySet().stream()
            .noneMatch(
                k ->
                    k.startsWith("langfuse.")
                        || k.startsWith("llm.")
                        || k.startsWith("openinference.")),
        s.attributes().toString());
    assertEquals(GenAiScenarios.PROVIDER, s.attribute("gen_ai.system"));
    assertEquals(GenAiScenarios.TAGS, s.attribute("agentops.tags"));
    // translated into AgentOps' keys, so not sent again under the project's private names
    assertTrue(
        s.attributes().keySet().stream()
            .noneMatch(k -> k.startsWith("otelpresets.cost.") || k.equals("otelpresets.tags")),
        s.attributes().toString());
    assertTrue(
        s.stringAttribute("otelpresets.metadata").contains("feature"),
        "the host's metadata has no AgentOps key and stays");
  }

  /** The usage of {@link GenAiScenarios#response()} in the keys AgentOps reads. */
  private static void assertAgentOpsUsage(ReceivedSpan s) {
    assertEquals(GenAiScenarios.INPUT_TOKENS, s.attribute("gen_ai.usage.prompt_tokens"));
    assertEquals(GenAiScenarios.OUTPUT_TOKENS, s.attribute("gen_ai.usage.completion_tokens"));
    assertEquals(
        GenAiScenarios.INPUT_TOKENS + GenAiScenarios.OUTPUT_TOKENS,
        s.attribute("gen_ai.usage.total_tokens"));
    assertEquals(
        GenAiScenarios.CACHE_READ_TOKENS, s.attribute("gen_ai.usage.cache_read_input_tokens"));
    assertEquals(
        GenAiScenarios.CACHE_CREATION_TOKENS,
        s.attribute("gen_ai.usage.cache_creation_input_tokens"));
    assertEquals(GenAiScenarios.REASONING_TOKENS, s.attribute("gen_ai.usage.reasoning_tokens"));
    assertEquals(GenAiScenarios.COST_USD, s.attribute("gen_ai.usage.total_cost"));
  }

  /** The request's system and user message as AgentOps' flattened prompt. */
  private static void assertScenarioPrompt(ReceivedSpan s) {
    assertEquals("system", s.attribute("gen_ai.prompt.0.role"));
    assertEquals(GenAiScenarios.SYSTEM_PROMPT, s.attribute("gen_ai.prompt.0.content"));
    assertEquals("user", s.attribute("gen_ai.prompt.1.role"));
    assertEquals(GenAiScenarios.USER_PROMPT, s.attribute("gen_ai.prompt.1.content"));
    assertNull(s.attribute("gen_ai.prompt.2.role"));
  }

  private static void assertAnswer(ReceivedSpan s) {
    assertEquals("assistant", s.attribute("gen_ai.completion.0.role"));
    assertEquals(GenAiScenarios.ANSWER, s.attribute("gen_ai.completion.0.content"));
    assertEquals("stop", s.attribute("gen_ai.completion.0.finish_reason"));
    assertNull(s.attribute("gen_ai.completion.1.role"));
  }

  private static void assertNoAgentOpsKeys(ReceivedSpan s) {
    assertTrue(
        s.attributes().keySet().stream()
            .noneMatch(
                k ->
                    k.startsWith("gen_ai.prompt.")
                        || k.startsWith("gen_ai.completion.")
                        || k.equals("gen_ai.usage.prompt_tokens")
                        || k.equals("gen_ai.usage.total_cost")
                        || k.equals("gen_ai.system")
                        || k.equals("agentops.tags")),
        s.attributes().toString());
  }

  @Test
  @org.junit.jupiter.api.Order(1)
  void noTokenIsFetchedBeforeTheFirstExport() {
    assertEquals(0, tokens.requests());
  }

  @Test
  @org.junit.jupiter.api.Order(2)
  void plainChat() {
    Recorded rec = h.scenarios().plainChat();
    ReceivedSpan llm = llmSpan("agentops", rec);
    assertAgentOpsTransport(llm);
    assertAgentOpsTransport(h.span("agentops", rec.serverSpanId()));
    assertCanonical(llm);
    assertEquals(GenAiScenarios.RESPONSE_MODEL, llm.attribute("gen_ai.response.model"));
    assertEquals(42L, llm.attribute("gen_ai.usage.input_tokens"));
    assertEquals(17L, llm.attribute("gen_ai.usage.output_tokens"));
    assertEquals(10L, llm.attribute("gen_ai.usage.cache_read.input_tokens"));
    assertEquals(false, llm.attribute("gen_ai.request.stream"));
    assertTrue(llm.stringAttribute("gen_ai.output.messages").contains(GenAiScenarios.ANSWER));
    assertAgentOpsUsage(llm);
    assertScenarioPrompt(llm);
    assertAnswer(llm);
    // AgentOps reads a trace's tags from its first span: the host's server span has them too
    ReceivedSpan server = h.span("agentops", rec.serverSpanId());
    assertEquals(GenAiScenarios.TAGS, server.attribute("agentops.tags"));
    assertTrue(
        server.attributes().keySet().stream()
            .noneMatch(
                k ->
                    k.startsWith("gen_ai.usage.")
                        || k.startsWith("gen_ai.prompt.")
                        || k.equals("otelpresets.tags")),
        server.toString());
    assertEquals(List.of("POST /v3/auth/token"), tokens.paths());
    assertEquals(List.of("{\"api_key\":\"ak-e2e\"}"), tokens.bodies());

    // the overlay is the AgentOps exporter's only: the collector keeps the process's service name
    ReceivedSpan otel = llmSpan("otel", rec);
    assertEquals("gateway", otel.resourceAttributes().get("service.name"));
    assertNull(otel.resourceAttributes().get("deployment.environment"));
    assertNull(otel.request().header("Authorization"));
    // AgentOps' vocabulary is the AgentOps exporter's only: the collector gets the canonical span
    assertNoAgentOpsKeys(otel);
    assertEquals(GenAiScenarios.COST_USD, otel.attribute("otelpresets.cost.total_usd"));
    assertEquals(GenAiScenarios.TAGS, otel.attribute("otelpresets.tags"));
  }

  @Test
  @org.junit.jupiter.api.Order(3)
  void streamedChat() {
    ReceivedSpan llm = llmSpan("agentops", h.scenarios().streamedChat());
    assertAgentOpsTransport(llm);
    assertCanonical(llm);
    assertEquals(true, llm.attribute("gen_ai.request.stream"));
    assertTrue((Double) llm.attribute("gen_ai.response.time_to_first_chunk") >= 0);
    assertAgentOpsUsage(llm);
    assertScenarioPrompt(llm);
    assertAnswer(llm);
  }

  @Test
  @org.junit.jupiter.api.Order(4)
  void toolCalls() {
    ReceivedSpan llm = llmSpan("agentops", h.scenarios().toolCalls());
    assertAgentOpsTransport(llm);
    assertCanonical(llm);
    assertEquals(List.of("tool_calls"), llm.attribute("gen_ai.response.finish_reasons"));
    assertTrue(llm.stringAttribute("gen_ai.tool.definitions").contains("\"get_weather\""));
    assertTrue(llm.stringAttribute("gen_ai.input.messages").contains("call_abc123"));
    assertAgentOpsUsage(llm);
    // the history: the user's question, the assistant's tool call, the tool's answer by call id
    assertEquals("user", llm.attribute("gen_ai.prompt.0.role"));
    assertEquals("assistant", llm.attribute("gen_ai.prompt.1.role"));
    assertNull(llm.attribute("gen_ai.prompt.1.content"), "a tool call only, no text");
    assertEquals(GenAiScenarios.TOOL_CALL_ID, llm.attribute("gen_ai.prompt.1.tool_calls.0.id"));
    assertEquals(GenAiScenarios.TOOL_NAME, llm.attribute("gen_ai.prompt.1.tool_calls.0.name"));
    assertEquals("{\"city\":\"Paris\"}", llm.attribute("gen_ai.prompt.1.tool_calls.0.arguments"));
    assertEquals("tool", llm.attribute("gen_ai.prompt.2.role"));
    assertEquals(GenAiScenarios.TOOL_CALL_ID, llm.attribute("gen_ai.prompt.2.tool_call_id"));
    assertEquals(GenAiScenarios.TOOL_RESULT, llm.attribute("gen_ai.prompt.2.content"));
    // the answer: another tool call
    assertEquals("assistant", llm.attribute("gen_ai.completion.0.role"));
    assertEquals("tool_calls", llm.attribute("gen_ai.completion.0.finish_reason"));
    assertEquals("call_def456", llm.attribute("gen_ai.completion.0.tool_calls.0.id"));
    assertEquals(GenAiScenarios.TOOL_NAME, llm.attribute("gen_ai.completion.0.tool_calls.0.name"));
    assertEquals(
        "{\"city\":\"Lyon\"}", llm.attribute("gen_ai.completion.0.tool_calls.0.arguments"));
  }

  @Test
  @org.junit.jupiter.api.Order(5)
  void systemInstructionsLeadThePrompt() {
    LlmCall call =
        h.telemetry()
            .startCall(
                GenAiScenarios.request()
                    .inputMessages(List.of(ChatMessage.text("user", GenAiScenarios.USER_PROMPT)))
                    .systemInstructions(List.of(new MessagePart.Text(GenAiScenarios.SYSTEM_PROMPT)))
                    .build());
    call.end(GenAiScenarios.response().build());
    String spanId = call.span().getSpanContext().getSpanId();
    h.telemetry().forceFlush(PresetTestHarness.TIMEOUT);
    h.receiver("agentops").awaitSpans(s -> s.spanId().equals(spanId), 1, PresetTestHarness.TIMEOUT);
    ReceivedSpan llm = h.span("agentops", spanId);
    assertTrue(
        llm.stringAttribute("gen_ai.system_instructions").contains(GenAiScenarios.SYSTEM_PROMPT),
        "the canonical key stays");
    assertScenarioPrompt(llm);
    assertAnswer(llm);
  }

  @Test
  @org.junit.jupiter.api.Order(6)
  void embeddings() {
    ReceivedSpan llm = llmSpan("agentops", h.scenarios().embeddings());
    assertAgentOpsTransport(llm);
    assertEquals(GenAiScenarios.EMBEDDING_TOKENS, llm.attribute("gen_ai.usage.prompt_tokens"));
    assertEquals(GenAiScenarios.EMBEDDING_TOKENS, llm.attribute("gen_ai.usage.total_tokens"));
    assertNull(llm.attribute("gen_ai.usage.completion_tokens"), "unknown, never a made-up 0");
    // the texts, as AgentOps' embeddings instrumentation writes them: content only
    for (int i = 0; i < GenAiScenarios.EMBEDDING_INPUTS.size(); i++) {
      assertEquals(
          GenAiScenarios.EMBEDDING_INPUTS.get(i), llm.attribute("gen_ai.prompt." + i + ".content"));
      assertNull(llm.attribute("gen_ai.prompt." + i + ".role"));
    }
    assertTrue(
        llm.attributes().keySet().stream().noneMatch(k -> k.startsWith("gen_ai.completion.")),
        llm.attributes().toString());
  }

  @Test
  @org.junit.jupiter.api.Order(7)
  void failedCall() {
    ReceivedSpan llm = llmSpan("agentops", h.scenarios().failedCall());
    assertAgentOpsTransport(llm);
    assertCanonical(llm);
    assertEquals(Status.StatusCode.STATUS_CODE_ERROR, llm.status().getCode());
    assertEquals("java.io.IOException", llm.attribute("error.type"));
    assertScenarioPrompt(llm);
    assertTrue(
        llm.attributes().keySet().stream()
            .noneMatch(k -> k.startsWith("gen_ai.usage.") || k.startsWith("gen_ai.completion.")),
        "no usage, no output: " + llm.attributes());
    assertEquals(1, tokens.requests(), "one token for the whole run");
  }

  @Test
  @org.junit.jupiter.api.Order(8)
  void withoutContentCaptureTokensButNoPromptOrCompletion() throws IOException {
    try (TokenServer ownTokens = new TokenServer();
        PresetTestHarness off =
            PresetTestHarness.builder()
                .receiver("agentops")
                .yaml("callbacks: [agentops]\n") // capture_message_content: no_content, the default
                .env(
                    r ->
                        Map.of(
                            "AGENTOPS_API_KEY", "ak-e2e",
                            "AGENTOPS_API_ENDPOINT", ownTokens.apiBaseUrl(),
                            "AGENTOPS_EXPORTER_ENDPOINT", r.get("agentops").tracesUrl()))
                .start()) {
      Recorded rec = off.scenarios().toolCalls();
      off.flushAndAwait("agentops", 2);
      ReceivedSpan llm = off.span("agentops", rec.llmSpanId());
      assertAgentOpsUsage(llm);
      assertTrue(
          llm.attributes().keySet().stream()
              .noneMatch(k -> k.startsWith("gen_ai.prompt.") || k.startsWith("gen_ai.completion.")),
          llm.attributes().toString());
    }
  }
}
