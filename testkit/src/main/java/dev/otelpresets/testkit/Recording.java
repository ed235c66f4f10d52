package dev.otelpresets.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Everything an {@link OtlpReceiver} recorded, guarded by one monitor so that waiting threads are
 * woken the moment new data arrives (no polling, no fixed sleeps).
 */
final class Recording {

  private final Object lock = new Object();
  private final List<ReceivedRequest> requests = new ArrayList<>();
  private final List<ReceivedSpan> spans = new ArrayList<>();
  private final List<ReceivedMetric> metrics = new ArrayList<>();

  /** Records {@code request}; its spans and metrics count only if the receiver accepted it. */
  void add(ReceivedRequest request) {
    // a rejected export did not arrive from the sender's point of view, so it adds no data
    List<ReceivedSpan> newSpans = request.accepted() ? ReceivedSpan.allOf(request) : List.of();
    List<ReceivedMetric> newMetrics =
        request.accepted() ? ReceivedMetric.allOf(request) : List.of();
    synchronized (lock) {
      requests.add(request);
      spans.addAll(newSpans);
      metrics.addAll(newMetrics);
      lock.notifyAll();
    }
  }

  List<ReceivedRequest> requests() {
    synchronized (lock) {
      return List.copyOf(requests);
    }
  }

  List<ReceivedSpan> spans() {
    synchronized (lock) {
      return List.copyOf(spans);
    }
  }

  List<ReceivedMetric> metrics() {
    synchronized (lock) {
      return List.copyOf(metrics);
    }
  }

  void clear() {
    synchronized (lock) {
      requests.clear();
      spans.clear();
      metrics.clear();
      lock.notifyAll();
    }
  }

  /**
   * Evaluates {@code probe} now and after every change until it yields a value or {@code timeout}
   * elapses.
   *
   * @return the probe's value, or empty on timeout
   */
  <T> Optional<T> await(Supplier<Optional<T>> probe, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (true) {
        Optional<T> result = probe.get();
        long remaining = deadline - System.nanoTime();
        if (result.isPresent() || remaining <= 0) {
          return result;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, remaining);
      }
    }
  }
}
