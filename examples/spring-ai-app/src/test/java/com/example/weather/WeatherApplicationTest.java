package com.example.weather;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.Environment;
import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.testkit.MockOpenAiServer;
import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.ReceivedSpan;
import dev.otelpresets.testkit.conformance.CompanionPresets;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application as configured in {@code application.yaml}, with a mock OpenAI server and an
 * embedded receiver per backend standing in for the real ones.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WeatherApplicationTest {
  static final MockOpenAiServer OPENAI = MockOpenAiServer.start();
  static final Map<String, OtlpReceiver> RECEIVERS = new LinkedHashMap<>();

  static {
    List.of("arize", "langfuse", "otel").forEach(n -> RECEIVERS.put(n, OtlpReceiver.start(n)));
  }

  @DynamicPropertySource
  static void openAi(DynamicPropertyRegistry registry) {
    registry.add("spring.ai.openai.base-url", OPENAI::baseUrl);
    registry.add("spring.ai.openai.api-key", () -> "sk-test-key");
  }

  /** The backends' variables point at the receivers; the real environment is not read. */
  @TestConfiguration
  static class Receivers {
    @Bean
    Environment otelPresetsEnvironment() {
      Map<String, String> env = new HashMap<>();
      RECEIVERS.forEach((name, r) -> env.putAll(CompanionPresets.env(name, r).orElseThrow()));
      return Environment.of(env);
    }
  }

  @AfterAll
  static void stop() {
    RECEIVERS.values().forEach(OtlpReceiver::close);
    OPENAI.close();
  }

  @Autowired GenAiTelemetry telemetry;

  @Value("${local.server.port}")
  int port;

  @Test
  void aQuestionIsOneTraceAtEveryBackend() throws Exception {
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/weather?city=Paris"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode(), answer.body());
    assertTrue(answer.body().contains("sunny"), answer.body());
    assertTrue(telemetry.forceFlush());

    for (OtlpReceiver receiver : RECEIVERS.values()) {
      List<ReceivedSpan> spans = receiver.awaitSpans(1, Duration.ofSeconds(15));
      receiver.assertNoMoreSpans(Duration.ofMillis(200));
      spans = receiver.spans();
      System.out.println(receiver.name() + " received:");
      spans.forEach(s -> System.out.println("  " + s.name() + " " + s.kind()));
      ReceivedSpan server =
          spans.stream()
              .filter(s -> s.kind() == SpanKind.SPAN_KIND_SERVER)
              .findFirst()
              .orElseThrow(() -> new AssertionError("no server span"));
      for (ReceivedSpan s : spans) {
        assertEquals(server.traceId(), s.traceId(), receiver.name() + ": one trace: " + spans);
      }
      assertEquals(
          2,
          spans.stream().filter(s -> s.name().equals("chat gpt-4o-mini")).count(),
          receiver.name() + ": " + spans);
      assertEquals(
          1,
          spans.stream().filter(s -> s.name().equals("execute_tool currentWeather")).count(),
          receiver.name() + ": " + spans);
    }
    ReceivedSpan arize =
        RECEIVERS.get("arize").spans().stream()
            .filter(s -> s.name().equals("chat gpt-4o-mini"))
            .findFirst()
            .orElseThrow();
    assertEquals("LLM", arize.stringAttribute("openinference.span.kind"));
    ReceivedSpan langfuse =
        RECEIVERS.get("langfuse").spans().stream()
            .filter(s -> s.name().equals("chat gpt-4o-mini"))
            .findFirst()
            .orElseThrow();
    assertEquals("generation", langfuse.stringAttribute("langfuse.observation.type"));
  }
}
