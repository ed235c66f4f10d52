package dev.otelpresets.presets.agentops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * resource overlay stays on the AgentOps exporter, and the canonical values arrive unchanged.
 */
@TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class AgentOpsEndToEndTest {
  private static TokenServer tokens;
  private static PresetTestHarness h;

  @BeforeAll
  static void start() throws IOException {
    tokens = new TokenServer();
    h = PresetTestHarness.builder()
        .receiver("agentops")
        .receiver("otel")
        .yaml("callbacks: [agentops, otel]\nsettings:\n  capture_message_content: span_only\n")
        .env(r -> Map.of(
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
    h.receiver(receiver).awaitSpans(s -> s.traceId().equals(rec.traceId()), 2,
        PresetTestHarness.TIMEOUT);
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
    assertTrue(s.attributes().keySet().stream().noneMatch(k -> k.startsWith("langfuse.")
        || k.startsWith("llm.") || k.startsWith("openinference.")), s.attributes().toString());
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
    assertEquals(List.of("POST /v3/auth/token"), tokens.paths());
    assertEquals(List.of("{\"api_key\":\"ak-e2e\"}"), tokens.bodies());

    // the overlay is the AgentOps exporter's only: the collector keeps the process's service name
    ReceivedSpan otel = llmSpan("otel", rec);
    assertEquals("gateway", otel.resourceAttributes().get("service.name"));
    assertNull(otel.resourceAttributes().get("deployment.environment"));
    assertNull(otel.request().header("Authorization"));
  }

  @Test
  @org.junit.jupiter.api.Order(3)
  void streamedChat() {
    ReceivedSpan llm = llmSpan("agentops", h.scenarios().streamedChat());
    assertAgentOpsTransport(llm);
    assertCanonical(llm);
    assertEquals(true, llm.attribute("gen_ai.request.stream"));
    assertTrue((Double) llm.attribute("gen_ai.response.time_to_first_chunk") >= 0);
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
  }

  @Test
  @org.junit.jupiter.api.Order(5)
  void failedCall() {
    ReceivedSpan llm = llmSpan("agentops", h.scenarios().failedCall());
    assertAgentOpsTransport(llm);
    assertCanonical(llm);
    assertEquals(Status.StatusCode.STATUS_CODE_ERROR, llm.status().getCode());
    assertEquals("java.io.IOException", llm.attribute("error.type"));
    assertEquals(1, tokens.requests(), "one token for the whole run");
  }
}
