package dev.otelpresets.core.internal;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Transforms each ended span once before handing it on, so every backend behind {@code next}
 * sees the same transformed span (a transform that throws or returns null hands on the span
 * unchanged).
 */
final class EndedSpanTransformer implements SpanProcessor {
  private final UnaryOperator<ReadableSpan> transform;
  private final SpanProcessor next;

  EndedSpanTransformer(UnaryOperator<ReadableSpan> transform, SpanProcessor next) {
    this.transform = Objects.requireNonNull(transform, "transform");
    this.next = Objects.requireNonNull(next, "next");
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    ReadableSpan out;
    try {
      out = transform.apply(span);
    } catch (RuntimeException e) {
      out = null;
    }
    next.onEnd(out == null ? span : out);
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  @Override
  public CompletableResultCode forceFlush() {
    return next.forceFlush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return next.shutdown();
  }
}
