package dev.otelpresets.testkit;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the receiver answers export requests: an immutable value swapped atomically, so every request
 * sees one consistent combination of status, headers and delay.
 */
record ResponseBehaviour(int httpStatus, Map<String, String> headers, Duration delay) {

  static final ResponseBehaviour ACCEPT_ALL = new ResponseBehaviour(200, Map.of(), Duration.ZERO);

  ResponseBehaviour {
    if (httpStatus < 100 || httpStatus > 599) {
      throw new IllegalArgumentException("not an HTTP status: " + httpStatus);
    }
    headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative: " + delay);
    }
  }

  ResponseBehaviour withStatus(int newStatus, Map<String, String> newHeaders) {
    return new ResponseBehaviour(newStatus, newHeaders, delay);
  }

  ResponseBehaviour withDelay(Duration newDelay) {
    return new ResponseBehaviour(httpStatus, headers, newDelay);
  }

  boolean accepts() {
    return isSuccess(httpStatus);
  }

  static boolean isSuccess(int httpStatus) {
    return httpStatus >= 200 && httpStatus < 300;
  }

  /** Blocks the answering thread for the configured delay. */
  void awaitDelay() throws InterruptedException {
    if (!delay.isZero()) {
      Thread.sleep(delay.toMillis());
    }
  }
}
