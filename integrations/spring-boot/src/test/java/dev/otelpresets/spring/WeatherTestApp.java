package dev.otelpresets.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.ReceivedSpan;
import dev.otelpresets.testkit.conformance.CompanionPresets;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The web application the {@code @SpringBootTest}s run: a {@code @RestController} asking Spring
 * AI's {@code ChatClient}, with a tool, a stream and a failing model. Each test class starts its
 * own receivers and mock OpenAI server and hands them over with {@link #use}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(WeatherTestApp.WeatherController.class)
public class WeatherTestApp {
  static final String MODEL = "gpt-4o-mini";
  static final List<String> BACKENDS = List.of("arize", "langfuse", "otel");

  private static volatile Map<String, String> environment = Map.of();

  /** Starts an embedded receiver per backend. */
  static Map<String, OtlpReceiver> startReceivers() {
    Map<String, OtlpReceiver> receivers = new LinkedHashMap<>();
    BACKENDS.forEach(name -> receivers.put(name, OtlpReceiver.start(name)));
    return receivers;
  }

  /**
   * Points the next application context at these receivers and this OpenAI server, with content
   * capture {@code capture}.
   */
  static void use(
      Map<String, OtlpReceiver> receivers,
      String openAiBaseUrl,
      String capture,
      DynamicPropertyRegistry registry) {
    Map<String, String> env = new HashMap<>();
    receivers.forEach((name, r) -> env.putAll(CompanionPresets.env(name, r).orElseThrow()));
    env.put("OTEL_METRICS_EXPORTER", "otlp");
    environment = Map.copyOf(env);
    registry.add("otel-presets.callbacks", () -> String.join(",", BACKENDS));
    registry.add("otel-presets.settings.capture-message-content", () -> capture);
    registry.add("otel-presets.settings.service-name", () -> "weather-service");
    // one JVM, several test contexts: no global, no JVM hook
    registry.add("otel-presets.settings.publish-global", () -> "false");
    registry.add("otel-presets.settings.shutdown-hook", () -> "false");
    registry.add("spring.ai.openai.base-url", () -> openAiBaseUrl);
    registry.add("spring.ai.openai.api-key", () -> "sk-test-key");
    registry.add("spring.ai.openai.chat.model", () -> MODEL);
    registry.add("spring.ai.openai.max-retries", () -> "0");
  }

  /**
   * A receiver's spans once the request's server span and every span between it and the others of
   * its trace arrived, and nothing more after. The server span ends after the response was sent,
   * and with a streamed answer so may Spring AI's ChatClient and advisor spans (their
   * observations stop when the stream's end reaches them), so they may miss the client's flush:
   * flush until the trace is whole.
   */
  static List<ReceivedSpan> settle(OtlpReceiver r, GenAiTelemetry telemetry) {
    r.awaitSpans(1, Duration.ofSeconds(15));
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!wholeTrace(r.spans())) {
      assertTrue(
          System.nanoTime() < deadline, r.name() + ": no whole server trace in " + r.spans());
      telemetry.forceFlush(Duration.ofSeconds(5));
      try {
        r.awaitSpans(r.spans().size() + 1, Duration.ofMillis(200));
      } catch (AssertionError notYet) {
        // flush again
      }
    }
    r.assertNoMoreSpans(Duration.ofMillis(100));
    return r.spans();
  }

  /** A server span, and the parent of every span of its trace but the server span received. */
  private static boolean wholeTrace(List<ReceivedSpan> spans) {
    ReceivedSpan server =
        spans.stream().filter(s -> s.kind() == SpanKind.SPAN_KIND_SERVER).findFirst().orElse(null);
    if (server == null) {
      return false;
    }
    java.util.Set<String> ids =
        spans.stream().map(ReceivedSpan::spanId).collect(java.util.stream.Collectors.toSet());
    return spans.stream()
        .filter(s -> s.traceId().equals(server.traceId()) && s != server)
        .allMatch(s -> ids.contains(s.parentSpanId()));
  }

  /** The one server span, for {@code path}. */
  static ReceivedSpan server(List<ReceivedSpan> spans, String path) {
    List<ReceivedSpan> servers =
        spans.stream().filter(s -> s.kind() == SpanKind.SPAN_KIND_SERVER).toList();
    assertEquals(1, servers.size(), "one server span: " + spans);
    String seen = servers.get(0).name() + " " + servers.get(0).attributes();
    assertTrue(seen.contains(path), "the server span of " + path + ": " + seen);
    return servers.get(0);
  }

  /** The spans named {@code name}, in start order. */
  static List<ReceivedSpan> named(List<ReceivedSpan> spans, String name) {
    return spans.stream()
        .filter(s -> s.name().equals(name))
        .sorted(
            (a, b) ->
                Long.compare(a.proto().getStartTimeUnixNano(), b.proto().getStartTimeUnixNano()))
        .toList();
  }

  /** Whether {@code ancestor} is on {@code span}'s parent chain. */
  static boolean descendsFrom(ReceivedSpan span, ReceivedSpan ancestor, List<ReceivedSpan> spans) {
    Map<String, ReceivedSpan> byId = new HashMap<>();
    spans.forEach(s -> byId.put(s.spanId(), s));
    Set<String> seen = new HashSet<>();
    for (ReceivedSpan s = span; s != null && seen.add(s.spanId()); s = byId.get(s.parentSpanId())) {
      if (s.parentSpanId().equals(ancestor.spanId())) {
        return true;
      }
    }
    return false;
  }

  /** Preset variables point each backend at its receiver; nothing reads the real environment. */
  @Bean
  dev.otelpresets.core.Environment otelPresetsEnvironment() {
    return dev.otelpresets.core.Environment.of(environment);
  }

  @RestController
  static class WeatherController {
    private final ChatClient chat;

    WeatherController(ChatClient.Builder chat) {
      this.chat = chat.build();
    }

    @GetMapping("/weather")
    String weather(@RequestParam("city") String city) {
      return chat.prompt()
          .user("What is the weather in " + city + "?")
          .tools(new WeatherTools())
          .call()
          .content();
    }

    @GetMapping("/stream")
    String stream(@RequestParam("city") String city) {
      return String.join(
          "",
          chat.prompt().user("Tell me about " + city).stream()
              .content()
              .collectList()
              .block(Duration.ofSeconds(30)));
    }

    @GetMapping("/fail")
    String fail() {
      return chat.prompt()
          .user("This will fail")
          .options(ChatOptions.builder().model("fail-model"))
          .call()
          .content();
    }
  }

  static class WeatherTools {
    @Tool(description = "The current weather in a city")
    String currentWeather(@ToolParam(description = "the city") String city) {
      return "sunny, 21 degrees in " + city;
    }
  }
}
