package dev.otelpresets.core.internal;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Copies request-level attributes (user, session, tags, metadata) onto every span of a trace that
 * is still open or starts later — including the host's server span, which started before the LLM
 * call knew who the user was. Backends like Langfuse filter traces by these keys only when every
 * span carries them.
 *
 * <p>Tracks the open spans of each trace; bounded: beyond {@link #MAX_TRACES} concurrent traces
 * new traces are not tracked (their LLM spans still carry the keys themselves).
 */
public final class TraceScopedAttributes implements SpanProcessor {
  static final int MAX_TRACES = 100_000;

  private static final class TraceState {
    final List<ReadWriteSpan> open = new ArrayList<>(4);
    Attributes shared = Attributes.empty();
  }

  private final ConcurrentHashMap<String, TraceState> traces = new ConcurrentHashMap<>();

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    String traceId = span.getSpanContext().getTraceId();
    TraceState state = traces.get(traceId);
    if (state == null) {
      if (traces.size() >= MAX_TRACES) {
        return;
      }
      state = traces.computeIfAbsent(traceId, k -> new TraceState());
    }
    synchronized (state) {
      state.open.add(span);
      if (!state.shared.isEmpty()) {
        span.setAllAttributes(state.shared);
      }
    }
  }

  @Override
  public boolean isStartRequired() {
    return true;
  }

  /** Sets {@code attributes} on every open span of the trace and on its spans still to start. */
  public void apply(String traceId, Attributes attributes) {
    apply(traceId, attributes, null);
  }

  /**
   * Like {@link #apply(String, Attributes)}, skipping {@code alreadySet}: the span the attributes
   * came from has them, and re-setting them would only cost the calling thread.
   */
  void apply(String traceId, Attributes attributes, Object alreadySet) {
    if (attributes.isEmpty()) {
      return;
    }
    TraceState state = traces.get(traceId);
    if (state == null) {
      return;
    }
    ReadWriteSpan[] others;
    synchronized (state) {
      state.shared =
          state.shared.isEmpty() ? attributes : state.shared.toBuilder().putAll(attributes).build();
      int n = state.open.size();
      if (n == 0 || (n == 1 && state.open.get(0) == alreadySet)) {
        return;
      }
      others = state.open.toArray(new ReadWriteSpan[0]);
    }
    for (ReadWriteSpan s : others) {
      if (s != alreadySet) {
        s.setAllAttributes(attributes); // ignored by the SDK once the span has ended
      }
    }
  }

  @Override
  public void onEnd(ReadableSpan span) {
    String traceId = span.getSpanContext().getTraceId();
    TraceState state = traces.get(traceId);
    if (state == null) {
      return;
    }
    synchronized (state) {
      state.open.remove(span);
      if (state.open.isEmpty()) {
        traces.remove(traceId, state);
      }
    }
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  /** Traces currently tracked (for tests and diagnostics). */
  int trackedTraces() {
    return traces.size();
  }
}
