package dev.otelpresets.agent;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.Objects;

/**
 * Binds marked requests ({@link RequestMarkers}) as spans start and end, before the pipeline hands
 * each ended span to the presets' queues (where it travels as a {@link PreparedSpan}). The calling
 * thread does only the marker checks.
 */
final class AgentSpanFeed implements SpanProcessor {
  private final RequestMarkers markers;

  AgentSpanFeed(RequestMarkers markers) {
    this.markers = Objects.requireNonNull(markers, "markers");
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    markers.onStart(parentContext, span);
  }

  @Override
  public boolean isStartRequired() {
    return true;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    markers.onEnd(span);
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  @Override
  public CompletableResultCode forceFlush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public String toString() {
    return "AgentSpanFeed";
  }
}
