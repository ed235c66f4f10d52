package dev.otelpresets.core.internal;

import dev.otelpresets.spi.GenAiAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.StatusCode;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The span of an agent invocation, a tool execution, an embeddings call or a retrieval: ended
 * once, by the first of {@link #endOnce()}, {@link #fail(Throwable)} or {@link #fail(String, String)}.
 */
abstract class RecordedOperation {
  private static final AttributeKey<String> EXCEPTION_TYPE =
      AttributeKey.stringKey("exception.type");
  private static final AttributeKey<String> EXCEPTION_MESSAGE =
      AttributeKey.stringKey("exception.message");

  private final Span span;
  private final AtomicBoolean ended = new AtomicBoolean();

  RecordedOperation(Span span) {
    this.span = span;
  }

  /** True for the one caller that may end the span. */
  final boolean endOnce() {
    return ended.compareAndSet(false, true);
  }

  public final void fail(Throwable error) {
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

  public final void fail(String errorType, String message) {
    if (!endOnce()) {
      return;
    }
    String type = errorType == null || errorType.isBlank() ? "_OTHER" : errorType;
    span.addEvent(
        "exception",
        Attributes.of(EXCEPTION_TYPE, type, EXCEPTION_MESSAGE, message == null ? "" : message));
    finishFailed(type, message);
  }

  private void finishFailed(String type, String message) {
    span.setAttribute(GenAiAttributes.ERROR_TYPE, type);
    span.setStatus(StatusCode.ERROR, message == null ? type : message);
    failed(type);
    span.end();
  }

  /** Called once when the operation fails, before its span ends (metrics, for instance). */
  void failed(String errorType) {}

  public final boolean isEnded() {
    return ended.get();
  }

  public final Span span() {
    return span;
  }

  static <T> void put(SpanBuilder b, AttributeKey<T> key, T value) {
    if (value != null) {
      b.setAttribute(key, value);
    }
  }
}
