package com.example.weather;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.testkit.FakeTokenEndpoint;
import dev.otelpresets.testkit.MockOpenAiServer;
import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.PresetTestHarness;
import dev.otelpresets.testkit.ReceivedSpan;
import dev.otelpresets.testkit.conformance.CompanionPresets;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs the app, configured by this project's {@code otel-presets.yaml}, against a mock OpenAI server
 * and embedded receivers standing in for every backend (AgentOps with a local token endpoint), and
 * prints what each backend received.
 */
class WeatherAppTest {
  private static final List<String> BACKENDS =
      List.of("arize", "phoenix", "langfuse", "weave", "levo", "agentops", "otel");

  @Test
  void everyBackendSeesTheAgentItsToolAndItsChatCalls() throws Exception {
    // the documented configuration itself, so the run for real reaches the backends checked here
    String yaml = Files.readString(Path.of("otel-presets.yaml"));
    assertTrue(
        yaml.contains("callbacks: [" + String.join(", ", BACKENDS) + "]"),
        "otel-presets.yaml names every backend: " + yaml);
    PresetTestHarness.Builder harness = PresetTestHarness.builder().yaml(yaml);
    BACKENDS.forEach(harness::receiver);
    try (MockOpenAiServer openAi = MockOpenAiServer.start();
        FakeTokenEndpoint agentOpsTokens = FakeTokenEndpoint.start();
        PresetTestHarness h = harness.env(r -> env(r, agentOpsTokens.baseUrl())).start()) {
      WeatherApp app = new WeatherApp(h.telemetry(), openAi.baseUrl(), "sk-mock", "gpt-4o-mini");
      // the host's request span, as a web framework's instrumentation would start it
      Span request =
          h.telemetry()
              .openTelemetry()
              .getTracer("weather-app")
              .spanBuilder("GET /weather")
              .setSpanKind(SpanKind.SERVER)
              .startSpan();
      String answer;
      try (Scope ignored = request.makeCurrent()) {
        answer = app.ask("What is the weather in Paris?");
        app.stream("Say hello.");
      } finally {
        request.end();
      }
      assertTrue(answer.contains("sunny, 21 degrees in Paris"), answer);

      // GET /weather > invoke_agent Assistant > chat, execute_tool weather, chat; and the stream
      for (String backend : BACKENDS) {
        List<ReceivedSpan> spans = h.flushAndAwait(backend, 6);
        System.out.println("== " + backend + " received:");
        spans.forEach(s -> System.out.println("   " + s));
        assertEquals(6, spans.size(), backend);
        ReceivedSpan root = only(spans, "GET /weather");
        ReceivedSpan agent = only(spans, "invoke_agent Assistant");
        assertEquals(root.spanId(), agent.parentSpanId());
        assertEquals(agent.spanId(), only(spans, "execute_tool weather").parentSpanId());
        long chatsUnderAgent =
            spans.stream()
                .filter(
                    s ->
                        s.name().equals("chat gpt-4o-mini")
                            && agent.spanId().equals(s.parentSpanId()))
                .count();
        assertEquals(2, chatsUnderAgent, backend);
      }
      for (String openInference : List.of("arize", "phoenix", "weave")) {
        assertEquals(
            "AGENT",
            only(h.receiver(openInference).spans(), "invoke_agent Assistant")
                .stringAttribute("openinference.span.kind"),
            openInference);
      }
      assertEquals(
          "tool",
          only(h.receiver("langfuse").spans(), "execute_tool weather")
              .stringAttribute("langfuse.observation.type"));
      assertEquals(
          "agent",
          only(h.receiver("agentops").spans(), "invoke_agent Assistant")
              .stringAttribute("agentops.span.kind"));
      assertTrue(agentOpsTokens.calls() > 0, "AgentOps fetched its token");
    }
  }

  private static ReceivedSpan only(List<ReceivedSpan> spans, String name) {
    List<ReceivedSpan> found = spans.stream().filter(s -> s.name().equals(name)).toList();
    assertEquals(1, found.size(), name + " in " + spans);
    return found.get(0);
  }

  private static Map<String, String> env(Map<String, OtlpReceiver> receivers, String tokenApi) {
    Map<String, String> env = new HashMap<>();
    receivers.forEach(
        (name, r) -> env.putAll(CompanionPresets.env(name, r, tokenApi).orElseThrow()));
    return env;
  }
}
