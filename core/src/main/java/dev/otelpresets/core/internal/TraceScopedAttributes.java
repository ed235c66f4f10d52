package dev.otelpresets.core.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Copies request-level attributes (user, session, tags, metadata) onto every span of a trace that
 * is still open or starts later — including the host's server span, which started before the LLM
 * call knew who the user was. Backends like Langfuse filter traces by these keys only when every
 * span carries them.
 *
 * <p>Tracks the open spans of each trace; bounded: beyond {@link #MAX_TRACES} concurrent traces
 * new traces are not tracked (their LLM spans still carry the keys themselves).
 *
 * <p>Runs on the calling thread for every span, so it allocates little: a trace's state is one
 * small array of its open spans, and a span sharing its own keys ({@link #share}) while it is the
 * trace's only open span costs nothing until another span of the trace starts — the keys are read
 * from it then. A lone LLM call, the common case, never builds them.
 */
public final class TraceScopedAttributes implements SpanProcessor {
  static final int MAX_TRACES = 100_000;

  /** One trace's open spans and what its spans share; guarded by its own monitor. */
  private static final class TraceState {
    ReadWriteSpan[] open = new ReadWriteSpan[2];
    int openCount;
    Attributes shared = Attributes.empty();
    // keys of pendingSource not yet copied into shared (it was the trace's only open span)
    ReadableSpan pendingSource;
    List<AttributeKey<?>> pendingKeys;

    void add(ReadWriteSpan span) {
      if (openCount == open.length) {
        open = Arrays.copyOf(open, openCount * 2);
      }
      open[openCount++] = span;
    }

    void remove(ReadableSpan span) {
      for (int i = 0; i < openCount; i++) {
        if (open[i] == span) {
          System.arraycopy(open, i + 1, open, i, openCount - i - 1);
          open[--openCount] = null;
          return;
        }
      }
    }

    /** Whether {@code span} is the only open span. */
    boolean aloneIs(Object span) {
      return openCount == 1 && open[0] == span;
    }

    /** Copies the pending source's keys into shared, reading them from it (still open). */
    void resolvePending() {
      if (pendingSource == null) {
        return;
      }
      ReadableSpan source = pendingSource;
      List<AttributeKey<?>> keys = pendingKeys;
      pendingSource = null;
      pendingKeys = null;
      merge(valuesOf(source, keys));
    }

    void merge(Attributes attributes) {
      shared = shared.isEmpty() ? attributes : shared.toBuilder().putAll(attributes).build();
    }

    /** The open spans other than {@code except}; null when there are none. */
    ReadWriteSpan[] othersThan(Object except) {
      if (openCount == 0 || aloneIs(except)) {
        return null;
      }
      return Arrays.copyOf(open, openCount);
    }
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
      // putIfAbsent, not computeIfAbsent: that one allocates a reservation node per new trace
      TraceState fresh = new TraceState();
      TraceState raced = traces.putIfAbsent(traceId, fresh);
      state = raced == null ? fresh : raced;
    }
    synchronized (state) {
      state.resolvePending(); // another span of the trace starts: it gets those keys too
      state.add(span);
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
    Objects.requireNonNull(attributes, "attributes");
    if (attributes.isEmpty()) {
      return;
    }
    TraceState state = traces.get(traceId);
    if (state == null) {
      return;
    }
    ReadWriteSpan[] open;
    synchronized (state) {
      state.resolvePending(); // earlier keys first: these win over them
      state.merge(attributes);
      open = state.othersThan(null);
    }
    setOn(open, attributes, null);
  }

  /**
   * Shares {@code keys} of {@code source} (open, just started, already carrying them) with every
   * other open span of its trace and those still to start, like {@link #apply} with those
   * values. While {@code source} is the trace's only open span, nothing is
   * built: the values are read from it when another span of the trace starts.
   */
  void share(ReadableSpan source, List<AttributeKey<?>> keys) {
    TraceState state = traces.get(source.getSpanContext().getTraceId());
    if (state == null) {
      return;
    }
    Attributes attributes;
    ReadWriteSpan[] others;
    synchronized (state) {
      if (state.aloneIs(source) && state.pendingSource == null && state.shared.isEmpty()) {
        state.pendingSource = source;
        state.pendingKeys = keys;
        return;
      }
      state.resolvePending();
      attributes = valuesOf(source, keys);
      state.merge(attributes);
      others = state.othersThan(source);
    }
    setOn(others, attributes, source);
  }

  private static void setOn(ReadWriteSpan[] spans, Attributes attributes, Object skip) {
    if (spans == null || attributes.isEmpty()) {
      return;
    }
    for (ReadWriteSpan s : spans) {
      if (s != skip) {
        s.setAllAttributes(attributes); // ignored by the SDK once the span has ended
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Attributes valuesOf(ReadableSpan span, List<AttributeKey<?>> keys) {
    AttributesBuilder b = Attributes.builder();
    for (AttributeKey<?> key : keys) {
      Object value = span.getAttribute(key);
      if (value != null) {
        b.put((AttributeKey<Object>) key, value);
      }
    }
    return b.build();
  }

  @Override
  public void onEnd(ReadableSpan span) {
    String traceId = span.getSpanContext().getTraceId();
    TraceState state = traces.get(traceId);
    if (state == null) {
      return;
    }
    synchronized (state) {
      state.remove(span);
      if (state.pendingSource == span) {
        // it was the trace's only open span (another one starting resolves it): nothing to share
        state.pendingSource = null;
        state.pendingKeys = null;
      }
      if (state.openCount == 0) {
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
