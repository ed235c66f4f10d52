package dev.otelpresets.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.testkit.AnyValues;
import dev.otelpresets.testkit.MockOpenAiServer;
import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.ReceivedMetric;
import dev.otelpresets.testkit.ReceivedSpan;
import dev.otelpresets.testkit.conformance.CompanionPresets;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot web application with Spring AI's OpenAI chat model pointed at a loopback OpenAI
 * server, the starter configured from properties only, and Arize, Langfuse and {@code otel}
 * embedded receivers: real Spring MVC, Micrometer Tracing and Spring AI, no mocks.
 */
@SpringBootTest(classes = SpringAiTracingTest.WeatherApp.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SpringAiTracingTest {
  static final String MODEL = "gpt-4o-mini";
  static final List<String> BACKENDS = List.of("arize", "langfuse", "otel");
  static final MockOpenAiServer OPENAI = MockOpenAiServer.start();
  static final Map<String, OtlpReceiver> RECEIVERS = new LinkedHashMap<>();

  static {
    BACKENDS.forEach(name -> RECEIVERS.put(name, OtlpReceiver.start(name)));
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("otel-presets.callbacks", () -> String.join(",", BACKENDS));
    registry.add("otel-presets.settings.capture-message-content", () -> "span_only");
    registry.add("otel-presets.settings.service-name", () -> "weather-service");
    // one JVM, several test contexts: no global, no JVM hook
    registry.add("otel-presets.settings.publish-global", () -> "false");
    registry.add("otel-presets.settings.shutdown-hook", () -> "false");
    registry.add("spring.ai.openai.base-url", OPENAI::baseUrl);
    registry.add("spring.ai.openai.api-key", () -> "sk-test-key");
    registry.add("spring.ai.openai.chat.model", () -> MODEL);
    registry.add("spring.ai.openai.max-retries", () -> "0");
  }

  @AfterAll
  static void stop() {
    RECEIVERS.values().forEach(OtlpReceiver::close);
    OPENAI.close();
  }

  @Autowired GenAiTelemetry telemetry;
  @Autowired OpenTelemetry openTelemetry;
  @Value("${local.server.port}") int port;

  @BeforeEach
  void reset() {
    telemetry.forceFlush();
    RECEIVERS.values().forEach(OtlpReceiver::reset);
  }

  @Test
  void theOneSdkIsABean() {
    assertSame(telemetry.openTelemetry(), openTelemetry);
    assertEquals(BACKENDS, telemetry.presetNames());
  }

  @Test
  void chatClientWithToolIsOneTraceServerChatTool() throws Exception {
    HttpResponse<String> answer = get("/weather?city=Paris");
    assertEquals(200, answer.statusCode(), answer.body());
    assertTrue(answer.body().contains("The tool answered"), answer.body());

    for (String backend : BACKENDS) {
      List<ReceivedSpan> spans = settle(backend);
      ReceivedSpan server = server(spans, "/weather");
      assertTrue(spans.stream().allMatch(s -> s.traceId().equals(server.traceId())),
          backend + ": one trace per request: " + spans);
      // the model is called twice (tool call, then the answer), the tool once; no duplicates
      List<ReceivedSpan> chats = named(spans, "chat " + MODEL);
      assertEquals(2, chats.size(), backend + ": " + spans);
      List<ReceivedSpan> tools = named(spans, "execute_tool currentWeather");
      assertEquals(1, tools.size(), backend + ": " + spans);
      for (ReceivedSpan s : List.of(chats.get(0), chats.get(1), tools.get(0))) {
        assertTrue(descendsFrom(s, server, spans), backend + ": " + s + " under the server span");
      }
      assertEquals(SpanKind.SPAN_KIND_CLIENT, chats.get(0).kind());
    }

    ReceivedSpan chat = named(RECEIVERS.get("otel").spans(), "chat " + MODEL).get(0);
    assertEquals("chat", chat.stringAttribute("gen_ai.operation.name"));
    assertEquals("openai", chat.stringAttribute("gen_ai.provider.name"));
    assertEquals(MODEL, chat.stringAttribute("gen_ai.request.model"));
    assertEquals(List.of("tool_calls"), chat.attribute("gen_ai.response.finish_reasons"));
    assertNotNull(chat.attribute("gen_ai.usage.input_tokens"), chat.toString());
    assertNotNull(chat.attribute("gen_ai.usage.output_tokens"), chat.toString());
    assertContains(chat.stringAttribute("gen_ai.input.messages"), "Paris", "input messages");
    assertContains(chat.stringAttribute("gen_ai.output.messages"), MockOpenAiServer.TOOL_CALL_ID,
        "the tool call in the output");
    assertContains(chat.stringAttribute("gen_ai.tool.definitions"), "currentWeather", "tools");
    ReceivedSpan tool = named(RECEIVERS.get("otel").spans(), "execute_tool currentWeather").get(0);
    assertEquals(MockOpenAiServer.TOOL_CALL_ID, tool.stringAttribute("gen_ai.tool.call.id"));
    assertContains(tool.stringAttribute("gen_ai.tool.call.arguments"), "Paris", "arguments");
    assertContains(tool.stringAttribute("gen_ai.tool.call.result"), "sunny", "result");
    ReceivedSpan answerChat = named(RECEIVERS.get("otel").spans(), "chat " + MODEL).get(1);
    assertContains(answerChat.stringAttribute("gen_ai.input.messages"), "sunny",
        "the tool's result sent back to the model");

    ReceivedSpan arize = named(RECEIVERS.get("arize").spans(), "chat " + MODEL).get(0);
    assertEquals("LLM", arize.stringAttribute("openinference.span.kind"));
    assertEquals(MODEL, arize.stringAttribute("llm.model_name"));
    assertEquals("openai", arize.stringAttribute("llm.provider"));
    assertEquals("TOOL", named(RECEIVERS.get("arize").spans(), "execute_tool currentWeather")
        .get(0).stringAttribute("openinference.span.kind"));
    ReceivedSpan langfuse = named(RECEIVERS.get("langfuse").spans(), "chat " + MODEL).get(0);
    assertEquals("generation", langfuse.stringAttribute("langfuse.observation.type"));
    assertEquals(MODEL, langfuse.stringAttribute("langfuse.observation.model.name"));
    assertContains(langfuse.stringAttribute("langfuse.observation.input"), "Paris", "input");

    // the metrics: one duration point per model call, whatever Spring AI's own meters do
    List<ReceivedMetric> duration = RECEIVERS.get("otel")
        .awaitMetric("gen_ai.client.operation.duration", Duration.ofSeconds(15));
    assertEquals(2L, count(duration, MODEL), "operation duration, once per call");
    List<ReceivedMetric> usage = RECEIVERS.get("otel")
        .awaitMetric("gen_ai.client.token.usage", Duration.ofSeconds(15));
    assertEquals(4L, count(usage, MODEL), "token usage, input and output per call");
  }

  @Test
  void streamedChatIsOneSpanUnderTheServerSpan() throws Exception {
    HttpResponse<String> answer = get("/stream?city=Rome");
    assertEquals(200, answer.statusCode(), answer.body());
    assertTrue(answer.body().contains("Mock answer to"), answer.body());

    for (String backend : BACKENDS) {
      List<ReceivedSpan> spans = settle(backend);
      ReceivedSpan server = server(spans, "/stream");
      List<ReceivedSpan> chats = named(spans, "chat " + MODEL);
      assertEquals(1, chats.size(), backend + ": " + spans);
      assertTrue(descendsFrom(chats.get(0), server, spans), backend + ": " + spans);
    }
    ReceivedSpan chat = named(RECEIVERS.get("otel").spans(), "chat " + MODEL).get(0);
    assertEquals(Boolean.TRUE, chat.attribute("gen_ai.request.stream"));
    assertNotNull(chat.attribute("gen_ai.usage.output_tokens"), chat.toString());
    assertContains(chat.stringAttribute("gen_ai.output.messages"), "Mock answer to",
        "the aggregated streamed answer");
  }

  @Test
  void failedChatIsAnErrorSpanUnderTheServerSpan() throws Exception {
    HttpResponse<String> answer = get("/fail");
    assertEquals(500, answer.statusCode(), answer.body());

    for (String backend : BACKENDS) {
      List<ReceivedSpan> spans = settle(backend);
      ReceivedSpan server = server(spans, "/fail");
      List<ReceivedSpan> chats = named(spans, "chat fail-model");
      assertEquals(1, chats.size(), backend + ": " + spans);
      assertTrue(descendsFrom(chats.get(0), server, spans), backend + ": " + spans);
      assertEquals(Status.StatusCode.STATUS_CODE_ERROR, chats.get(0).status().getCode());
    }
    assertNotNull(named(RECEIVERS.get("otel").spans(), "chat fail-model").get(0)
        .attribute("error.type"));
  }

  private HttpResponse<String> get(String path) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertTrue(telemetry.forceFlush(Duration.ofSeconds(10)), "flushed");
    return r;
  }

  /** A backend's spans once the server span arrived, and nothing more after a short quiet. */
  private static List<ReceivedSpan> settle(String backend) {
    OtlpReceiver r = RECEIVERS.get(backend);
    r.awaitSpans(1, Duration.ofSeconds(15));
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (r.spans().stream().noneMatch(s -> s.kind() == SpanKind.SPAN_KIND_SERVER)
        && System.nanoTime() < deadline) {
      r.awaitSpans(r.spans().size() + 1, Duration.ofMillis(200));
    }
    r.assertNoMoreSpans(Duration.ofMillis(100));
    return r.spans();
  }

  private static ReceivedSpan server(List<ReceivedSpan> spans, String path) {
    List<ReceivedSpan> servers = spans.stream()
        .filter(s -> s.kind() == SpanKind.SPAN_KIND_SERVER).toList();
    assertEquals(1, servers.size(), "one server span: " + spans);
    assertContains(servers.get(0).name() + " " + servers.get(0).attributes(), path.split("\\?")[0],
        "the server span");
    return servers.get(0);
  }

  private static List<ReceivedSpan> named(List<ReceivedSpan> spans, String name) {
    return spans.stream().filter(s -> s.name().equals(name))
        .sorted((a, b) -> Long.compare(a.proto().getStartTimeUnixNano(),
            b.proto().getStartTimeUnixNano()))
        .toList();
  }

  private static boolean descendsFrom(ReceivedSpan span, ReceivedSpan ancestor,
      List<ReceivedSpan> spans) {
    Map<String, ReceivedSpan> byId = new HashMap<>();
    spans.forEach(s -> byId.put(s.spanId(), s));
    ReceivedSpan s = span;
    Set<String> seen = new java.util.HashSet<>();
    while (s != null && seen.add(s.spanId())) {
      if (s.parentSpanId().equals(ancestor.spanId())) {
        return true;
      }
      s = byId.get(s.parentSpanId());
    }
    return false;
  }

  /** Data points recorded for {@code model}: the sum of the histogram counts. */
  private static long count(List<ReceivedMetric> metrics, String model) {
    // cumulative temporality: the last export holds the totals
    ReceivedMetric last = metrics.get(metrics.size() - 1);
    return last.proto().getHistogram().getDataPointsList().stream()
        .filter(p -> model.equals(AnyValues.toMap(p.getAttributesList())
            .get("gen_ai.request.model")))
        .collect(Collectors.summingLong(HistogramDataPoint::getCount));
  }

  private static void assertContains(String haystack, String needle, String what) {
    assertTrue(haystack != null && haystack.contains(needle),
        what + ": expected to contain <" + needle + "> but was <" + haystack + ">");
  }

  @SpringBootApplication
  @Import(WeatherController.class) // nested in a test class, so not found by scanning
  static class WeatherApp {
    /** Preset variables point each backend at its receiver; nothing reads the real environment. */
    @Bean
    dev.otelpresets.core.Environment otelPresetsEnvironment() {
      Map<String, String> env = new HashMap<>();
      RECEIVERS.forEach((name, r) -> env.putAll(CompanionPresets.env(name, r).orElseThrow()));
      env.put("OTEL_METRICS_EXPORTER", "otlp");
      return dev.otelpresets.core.Environment.of(env);
    }
  }

  @RestController
  static class WeatherController {
    private final ChatClient chat;

    WeatherController(ChatClient.Builder chat) {
      this.chat = chat.build();
    }

    @GetMapping("/weather")
    String weather(@RequestParam("city") String city) {
      return chat.prompt().user("What is the weather in " + city + "?")
          .tools(new WeatherTools()).call().content();
    }

    @GetMapping("/stream")
    String stream(@RequestParam("city") String city) {
      return String.join("", chat.prompt().user("Tell me about " + city).stream().content()
          .collectList().block(Duration.ofSeconds(30)));
    }

    @GetMapping("/fail")
    String fail() {
      return chat.prompt().user("This will fail")
          .options(ChatOptions.builder().model("fail-model")).call().content();
    }
  }

  static class WeatherTools {
    @Tool(description = "The current weather in a city")
    String currentWeather(@ToolParam(description = "the city") String city) {
      return "sunny, 21 degrees in " + city;
    }
  }
}
