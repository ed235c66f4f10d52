package dev.otelpresets.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The exports a deferred {@link OtlpReceiver} answered but has not decoded yet, in arrival order.
 * Holding one costs a queue insertion and the request's bytes as they came off the wire (still
 * gzip-compressed if they were): no decompression, no protobuf or JSON parsing, no flattening.
 */
final class Deferral {

  /** One answered, not yet decoded request. */
  interface Pending {
    /**
     * Decodes the request exactly as an immediate receiver would have decoded it on arrival.
     *
     * @throws DecodeFailure when the body cannot be decoded; it carries the request to record
     */
    ReceivedRequest decode() throws DecodeFailure;
  }

  /** A body that could not be decoded, with the request as it is recorded anyway. */
  static final class DecodeFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient ReceivedRequest request;

    DecodeFailure(ReceivedRequest request, String message) {
      super(message, null, false, false);
      this.request = request;
    }

    ReceivedRequest request() {
      return request;
    }
  }

  private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
  private final AtomicInteger held = new AtomicInteger();

  void hold(Pending request) {
    pending.add(Objects.requireNonNull(request, "request"));
    held.incrementAndGet();
  }

  /** Forgets every held request. */
  void clear() {
    while (pending.poll() != null) {
      held.decrementAndGet();
    }
  }

  /** How many requests are held undecoded right now. */
  int held() {
    return held.get();
  }

  /**
   * Decodes every held request, in arrival order, into {@code recording}; undecodable ones are
   * recorded without data.
   *
   * @return how many were decoded, and a description of each one that could not be
   */
  Result decodeInto(Recording recording) {
    int decoded = 0;
    List<String> failures = new ArrayList<>();
    Pending next;
    while ((next = pending.poll()) != null) {
      held.decrementAndGet();
      try {
        recording.add(next.decode());
        decoded++;
      } catch (DecodeFailure e) {
        recording.add(e.request());
        failures.add(e.request() + ": " + e.getMessage());
      }
    }
    return new Result(decoded, failures);
  }

  /** What {@link #decodeInto} did. */
  record Result(int decoded, List<String> failures) {}
}
