package dev.otelpresets.presets.phoenix;

import static dev.otelpresets.presets.openinference.testing.OpenInferenceExpectations.assertEmbeddings;
import static dev.otelpresets.presets.openinference.testing.OpenInferenceExpectations.assertFailedCall;
import static dev.otelpresets.presets.openinference.testing.OpenInferenceExpectations.assertNoContent;
import static dev.otelpresets.presets.openinference.testing.OpenInferenceExpectations.assertPlainChat;
import static dev.otelpresets.presets.openinference.testing.OpenInferenceExpectations.assertRootCarriesFirstInputAndLastOutput;
import static dev.otelpresets.presets.openinference.testing.OpenInferenceExpectations.assertServerSpan;
import static dev.otelpresets.presets.openinference.testing.OpenInferenceExpectations.assertStreamedChat;
import static dev.otelpresets.presets.openinference.testing.OpenInferenceExpectations.assertToolCalls;
import static dev.otelpresets.presets.openinference.testing.OpenInferenceExpectations.assertToolExecution;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.otelpresets.testkit.GenAiScenarios.Recorded;
import dev.otelpresets.testkit.GenAiScenarios.TwoCalls;
import dev.otelpresets.testkit.PresetTestHarness;
import dev.otelpresets.testkit.ReceivedRequest;
import dev.otelpresets.testkit.ReceivedSpan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The phoenix preset through the real OTLP exporters to an embedded receiver. */
class PhoenixEndToEndTest {

  private static String yaml(String callback) {
    return "callbacks: [" + callback + "]\nsettings:\n  capture_message_content: span_only\n";
  }

  @Test
  void scenariosOverHttpWithBearerAndProject() {
    try (PresetTestHarness h =
        PresetTestHarness.builder()
            .receiver("phoenix")
            .yaml(yaml("phoenix"))
            .env(
                r ->
                    Map.of(
                        "PHOENIX_COLLECTOR_ENDPOINT",
                        r.get("phoenix").baseUrl(),
                        "PHOENIX_API_KEY",
                        "px-e2e",
                        "PHOENIX_PROJECT_NAME",
                        "e2e-project"))
            .start()) {
      Recorded plain = h.scenarios().plainChat();
      Recorded streamed = h.scenarios().streamedChat();
      Recorded tools = h.scenarios().toolCalls();
      Recorded failed = h.scenarios().failedCall();
      Recorded embeddings = h.scenarios().embeddings();
      Recorded tool = h.scenarios().toolExecution();
      h.flushAndAwait("phoenix", 12);

      ReceivedSpan llm = h.span("phoenix", plain.llmSpanId());
      assertPlainChat(llm);
      assertServerSpan(h.span("phoenix", plain.serverSpanId()), llm);
      assertStreamedChat(h.span("phoenix", streamed.llmSpanId()));
      assertToolCalls(h.span("phoenix", tools.llmSpanId()));
      assertFailedCall(h.span("phoenix", failed.llmSpanId()));
      assertEmbeddings(h.span("phoenix", embeddings.llmSpanId()));
      assertToolExecution(h.span("phoenix", tool.llmSpanId()), true);

      assertEquals(ReceivedRequest.HTTP_PROTOBUF, llm.request().transport());
      assertEquals("/v1/traces", llm.request().path());
      assertEquals("Bearer px-e2e", llm.request().header("authorization"));
      assertEquals("e2e-project", llm.resourceAttributes().get("openinference.project.name"));
      assertNull(llm.resourceAttributes().get("model_id"), "Arize's overlay stays with Arize");
    }
  }

