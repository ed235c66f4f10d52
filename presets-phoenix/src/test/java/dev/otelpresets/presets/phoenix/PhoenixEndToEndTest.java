package dev.otelpresets.presets.phoenix;

import static dev.otelpresets.presets.openinference.testing.OpenInferenceExpectations.assertEmbeddings;
import static dev.otelpresets.presets.openinference.testing.OpenInferenceExpectations.assertFailedCall;
import static dev.otelpresets.presets.openinference.testing.OpenInferenceExpectations.assertPlainChat;
import static dev.otelpresets.presets.openinference.testing.OpenInferenceExpectations.assertServerSpan;
import static dev.otelpresets.presets.openinference.testing.OpenInferenceExpectations.assertStreamedChat;
import static dev.otelpresets.presets.openinference.testing.OpenInferenceExpectations.assertToolCalls;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.otelpresets.testkit.GenAiScenarios.Recorded;
import dev.otelpresets.testkit.PresetTestHarness;
import dev.otelpresets.testkit.ReceivedRequest;
import dev.otelpresets.testkit.ReceivedSpan;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The phoenix preset through the real OTLP exporters to an embedded receiver. */
class PhoenixEndToEndTest {

  private static String yaml(String callback) {
    return "callbacks: [" + callback + "]\nsettings:\n  capture_message_content: span_only\n";
  }

  @Test
  void scenariosOverHttpWithBearerAndProject() {
    try (PresetTestHarness h = PresetTestHarness.builder()
        .receiver("phoenix")
        .yaml(yaml("phoenix"))
        .env(r -> Map.of("PHOENIX_COLLECTOR_ENDPOINT", r.get("phoenix").baseUrl(),
            "PHOENIX_API_KEY", "px-e2e", "PHOENIX_PROJECT_NAME", "e2e-project"))
        .start()) {
      Recorded plain = h.scenarios().plainChat();
      Recorded streamed = h.scenarios().streamedChat();
      Recorded tools = h.scenarios().toolCalls();
      Recorded failed = h.scenarios().failedCall();
      Recorded embeddings = h.scenarios().embeddings();
      h.flushAndAwait("phoenix", 10);

      ReceivedSpan llm = h.span("phoenix", plain.llmSpanId());
      assertPlainChat(llm);
      assertServerSpan(h.span("phoenix", plain.serverSpanId()), llm);
      assertStreamedChat(h.span("phoenix", streamed.llmSpanId()));
      assertToolCalls(h.span("phoenix", tools.llmSpanId()));
      assertFailedCall(h.span("phoenix", failed.llmSpanId()));
      assertEmbeddings(h.span("phoenix", embeddings.llmSpanId()));

      assertEquals(ReceivedRequest.HTTP_PROTOBUF, llm.request().transport());
      assertEquals("/v1/traces", llm.request().path());
      assertEquals("Bearer px-e2e", llm.request().header("authorization"));
      assertEquals("e2e-project", llm.resourceAttributes().get("openinference.project.name"));
      assertNull(llm.resourceAttributes().get("model_id"), "Arize's overlay stays with Arize");
    }
  }

  @Test
  void aliasSelectsThePresetAndGrpcUrlSelectsGrpc() {
    try (PresetTestHarness h = PresetTestHarness.builder()
        .grpcReceiver("phoenix")
        .yaml(yaml("arize_phoenix"))
        .env(r -> Map.of("PHOENIX_COLLECTOR_ENDPOINT",
            r.get("phoenix").grpcEndpoint().replace("http://", "grpc://")))
        .start()) {
      Recorded plain = h.scenarios().plainChat();
      h.flushAndAwait("phoenix", 2);
      ReceivedSpan llm = h.span("phoenix", plain.llmSpanId());
      assertPlainChat(llm);
      assertEquals(ReceivedRequest.GRPC, llm.request().transport());
      assertNull(llm.request().header("authorization"), "no key, no auth header");
      assertEquals("default", llm.resourceAttributes().get("openinference.project.name"));
    }
  }
}
