package dev.otelpresets.langchain4j;

import static dev.otelpresets.langchain4j.Backends.all;
import static dev.otelpresets.langchain4j.Backends.anyAttributeContains;
import static dev.otelpresets.langchain4j.Backends.assertContains;
import static dev.otelpresets.langchain4j.Backends.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.TokenStream;
import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.testkit.MockOpenAiServer;
import dev.otelpresets.testkit.PresetTestHarness;
import dev.otelpresets.testkit.ReceivedSpan;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.proto.trace.v1.Status;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * LangChain4j's OpenAI chat and streaming models and an AI service with a tool, over real HTTP to
 * a mock OpenAI server, recorded through otel-presets and checked at Arize (OpenInference),
 * Langfuse and a plain collector.
 */
class LangChain4jTracingTest {
  static final String SYSTEM = "SYSTEM-TEXT-4c1d answer briefly";
  static final String ASK = "ASK-TEXT-9e2b what is the weather in Paris?";
  static final String TOOL_RESULT = "TOOL-RESULT-77f0 sunny, 21 degrees";
  static final String MODEL = "gpt-4o-mini";
  static final String SERVER = "POST /ask";
  static final String API_KEY = "sk-test-not-a-key";

  private MockOpenAiServer openAi;
  private PresetTestHarness harness;

