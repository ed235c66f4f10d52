package dev.otelpresets.bench;

import dev.otelpresets.core.ContentCapture;
import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.LlmCall;
import dev.otelpresets.core.LlmRequest;
import dev.otelpresets.core.LlmResponse;
import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.support.internal.GenAiJson;
import dev.otelpresets.support.internal.Json;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The LLM call every benchmark records, and the bare-SDK way of recording it ({@link #rawCall}):
 * the same span, the same canonical attributes built from the same request and response (JSON of
 * the messages included when content is captured), with no framework in between.
 */
public final class Calls {
  private Calls() {}

  /** The request of the hot path: parameters, identity, tags, metadata, a system and a user turn. */
  public static LlmRequest request(int messages) {
    return LlmRequest.builder()
        .operation("chat")
        .provider("openai")
        .requestModel("gpt-4o")
        .temperature(0.2)
        .maxTokens(256)
        .stream(true)
        .serverAddress("api.openai.com")
        .serverPort(443)
        .conversationId("conv-42")
        .userId("user-7")
        .tags(List.of("team-a", "beta"))
        .metadata(Map.of("feature", "chat"))
        .inputMessages(messages(messages))
        .build();
  }

  /** {@code n} turns: a system prompt, then user and assistant turns of ~250 characters. */
  public static List<ChatMessage> messages(int n) {
    List<ChatMessage> out = new ArrayList<>(n);
    out.add(
        ChatMessage.text(
            "system",
            "You are a helpful assistant. Answer briefly and cite"
                + " the tool results you were given."));
    for (int i = 1; i < n; i++) {
      String role = i % 2 == 1 ? "user" : "assistant";
      out.add(
          ChatMessage.text(
              role,
              "Turn "
                  + i
                  + ": what is the weather in Paris, Lyon and"
                  + " Marseille this week, and should I take an umbrella on Tuesday afternoon? Please"
                  + " also compare with last year's average for the same week and say whether the"
                  + " forecast is reliable. Keep it short."));
    }
    return out;
  }

  /** The response: id, model, finish reason, usage with details, cost, the answer. */
  public static LlmResponse response() {
    return LlmResponse.builder()
        .responseId("chatcmpl-1")
        .responseModel("gpt-4o-2024-08-06")
        .finishReasons(List.of("stop"))
        .inputTokens(42)
        .outputTokens(17)
        .cacheReadInputTokens(10)
        .reasoningOutputTokens(5)
        .costUsd(0.00123)
        .outputMessages(
            List.of(
                ChatMessage.text(
                        "assistant",
                        "It is sunny in Paris, take" + " sunglasses rather than an umbrella.")
                    .withFinishReason("stop")))
        .build();
  }

  /** One call through our API: start, first chunk, end. */
  public static LlmCall ourCall(
      GenAiTelemetry telemetry, LlmRequest request, LlmResponse response) {
    LlmCall call = telemetry.startCall(request);
    call.firstChunk();
    call.end(response);
    return call;
  }

  /**
   * One call through the bare SDK: same span, same attributes, same lifecycle, written the
   * cheapest way the SDK allows (attributes set one by one, no intermediate {@code Attributes}).
   */
  public static Span rawCall(
      Tracer tracer, LlmRequest r, LlmResponse resp, ContentCapture capture) {
    SpanBuilder builder =
        tracer.spanBuilder(r.spanName()).setSpanKind(SpanKind.CLIENT).setParent(Context.current());
    putRequestAttributes(builder, r, capture);
    Span span = builder.startSpan();
    long start = System.nanoTime();
    long first = System.nanoTime();
    put(span, GenAiAttributes.RESPONSE_ID, resp.responseId());
    put(span, GenAiAttributes.RESPONSE_MODEL, resp.responseModel());
    span.setAttribute(GenAiAttributes.RESPONSE_FINISH_REASONS, resp.finishReasons());
    put(span, GenAiAttributes.USAGE_INPUT_TOKENS, resp.inputTokens());
    put(span, GenAiAttributes.USAGE_OUTPUT_TOKENS, resp.outputTokens());
    put(span, GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS, resp.cacheReadInputTokens());
    put(span, GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS, resp.reasoningOutputTokens());
    put(span, GenAiAttributes.COST_TOTAL_USD, resp.costUsd());
    span.setAttribute(GenAiAttributes.RESPONSE_TIME_TO_FIRST_CHUNK, (first - start) / 1e9);
    if (capture.onSpan()) {
      span.setAttribute(
          GenAiAttributes.OUTPUT_MESSAGES, GenAiJson.writeMessages(resp.outputMessages()));
    }
    span.end();
    return span;
  }

  /** The request attributes, identity included, as the core puts them on the span. */
  static void putRequestAttributes(SpanBuilder b, LlmRequest r, ContentCapture capture) {
    b.setAttribute(GenAiAttributes.OPERATION_NAME, r.operation());
    put(b, GenAiAttributes.PROVIDER_NAME, r.provider());
    put(b, GenAiAttributes.REQUEST_MODEL, r.requestModel());
    put(b, GenAiAttributes.REQUEST_TEMPERATURE, r.temperature());
    put(b, GenAiAttributes.REQUEST_MAX_TOKENS, r.maxTokens());
    put(b, GenAiAttributes.REQUEST_STREAM, r.stream());
    put(b, GenAiAttributes.SERVER_ADDRESS, r.serverAddress());
    b.setAttribute(GenAiAttributes.SERVER_PORT, r.serverPort().longValue());
    if (capture.onSpan()) {
      b.setAttribute(GenAiAttributes.INPUT_MESSAGES, GenAiJson.writeMessages(r.inputMessages()));
    }
    put(b, GenAiAttributes.CONVERSATION_ID, r.conversationId());
    put(b, GenAiAttributes.USER_ID, r.userId());
    b.setAttribute(GenAiAttributes.TAGS, r.tags());
    b.setAttribute(GenAiAttributes.METADATA, Json.write(r.metadata()));
  }

  private static <T> void put(SpanBuilder b, AttributeKey<T> key, T value) {
    if (value != null) {
      b.setAttribute(key, value);
    }
  }

  private static <T> void put(Span s, AttributeKey<T> key, T value) {
    if (value != null) {
      s.setAttribute(key, value);
    }
  }
}