  @Test
  void phoenixClientSettingsPhoenixProjectAndClientHeaders() {
    try (PresetTestHarness h =
        PresetTestHarness.builder()
            .receiver("phoenix")
            .yaml(yaml("phoenix"))
            .env(
                r ->
                    Map.of(
                        "PHOENIX_COLLECTOR_ENDPOINT",
                        r.get("phoenix").baseUrl(),
                        "PHOENIX_API_KEY",
                        "px-e2e",
                        // Phoenix's client prefers PHOENIX_PROJECT over its alias
                        // PHOENIX_PROJECT_NAME
                        "PHOENIX_PROJECT",
                        "canonical-project",
                        "PHOENIX_PROJECT_NAME",
                        "alias-project",
                        "PHOENIX_CLIENT_HEADERS",
                        "x-proxy-token=tok%2Ben%3D, X-Team = team%20a ,authorization=Bearer%20loses"))
            .start()) {
      Recorded plain = h.scenarios().plainChat();
      h.flushAndAwait("phoenix", 2);
      ReceivedSpan llm = h.span("phoenix", plain.llmSpanId());
      assertPlainChat(llm);
      assertEquals("canonical-project", llm.resourceAttributes().get("openinference.project.name"));
      ReceivedRequest request = llm.request();
      assertEquals("tok+en=", request.header("x-proxy-token"));
      assertEquals("team a", request.header("x-team"));
      assertEquals(
          List.of("Bearer px-e2e"),
          request.headers().get("authorization"),
          "one authorization header, the API key's, as in Phoenix's client");
    }
  }

  @Test
  void aliasSelectsThePresetAndGrpcUrlSelectsGrpc() {
    try (PresetTestHarness h =
        PresetTestHarness.builder()
            .grpcReceiver("phoenix")
            .yaml(yaml("arize_phoenix"))
            .env(
                r ->
                    Map.of(
                        "PHOENIX_COLLECTOR_ENDPOINT",
                        r.get("phoenix").grpcEndpoint().replace("http://", "grpc://"),
                        "PHOENIX_CLIENT_HEADERS",
                        "X-Proxy-Token=grpc-token"))
            .start()) {
      Recorded plain = h.scenarios().plainChat();
      h.flushAndAwait("phoenix", 2);
      ReceivedSpan llm = h.span("phoenix", plain.llmSpanId());
      assertPlainChat(llm);
      assertEquals(ReceivedRequest.GRPC, llm.request().transport());
      assertNull(llm.request().header("authorization"), "no key, no auth header");
      assertEquals(
          "grpc-token",
          llm.request().header("x-proxy-token"),
          "client headers as gRPC metadata (lower-case names)");
      assertEquals("default", llm.resourceAttributes().get("openinference.project.name"));
    }
  }

  /**
   * Phoenix's Sessions view shows each session's first input and last output, and its trace list
   * each trace's, from the trace's root span ({@code parent_id IS NULL}): with two calls in one
   * request, the first exported in a batch of its own, the server span carries the first call's
   * input.value and the last call's output.value, and the calls keep their own.
   */
  @Test
  void rootSpanCarriesFirstInputAndLastOutputAcrossBatches() {
    try (PresetTestHarness h = phoenix("  capture_message_content: span_only\n")) {
      TwoCalls rec = h.scenarios().twoCalls(() -> h.flushAndAwait("phoenix", 1));
      h.flushAndAwait("phoenix", 3);
      assertRootCarriesFirstInputAndLastOutput(
          h.span("phoenix", rec.serverSpanId()),
          h.span("phoenix", rec.firstLlmSpanId()),
          h.span("phoenix", rec.lastLlmSpanId()));
    }
  }

  @Test
  void contentCaptureOffCarriesNothingToTheRoot() {
    try (PresetTestHarness h = phoenix("  capture_message_content: no_content\n")) {
      TwoCalls rec = h.scenarios().twoCalls(() -> h.flushAndAwait("phoenix", 1));
      Recorded tool = h.scenarios().toolExecution();
      h.flushAndAwait("phoenix", 5);
      assertToolExecution(h.span("phoenix", tool.llmSpanId()), false);
      assertNoContent(h.trace("phoenix", tool.traceId()));
      assertEquals(
          "CHAIN", h.span("phoenix", rec.serverSpanId()).attribute("openinference.span.kind"));
      assertEquals(
          "LLM", h.span("phoenix", rec.lastLlmSpanId()).attribute("openinference.span.kind"));
      assertNoContent(h.trace("phoenix", rec.traceId()));
    }
  }

  private static PresetTestHarness phoenix(String settings) {
    return PresetTestHarness.builder()
        .receiver("phoenix")
        .yaml("callbacks: [phoenix]\nsettings:\n" + settings)
        .env(r -> Map.of("PHOENIX_COLLECTOR_ENDPOINT", r.get("phoenix").baseUrl()))
        .start();
  }
}
