package dev.otelpresets.core.internal;

import dev.otelpresets.core.ContentCapture;
import dev.otelpresets.core.LlmCall;
import dev.otelpresets.core.LlmRequest;
import dev.otelpresets.core.LlmResponse;
import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.support.internal.Json;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadableSpan;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/** The one span (and one set of metric points) of an LLM call. */
final class RecordedLlmCall implements LlmCall {
  static final String DETAILS_EVENT = "gen_ai.client.inference.operation.details";

  /** The request-level keys every span of the trace gets (see {@link TraceScopedAttributes}). */
  static final List<AttributeKey<?>> IDENTITY_KEYS =
      List.of(
          GenAiAttributes.CONVERSATION_ID,
          GenAiAttributes.USER_ID,
          GenAiAttributes.TAGS,
          GenAiAttributes.METADATA);

  // field updaters instead of an AtomicInteger and an AtomicBoolean: two objects fewer per call
  private static final AtomicIntegerFieldUpdater<RecordedLlmCall> CHUNKS =
      AtomicIntegerFieldUpdater.newUpdater(RecordedLlmCall.class, "chunks");
  private static final AtomicIntegerFieldUpdater<RecordedLlmCall> ENDED =
      AtomicIntegerFieldUpdater.newUpdater(RecordedLlmCall.class, "ended");

  private final LlmRequest request;
  private final Span span;
  private final GenAiMetrics metrics;
  private final ContentCapture capture;
  private final ContentLimit limit;
  private final Logger eventLogger;
  private final long startNanos;
  private volatile long firstChunkNanos;
  private volatile int chunks;
  private volatile int ended;

  RecordedLlmCall(
      LlmRequest request,
      Tracer tracer,
      GenAiMetrics metrics,
      ContentCapture capture,
      ContentLimit limit,
      Logger eventLogger,
      TraceScopedAttributes traceScoped) {
    this.request = request;
    this.metrics = metrics;
    this.capture = capture;
    this.limit = limit;
    this.eventLogger = eventLogger;
    // attributes go straight onto the span builder: an intermediate Attributes would be sorted
    // and de-duplicated only to be copied again (the calling thread's biggest cost)
    SpanBuilder builder =
        tracer
            .spanBuilder(request.spanName())
            .setSpanKind(SpanKind.CLIENT)
            .setParent(Context.current());
    putRequestAttributes(builder, request, capture, limit);
    boolean identity = putIdentity(builder, request);
    this.span = builder.startSpan();
    this.startNanos = System.nanoTime();
    if (identity && span instanceof ReadableSpan started) {
      // the rest of the trace gets them from the span itself, when there is a rest
      traceScoped.share(started, IDENTITY_KEYS);
    }
  }

  private static void putRequestAttributes(
      SpanBuilder b, LlmRequest r, ContentCapture capture, ContentLimit limit) {
    b.setAttribute(GenAiAttributes.OPERATION_NAME, r.operation());
    put(b, GenAiAttributes.PROVIDER_NAME, r.provider());
    put(b, GenAiAttributes.REQUEST_MODEL, r.requestModel());
    put(b, GenAiAttributes.REQUEST_TEMPERATURE, r.temperature());
    put(b, GenAiAttributes.REQUEST_TOP_P, r.topP());
    put(b, GenAiAttributes.REQUEST_TOP_K, r.topK());
    put(b, GenAiAttributes.REQUEST_MAX_TOKENS, r.maxTokens());
    put(b, GenAiAttributes.REQUEST_FREQUENCY_PENALTY, r.frequencyPenalty());
    put(b, GenAiAttributes.REQUEST_PRESENCE_PENALTY, r.presencePenalty());
    put(b, GenAiAttributes.REQUEST_SEED, r.seed());
    if (!r.stopSequences().isEmpty()) {
      b.setAttribute(GenAiAttributes.REQUEST_STOP_SEQUENCES, r.stopSequences());
    }
    put(b, GenAiAttributes.REQUEST_CHOICE_COUNT, r.choiceCount());
    put(b, GenAiAttributes.REQUEST_STREAM, r.stream());
    put(b, GenAiAttributes.SERVER_ADDRESS, r.serverAddress());
    if (r.serverPort() != null) {
      b.setAttribute(GenAiAttributes.SERVER_PORT, r.serverPort().longValue());
    }
    if (!r.tools().isEmpty()) {
      put(b, GenAiAttributes.TOOL_DEFINITIONS, limit.toolDefinitions(r.tools()));
    }
    if (capture.onSpan()) {
      if (!r.inputMessages().isEmpty()) {
        put(b, GenAiAttributes.INPUT_MESSAGES, limit.messages(r.inputMessages()));
      }
      if (!r.systemInstructions().isEmpty()) {
        put(b, GenAiAttributes.SYSTEM_INSTRUCTIONS, limit.parts(r.systemInstructions()));
      }
    }
  }

