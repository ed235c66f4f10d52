package dev.otelpresets.testkit;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the receiver answers export requests: an immutable value swapped atomically, so every request
 * sees one consistent combination of status, headers, body and delay.
 *
 * @param body what a rejection says: the HTTP response body (text/plain) or the gRPC status
 *     description; null for the receiver's own default
 * @param echoHeaders whether a rejection's body lists every request header, as some backends do
 * @param reset whether the connection is closed without any answer
 */
record ResponseBehaviour(
    int httpStatus,
    Map<String, String> headers,
    Duration delay,
    String body,
    boolean echoHeaders,
    boolean reset) {

  static final ResponseBehaviour ACCEPT_ALL =
      new ResponseBehaviour(200, Map.of(), Duration.ZERO, null, false, false);

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
    return new ResponseBehaviour(newStatus, newHeaders, delay, null, false, false);
  }

  ResponseBehaviour withBody(int newStatus, String newBody, boolean echo) {
    return new ResponseBehaviour(newStatus, Map.of(), delay, newBody, echo, false);
  }

  ResponseBehaviour withReset() {
    return new ResponseBehaviour(httpStatus, headers, delay, null, false, true);
  }

  ResponseBehaviour withDelay(Duration newDelay) {
    return new ResponseBehaviour(httpStatus, headers, newDelay, body, echoHeaders, reset);
  }

  boolean accepts() {
    return isSuccess(httpStatus);
  }

  static boolean isSuccess(int httpStatus) {
    return httpStatus >= 200 && httpStatus < 300;
  }

  /**
   * A rejection's text: the configured body, then (when echoing) one {@code name: value} line per
   * request header; null when neither is configured.
   */
  String rejectionText(Map<String, java.util.List<String>> requestHeaders) {
    if (body == null && !echoHeaders) {
      return null;
    }
    StringBuilder text = new StringBuilder(body == null ? "" : body);
    if (echoHeaders) {
      text.append("\nyour request headers:");
      requestHeaders.forEach(
          (name, values) ->
              values.forEach(value -> text.append('\n').append(name).append(": ").append(value)));
    }
    return text.toString();
  }

  /** Blocks the answering thread for the configured delay. */
  void awaitDelay() throws InterruptedException {
    if (!delay.isZero()) {
      Thread.sleep(delay.toMillis());
    }
  }
}
