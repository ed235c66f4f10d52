package dev.otelpresets.presets.levo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.testkit.GenAiScenarios;
import dev.otelpresets.testkit.GenAiScenarios.Recorded;
import dev.otelpresets.testkit.PresetTestHarness;
import dev.otelpresets.testkit.ReceivedRequest;
import dev.otelpresets.testkit.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The levo preset through the core and the real OTLP/HTTP exporter to an embedded receiver. */
class LevoEndToEndTest {
  private static PresetTestHarness h;

  @BeforeAll
  static void start() {
    h =
        PresetTestHarness.builder()
            .receiver("levo")
            .yaml("callbacks: [levo]\nsettings:\n  capture_message_content: span_only\n")
            .env(
                r ->
                    Map.of(
                        "LEVOAI_API_KEY", "levo-e2e-key",
                        "LEVOAI_ORG_ID", "org-42",
                        "LEVOAI_WORKSPACE_ID", "ws-7",
                        "LEVOAI_COLLECTOR_URL", r.get("levo").baseUrl()))
            .start();
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  private static ReceivedSpan llmSpan(Recorded rec) {
    h.telemetry().forceFlush(PresetTestHarness.TIMEOUT);
    h.receiver("levo")
        .awaitSpans(s -> s.traceId().equals(rec.traceId()), 2, PresetTestHarness.TIMEOUT);
    ReceivedSpan llm = h.span("levo", rec.llmSpanId());
    assertEquals(rec.serverSpanId(), llm.parentSpanId());
    assertHeaders(h.span("levo", rec.serverSpanId()));
    assertHeaders(llm);
    assertEquals("chat", llm.attribute("gen_ai.operation.name"));
    assertEquals(GenAiScenarios.REQUEST_MODEL, llm.attribute("gen_ai.request.model"));
    assertEquals(GenAiScenarios.USER_ID, llm.attribute("user.id"));
    assertTrue(
        llm.attributes().keySet().stream()
            .noneMatch(
                k ->
                    k.startsWith("langfuse.")
                        || k.startsWith("llm.")
                        || k.startsWith("openinference.")),
        llm.attributes().toString());
    return llm;
  }

  private static void assertHeaders(ReceivedSpan s) {
    ReceivedRequest r = s.request();
    assertEquals("/v1/traces", r.path());
    assertEquals(ReceivedRequest.HTTP_PROTOBUF, r.transport());
    assertEquals("Bearer levo-e2e-key", r.header("Authorization"));
    assertEquals("org-42", r.header("x-levo-organization-id"));
    assertEquals("ws-7", r.header("x-levo-workspace-id"));
  }

  @Test
  void plainChat() {
    ReceivedSpan llm = llmSpan(h.scenarios().plainChat());
    assertEquals(GenAiScenarios.RESPONSE_MODEL, llm.attribute("gen_ai.response.model"));
    assertEquals(42L, llm.attribute("gen_ai.usage.input_tokens"));
    assertEquals(false, llm.attribute("gen_ai.request.stream"));
    assertTrue(llm.stringAttribute("gen_ai.output.messages").contains(GenAiScenarios.ANSWER));
  }

  @Test
  void streamedChat() {
    ReceivedSpan llm = llmSpan(h.scenarios().streamedChat());
    assertEquals(true, llm.attribute("gen_ai.request.stream"));
    assertTrue((Double) llm.attribute("gen_ai.response.time_to_first_chunk") >= 0);
  }

  @Test
  void toolCalls() {
    ReceivedSpan llm = llmSpan(h.scenarios().toolCalls());
    assertEquals(List.of("tool_calls"), llm.attribute("gen_ai.response.finish_reasons"));
    assertTrue(llm.stringAttribute("gen_ai.tool.definitions").contains("\"get_weather\""));
  }

  @Test
  void failedCall() {
    ReceivedSpan llm = llmSpan(h.scenarios().failedCall());
    assertEquals(Status.StatusCode.STATUS_CODE_ERROR, llm.status().getCode());
    assertEquals("java.io.IOException", llm.attribute("error.type"));
  }
}
