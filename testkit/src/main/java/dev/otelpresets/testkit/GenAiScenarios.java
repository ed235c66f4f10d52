package dev.otelpresets.testkit;

import dev.otelpresets.core.GenAiSpan;
import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.LlmCall;
import dev.otelpresets.core.LlmRequest;
import dev.otelpresets.core.LlmResponse;
import dev.otelpresets.core.ToolCall;
import dev.otelpresets.core.ToolRequest;
import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.spi.genai.GenAiContent.MessagePart;
import dev.otelpresets.spi.genai.GenAiContent.ToolDefinition;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The sample LLM calls every preset test records: a plain chat, a streamed chat, a chat with tool
 * calls both ways, a failed call, an embeddings call and a tool execution — each under a host SERVER span started the way third-party
 * HTTP instrumentation would — and a request with two chat calls. The values are constants, so tests check exact values at receivers.
 */
public final class GenAiScenarios {
  public static final String SERVER_SPAN_NAME = "POST /v1/chat/completions";
  public static final String PROVIDER = "openai";
  public static final String REQUEST_MODEL = "gpt-4o";
  public static final String RESPONSE_MODEL = "gpt-4o-2024-08-06";
  public static final String SERVER_ADDRESS = "api.openai.com";
  public static final int SERVER_PORT = 443;
  public static final double TEMPERATURE = 0.2;
  public static final long MAX_TOKENS = 256;
  public static final long INPUT_TOKENS = 42;
  public static final long OUTPUT_TOKENS = 17;
  public static final long CACHE_READ_TOKENS = 10;
  public static final long CACHE_CREATION_TOKENS = 4;
  public static final long REASONING_TOKENS = 5;
  public static final double COST_USD = 0.00123;
  public static final String USER_PROMPT = "What is the weather in Paris?";
  public static final String SYSTEM_PROMPT = "You are a helpful assistant.";
  public static final String ANSWER = "It is sunny in Paris.";
  public static final String TOOL_NAME = "get_weather";
  public static final String TOOL_CALL_ID = "call_abc123";
  public static final String TOOL_ARGUMENTS_CITY = "Paris";
  public static final String TOOL_RESULT = "sunny, 21C";

  /** The arguments of {@link #toolExecution}: JSON, as a model gives them. */
  public static final String TOOL_ARGUMENTS = "{\"city\":\"Paris\"}";

  public static final String CONVERSATION_ID = "conv-42";
  public static final String USER_ID = "user-7";
  public static final List<String> TAGS = List.of("team-a", "beta");
  public static final Map<String, Object> METADATA = Map.of("feature", "chat");
  public static final String ERROR_MESSAGE = "upstream answered 500";
  public static final String EMBEDDING_MODEL = "text-embedding-3-small";

  /** The two texts the embeddings scenario embeds (one user message, one text part each). */
  public static final List<String> EMBEDDING_INPUTS = List.of("sunny in Paris", "rain in Lyon");

  public static final long EMBEDDING_TOKENS = 7;

  /**
   * Ids of what one scenario recorded (lower-case hex); {@code llmSpanId} is the id of the
   * scenario's GenAI span (the tool's span in {@link #toolExecution}).
   */
  public record Recorded(String traceId, String serverSpanId, String llmSpanId) {}

  private final GenAiTelemetry telemetry;
  private final Tracer host;

  public GenAiScenarios(GenAiTelemetry telemetry) {
    this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
    this.host = telemetry.openTelemetry().getTracer("test-host-http-server");
  }

  /** The request of the scenarios: parameters, identity, a system and a user message. */
  public static LlmRequest.Builder request() {
    return LlmRequest.builder()
        .operation("chat")
        .provider(PROVIDER)
        .requestModel(REQUEST_MODEL)
        .temperature(TEMPERATURE)
        .maxTokens(MAX_TOKENS)
        .serverAddress(SERVER_ADDRESS)
        .serverPort(SERVER_PORT)
        .conversationId(CONVERSATION_ID)
        .userId(USER_ID)
        .tags(TAGS)
        .metadata(METADATA)
        .inputMessages(
            List.of(
                ChatMessage.text("system", SYSTEM_PROMPT), ChatMessage.text("user", USER_PROMPT)));
  }

  /** The full response: ids, finish reason, usage with details, cost, the answer. */
  public static LlmResponse.Builder response() {
    return LlmResponse.builder()
        .responseId("chatcmpl-1")
        .responseModel(RESPONSE_MODEL)
        .finishReasons(List.of("stop"))
        .inputTokens(INPUT_TOKENS)
        .outputTokens(OUTPUT_TOKENS)
        .cacheReadInputTokens(CACHE_READ_TOKENS)
        .cacheCreationInputTokens(CACHE_CREATION_TOKENS)
        .reasoningOutputTokens(REASONING_TOKENS)
        .costUsd(COST_USD)
        .outputMessages(List.of(ChatMessage.text("assistant", ANSWER).withFinishReason("stop")));
  }

  /** A non-streamed chat call. */
  public Recorded plainChat() {
    return underServerSpan(
        () -> {
          LlmCall call = telemetry.startCall(request().stream(false).build());
          call.end(response().build());
          return call;
        });
  }

  /** A streamed chat call: first chunk, three more chunks, usage at the end. */
  public Recorded streamedChat() {
    return underServerSpan(
        () -> {
          LlmCall call = telemetry.startCall(request().stream(true).build());
          call.firstChunk();
          call.chunk();
          call.chunk();
          call.chunk();
          call.end(response().build());
          return call;
        });
  }