  /** Puts the request-level keys every span of the trace gets; whether there were any. */
  private static boolean putIdentity(SpanBuilder b, LlmRequest r) {
    boolean any = false;
    if (r.conversationId() != null) {
      b.setAttribute(GenAiAttributes.CONVERSATION_ID, r.conversationId());
      any = true;
    }
    if (r.userId() != null) {
      b.setAttribute(GenAiAttributes.USER_ID, r.userId());
      any = true;
    }
    if (!r.tags().isEmpty()) {
      b.setAttribute(GenAiAttributes.TAGS, r.tags());
      any = true;
    }
    if (!r.metadata().isEmpty()) {
      b.setAttribute(GenAiAttributes.METADATA, Json.write(r.metadata()));
      any = true;
    }
    return any;
  }

  private static <T> void put(AttributesBuilder b, AttributeKey<T> key, T value) {
    if (value != null) {
      b.put(key, value);
    }
  }

  private static <T> void put(SpanBuilder b, AttributeKey<T> key, T value) {
    if (value != null) {
      b.setAttribute(key, value);
    }
  }

  private <T> void put(AttributeKey<T> key, T value) {
    if (value != null) {
      span.setAttribute(key, value);
    }
  }

  @Override
  public void firstChunk() {
    if (firstChunkNanos == 0) {
      synchronized (this) {
        if (firstChunkNanos == 0) {
          firstChunkNanos = Math.max(1, System.nanoTime());
          CHUNKS.incrementAndGet(this);
          return;
        }
      }
    }
    CHUNKS.incrementAndGet(this);
  }

  @Override
  public void chunk() {
    if (firstChunkNanos == 0) {
      firstChunk();
    } else {
      CHUNKS.incrementAndGet(this);
    }
  }

  /** True for the one caller that may end the call. */
  private boolean endOnce() {
    return ENDED.compareAndSet(this, 0, 1);
  }

  @Override
  public void end(LlmResponse r) {
    if (!endOnce()) {
      return;
    }
    long endNanos = System.nanoTime();
    put(GenAiAttributes.RESPONSE_ID, r.responseId());
    put(GenAiAttributes.RESPONSE_MODEL, r.responseModel());
    if (!r.finishReasons().isEmpty()) {
      span.setAttribute(GenAiAttributes.RESPONSE_FINISH_REASONS, r.finishReasons());
    }
    put(GenAiAttributes.USAGE_INPUT_TOKENS, r.inputTokens());
    put(GenAiAttributes.USAGE_OUTPUT_TOKENS, r.outputTokens());
    put(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS, r.cacheReadInputTokens());
    put(GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS, r.cacheCreationInputTokens());
    put(GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS, r.reasoningOutputTokens());
    if (LlmResponse.USD.equals(r.costCurrency())) {
      put(GenAiAttributes.COST_TOTAL_USD, r.totalCost());
      put(GenAiAttributes.COST_INPUT_USD, r.inputCost());
      put(GenAiAttributes.COST_OUTPUT_USD, r.outputCost());
    } else if (r.totalCost() != null || r.inputCost() != null || r.outputCost() != null) {
      // never under the _usd keys: a backend would show euros as dollars
      put(CostAttributes.TOTAL, r.totalCost());
      put(CostAttributes.INPUT, r.inputCost());
      put(CostAttributes.OUTPUT, r.outputCost());
      span.setAttribute(CostAttributes.CURRENCY, r.costCurrency());
    }
    Double ttfc = null;
    Double perChunk = null;
    long first = firstChunkNanos;
    if (first != 0) {
      ttfc = (first - startNanos) / 1e9;
      span.setAttribute(GenAiAttributes.RESPONSE_TIME_TO_FIRST_CHUNK, ttfc);
      if (metrics.enabled()) { // it feeds a metric only: not boxed for nothing
        perChunk = perChunkSeconds(first, endNanos, r);
      }
    }
    if (capture.onSpan() && !r.outputMessages().isEmpty()) {
      put(GenAiAttributes.OUTPUT_MESSAGES, limit.messages(r.outputMessages()));
    }
    if (capture.onEvent()) {
      emitDetailsEvent(r);
    }
    metrics.record(
        request,
        r.responseModel(),
        null,
        (endNanos - startNanos) / 1e9,
        r.inputTokens(),
        r.outputTokens(),
        ttfc,
        perChunk);
    span.end();
  }

