package dev.otelpresets.presets.arize;

import static dev.otelpresets.presets.openinference.testing.OpenInferenceExpectations.assertFailedCall;
import static dev.otelpresets.presets.openinference.testing.OpenInferenceExpectations.assertPlainChat;
import static dev.otelpresets.presets.openinference.testing.OpenInferenceExpectations.assertServerSpan;
import static dev.otelpresets.presets.openinference.testing.OpenInferenceExpectations.assertStreamedChat;
import static dev.otelpresets.presets.openinference.testing.OpenInferenceExpectations.assertToolCalls;
import static dev.otelpresets.presets.openinference.testing.OpenInferenceExpectations.assertToolExecution;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.otelpresets.testkit.GenAiScenarios.Recorded;
import dev.otelpresets.testkit.PresetTestHarness;
import dev.otelpresets.testkit.ReceivedRequest;
import dev.otelpresets.testkit.ReceivedSpan;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The arize preset through the real OTLP exporters to an embedded receiver. */
class ArizeEndToEndTest {
  private static final String YAML =
      "callbacks: [arize]\nsettings:\n  capture_message_content: span_only\n";

  @Test
  void scenariosOverGrpcByDefaultRules() {
    try (PresetTestHarness h =
        PresetTestHarness.builder()
            .grpcReceiver("arize")
            .yaml(YAML)
            .env(
                r ->
                    Map.of(
                        "ARIZE_SPACE_ID",
                        "space-e2e",
                        "ARIZE_API_KEY",
                        "ak-e2e",
                        "ARIZE_PROJECT_NAME",
                        "e2e-project",
                        // with the /v1 path of Arize's documented endpoint, as the default has
                        "ARIZE_ENDPOINT",
                        r.get("arize").grpcEndpoint() + "/v1"))
            .start()) {
      Recorded plain = h.scenarios().plainChat();
      Recorded streamed = h.scenarios().streamedChat();
      Recorded tools = h.scenarios().toolCalls();
      Recorded failed = h.scenarios().failedCall();
      Recorded tool = h.scenarios().toolExecution();
      h.flushAndAwait("arize", 10);

      ReceivedSpan llm = h.span("arize", plain.llmSpanId());
      assertPlainChat(llm);
      assertServerSpan(h.span("arize", plain.serverSpanId()), llm);
      assertStreamedChat(h.span("arize", streamed.llmSpanId()));
      assertToolCalls(h.span("arize", tools.llmSpanId()));
      assertToolExecution(h.span("arize", tool.llmSpanId()), true);
      ReceivedSpan failedLlm = h.span("arize", failed.llmSpanId());
      assertFailedCall(failedLlm);
      assertServerSpan(h.span("arize", failed.serverSpanId()), failedLlm);

      ReceivedRequest request = llm.request();
      assertEquals(ReceivedRequest.GRPC, request.transport());
      assertEquals("/opentelemetry.proto.collector.trace.v1.TraceService/Export", request.path());
      assertEquals("ak-e2e", request.header("authorization"));
      assertEquals("ak-e2e", request.header("api_key"));
      assertEquals("ak-e2e", request.header("arize-api-key"), "the name in Arize's docs");
      assertEquals("space-e2e", request.header("arize-space-id"));
      assertEquals("space-e2e", request.header("space_id"));
      assertEquals("otel", request.header("arize-interface"), "as Arize's own client sends it");
      assertEquals("e2e-project", llm.resourceAttributes().get("openinference.project.name"));
      assertEquals("e2e-project", llm.resourceAttributes().get("model_id"));
      h.receiver("arize").assertNoMoreSpans(java.time.Duration.ofMillis(200));
      assertEquals(10, h.receiver("arize").spans().size(), "one span per operation");
    }
  }

  @Test
  void httpEndpointSwitchesToOtlpHttp() {
    try (PresetTestHarness h =
        PresetTestHarness.builder()
            .receiver("arize")
            .yaml(YAML)
            .env(
                r ->
                    Map.of(
                        "ARIZE_SPACE_KEY",
                        "space-old",
                        "ARIZE_API_KEY",
                        "ak-e2e",
                        "ARIZE_HTTP_ENDPOINT",
                        r.get("arize").baseUrl()))
            .start()) {
      Recorded plain = h.scenarios().plainChat();
      h.flushAndAwait("arize", 2);
      ReceivedSpan llm = h.span("arize", plain.llmSpanId());
      assertPlainChat(llm);
      assertEquals(ReceivedRequest.HTTP_PROTOBUF, llm.request().transport());
      assertEquals("/v1/traces", llm.request().path());
      assertEquals("space-old", llm.request().header("arize-space-id"));
      assertEquals("ak-e2e", llm.request().header("authorization"));
      assertEquals("otel", llm.request().header("arize-interface"));
      assertEquals("default", llm.resourceAttributes().get("openinference.project.name"));
    }
  }
}
