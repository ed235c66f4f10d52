package dev.otelpresets.core.internal;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Hands every ended span to each backend's own batch processor from one dispatcher thread, so the
 * calling thread does one lock-free enqueue however many backends there are (instead of one
 * queue operation per backend). Each backend keeps its own bounded queue and export thread behind
 * this: a slow or dead backend fills only its own queue, and the dispatcher's offers to it fail
 * fast, so no backend delays another and the calling thread never blocks.
 *
 * <p>The hand-off queue is bounded too; a span refused there (the dispatcher could not keep up)
 * is counted as dropped for every backend. The dispatcher wakes every {@link
 * #DISPATCH_INTERVAL_NANOS}, or when 128 spans (at most half the capacity) are waiting, so
 * producers pay one wake-up per 128 spans at most, never one per span. Flush and shutdown drain
 * the hand-off queue first, then flush or shut down the backends' processors. Worst case, a span
 * is held twice as long as a backend's queue alone would hold it: the hand-off queue has the
 * same bound.
 *
 * <p>Each span is handed over wrapped in a {@link SharedContentSpan}, so its GenAI content (the
 * messages JSON and the like) is parsed at most once for all the backends that map it, on the
 * export thread of the first that asks, instead of once per backend.
 */
public final class FanOutSpanProcessor implements SpanProcessor {
  /** Longest a span waits in the hand-off queue; the backends batch for seconds anyway. */
  static final long DISPATCH_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private final List<SpanProcessor> backends;
  private final int capacity;
  private final int wakeAt;
  // the hand-off queue: a ring of slots that producers claim in order and the dispatcher empties
  // in order; preallocated, so a hand-off allocates nothing (a linked queue's node per span)
  private final AtomicReferenceArray<ReadableSpan> slots;
  private final int mask;
  private final AtomicLong claimed = new AtomicLong(); // slots claimed by producers so far
  private long drained; // slots emptied by the dispatcher so far; under dispatchLock
  // spans admitted and not yet dispatched, at most capacity: so a claimed slot is always empty
  private final AtomicInteger queued = new AtomicInteger();
  private final LongAdder dropped = new LongAdder();
  private final Object dispatchLock = new Object();
  private final Thread dispatcher;
  private volatile boolean running = true;

  /**
   * The processor that feeds {@code backends}: the only one itself when there is one (no hand-off
   * needed), else a fan-out with a hand-off queue of {@code capacity} spans.
   */
  public static SpanProcessor of(List<SpanProcessor> backends, int capacity) {
    return backends.size() == 1 ? backends.get(0) : new FanOutSpanProcessor(backends, capacity);
  }

  FanOutSpanProcessor(List<SpanProcessor> backends, int capacity) {
    this.backends = List.copyOf(Objects.requireNonNull(backends, "backends"));
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.capacity = capacity;
    int size = Integer.highestOneBit(capacity);
    size = size == capacity ? size : size << 1; // a power of two, at least the capacity
    this.slots = new AtomicReferenceArray<>(size);
    this.mask = size - 1;
    // wake the dispatcher well before the backends' queues could be flooded by one burst
    this.wakeAt = Math.max(1, Math.min(capacity / 2, 128));
    this.dispatcher = new Thread(this::dispatchLoop, "otel-presets-fan-out");
    dispatcher.setDaemon(true);
    dispatcher.start();
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    if (!span.getSpanContext().isSampled() || !running) {
      return;
    }
    int n = queued.incrementAndGet();
    if (n > capacity) {
      queued.decrementAndGet();
      dropped.increment();
      return;
    }
    long slot = claimed.getAndIncrement();
    slots.setRelease((int) (slot & mask), span);
    if (n == wakeAt) {
      LockSupport.unpark(dispatcher);
    }
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  /** Spans refused by the hand-off queue — dropped for every backend. */
  long dropped() {
    return dropped.sum();
  }

  private void dispatchLoop() {
    while (running) {
      LockSupport.parkNanos(this, DISPATCH_INTERVAL_NANOS);
      dispatchQueued();
    }
  }

  /**
   * Moves every queued span to every backend's processor; the spans' order is kept. Stops at a
   * slot claimed but not yet filled (its producer is between the two steps): the next pass takes
   * it and those after it.
   */
  private void dispatchQueued() {
    synchronized (dispatchLock) {
      ReadableSpan span;
      int moved = 0;
      while ((span = slots.getAcquire((int) (drained & mask))) != null) {
        // emptied before the count goes down: a producer admitted after it finds the slot free
        slots.setPlain((int) (drained & mask), null);
        drained++;
        ReadableSpan shared = new SharedContentSpan(span); // one content parse for all backends
        for (SpanProcessor backend : backends) {
          try {
            backend.onEnd(shared); // a full backend queue drops and counts there, at once
          } catch (RuntimeException e) {
            // a batch processor does not throw here; if one ever did, the dispatcher must live on
            // for the others (a dead dispatcher would drop every later span of every backend)
          }
        }
        if (++moved == 256) {
          queued.addAndGet(-moved);
          moved = 0;
        }
      }
      queued.addAndGet(-moved);
    }
  }

  @Override
  public CompletableResultCode forceFlush() {
    dispatchQueued();
    List<CompletableResultCode> results = new ArrayList<>(backends.size());
    for (SpanProcessor backend : backends) {
      results.add(backend.forceFlush());
    }
    return CompletableResultCode.ofAll(results);
  }

  @Override
  public CompletableResultCode shutdown() {
    running = false;
    LockSupport.unpark(dispatcher);
    try {
      dispatcher.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    dispatchQueued(); // what arrived after the dispatcher's last pass
    List<CompletableResultCode> results = new ArrayList<>(backends.size());
    for (SpanProcessor backend : backends) {
      results.add(backend.shutdown());
    }
    return CompletableResultCode.ofAll(results);
  }

  @Override
  public String toString() {
    return "FanOutSpanProcessor{backends=" + backends.size() + ", capacity=" + capacity + "}";
  }
}