  /** The time per output chunk after the first, or null when there was only one. */
  private Double perChunkSeconds(long first, long endNanos, LlmResponse r) {
    int n = chunks;
    if (n > 1) {
      return (endNanos - first) / 1e9 / (n - 1);
    }
    if (r.outputTokens() != null && r.outputTokens() > 1) {
      return (endNanos - first) / 1e9 / (r.outputTokens() - 1);
    }
    return null;
  }

  private void emitDetailsEvent(LlmResponse r) {
    AttributesBuilder b = Attributes.builder();
    b.put(GenAiAttributes.OPERATION_NAME, request.operation());
    put(b, GenAiAttributes.REQUEST_MODEL, request.requestModel());
    if (!request.inputMessages().isEmpty()) {
      put(b, GenAiAttributes.INPUT_MESSAGES, limit.messages(request.inputMessages()));
    }
    if (!request.systemInstructions().isEmpty()) {
      put(b, GenAiAttributes.SYSTEM_INSTRUCTIONS, limit.parts(request.systemInstructions()));
    }
    if (r != null && !r.outputMessages().isEmpty()) {
      put(b, GenAiAttributes.OUTPUT_MESSAGES, limit.messages(r.outputMessages()));
    }
    eventLogger
        .logRecordBuilder()
        .setEventName(DETAILS_EVENT)
        .setContext(Context.current().with(span))
        .setAllAttributes(b.build())
        .emit();
  }

  @Override
  public void fail(Throwable error) {
    if (error == null) {
      fail("_OTHER", null);
      return;
    }
    if (!endOnce()) {
      return;
    }
    span.recordException(error);
    finishFailed(error.getClass().getName(), error.getMessage());
  }

  @Override
  public void fail(String errorType, String message) {
    if (!endOnce()) {
      return;
    }
    String type = errorType == null || errorType.isBlank() ? "_OTHER" : errorType;
    span.addEvent(
        "exception",
        Attributes.builder()
            .put(AttributeKey.stringKey("exception.type"), type)
            .put(AttributeKey.stringKey("exception.message"), message == null ? "" : message)
            .build());
    finishFailed(type, message);
  }

  private void finishFailed(String errorType, String message) {
    long endNanos = System.nanoTime();
    span.setAttribute(GenAiAttributes.ERROR_TYPE, errorType);
    span.setStatus(StatusCode.ERROR, message == null ? errorType : message);
    long first = firstChunkNanos;
    if (first != 0) {
      span.setAttribute(GenAiAttributes.RESPONSE_TIME_TO_FIRST_CHUNK, (first - startNanos) / 1e9);
    }
    if (capture.onEvent()) {
      emitDetailsEvent(null);
    }
    metrics.record(request, null, errorType, (endNanos - startNanos) / 1e9, null, null, null, null);
    span.end();
  }

  @Override
  public boolean isEnded() {
    return ended != 0;
  }

  @Override
  public Span span() {
    return span;
  }

  @Override
  public String toString() {
    return "LlmCall{" + request.spanName() + ", ended=" + isEnded() + "}";
  }
}
