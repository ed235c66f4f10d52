package dev.otelpresets.core.internal;

import dev.otelpresets.core.ExportStats;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one backend did with the spans handed to it: exported, failed, dropped on a full queue, left
 * out by its {@code sample_ratio}, and
 * — once {@link #close()} settles the account at shutdown — abandoned. Failures and drops are
 * logged in words, at most once per interval. After {@link #close()} the numbers are final:
 * outcomes of exports still running then were already counted as abandoned and are ignored, so
 * exported + failed + dropped + abandoned stays equal to the spans handed over.
 */
final class ExportAccount {
  private static final Logger log = LoggerFactory.getLogger(ExportAccount.class);

  /** How often a backend's failures and drops are logged, at most. */
  static volatile long problemLogIntervalNanos = 60_000_000_000L;

  private final String owner;
  private long exported; // guarded by this
  private long failed; // guarded by this
  private String lastFailure; // guarded by this
  private boolean failureUnreported; // guarded by this
  private volatile QueueDropCounter dropCounter;
  private volatile LongSupplier handed;
  private volatile LongSupplier sampledOut = () -> 0;
  private volatile ExportStats closed;
  private final AtomicLong lastProblemLog = new AtomicLong(Long.MIN_VALUE);
  private long droppedReported; // touched under lastProblemLog's CAS only

  ExportAccount(String owner) {
    this.owner = Objects.requireNonNull(owner, "owner");
  }

  /** Where this backend's queue drops are counted. */
  void countDropsWith(QueueDropCounter counter) {
    this.dropCounter = Objects.requireNonNull(counter, "counter");
  }

  /**
   * How many spans were handed to this backend so far; without it nothing can be said to be
   * abandoned (a backend outside the framework's pipeline).
   */
  void countHandedWith(LongSupplier handedSpans) {
    this.handed = Objects.requireNonNull(handedSpans, "handedSpans");
  }

  /** Where the spans this backend's {@code sample_ratio} left out are counted. */
  void countSampledOutWith(LongSupplier sampledOutSpans) {
    this.sampledOut = Objects.requireNonNull(sampledOutSpans, "sampledOutSpans");
  }

  /** {@code count} spans were delivered. */
  void exported(int count) {
    synchronized (this) {
      if (closed != null) {
        return;
      }
      exported += count;
    }
    reportProblems();
  }

  /** {@code count} spans were not delivered, for the reason {@code failure} says in words. */
  void failed(int count, String failure) {
    synchronized (this) {
      if (closed != null) {
        return;
      }
      failed += count;
      lastFailure = failure;
      failureUnreported = true;
    }
    reportProblems();
  }

  /** Whether the account was settled: no more exports should start. */
  boolean isClosed() {
    return closed != null;
  }

  /**
   * Settles the account: whatever was handed over and has no outcome yet is abandoned. Idempotent;
   * returns the final numbers.
   */
  synchronized ExportStats close() {
    if (closed == null) {
      long dropped = dropped();
      long out = sampledOut.getAsLong();
      LongSupplier h = handed;
      long abandoned =
          h == null ? 0 : Math.max(0, h.getAsLong() - exported - failed - dropped - out);
      closed = new ExportStats(owner, exported, failed, dropped, abandoned, out, lastFailure);
    }
    return closed;
  }

  /** The numbers so far (final after {@link #close()}). */
  ExportStats stats() {
    ExportStats c = closed;
    if (c != null) {
      return c;
    }
    synchronized (this) {
      return new ExportStats(
          owner, exported, failed, dropped(), 0, sampledOut.getAsLong(), lastFailure);
    }
  }

  private long dropped() {
    QueueDropCounter d = dropCounter;
    return d == null ? 0 : d.dropped();
  }

  /** Logs failures and queue drops of this backend, at most once per interval, with counts. */
  private void reportProblems() {
    long dropped = dropped();
    String failure;
    long failedSoFar;
    synchronized (this) {
      failure = failureUnreported ? lastFailure : null;
      failedSoFar = failed;
    }
    long last = lastProblemLog.get();
    long now = System.nanoTime();
    boolean due = last == Long.MIN_VALUE || now - last >= problemLogIntervalNanos;
    if (!due || (failure == null && dropped == droppedReported)) {
      return;
    }
    if (!lastProblemLog.compareAndSet(last, now)) {
      return;
    }
    long newDrops = dropped - droppedReported;
    droppedReported = dropped;
    if (failure != null) {
      synchronized (this) {
        failureUnreported = false;
      }
      log.warn(
          "otel-presets: {}; {} span(s) not delivered to '{}' so far{}",
          failure,
          failedSoFar,
          owner,
          newDrops > 0 ? ", " + newDrops + " more dropped because its queue was full" : "");
    } else if (newDrops > 0) {
      log.warn(
          "otel-presets: '{}' dropped {} span(s) because its queue was full: the backend is"
              + " slower than the traffic; raise settings.max_queue_size or check the backend",
          owner,
          newDrops);
    }
  }
}
