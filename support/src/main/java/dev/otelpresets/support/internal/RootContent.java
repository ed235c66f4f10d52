package dev.otelpresets.support.internal;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * Carries the LLM calls' content up a trace to its root span, for one exporter's mapper: backends
 * such as Langfuse (a trace's input and output) and Phoenix (a session's first input and last
 * output) read them from the trace's root span, and the root (the host's server span) carries
 * none, while its LLM spans end — and are exported — before it, often in an earlier batch. What
 * is carried ({@code T}) is the mapper's own rendering of a call's input and output (Langfuse's
 * chat messages, OpenInference's {@code input.value} with its mime type), built for the call's
 * span anyway: nothing is rendered twice.
 *
 * <p>Content travels along the real parent links: when a span is mapped, what its descendants left
 * under its span id (plus, for an LLM call, its own input and output) moves to its parent's span
 * id; the local root takes what arrived under its id. So a trace's root only ever receives content
 * of its own descendants, even if two requests were given the same trace id. Of what meets, the
 * input of the call that started first and the output of the call that ended last win.
 *
 * <p>Bounded and short-lived: at most {@code maxEntries} pending entries and {@code maxChars}
 * characters of content; an entry is removed when its root is mapped, and evicted (oldest first)
 * when a bound is hit or when it was not touched for {@code ttlNanos}. What is evicted, or arrives
 * after its root was exported (a call that outlived its request), never reaches the root. The state
 * is per mapper instance, and a mapper serves one owner's exporter; content exists only when the
 * canonical span carried it, so with content capture off nothing is held. Thread-safe.
 *
 * <p>Unstable internal API of the built-in presets, not part of the SPI's compatibility promise.
 *
 * @param <T> what is carried for one call's input or output
 */
public final class RootContent<T> {
  public static final int DEFAULT_MAX_ENTRIES = 10_000;

  /** About 16 MB of UTF-16 at most. */
  public static final long DEFAULT_MAX_CHARS = 8_000_000L;

  public static final long DEFAULT_TTL_NANOS = 5L * 60 * 1_000_000_000L;

  /**
   * What a root receives: the first call's input, the last call's output (either may be null).
   *
   * @param <T> what is carried
   */
  public record Io<T>(T input, T output) {}

  private record Key(String traceId, String spanId) {}

  private final class Pending {
    T input;
    long inputStart;
    T output;
    long outputEnd;
    long touched;

    long chars() {
      return (input == null ? 0 : weight.applyAsLong(input))
          + (output == null ? 0 : weight.applyAsLong(output));
    }

    /** Keeps the earlier-started input and the later-ended output. */
    void merge(T in, long start, T out, long end) {
      if (in != null && (input == null || start < inputStart)) {
        input = in;
        inputStart = start;
      }
      if (out != null && (output == null || end >= outputEnd)) {
        output = out;
        outputEnd = end;
      }
    }
  }

  private final int maxEntries;
  private final long maxChars;
  private final long ttlNanos;
  private final LongSupplier clock;
  private final ToLongFunction<? super T> weight;

  /** Access order: the head is the least recently touched entry. */
  private final LinkedHashMap<Key, Pending> pending = new LinkedHashMap<>(16, 0.75f, true);

  private long chars;
  private long evicted;

  /**
   * With the default bounds.
   *
   * @param weight the characters one carried value counts against {@code maxChars}
   */
  public RootContent(ToLongFunction<? super T> weight) {
    this(DEFAULT_MAX_ENTRIES, DEFAULT_MAX_CHARS, DEFAULT_TTL_NANOS, System::nanoTime, weight);
  }

  /**
   * @param maxEntries the most entries waiting for their root
   * @param maxChars the most characters of content held (as {@code weight} counts them)
   * @param ttlNanos how long an untouched entry is kept
   * @param clock nanosecond time source for the TTL
   * @param weight the characters one carried value counts
   */
  public RootContent(
      int maxEntries,
      long maxChars,
      long ttlNanos,
      LongSupplier clock,
      ToLongFunction<? super T> weight) {
    this.maxEntries = maxEntries;
    this.maxChars = maxChars;
    this.ttlNanos = ttlNanos;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.weight = Objects.requireNonNull(weight, "weight");
  }

  /**
   * One span was mapped: a local root (no parent, or a remote one) takes what its descendants
   * left for it; any other span forwards that, plus its own call content, to its parent.
   *
   * @param callInput the span's own call input, or null (not an LLM call, or no content)
   * @param callOutput the span's own call output, or null
   * @return for a local root, what reached it, or null; for any other span, null
   */
  public Io<T> carry(SpanData span, T callInput, T callOutput) {
    SpanContext self = span.getSpanContext();
    SpanContext parent = span.getParentSpanContext();
    if (!parent.isValid() || parent.isRemote()) {
      return take(self.getTraceId(), self.getSpanId());
    }
    forward(
        self.getTraceId(),
        self.getSpanId(),
        parent.getSpanId(),
        callInput,
        span.getStartEpochNanos(),
        callOutput,
        span.getEndEpochNanos());
    return null;
  }

  /**
   * A span with a parent was mapped: moves what its descendants left under it, plus its own call
   * content (null for a span that is not an LLM call), to its parent.
   */
  public synchronized void forward(
      String traceId, String spanId, String parentSpanId, T input, long start, T output, long end) {
    if (pending.isEmpty() && input == null && output == null) {
      return; // nothing pending anywhere, nothing to carry: the usual non-LLM span
    }
    long now = clock.getAsLong();
    expire(now);
    Pending mine = pending.isEmpty() ? null : pending.remove(new Key(traceId, spanId));
    if (mine != null) {
      chars -= mine.chars();
    }
    if (mine == null && input == null && output == null) {
      return;
    }
    Key up = new Key(traceId, parentSpanId);
    Pending target = pending.get(up); // touches it: now the most recent
    if (target == null) {
      target = mine != null ? mine : new Pending();
      pending.put(up, target);
    } else {
      chars -= target.chars();
      if (mine != null) {
        target.merge(mine.input, mine.inputStart, mine.output, mine.outputEnd);
      }
    }
    if (target != mine || input != null || output != null) {
      target.merge(input, start, output, end);
    }
    target.touched = now;
    long added = target.chars();
    if (added > maxChars) {
      pending.remove(up); // more than the whole budget: never held
      evicted++;
      return;
    }
    chars += added;
    while (pending.size() > maxEntries || chars > maxChars) {
      evictEldest();
    }
  }

  /** The local root of a trace was mapped: removes and returns what reached it, or null. */
  public synchronized Io<T> take(String traceId, String spanId) {
    if (pending.isEmpty()) {
      return null;
    }
    expire(clock.getAsLong());
    Pending p = pending.remove(new Key(traceId, spanId));
    if (p == null) {
      return null;
    }
    chars -= p.chars();
    return new Io<>(p.input, p.output);
  }

  private void expire(long now) {
    Iterator<Pending> it = pending.values().iterator();
    while (it.hasNext()) {
      Pending p = it.next();
      if (now - p.touched < ttlNanos) {
        return; // access order: everything after it was touched later
      }
      chars -= p.chars();
      it.remove();
      evicted++;
    }
  }

  private void evictEldest() {
    Iterator<Map.Entry<Key, Pending>> it = pending.entrySet().iterator();
    Pending p = it.next().getValue();
    chars -= p.chars();
    it.remove();
    evicted++;
  }

  /** Entries waiting for their root (for tests and diagnostics). */
  public synchronized int size() {
    return pending.size();
  }

  /** Characters of content held (for tests and diagnostics). */
  public synchronized long chars() {
    return chars;
  }

  /** Entries dropped before their root took them: expired, over a bound, or too large. */
  public synchronized long evicted() {
    return evicted;
  }
}