  /**
   * A chat call whose history holds an assistant tool call and the tool's answer, offering one
   * tool, and whose response is another tool call (finish reason {@code tool_calls}).
   */
  public Recorded toolCalls() {
    return underServerSpan(
        () -> {
          LlmCall call =
              telemetry.startCall(
                  request()
                      .inputMessages(
                          List.of(
                              ChatMessage.text("user", USER_PROMPT),
                              toolCall(TOOL_CALL_ID, TOOL_ARGUMENTS_CITY, null),
                              ChatMessage.toolResponse(TOOL_CALL_ID, TOOL_RESULT)))
                      .tools(List.of(weatherTool()))
                      .build());
          call.end(
              response()
                  .finishReasons(List.of("tool_calls"))
                  .outputMessages(List.of(toolCall("call_def456", "Lyon", "tool_calls")))
                  .build());
          return call;
        });
  }

  /**
   * One request with two chat calls, as an agent loop makes them: the first gets the scenarios'
   * system prompt and question and answers with a tool call; {@code betweenCalls} runs once it
   * has ended (to export it in a batch of its own, say); the second gets that history plus the
   * tool's answer and gives the scenarios' {@link #ANSWER}.
   */
  public TwoCalls twoCalls(Runnable betweenCalls) {
    String[] first = new String[1];
    Recorded rec =
        underServerSpan(
            () -> {
              LlmCall call = telemetry.startCall(request().tools(List.of(weatherTool())).build());
              call.end(
                  response()
                      .finishReasons(List.of("tool_calls"))
                      .outputMessages(
                          List.of(toolCall(TOOL_CALL_ID, TOOL_ARGUMENTS_CITY, "tool_calls")))
                      .build());
              first[0] = call.span().getSpanContext().getSpanId();
              betweenCalls.run();
              LlmCall last =
                  telemetry.startCall(
                      request()
                          .inputMessages(
                              List.of(
                                  ChatMessage.text("system", SYSTEM_PROMPT),
                                  ChatMessage.text("user", USER_PROMPT),
                                  toolCall(TOOL_CALL_ID, TOOL_ARGUMENTS_CITY, null),
                                  ChatMessage.toolResponse(TOOL_CALL_ID, TOOL_RESULT)))
                          .tools(List.of(weatherTool()))
                          .build());
              last.end(response().build());
              return last;
            });
    return new TwoCalls(rec.traceId(), rec.serverSpanId(), first[0], rec.llmSpanId());
  }

  /** Ids of what {@link #twoCalls} recorded (lower-case hex). */
  public record TwoCalls(
      String traceId, String serverSpanId, String firstLlmSpanId, String lastLlmSpanId) {}

  /** An assistant message calling the weather tool for {@code city}. */
  private static ChatMessage toolCall(String id, String city, String finishReason) {
    return new ChatMessage(
        "assistant",
        List.of(new MessagePart.ToolCall(id, TOOL_NAME, Map.of("city", city))),
        finishReason);
  }

  /**
   * One tool execution ({@code execute_tool get_weather}) recorded with {@link
   * GenAiTelemetry#startTool}: call id, {@link #TOOL_ARGUMENTS}, and {@link #TOOL_RESULT} (not
   * JSON) as its result.
   */
  public Recorded toolExecution() {
    return underServerSpan(
        () -> {
          ToolCall tool =
              telemetry.startTool(
                  ToolRequest.builder(TOOL_NAME)
                      .callId(TOOL_CALL_ID)
                      .arguments(TOOL_ARGUMENTS)
                      .build());
          tool.end(TOOL_RESULT);
          return tool;
        });
  }

  /** A call that fails with an {@link IOException}. */
  public Recorded failedCall() {
    return underServerSpan(
        () -> {
          LlmCall call = telemetry.startCall(request().build());
          call.fail(new IOException(ERROR_MESSAGE));
          return call;
        });
  }

  /**
   * An embeddings call of two texts with the request's identity (user, conversation, tags,
   * metadata); usage has input tokens only, as embedding APIs report it.
   */
  public Recorded embeddings() {
    return underServerSpan(
        () -> {
          List<ChatMessage> texts = new ArrayList<>();
          for (String text : EMBEDDING_INPUTS) {
            texts.add(ChatMessage.text("user", text));
          }
          LlmCall call =
              telemetry.startCall(
                  LlmRequest.builder()
                      .operation("embeddings")
                      .provider(PROVIDER)
                      .requestModel(EMBEDDING_MODEL)
                      .conversationId(CONVERSATION_ID)
                      .userId(USER_ID)
                      .tags(TAGS)
                      .metadata(METADATA)
                      .inputMessages(texts)
                      .build());
          call.end(
              LlmResponse.builder()
                  .responseModel(EMBEDDING_MODEL)
                  .inputTokens(EMBEDDING_TOKENS)
                  .build());
          return call;
        });
  }

  /** The tool the tool-call scenario offers. */
  public static ToolDefinition weatherTool() {
    return ToolDefinition.function(
        TOOL_NAME,
        "Current weather for a city",
        Map.of(
            "type", "object",
            "properties", Map.of("city", Map.of("type", "string")),
            "required", List.of("city")));
  }

  @SuppressWarnings("try") // the Scope is held for the try block, never read
  private Recorded underServerSpan(java.util.function.Supplier<? extends GenAiSpan> body) {
    Span server =
        host.spanBuilder(SERVER_SPAN_NAME)
            .setSpanKind(SpanKind.SERVER)
            .setAttribute("http.request.method", "POST")
            .setAttribute("http.route", "/v1/chat/completions")
            .startSpan();
    GenAiSpan call;
    try (Scope ignored = server.makeCurrent()) {
      call = body.get();
    } finally {
      server.end();
    }
    return new Recorded(
        server.getSpanContext().getTraceId(),
        server.getSpanContext().getSpanId(),
        call.span().getSpanContext().getSpanId());
  }
}
