package dev.otelpresets.core.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.trace.ReadableSpan;
import java.util.Objects;

/**
 * An ended span handed on with another {@link #toSpanData()}: every other read goes to the span
 * itself. For the views the pipeline puts in front of the backends (the fan-out's shared content,
 * the Java agent's prepared span). Internal: not a stable API.
 */
public abstract class ForwardingReadableSpan implements ReadableSpan {
  protected final ReadableSpan span;

  protected ForwardingReadableSpan(ReadableSpan span) {
    this.span = Objects.requireNonNull(span, "span");
  }

  @Override
  public SpanContext getSpanContext() {
    return span.getSpanContext();
  }

  @Override
  public SpanContext getParentSpanContext() {
    return span.getParentSpanContext();
  }

  @Override
  public String getName() {
    return span.getName();
  }

  @Override
  @Deprecated
  @SuppressWarnings("deprecation") // the SDK's interface still declares it
  public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
    return span.getInstrumentationLibraryInfo();
  }

  @Override
  public InstrumentationScopeInfo getInstrumentationScopeInfo() {
    return span.getInstrumentationScopeInfo();
  }

  @Override
  public boolean hasEnded() {
    return span.hasEnded();
  }

  @Override
  public long getLatencyNanos() {
    return span.getLatencyNanos();
  }

  @Override
  public SpanKind getKind() {
    return span.getKind();
  }

  @Override
  public <T> T getAttribute(AttributeKey<T> key) {
    return span.getAttribute(key);
  }

  @Override
  public Attributes getAttributes() {
    return span.getAttributes();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "{" + span + "}";
  }
}
