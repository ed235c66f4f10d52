package dev.otelpresets.agent;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.Objects;

/**
 * In front of the processor that hands ended spans to the presets' queues: binds marked requests
 * ({@link RequestMarkers}) as spans start and end, and hands each ended span on as a {@link
 * PreparedSpan}, which joins its GenAI event content and resolves its tenant on the first export
 * thread that reads it. The calling thread does only the marker checks and one allocation.
 */
final class AgentSpanFeed implements SpanProcessor {
  private final SpanProcessor next;
  private final RequestMarkers markers;
  private final GenAiEventJoin join; // null: no content capture

  AgentSpanFeed(SpanProcessor next, RequestMarkers markers, GenAiEventJoin join) {
    this.next = Objects.requireNonNull(next, "next");
    this.markers = Objects.requireNonNull(markers, "markers");
    this.join = join;
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    markers.onStart(parentContext, span);
    if (next.isStartRequired()) {
      next.onStart(parentContext, span);
    }
  }

  @Override
  public boolean isStartRequired() {
    return true;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    long ended = System.nanoTime();
    markers.onEnd(span);
    next.onEnd(new PreparedSpan(span, join, markers, ended));
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

  @Override
  public String toString() {
    return "AgentSpanFeed{" + next + ", content join=" + (join != null) + "}";
  }
}
