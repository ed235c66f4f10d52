package dev.otelpresets.core;

import static dev.otelpresets.core.testpresets.Instances.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.config.ConfigException;
import dev.otelpresets.core.testpresets.Instances;
import dev.otelpresets.core.testpresets.Sinks;
import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.spi.genai.GenAiContent.MessagePart;
import dev.otelpresets.spi.genai.GenAiContent.ToolDefinition;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RecordingApiTest {
  private static final String PROMPT = "PROMPT-TEXT-7f3a what is my password";
  private static final String SYSTEM = "SYSTEM-TEXT-19c2 be terse";
  private static final String ANSWER = "ANSWER-TEXT-b81e hunter2";

  private GenAiTelemetry telemetry;

  @AfterEach
  void close() {
    if (telemetry != null) {
      telemetry.close();
    }
    Sinks.reset();
  }

  private GenAiTelemetry start(String yaml) {
    return start(yaml, Map.of());
  }

  private GenAiTelemetry start(String yaml, Map<String, String> env) {
    telemetry = Instances.start(yaml, env);
    return telemetry;
  }

  private List<SpanData> flushed() {
    assertTrue(telemetry.forceFlush());
    return Sinks.of("mem-alpha").spans();
  }

  private SpanData onlySpan() {
    assertTrue(telemetry.forceFlush());
    return Sinks.of("mem-alpha").only();
  }

  private static LlmRequest contentRequest() {
    return LlmRequest.builder()
        .provider("openai")
        .requestModel("gpt-4o")
        .systemInstructions(List.of(new MessagePart.Text(SYSTEM)))
        .inputMessages(
            List.of(
                ChatMessage.text("user", PROMPT),
                new ChatMessage(
                    "assistant",
                    List.of(new MessagePart.ToolCall("call_1", "lookup", Map.of("q", "x"))),
                    null),
                ChatMessage.toolResponse("call_1", "42")))
        .build();
  }

  private static LlmResponse contentResponse() {
    return LlmResponse.builder()
        .responseModel("gpt-4o")
        .outputMessages(List.of(ChatMessage.text("assistant", ANSWER).withFinishReason("stop")))
        .inputTokens(3)
        .outputTokens(2)
        .build();
  }

  /** Every string anywhere in the span's attributes and events. */
  private static List<String> allText(SpanData s) {
    List<String> out = new ArrayList<>();
    s.getAttributes().forEach((k, v) -> out.add(k.getKey() + "=" + v));
    for (EventData e : s.getEvents()) {
      out.add(e.getName());
      e.getAttributes().forEach((k, v) -> out.add(k.getKey() + "=" + v));
    }
    out.add(s.getStatus().getDescription());
    out.add(s.getName());
    return out;
  }

  // ---- attributes --------------------------------------------------------------------------

  @Test
  void streamedChatCallCarriesEveryCanonicalAttribute() {
    start(yaml("mem-alpha"));
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", Map.of("city", Map.of("type", "string")));
    LlmRequest request =
        LlmRequest.builder()
            .provider("openai")
            .requestModel("gpt-4o")
            .temperature(0.2)
            .topP(0.9)
            .topK(40)
            .maxTokens(256)
            .frequencyPenalty(0.1)
            .presencePenalty(0.3)
            .seed(42)
            .stopSequences(List.of("\n\n", "END"))
            .choiceCount(2)
            .stream(true)
            .server(URI.create("https://api.openai.com/v1/chat/completions"))
            .tools(List.of(ToolDefinition.function("get_weather", "Weather by city", schema)))
            .build();
    long before = System.nanoTime();
    LlmCall call = telemetry.startCall(request);
    call.firstChunk();
    call.chunk();
    call.chunk();
    call.end(
        LlmResponse.builder()
            .responseId("chatcmpl-123")
            .responseModel("gpt-4o-2024-08-06")
            .finishReasons(List.of("stop", "length"))
            .inputTokens(100)
            .outputTokens(50)
            .cacheReadInputTokens(20)
            .cacheCreationInputTokens(5)
            .reasoningOutputTokens(7)
            .costUsd(0.0123)
            .inputCostUsd(0.01)
            .outputCostUsd(0.0023)
            .build());
    double elapsed = (System.nanoTime() - before) / 1e9;

    SpanData s = onlySpan();
    assertEquals("chat gpt-4o", s.getName());
    assertEquals(SpanKind.CLIENT, s.getKind());
    assertEquals(StatusCode.UNSET, s.getStatus().getStatusCode());
    Attributes a = s.getAttributes();
    assertEquals("chat", a.get(GenAiAttributes.OPERATION_NAME));
    assertEquals("openai", a.get(GenAiAttributes.PROVIDER_NAME));
    assertEquals("gpt-4o", a.get(GenAiAttributes.REQUEST_MODEL));
    assertEquals(0.2, a.get(GenAiAttributes.REQUEST_TEMPERATURE));
    assertEquals(0.9, a.get(GenAiAttributes.REQUEST_TOP_P));
    assertEquals(40.0, a.get(GenAiAttributes.REQUEST_TOP_K));
    assertEquals(256L, a.get(GenAiAttributes.REQUEST_MAX_TOKENS));
    assertEquals(0.1, a.get(GenAiAttributes.REQUEST_FREQUENCY_PENALTY));
    assertEquals(0.3, a.get(GenAiAttributes.REQUEST_PRESENCE_PENALTY));
    assertEquals(42L, a.get(GenAiAttributes.REQUEST_SEED));
    assertEquals(List.of("\n\n", "END"), a.get(GenAiAttributes.REQUEST_STOP_SEQUENCES));
    assertEquals(2L, a.get(GenAiAttributes.REQUEST_CHOICE_COUNT));
    assertEquals(Boolean.TRUE, a.get(GenAiAttributes.REQUEST_STREAM));
    assertEquals("api.openai.com", a.get(GenAiAttributes.SERVER_ADDRESS));
    assertEquals(443L, a.get(GenAiAttributes.SERVER_PORT));
    assertEquals(
        "[{\"type\":\"function\",\"name\":\"get_weather\",\"description\":\"Weather by"
            + " city\",\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":"
            + "\"string\"}}}}]",
        a.get(GenAiAttributes.TOOL_DEFINITIONS));
    assertEquals("chatcmpl-123", a.get(GenAiAttributes.RESPONSE_ID));
    assertEquals("gpt-4o-2024-08-06", a.get(GenAiAttributes.RESPONSE_MODEL));
    assertEquals(List.of("stop", "length"), a.get(GenAiAttributes.RESPONSE_FINISH_REASONS));
    assertEquals(100L, a.get(GenAiAttributes.USAGE_INPUT_TOKENS));
    assertEquals(50L, a.get(GenAiAttributes.USAGE_OUTPUT_TOKENS));
    assertEquals(20L, a.get(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS));
    assertEquals(5L, a.get(GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS));
    assertEquals(7L, a.get(GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS));
    assertEquals(0.0123, a.get(GenAiAttributes.COST_TOTAL_USD));
    assertEquals(0.01, a.get(GenAiAttributes.COST_INPUT_USD));
    assertEquals(0.0023, a.get(GenAiAttributes.COST_OUTPUT_USD));
    Double ttfc = a.get(GenAiAttributes.RESPONSE_TIME_TO_FIRST_CHUNK);
    assertTrue(
        ttfc != null && ttfc >= 0 && ttfc <= elapsed, "ttfc=" + ttfc + " elapsed=" + elapsed);
    assertNull(a.get(GenAiAttributes.ERROR_TYPE));
    assertTrue(s.getEvents().isEmpty(), s.getEvents().toString());
  }

  @Test
  void parentIsTheCurrentSpanAndTheCallSpanParentsToolSpans() {
    start(yaml("mem-alpha"));
    Tracer host = telemetry.openTelemetry().getTracer("host");
    Span server = host.spanBuilder("POST /v1/chat").setSpanKind(SpanKind.SERVER).startSpan();
    LlmCall call;
    try (Scope ignored = server.makeCurrent()) {
      call = telemetry.startCall(LlmRequest.builder().requestModel("gpt-4o").build());
    }
    Span tool = host.spanBuilder("execute_tool lookup").setParent(call.context()).startSpan();
    tool.end();
    call.end(LlmResponse.empty());
    server.end();
    List<SpanData> spans = flushed();
    SpanData llm = Sinks.of("mem-alpha").named("chat gpt-4o");
    SpanData toolData = Sinks.of("mem-alpha").named("execute_tool lookup");
    assertEquals(3, spans.size());
    assertEquals(server.getSpanContext().getTraceId(), llm.getTraceId());
    assertEquals(server.getSpanContext().getSpanId(), llm.getParentSpanId());
    assertEquals(llm.getSpanId(), toolData.getParentSpanId());
    assertEquals(call.span().getSpanContext(), llm.getSpanContext());
  }

  @Test
  void withoutACurrentSpanTheCallIsARoot() {
    start(yaml("mem-alpha"));
    telemetry
        .startCall(LlmRequest.builder().operation("embeddings").build())
        .end(LlmResponse.empty());
    SpanData s = onlySpan();
    assertEquals("embeddings", s.getName(), "just the operation when the model is unknown");
    assertFalse(s.getParentSpanContext().isValid());
  }

  @Test
  void unknownValuesAreAbsentNeverZero() {
    start(yaml("mem-alpha"));
    telemetry
        .startCall(LlmRequest.builder().provider("anthropic").requestModel("claude").build())
        .end(LlmResponse.empty());
    Attributes a = onlySpan().getAttributes();
    for (AttributeKey<?> k :
        List.of(
            GenAiAttributes.USAGE_INPUT_TOKENS,
            GenAiAttributes.USAGE_OUTPUT_TOKENS,
            GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS,
            GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS,
            GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS,
            GenAiAttributes.COST_TOTAL_USD,
            GenAiAttributes.COST_INPUT_USD,
            GenAiAttributes.COST_OUTPUT_USD,
            GenAiAttributes.RESPONSE_FINISH_REASONS,
            GenAiAttributes.RESPONSE_MODEL,
            GenAiAttributes.RESPONSE_ID,
            GenAiAttributes.REQUEST_STREAM,
            GenAiAttributes.RESPONSE_TIME_TO_FIRST_CHUNK,
            GenAiAttributes.REQUEST_TEMPERATURE,
            GenAiAttributes.REQUEST_MAX_TOKENS,
            GenAiAttributes.SERVER_ADDRESS,
            GenAiAttributes.SERVER_PORT,
            GenAiAttributes.TOOL_DEFINITIONS,
            GenAiAttributes.REQUEST_STOP_SEQUENCES,
            GenAiAttributes.CONVERSATION_ID,
            GenAiAttributes.USER_ID,
            GenAiAttributes.TAGS,
            GenAiAttributes.METADATA)) {
      assertNull(a.get(k), k.getKey() + " must be absent when unknown");
    }
    assertEquals(
        Set.of("gen_ai.operation.name", "gen_ai.provider.name", "gen_ai.request.model"),
        a.asMap().keySet().stream()
            .map(AttributeKey::getKey)
            .collect(java.util.stream.Collectors.toSet()));
  }

  @Test
  void onlyInputUsageKnownRecordsOnlyInput() {
    start(yaml("mem-alpha"));
    telemetry
        .startCall(LlmRequest.builder().requestModel("m").stream(false).build())
        .end(LlmResponse.builder().inputTokens(0).build());
    Attributes a = onlySpan().getAttributes();
    assertEquals(0L, a.get(GenAiAttributes.USAGE_INPUT_TOKENS), "a real zero is kept");
    assertNull(a.get(GenAiAttributes.USAGE_OUTPUT_TOKENS));
    assertEquals(Boolean.FALSE, a.get(GenAiAttributes.REQUEST_STREAM));
  }

  @Test
  void serverPortDefaultsFromTheScheme() {
    LlmRequest http = LlmRequest.builder().server(URI.create("http://localhost/v1")).build();
    assertEquals("localhost", http.serverAddress());
    assertEquals(80, http.serverPort());
    LlmRequest explicit =
        LlmRequest.builder().server(URI.create("https://gw.example.com:8443/v1")).build();
    assertEquals(8443, explicit.serverPort());
  }

  // ---- content capture ---------------------------------------------------------------------

  @Test
  void contentIsOffByDefaultAndAppearsNowhere() {
    start(yaml("mem-alpha"));
    assertEquals(ContentCapture.NO_CONTENT, telemetry.contentCapture());
    telemetry.startCall(contentRequest()).end(contentResponse());
    LlmCall failed = telemetry.startCall(contentRequest());
    failed.fail(new IllegalStateException("upstream 500"));
    List<SpanData> spans = flushed();
    assertEquals(2, spans.size());
    for (SpanData s : spans) {
      assertNull(s.getAttributes().get(GenAiAttributes.INPUT_MESSAGES));
      assertNull(s.getAttributes().get(GenAiAttributes.OUTPUT_MESSAGES));
      assertNull(s.getAttributes().get(GenAiAttributes.SYSTEM_INSTRUCTIONS));
      for (String text : allText(s)) {
        assertFalse(
            text.contains("PROMPT-TEXT")
                || text.contains("SYSTEM-TEXT")
                || text.contains("ANSWER-TEXT"),
            text);
      }
    }
  }

  @Test
  void spanOnlyWritesSemconvJson() {
    start(
        yaml(
            "mem-alpha",
            "settings:",
            "  shutdown_hook: false",
            "  capture_message_content: span_only"));
    assertEquals(ContentCapture.SPAN_ONLY, telemetry.contentCapture());
    telemetry.startCall(contentRequest()).end(contentResponse());
    Attributes a = onlySpan().getAttributes();
    assertEquals(
        "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\""
            + PROMPT
            + "\"}]},{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\",\"id\":\"call_1\","
            + "\"name\":\"lookup\",\"arguments\":{\"q\":\"x\"}}]},{\"role\":\"tool\",\"parts\":"
            + "[{\"type\":\"tool_call_response\",\"id\":\"call_1\",\"response\":\"42\"}]}]",
        a.get(GenAiAttributes.INPUT_MESSAGES));
    assertEquals(
        "[{\"type\":\"text\",\"content\":\"" + SYSTEM + "\"}]",
        a.get(GenAiAttributes.SYSTEM_INSTRUCTIONS));
    assertEquals(
        "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\""
            + ANSWER
            + "\"}],\"finish_reason\":\"stop\"}]",
        a.get(GenAiAttributes.OUTPUT_MESSAGES));
  }

  @Test
  void envVariableDecidesWhenYamlIsSilent() {
    start(
        yaml("mem-alpha"),
        Map.of("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", "span_only"));
    assertEquals(ContentCapture.SPAN_ONLY, telemetry.contentCapture());
    telemetry.startCall(contentRequest()).end(contentResponse());
    assertTrue(onlySpan().getAttributes().get(GenAiAttributes.INPUT_MESSAGES).contains(PROMPT));
  }

  @Test
  void yamlWinsOverTheEnvVariable() {
    start(
        yaml(
            "mem-alpha",
            "settings:",
            "  shutdown_hook: false",
            "  capture_message_content: no_content"),
        Map.of("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", "span_only"));
    assertEquals(ContentCapture.NO_CONTENT, telemetry.contentCapture());
    telemetry.startCall(contentRequest()).end(contentResponse());
    assertNull(onlySpan().getAttributes().get(GenAiAttributes.INPUT_MESSAGES));
  }

  @Test
  void invalidEnvVariableIsAConfigError() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                Instances.start(
                        yaml("mem-alpha"),
                        Map.of("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", "all"))
                    .close());
    assertEquals(
        "environment variable OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT:"
            + " 'all' is not a content capture mode; use one of no_content, span_only,"
            + " span_and_event, event_only",
        e.getMessage());
  }

  @Test
  void eventOnlyKeepsContentOffTheSpan() {
    start(
        yaml(
            "mem-alpha",
            "settings:",
            "  shutdown_hook: false",
            "  capture_message_content: event_only"));
    telemetry.startCall(contentRequest()).end(contentResponse());
    SpanData s = onlySpan();
    for (String text : allText(s)) {
      assertFalse(text.contains("PROMPT-TEXT") || text.contains("ANSWER-TEXT"), text);
    }
  }

  // ---- failure and ending ------------------------------------------------------------------

  @Test
  void failWithThrowableSetsErrorStatusTypeAndExceptionEvent() {
    start(yaml("mem-alpha"));
    LlmCall call = telemetry.startCall(LlmRequest.builder().requestModel("gpt-4o").build());
    call.fail(new SocketTimeoutException("read timed out after 30s"));
    assertTrue(call.isEnded());
    SpanData s = onlySpan();
    assertEquals(StatusCode.ERROR, s.getStatus().getStatusCode());
    assertEquals("read timed out after 30s", s.getStatus().getDescription());
    assertEquals(
        "java.net.SocketTimeoutException", s.getAttributes().get(GenAiAttributes.ERROR_TYPE));
    assertEquals(1, s.getEvents().size());
    EventData ev = s.getEvents().get(0);
    assertEquals("exception", ev.getName());
    assertEquals(
        "java.net.SocketTimeoutException",
        ev.getAttributes().get(AttributeKey.stringKey("exception.type")));
    assertEquals(
        "read timed out after 30s",
        ev.getAttributes().get(AttributeKey.stringKey("exception.message")));
    assertTrue(
        ev.getAttributes()
            .get(AttributeKey.stringKey("exception.stacktrace"))
            .contains("RecordingApiTest"));
    assertNull(s.getAttributes().get(GenAiAttributes.USAGE_INPUT_TOKENS));
  }

  @Test
  void failWithTypeAndMessage() {
    start(yaml("mem-alpha"));
    telemetry
        .startCall(LlmRequest.builder().requestModel("gpt-4o").build())
        .fail("429", "rate limited");
    SpanData s = onlySpan();
    assertEquals(StatusCode.ERROR, s.getStatus().getStatusCode());
    assertEquals("429", s.getAttributes().get(GenAiAttributes.ERROR_TYPE));
    assertEquals(
        "429", s.getEvents().get(0).getAttributes().get(AttributeKey.stringKey("exception.type")));
  }

  @Test
  void endingTwiceKeepsTheFirst() {
    start(yaml("mem-alpha"));
    LlmCall call = telemetry.startCall(LlmRequest.builder().requestModel("gpt-4o").build());
    assertFalse(call.isEnded());
    call.end(LlmResponse.builder().responseId("first").inputTokens(1).build());
    call.end(LlmResponse.builder().responseId("second").inputTokens(2).build());
    call.fail(new RuntimeException("late failure"));
    call.fail("late", "late");
    SpanData s = onlySpan();
    assertEquals("first", s.getAttributes().get(GenAiAttributes.RESPONSE_ID));
    assertEquals(1L, s.getAttributes().get(GenAiAttributes.USAGE_INPUT_TOKENS));
    assertEquals(StatusCode.UNSET, s.getStatus().getStatusCode());
    assertNull(s.getAttributes().get(GenAiAttributes.ERROR_TYPE));
    assertTrue(s.getEvents().isEmpty());
  }

  @Test
  void failFirstThenEndKeepsTheFailure() {
    start(yaml("mem-alpha"));
    LlmCall call = telemetry.startCall(LlmRequest.builder().requestModel("gpt-4o").build());
    call.fail("timeout", "took too long");
    call.end(LlmResponse.builder().responseId("too-late").build());
    SpanData s = onlySpan();
    assertEquals(StatusCode.ERROR, s.getStatus().getStatusCode());
    assertNull(s.getAttributes().get(GenAiAttributes.RESPONSE_ID));
  }

  @Test
  void endingConcurrentlyFromEightThreadsMakesExactlyOneSpan() throws Exception {
    start(yaml("mem-alpha"));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 20; round++) {
        LlmCall call = telemetry.startCall(LlmRequest.builder().requestModel("r" + round).build());
        CountDownLatch ready = new CountDownLatch(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          int id = i;
          futures.add(
              pool.submit(
                  () -> {
                    ready.countDown();
                    go.await();
                    if (id % 2 == 0) {
                      call.end(LlmResponse.builder().responseId("t" + id).build());
                    } else {
                      call.fail("t" + id, "thread " + id);
                    }
                    return null;
                  }));
        }
        assertTrue(ready.await(10, TimeUnit.SECONDS));
        go.countDown();
        for (Future<?> f : futures) {
          f.get(10, TimeUnit.SECONDS);
        }
        assertTrue(call.isEnded());
      }
    } finally {
      pool.shutdownNow();
    }
    List<SpanData> spans = flushed();
    assertEquals(20, spans.size());
    assertEquals(20, spans.stream().map(SpanData::getName).distinct().count());
    for (SpanData s : spans) {
      boolean ok = s.getAttributes().get(GenAiAttributes.RESPONSE_ID) != null;
      boolean failed = s.getStatus().getStatusCode() == StatusCode.ERROR;
      assertTrue(ok != failed, "exactly one end won: " + s);
      assertTrue(s.getEvents().size() <= 1, s.getEvents().toString());
    }
  }

  // ---- identity copied onto the trace ------------------------------------------------------

  @Test
  void identityIsCopiedOntoTheOpenServerSpanAndLaterChildrenButNotOtherTraces() {
    start(yaml("mem-alpha"));
    Tracer host = telemetry.openTelemetry().getTracer("host");
    Span otherTrace = host.spanBuilder("other request").startSpan();
    Span server = host.spanBuilder("POST /chat").setSpanKind(SpanKind.SERVER).startSpan();
    try (Scope ignored = server.makeCurrent()) {
      Span before = host.spanBuilder("auth").startSpan();
      before.end(); // ended before the call: keeps what it had
      telemetry
          .startCall(
              LlmRequest.builder()
                  .requestModel("gpt-4o")
                  .userId("user-42")
                  .conversationId("conv-7")
                  .tags(List.of("team-a", "beta"))
                  .metadata(Map.of("feature", "search"))
                  .build())
          .end(LlmResponse.empty());
      Span after = host.spanBuilder("save history").startSpan();
      after.end();
    } finally {
      server.end();
    }
    Span otherChild =
        host.spanBuilder("other child")
            .setParent(io.opentelemetry.context.Context.current().with(otherTrace))
            .startSpan();
    otherChild.end();
    otherTrace.end();

    flushed();
    Sinks.Sink sink = Sinks.of("mem-alpha");
    for (String name : List.of("chat gpt-4o", "POST /chat", "save history")) {
      Attributes a = sink.named(name).getAttributes();
      assertEquals("user-42", a.get(GenAiAttributes.USER_ID), name);
      assertEquals("conv-7", a.get(GenAiAttributes.CONVERSATION_ID), name);
      assertEquals(List.of("team-a", "beta"), a.get(GenAiAttributes.TAGS), name);
      assertEquals("{\"feature\":\"search\"}", a.get(GenAiAttributes.METADATA), name);
    }
    for (String name : List.of("other request", "other child", "auth")) {
      Attributes a = sink.named(name).getAttributes();
      assertNull(a.get(GenAiAttributes.USER_ID), name);
      assertNull(a.get(GenAiAttributes.CONVERSATION_ID), name);
      assertNull(a.get(GenAiAttributes.TAGS), name);
    }
    assertNotEquals(
        sink.named("other request").getTraceId(), sink.named("POST /chat").getTraceId());
  }

  @Test
  void requestToStringHasNoContent() {
    assertFalse(contentRequest().toString().contains("PROMPT-TEXT"));
    assertFalse(contentResponse().toString().contains("ANSWER-TEXT"));
  }
}
