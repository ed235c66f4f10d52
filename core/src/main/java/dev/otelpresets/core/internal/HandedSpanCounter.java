package dev.otelpresets.core.internal;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the spans handed to the backends' pipeline (every sampled span that ends; each backend is
 * handed every one), so that at shutdown what has no outcome yet can be counted as abandoned
 * instead of vanishing. Placed just before the fan-out; one uncontended add on the calling thread.
 */
final class HandedSpanCounter implements SpanProcessor {
  private final LongAdder handed = new LongAdder();

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    if (span.getSpanContext().isSampled()) {
      handed.increment();
    }
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  /** Spans handed over so far. */
  long handed() {
    return handed.sum();
  }
}
