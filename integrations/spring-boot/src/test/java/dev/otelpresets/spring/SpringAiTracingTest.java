package dev.otelpresets.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.testkit.AnyValues;
import dev.otelpresets.testkit.MockOpenAiServer;
import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.ReceivedMetric;
import dev.otelpresets.testkit.ReceivedSpan;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.embedding.EmbeddingResponseMetadata;
import org.springframework.ai.embedding.observation.EmbeddingModelObservationContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Spring Boot web application with Spring AI's OpenAI chat model pointed at a loopback OpenAI
 * server, the starter configured from properties only, and Arize, Langfuse and {@code otel}
 * embedded receivers: real Spring MVC, Micrometer Tracing and Spring AI, no mocks.
 */
@SpringBootTest(
    classes = WeatherTestApp.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class SpringAiTracingTest {
  static final String MODEL = WeatherTestApp.MODEL;
  static final List<String> BACKENDS = WeatherTestApp.BACKENDS;
  static final MockOpenAiServer OPENAI = MockOpenAiServer.start();
  static final Map<String, OtlpReceiver> RECEIVERS = WeatherTestApp.startReceivers();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    WeatherTestApp.use(RECEIVERS, OPENAI.baseUrl(), "span_only", registry);
  }

  @AfterAll
  static void stop() {
    RECEIVERS.values().forEach(OtlpReceiver::close);
    OPENAI.close();
  }

  @Autowired GenAiTelemetry telemetry;
  @Autowired OpenTelemetry openTelemetry;
  @Autowired ObservationRegistry observations;

  @Value("${local.server.port}")
  int port;

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
      assertTrue(
          spans.stream().allMatch(s -> s.traceId().equals(server.traceId())),
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
    assertContains(
        chat.stringAttribute("gen_ai.output.messages"),
        MockOpenAiServer.TOOL_CALL_ID,
        "the tool call in the output");
    assertContains(chat.stringAttribute("gen_ai.tool.definitions"), "currentWeather", "tools");
    ReceivedSpan tool = named(RECEIVERS.get("otel").spans(), "execute_tool currentWeather").get(0);
    assertEquals(MockOpenAiServer.TOOL_CALL_ID, tool.stringAttribute("gen_ai.tool.call.id"));
    assertContains(tool.stringAttribute("gen_ai.tool.call.arguments"), "Paris", "arguments");
    assertContains(tool.stringAttribute("gen_ai.tool.call.result"), "sunny", "result");
    ReceivedSpan answerChat = named(RECEIVERS.get("otel").spans(), "chat " + MODEL).get(1);
    assertContains(
        answerChat.stringAttribute("gen_ai.input.messages"),
        "sunny",
        "the tool's result sent back to the model");

    ReceivedSpan arize = named(RECEIVERS.get("arize").spans(), "chat " + MODEL).get(0);
    assertEquals("LLM", arize.stringAttribute("openinference.span.kind"));
    assertEquals(MODEL, arize.stringAttribute("llm.model_name"));
    assertEquals("openai", arize.stringAttribute("llm.provider"));
    assertEquals(
        "TOOL",
        named(RECEIVERS.get("arize").spans(), "execute_tool currentWeather")
            .get(0)
            .stringAttribute("openinference.span.kind"));
    ReceivedSpan langfuse = named(RECEIVERS.get("langfuse").spans(), "chat " + MODEL).get(0);
    assertEquals("generation", langfuse.stringAttribute("langfuse.observation.type"));
    assertEquals(MODEL, langfuse.stringAttribute("langfuse.observation.model.name"));
    assertContains(langfuse.stringAttribute("langfuse.observation.input"), "Paris", "input");

    // the metrics: one duration point per model call, whatever Spring AI's own meters do
    List<ReceivedMetric> duration =
        RECEIVERS
            .get("otel")
            .awaitMetric("gen_ai.client.operation.duration", Duration.ofSeconds(15));
    assertEquals(2L, count(duration, MODEL), "operation duration, once per call");
    List<ReceivedMetric> usage =
        RECEIVERS.get("otel").awaitMetric("gen_ai.client.token.usage", Duration.ofSeconds(15));
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
    assertContains(
        chat.stringAttribute("gen_ai.output.messages"),
        "Mock answer to",
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
    assertNotNull(
        named(RECEIVERS.get("otel").spans(), "chat fail-model").get(0).attribute("error.type"));
  }

  /**
   * Embeddings through Spring AI's own observation context and the application's registry (the
   * mock OpenAI server has no embeddings endpoint, so the model's HTTP call is left out).
   */
  @Test
  void anEmbeddingObservationIsOneEmbeddingsSpan() {
    EmbeddingModelObservationContext context =
        EmbeddingModelObservationContext.builder()
            .embeddingRequest(
                new EmbeddingRequest(
                    List.of("Paris"),
                    EmbeddingOptions.builder().model("text-embedding-3-small").build()))
            .provider("openai")
            .build();
    Observation.createNotStarted("gen_ai.client.operation", () -> context, observations)
        .observe(
            () ->
                context.setResponse(
                    new EmbeddingResponse(
                        List.of(new Embedding(new float[] {0.25f}, 0)),
                        new EmbeddingResponseMetadata(
                            "text-embedding-3-small", new DefaultUsage(3, 0)))));
    assertTrue(telemetry.forceFlush());

    for (String backend : BACKENDS) {
      OtlpReceiver r = RECEIVERS.get(backend);
      r.awaitSpans(1, Duration.ofSeconds(15));
      r.assertNoMoreSpans(Duration.ofMillis(100));
      assertEquals(
          List.of("embeddings text-embedding-3-small"),
          r.spans().stream().map(ReceivedSpan::name).toList(),
          backend + ": one span, ours");
    }
    ReceivedSpan span = RECEIVERS.get("otel").spans().get(0);
    assertEquals("embeddings", span.stringAttribute("gen_ai.operation.name"));
    assertEquals("openai", span.stringAttribute("gen_ai.provider.name"));
    assertEquals(3L, span.attribute("gen_ai.usage.input_tokens"));
    // recorded through startEmbeddings: the vectors' size from the response
    assertEquals(1L, span.attribute("gen_ai.embeddings.dimension.count"));
    // and the texts with content capture on, which OpenInference shows as embedded texts
    assertTrue(span.stringAttribute("gen_ai.input.messages").contains("Paris"));
    assertEquals(
        "Paris",
        RECEIVERS
            .get("arize")
            .spans()
            .get(0)
            .stringAttribute("embedding.embeddings.0.embedding.text"));
  }

  private HttpResponse<String> get(String path) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(30))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertTrue(telemetry.forceFlush(Duration.ofSeconds(10)), "flushed");
    return r;
  }

  /** A backend's spans once the server span arrived, and nothing more after a short quiet. */
  private List<ReceivedSpan> settle(String backend) {
    return WeatherTestApp.settle(RECEIVERS.get(backend), telemetry);
  }

  private static ReceivedSpan server(List<ReceivedSpan> spans, String path) {
    return WeatherTestApp.server(spans, path);
  }

  private static List<ReceivedSpan> named(List<ReceivedSpan> spans, String name) {
    return WeatherTestApp.named(spans, name);
  }

  private static boolean descendsFrom(
      ReceivedSpan span, ReceivedSpan ancestor, List<ReceivedSpan> spans) {
    return WeatherTestApp.descendsFrom(span, ancestor, spans);
  }

  /** Data points recorded for {@code model}: the sum of the histogram counts. */
  private static long count(List<ReceivedMetric> metrics, String model) {
    // cumulative temporality: the last export holds the totals
    ReceivedMetric last = metrics.get(metrics.size() - 1);
    return last.proto().getHistogram().getDataPointsList().stream()
        .filter(
            p -> model.equals(AnyValues.toMap(p.getAttributesList()).get("gen_ai.request.model")))
        .collect(Collectors.summingLong(HistogramDataPoint::getCount));
  }

  private static void assertContains(String haystack, String needle, String what) {
    assertTrue(
        haystack != null && haystack.contains(needle),
        what + ": expected to contain <" + needle + "> but was <" + haystack + ">");
  }
}
