package com.example.weather;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.testkit.MockOpenAiServer;
import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.PresetTestHarness;
import dev.otelpresets.testkit.ReceivedSpan;
import dev.otelpresets.testkit.conformance.CompanionPresets;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs the app against a mock OpenAI server and embedded receivers standing in for Arize, Langfuse
 * and an OTLP collector, and prints what each backend received.
 */
class WeatherAppTest {
  private static final List<String> BACKENDS = List.of("arize", "langfuse", "otel");

  @Test
  void everyBackendSeesTheAgentItsToolAndItsChatCalls() throws Exception {
    try (MockOpenAiServer openAi = MockOpenAiServer.start();
        PresetTestHarness h =
            PresetTestHarness.builder()
                .receiver("arize")
                .receiver("langfuse")
                .receiver("otel")
                .yaml(
                    "callbacks: [arize, langfuse, otel]\nsettings:\n  shutdown_hook: false\n"
                        + "  capture_message_content: span_only\n")
                .env(WeatherAppTest::env)
                .start()) {
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
      assertEquals(
          "AGENT",
          only(h.receiver("arize").spans(), "invoke_agent Assistant")
              .stringAttribute("openinference.span.kind"));
      assertEquals(
          "tool",
          only(h.receiver("langfuse").spans(), "execute_tool weather")
              .stringAttribute("langfuse.observation.type"));
    }
  }

  private static ReceivedSpan only(List<ReceivedSpan> spans, String name) {
    List<ReceivedSpan> found = spans.stream().filter(s -> s.name().equals(name)).toList();
    assertEquals(1, found.size(), name + " in " + spans);
    return found.get(0);
  }

  private static Map<String, String> env(Map<String, OtlpReceiver> receivers) {
    Map<String, String> env = new HashMap<>();
    receivers.forEach((name, r) -> env.putAll(CompanionPresets.env(name, r).orElseThrow()));
    return env;
  }
}