  @BeforeEach
  void startMock() {
    openAi = MockOpenAiServer.start();
  }

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
    openAi.close();
  }

  private GenAiTelemetry telemetry(String capture) {
    harness = Backends.start(capture);
    return harness.telemetry();
  }

  private ChatModel chatModel(GenAiTelemetry telemetry, String model) {
    return OpenAiChatModel.builder()
        .baseUrl(openAi.baseUrl())
        .apiKey(API_KEY)
        .modelName(model)
        .temperature(0.25)
        .maxTokens(200)
        .maxRetries(0)
        .listeners(
            List.of(new OtelPresetsChatModelListener(telemetry, URI.create(openAi.baseUrl()))))
        .build();
  }

  private StreamingChatModel streamingModel(GenAiTelemetry telemetry, boolean withListener) {
    OpenAiStreamingChatModel.OpenAiStreamingChatModelBuilder b =
        OpenAiStreamingChatModel.builder()
            .baseUrl(openAi.baseUrl())
            .apiKey(API_KEY)
            .modelName(MODEL)
            .topP(0.9);
    if (withListener) {
      b.listeners(List.of(new OtelPresetsChatModelListener(telemetry)));
    }
    return OtelPresetsLangChain4j.streaming(b.build(), telemetry);
  }

  /** Runs {@code work} inside a host SERVER span, as an HTTP server's instrumentation would. */
  private static <T> T inServerSpan(GenAiTelemetry telemetry, java.util.function.Supplier<T> work) {
    Span server =
        telemetry
            .openTelemetry()
            .getTracer("host")
            .spanBuilder(SERVER)
            .setSpanKind(SpanKind.SERVER)
            .startSpan();
    try (Scope ignored = server.makeCurrent()) {
      return work.get();
    } finally {
      server.end();
    }
  }

  private static ChatRequest question() {
    return ChatRequest.builder()
        .messages(SystemMessage.from(SYSTEM), UserMessage.from(ASK))
        .build();
  }

  @Test
  void chatCallIsOneClientSpanUnderTheServerSpanInEachBackendsVocabulary() {
    GenAiTelemetry telemetry = telemetry("span_only");
    ChatResponse answer =
        inServerSpan(telemetry, () -> chatModel(telemetry, MODEL).chat(question()));
    Map<String, List<ReceivedSpan>> got = Backends.await(harness, 2);

    List<ReceivedSpan> otel = got.get("otel");
    ReceivedSpan server = named(otel, SERVER);
    ReceivedSpan llm = named(otel, "chat " + MODEL);
    assertEquals(server.spanId(), llm.parentSpanId());
    assertEquals(server.traceId(), llm.traceId());
    assertEquals(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CLIENT, llm.kind());
    assertEquals("chat", llm.stringAttribute("gen_ai.operation.name"));
    assertEquals("openai", llm.stringAttribute("gen_ai.provider.name"));
    assertEquals(MODEL, llm.stringAttribute("gen_ai.request.model"));
    assertEquals(0.25, llm.attribute("gen_ai.request.temperature"));
    assertEquals(200L, llm.attribute("gen_ai.request.max_tokens"));
    assertEquals(answer.id(), llm.stringAttribute("gen_ai.response.id"));
    assertTrue(answer.id().startsWith("chatcmpl-mock-"), answer.id());
    assertEquals(MODEL, llm.stringAttribute("gen_ai.response.model"));
    assertEquals(List.of("stop"), llm.attribute("gen_ai.response.finish_reasons"));
    assertEquals(
        (long) answer.tokenUsage().inputTokenCount(), llm.attribute("gen_ai.usage.input_tokens"));
    assertEquals(
        (long) answer.tokenUsage().outputTokenCount(), llm.attribute("gen_ai.usage.output_tokens"));
    assertEquals("127.0.0.1", llm.stringAttribute("server.address"));
    assertEquals((long) openAi.port(), llm.attribute("server.port"));
    assertNull(llm.attribute("gen_ai.request.stream"), "not known to stream");
    String input = llm.stringAttribute("gen_ai.input.messages");
    assertContains(
        input,
        "{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"" + SYSTEM + "\"}]}",
        "system message");
    assertContains(
        input,
        "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"" + ASK + "\"}]}",
        "user message");
    assertContains(
        llm.stringAttribute("gen_ai.output.messages"), answer.aiMessage().text(), "the answer");
    assertContains(
        llm.stringAttribute("gen_ai.output.messages"),
        "\"finish_reason\":\"stop\"",
        "the answer's finish reason");

    ReceivedSpan arize = harness.span("arize", llm.spanId());
    assertEquals(server.spanId(), arize.parentSpanId());
    assertEquals("LLM", arize.stringAttribute("openinference.span.kind"));
    assertEquals(MODEL, arize.stringAttribute("llm.model_name"));
    assertEquals("openai", arize.stringAttribute("llm.provider"));
    assertEquals("system", arize.stringAttribute("llm.input_messages.0.message.role"));
    assertEquals(SYSTEM, arize.stringAttribute("llm.input_messages.0.message.content"));
    assertEquals(ASK, arize.stringAttribute("llm.input_messages.1.message.content"));
    assertEquals(
        answer.aiMessage().text(), arize.stringAttribute("llm.output_messages.0.message.content"));
    assertEquals(
        (long) answer.tokenUsage().inputTokenCount(), arize.attribute("llm.token_count.prompt"));
    assertFalse(arize.attributes().keySet().stream().anyMatch(k -> k.startsWith("langfuse.")));

    ReceivedSpan langfuse = harness.span("langfuse", llm.spanId());
    assertEquals(server.spanId(), langfuse.parentSpanId());
    assertEquals("generation", langfuse.stringAttribute("langfuse.observation.type"));
    assertEquals(MODEL, langfuse.stringAttribute("langfuse.observation.model.name"));
    assertContains(
        langfuse.stringAttribute("langfuse.observation.usage_details"),
        "\"input\":" + answer.tokenUsage().inputTokenCount(),
        "usage");
    assertContains(langfuse.stringAttribute("langfuse.observation.input"), ASK, "input");
    assertFalse(
        langfuse.attributes().keySet().stream().anyMatch(k -> k.startsWith("llm.input_messages")));
    got.forEach(
        (backend, spans) ->
            assertFalse(
                anyAttributeContains(spans, API_KEY), backend + " received the model's API key"));
    assertTrue(openAi.requests().size() == 1);
  }

  @Test
  void streamedCallRecordsTimeToFirstChunkOnTheListenersSpanOnly() throws Exception {
    GenAiTelemetry telemetry = telemetry("span_only");
    for (boolean withListener : new boolean[] {true, false}) {
      AtomicInteger chunks = new AtomicInteger();
      CompletableFuture<ChatResponse> done = new CompletableFuture<>();
      inServerSpan(
          telemetry,
          () -> {
            streamingModel(telemetry, withListener)
                .chat(
                    question(),
                    new StreamingChatResponseHandler() {
                      @Override
                      public void onPartialResponse(String partial) {
                        chunks.incrementAndGet();
                      }

                      @Override
                      public void onCompleteResponse(ChatResponse response) {
                        done.complete(response);
                      }

                      @Override
                      public void onError(Throwable error) {
                        done.completeExceptionally(error);
                      }
                    });
            return null;
          });
      ChatResponse response = done.get(10, TimeUnit.SECONDS);
      assertTrue(chunks.get() > 1, "the mock streams word by word: " + chunks);
      assertNotNull(response.aiMessage().text());
    }
    Map<String, List<ReceivedSpan>> got = Backends.await(harness, 4);
    List<ReceivedSpan> llms = all(got.get("otel"), "chat " + MODEL);
    assertEquals(
        2, llms.size(), "one span per streamed call, with or without the model's listener");
    List<ReceivedSpan> servers = all(got.get("otel"), SERVER);
    for (int i = 0; i < 2; i++) {
      ReceivedSpan llm = llms.get(i);
      assertEquals(servers.get(i).spanId(), llm.parentSpanId());
      assertEquals(Boolean.TRUE, llm.attribute("gen_ai.request.stream"));
      assertEquals(0.9, llm.attribute("gen_ai.request.top_p"));
      Object ttfc = llm.attribute("gen_ai.response.time_to_first_chunk");
      assertTrue(ttfc instanceof Double d && d > 0, "time to first chunk: " + llm);
      assertContains(
          llm.stringAttribute("gen_ai.output.messages"),
          "Mock answer to: " + ASK,
          "the whole streamed answer");
      assertNotNull(llm.attribute("gen_ai.usage.output_tokens"));
      assertEquals(
          "LLM", harness.span("arize", llm.spanId()).stringAttribute("openinference.span.kind"));
      assertNotNull(
          harness
              .span("langfuse", llm.spanId())
              .stringAttribute("langfuse.observation.completion_start_time"),
          "Langfuse's TTFT");
    }
  }

  /**
   * The spans of one AI-service call with one tool: the server span, the agent under it, the tool
   * and the two chat calls under the agent (checked).
   */
  record AgentTree(
      ReceivedSpan server, ReceivedSpan agent, ReceivedSpan tool, List<ReceivedSpan> chats) {
    static AgentTree of(List<ReceivedSpan> spans, String service) {
      AgentTree t =
          new AgentTree(
              named(spans, SERVER),
              named(spans, "invoke_agent " + service),
              named(spans, "execute_tool weather"),
              all(spans, "chat " + MODEL));
      assertEquals(2, t.chats().size(), spans.toString());
      assertEquals(t.server().spanId(), t.agent().parentSpanId());
      assertEquals(t.agent().spanId(), t.tool().parentSpanId());
      t.chats().forEach(c -> assertEquals(t.agent().spanId(), c.parentSpanId(), c.toString()));
      return t;
    }
  }

  /** The AI service of the tests. */
  interface WeatherAssistant {
    String chat(String question);
  }

  /** The AI service's one tool. */
  static final class WeatherTools {
    final AtomicInteger calls = new AtomicInteger();

    @Tool("Returns the current weather of a city")
    String weather(@P("the city") String city) {
      calls.incrementAndGet();
      return TOOL_RESULT + " in " + city;
    }
  }

  private WeatherAssistant assistant(GenAiTelemetry telemetry, String model, WeatherTools tools) {
    return AiServices.builder(WeatherAssistant.class)
        .chatModel(chatModel(telemetry, model))
        .tools(tools)
        .registerListeners(OtelPresetsLangChain4j.aiServiceListeners(telemetry))
        .build();
  }

  @Test
  void aiServiceIsAnAgentSpanParentingItsChatCallsAndToolSpans() {
    GenAiTelemetry telemetry = telemetry("span_only");
    WeatherTools tools = new WeatherTools();
    String answer = inServerSpan(telemetry, () -> assistant(telemetry, MODEL, tools).chat(ASK));
    assertEquals(1, tools.calls.get());
    assertContains(answer, TOOL_RESULT, "the model's final answer quotes the tool");
    // server, agent, chat (asks for the tool), tool, chat (answers)
    Map<String, List<ReceivedSpan>> got = Backends.await(harness, 5);

    AgentTree tree = AgentTree.of(got.get("otel"), "WeatherAssistant");
    ReceivedSpan server = tree.server();
    ReceivedSpan agent = tree.agent();
    ReceivedSpan tool = tree.tool();
    List<ReceivedSpan> chats = tree.chats();
    assertEquals(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_INTERNAL, agent.kind());
    assertEquals(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_INTERNAL, tool.kind());
    // the tool ran between the two chat calls
    assertTrue(tool.proto().getStartTimeUnixNano() >= chats.get(0).proto().getStartTimeUnixNano());
    assertTrue(tool.proto().getEndTimeUnixNano() <= chats.get(1).proto().getStartTimeUnixNano());

    assertEquals("invoke_agent", agent.stringAttribute("gen_ai.operation.name"));
    assertEquals("WeatherAssistant", agent.stringAttribute("gen_ai.agent.name"));
    assertEquals(WeatherAssistant.class.getName(), agent.stringAttribute("gen_ai.agent.id"));
    assertEquals("openai", agent.stringAttribute("gen_ai.provider.name"));
    assertContains(agent.stringAttribute("gen_ai.input.messages"), ASK, "agent input");
    assertContains(agent.stringAttribute("gen_ai.output.messages"), TOOL_RESULT, "agent output");

    assertEquals("execute_tool", tool.stringAttribute("gen_ai.operation.name"));
    assertEquals("weather", tool.stringAttribute("gen_ai.tool.name"));
    assertEquals(MockOpenAiServer.TOOL_CALL_ID, tool.stringAttribute("gen_ai.tool.call.id"));
    assertEquals("function", tool.stringAttribute("gen_ai.tool.type"));
    assertEquals(
        "Returns the current weather of a city", tool.stringAttribute("gen_ai.tool.description"));
    assertEquals("{\"arg0\":\"Paris\"}", tool.stringAttribute("gen_ai.tool.call.arguments"));
    assertEquals(TOOL_RESULT + " in Paris", tool.stringAttribute("gen_ai.tool.call.result"));

    ReceivedSpan first = chats.get(0);
    assertEquals(List.of("tool_calls"), first.attribute("gen_ai.response.finish_reasons"));
    assertContains(
        first.stringAttribute("gen_ai.tool.definitions"),
        "\"name\":\"weather\",\"description\":\"Returns the current weather of a city\"",
        "tool definitions");
    assertContains(
        first.stringAttribute("gen_ai.output.messages"),
        "{\"type\":\"tool_call\",\"id\":\""
            + MockOpenAiServer.TOOL_CALL_ID
            + "\",\"name\":\"weather\",\"arguments\":{\"arg0\":\"Paris\"}}",
        "the tool call");
    String secondInput = chats.get(1).stringAttribute("gen_ai.input.messages");
    assertContains(
        secondInput,
        "\"type\":\"tool_call\",\"id\":\"" + MockOpenAiServer.TOOL_CALL_ID,
        "the tool call, replayed");
    assertContains(
        secondInput,
        "{\"role\":\"tool\",\"parts\":[{\"type\":\"tool_call_response\","
            + "\"id\":\""
            + MockOpenAiServer.TOOL_CALL_ID
            + "\",\"response\":\""
            + TOOL_RESULT,
        "the tool's result");
    assertEquals(List.of("stop"), chats.get(1).attribute("gen_ai.response.finish_reasons"));

    for (String backend : List.of("arize", "langfuse")) {
      assertEquals(server.spanId(), harness.span(backend, agent.spanId()).parentSpanId());
      assertEquals(agent.spanId(), harness.span(backend, tool.spanId()).parentSpanId());
      for (ReceivedSpan c : chats) {
        assertEquals(agent.spanId(), harness.span(backend, c.spanId()).parentSpanId());
      }
    }
    assertEquals(
        "AGENT", harness.span("arize", agent.spanId()).stringAttribute("openinference.span.kind"));
    assertEquals(
        "WeatherAssistant", harness.span("arize", agent.spanId()).stringAttribute("agent.name"));
    ReceivedSpan arizeTool = harness.span("arize", tool.spanId());
    assertEquals("TOOL", arizeTool.stringAttribute("openinference.span.kind"));
    assertEquals("weather", arizeTool.stringAttribute("tool.name"));
    assertEquals(MockOpenAiServer.TOOL_CALL_ID, arizeTool.stringAttribute("tool.id"));
    assertEquals(
        "weather",
        harness
            .span("arize", chats.get(0).spanId())
            .stringAttribute("llm.output_messages.0.message.tool_calls.0.tool_call.function.name"));
    assertEquals(
        "agent",
        harness.span("langfuse", agent.spanId()).stringAttribute("langfuse.observation.type"));
    assertEquals(
        "tool",
        harness.span("langfuse", tool.spanId()).stringAttribute("langfuse.observation.type"));
    assertEquals(
        "generation",
        harness
            .span("langfuse", chats.get(1).spanId())
            .stringAttribute("langfuse.observation.type"));
  }

  @Test
  void failedCallsCarryTheErrorOnTheChatAndAgentSpans() {
    GenAiTelemetry telemetry = telemetry("span_only");
    RuntimeException direct =
        assertThrows(
            RuntimeException.class,
            () -> inServerSpan(telemetry, () -> chatModel(telemetry, "gpt-fail").chat(question())));
    RuntimeException viaService =
        assertThrows(
            RuntimeException.class,
            () ->
                inServerSpan(
                    telemetry,
                    () -> assistant(telemetry, "gpt-fail", new WeatherTools()).chat(ASK)));
    // server + chat; server + agent + chat
    Map<String, List<ReceivedSpan>> got = Backends.await(harness, 5);
    List<ReceivedSpan> chats = all(got.get("otel"), "chat gpt-fail");
    assertEquals(2, chats.size());
    assertEquals(direct.getClass().getName(), chats.get(0).stringAttribute("error.type"));
    ReceivedSpan agent = named(got.get("otel"), "invoke_agent WeatherAssistant");
    assertEquals(agent.spanId(), chats.get(1).parentSpanId());
    assertEquals(viaService.getClass().getName(), agent.stringAttribute("error.type"));
    for (ReceivedSpan s : List.of(chats.get(0), chats.get(1), agent)) {
      assertEquals(Status.StatusCode.STATUS_CODE_ERROR, s.status().getCode(), s.toString());
      assertNotNull(s.stringAttribute("error.type"));
      assertTrue(s.events().stream().anyMatch(e -> e.getName().equals("exception")), s.toString());
      assertNull(s.attribute("gen_ai.usage.output_tokens"));
      assertEquals(
          Status.StatusCode.STATUS_CODE_ERROR,
          harness.span("arize", s.spanId()).status().getCode());
      assertEquals(
          "ERROR",
          harness.span("langfuse", s.spanId()).stringAttribute("langfuse.observation.level"));
    }
    assertContains(chats.get(0).status().getMessage(), "mock failure", "status message");
  }

  @Test
  void withoutContentCaptureNoMessageArgumentOrResultLeavesTheProcess() {
    GenAiTelemetry telemetry = telemetry("no_content");
    WeatherTools tools = new WeatherTools();
    inServerSpan(telemetry, () -> assistant(telemetry, MODEL, tools).chat(ASK));
    Map<String, List<ReceivedSpan>> got = Backends.await(harness, 5);
    for (String backend : Backends.RECEIVERS) {
      List<ReceivedSpan> spans = got.get(backend);
      for (String secret : List.of("ASK-TEXT", "TOOL-RESULT", "Paris")) {
        assertFalse(anyAttributeContains(spans, secret), backend + " got " + secret + ": " + spans);
      }
    }
    ReceivedSpan tool = named(got.get("otel"), "execute_tool weather");
    assertEquals(MockOpenAiServer.TOOL_CALL_ID, tool.stringAttribute("gen_ai.tool.call.id"));
    assertNull(tool.attribute("gen_ai.tool.call.arguments"));
    for (ReceivedSpan c : all(got.get("otel"), "chat " + MODEL)) {
      assertNotNull(c.attribute("gen_ai.usage.input_tokens"), "usage is not content");
      assertNull(c.attribute("gen_ai.input.messages"));
      assertNotNull(c.attribute("gen_ai.tool.definitions"), "tool definitions are not content");
    }
  }

  /** The streaming AI service of the tests. */
  interface StreamingWeatherAssistant {
    TokenStream chat(String question);
  }

  @Test
  void streamingAiServiceParentsItsStreamedCallsAndToolAcrossThreads() throws Exception {
    GenAiTelemetry telemetry = telemetry("span_only");
    WeatherTools tools = new WeatherTools();
    StreamingWeatherAssistant assistant =
        AiServices.builder(StreamingWeatherAssistant.class)
            .streamingChatModel(streamingModel(telemetry, true))
            .tools(tools)
            .registerListeners(OtelPresetsLangChain4j.aiServiceListeners(telemetry))
            .build();
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    inServerSpan(
        telemetry,
        () -> {
          assistant
              .chat(ASK)
              .onPartialResponse(p -> {})
              .onCompleteResponse(done::complete)
              .onError(done::completeExceptionally)
              .start();
          return null;
        });
    assertContains(done.get(10, TimeUnit.SECONDS).aiMessage().text(), TOOL_RESULT, "answer");
    Map<String, List<ReceivedSpan>> got = Backends.await(harness, 5);
    AgentTree tree = AgentTree.of(got.get("otel"), "StreamingWeatherAssistant");
    ReceivedSpan agent = tree.agent();
    ReceivedSpan tool = tree.tool();
    List<ReceivedSpan> chats = tree.chats();
    for (ReceivedSpan c : chats) {
      assertEquals(Boolean.TRUE, c.attribute("gen_ai.request.stream"));
      assertNotNull(c.attribute("gen_ai.response.time_to_first_chunk"), c.toString());
    }
    assertEquals(TOOL_RESULT + " in Paris", tool.stringAttribute("gen_ai.tool.call.result"));
    assertTrue(
        agent.proto().getEndTimeUnixNano() >= chats.get(1).proto().getEndTimeUnixNano(),
        "the agent ends when the stream completes");
  }

  @Test
  void aListenerRegisteredTwiceStillRecordsOneSpanPerCall() {
    GenAiTelemetry telemetry = telemetry("no_content");
    OtelPresetsChatModelListener listener = new OtelPresetsChatModelListener(telemetry);
    ChatModel model =
        OpenAiChatModel.builder()
            .baseUrl(openAi.baseUrl())
            .apiKey(API_KEY)
            .modelName(MODEL)
            .maxRetries(0)
            .listeners(List.of(listener, listener, new OtelPresetsChatModelListener(telemetry)))
            .build();
    inServerSpan(telemetry, () -> model.chat(question()));
    StreamingChatModel wrapped = streamingModel(telemetry, true);
    assertTrue(
        wrapped == OtelPresetsLangChain4j.streaming(wrapped, telemetry), "not wrapped twice");
    Map<String, List<ReceivedSpan>> got = Backends.await(harness, 2);
    assertEquals(1, all(got.get("otel"), "chat " + MODEL).size());
  }

  @Test
  void anAgentWhoseModelHasNoListenerDoesNotAdoptLaterCallsOnTheThread() {
    GenAiTelemetry telemetry = telemetry("no_content");
    WeatherAssistant unlistened =
        AiServices.builder(WeatherAssistant.class)
            .chatModel(
                OpenAiChatModel.builder()
                    .baseUrl(openAi.baseUrl())
                    .apiKey(API_KEY)
                    .modelName(MODEL)
                    .maxRetries(0)
                    .build())
            .tools(new WeatherTools())
            .registerListeners(OtelPresetsLangChain4j.aiServiceListeners(telemetry))
            .build();
    inServerSpan(telemetry, () -> unlistened.chat(ASK));
    inServerSpan(telemetry, () -> chatModel(telemetry, MODEL).chat(question()));
    // server, agent, tool; server, chat
    Map<String, List<ReceivedSpan>> got = Backends.await(harness, 5);
    List<ReceivedSpan> servers = all(got.get("otel"), SERVER);
    ReceivedSpan chat = named(got.get("otel"), "chat " + MODEL);
    assertEquals(servers.get(1).spanId(), chat.parentSpanId(), "the later call's own server span");
    assertEquals(
        named(got.get("otel"), "invoke_agent WeatherAssistant").spanId(),
        named(got.get("otel"), "execute_tool weather").parentSpanId());
  }
}
