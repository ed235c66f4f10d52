package dev.otelpresets.presets.weave;

import static dev.otelpresets.presets.openinference.testing.OpenInferenceExpectations.assertEmbeddings;
import static dev.otelpresets.presets.openinference.testing.OpenInferenceExpectations.assertFailedCall;
import static dev.otelpresets.presets.openinference.testing.OpenInferenceExpectations.assertPlainChat;
import static dev.otelpresets.presets.openinference.testing.OpenInferenceExpectations.assertRootCarriesFirstInputAndLastOutput;
import static dev.otelpresets.presets.openinference.testing.OpenInferenceExpectations.assertServerSpan;
import static dev.otelpresets.presets.openinference.testing.OpenInferenceExpectations.assertStreamedChat;
import static dev.otelpresets.presets.openinference.testing.OpenInferenceExpectations.assertToolCalls;
import static dev.otelpresets.presets.openinference.testing.OpenInferenceExpectations.assertToolExecution;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.otelpresets.support.internal.AuthHeaders;
import dev.otelpresets.testkit.GenAiScenarios;
import dev.otelpresets.testkit.GenAiScenarios.Recorded;
import dev.otelpresets.testkit.GenAiScenarios.TwoCalls;
import dev.otelpresets.testkit.PresetTestHarness;
import dev.otelpresets.testkit.ReceivedRequest;
import dev.otelpresets.testkit.ReceivedSpan;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The weave preset (by name and by alias) through the real OTLP exporter to a receiver. */
class WeaveEndToEndTest {

  @ParameterizedTest
  @ValueSource(strings = {"weave", "weave_otel"})
  void scenarios(String callback) {
    try (PresetTestHarness h =
        PresetTestHarness.builder()
            .receiver("weave")
            .yaml(
                "callbacks: [" + callback + "]\nsettings:\n  capture_message_content: span_only\n")
            .env(
                r ->
                    Map.of(
                        "WANDB_HOST",
                        r.get("weave").baseUrl(),
                        "WANDB_API_KEY",
                        "wb-e2e",
                        "WANDB_PROJECT_ID",
                        "team-e2e/agents"))
            .start()) {
      Recorded plain = h.scenarios().plainChat();
      Recorded streamed = h.scenarios().streamedChat();
      Recorded tools = h.scenarios().toolCalls();
      Recorded failed = h.scenarios().failedCall();
      Recorded embeddings = h.scenarios().embeddings();
      Recorded tool = h.scenarios().toolExecution();
      h.flushAndAwait("weave", 12);

      ReceivedSpan llm = h.span("weave", plain.llmSpanId());
      ReceivedSpan server = h.span("weave", plain.serverSpanId());
      assertPlainChat(llm);
      assertServerSpan(server, llm);
      assertStreamedChat(h.span("weave", streamed.llmSpanId()));
      assertToolCalls(h.span("weave", tools.llmSpanId()));
      assertFailedCall(h.span("weave", failed.llmSpanId()));
      assertEmbeddings(h.span("weave", embeddings.llmSpanId()));
      assertToolExecution(h.span("weave", tool.llmSpanId()), true);

      ReceivedRequest request = llm.request();
      assertEquals(ReceivedRequest.HTTP_PROTOBUF, request.transport());
      assertEquals("/otel/v1/traces", request.path());
      assertEquals(AuthHeaders.basic("api", "wb-e2e"), request.header("authorization"));
      assertEquals("wb-e2e", request.header("wandb-api-key"));
      assertEquals("team-e2e/agents", request.header("project_id"));
      assertEquals("team-e2e", llm.resourceAttributes().get("wandb.entity"));
      assertEquals("agents", llm.resourceAttributes().get("wandb.project"));

      String display = "chat " + GenAiScenarios.REQUEST_MODEL;
      assertEquals(display, llm.attribute("wandb.display_name"));
      assertEquals(display, llm.attribute("weave.display_name"));
      assertEquals(GenAiScenarios.CONVERSATION_ID, llm.attribute("wandb.thread_id"));
      assertNull(llm.attribute("wandb.is_turn"));
      assertEquals(true, server.attribute("wandb.is_turn"));
      assertEquals(GenAiScenarios.CONVERSATION_ID, server.attribute("wandb.thread_id"));

      // Weave's model_parameters come from the first of gen_ai.request.* and
      // llm.invocation_parameters: the canonical parameters must all be there, not just the model.
      assertEquals(GenAiScenarios.REQUEST_MODEL, llm.attribute("gen_ai.request.model"));
      assertEquals(GenAiScenarios.TEMPERATURE, llm.attribute("gen_ai.request.temperature"));
      assertEquals(GenAiScenarios.MAX_TOKENS, llm.attribute("gen_ai.request.max_tokens"));
      assertEquals(false, llm.attribute("gen_ai.request.stream"));
      assertEquals(true, h.span("weave", streamed.llmSpanId()).attribute("gen_ai.request.stream"));
      assertEquals(
          GenAiScenarios.EMBEDDING_MODEL,
          h.span("weave", embeddings.llmSpanId()).attribute("gen_ai.request.model"));
      assertNull(server.attribute("gen_ai.request.model"), "the server span has no parameters");
    }
  }

  /**
   * Weave makes the root span a call whose inputs and output are its {@code input.value} and
   * {@code output.value} ({@code INPUT_KEYS} / {@code OUTPUT_KEYS}), and that call is the thread's
   * turn: the turn shows the request's first input and last output.
   */
  @Test
  void turnCarriesFirstInputAndLastOutput() {
    try (PresetTestHarness h =
        PresetTestHarness.builder()
            .receiver("weave")
            .yaml("callbacks: [weave]\nsettings:\n  capture_message_content: span_only\n")
            .env(
                r ->
                    Map.of(
                        "WANDB_HOST",
                        r.get("weave").baseUrl(),
                        "WANDB_API_KEY",
                        "wb-e2e",
                        "WANDB_PROJECT_ID",
                        "team-e2e/agents"))
            .start()) {
      TwoCalls rec = h.scenarios().twoCalls(() -> h.flushAndAwait("weave", 1));
      h.flushAndAwait("weave", 3);
      ReceivedSpan root = h.span("weave", rec.serverSpanId());
      assertRootCarriesFirstInputAndLastOutput(
          root, h.span("weave", rec.firstLlmSpanId()), h.span("weave", rec.lastLlmSpanId()));
      assertEquals(true, root.attribute("wandb.is_turn"));
    }
  }
}
