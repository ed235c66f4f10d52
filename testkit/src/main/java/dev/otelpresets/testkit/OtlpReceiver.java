package dev.otelpresets.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * An in-process OTLP endpoint on loopback for tests: exporters send real OTLP to it, tests assert
 * on what arrived.
 *
 * <p>OTLP/HTTP is served at every path (the signal is chosen by the path suffix {@code /v1/traces},
 * {@code /v1/metrics} or {@code /v1/logs}, so backend-specific prefixes work), in protobuf and JSON,
 * optionally gzip-compressed. {@link #startWithGrpc()} adds a plaintext OTLP/gRPC port. Every
 * request is recorded; spans and metrics of accepted exports are additionally flattened into
 * {@link #spans()} and {@link #metrics()}.
 *
 * <pre>{@code
 * try (OtlpReceiver receiver = OtlpReceiver.start("langfuse receiver")) {
 *   // point the exporter at receiver.tracesUrl() and export
 *   List<ReceivedSpan> spans = receiver.awaitSpans(2, Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>All methods are thread-safe. Behaviour changes apply to requests that arrive afterwards.
 */
public final class OtlpReceiver implements AutoCloseable {

  private static final String DEFAULT_NAME = "OTLP receiver";
  private static final String LOOPBACK = "127.0.0.1";
  /** Enough for several exporters in parallel, small enough to stay cheap per test. */
  static final int SERVER_THREADS = 8;

  private final String name;
  private final Recording recording = new Recording();
  private final AtomicReference<ResponseBehaviour> behaviour =
      new AtomicReference<>(ResponseBehaviour.ACCEPT_ALL);
  private final ExecutorService executor;
  private final HttpServer httpServer;
  private final GrpcExportServer grpcServer;
  private final AtomicBoolean closed = new AtomicBoolean();

  private OtlpReceiver(String name, boolean withGrpc) throws IOException {
    this.name = Objects.requireNonNull(name, "name");
    this.executor = Executors.newFixedThreadPool(SERVER_THREADS, daemonThreads(name + "-http"));
    HttpServer http = null;
    try {
      http = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
      http.createContext("/", new HttpExportHandler(recording, behaviour::get));
      http.setExecutor(executor);
      http.start();
      this.httpServer = http;
      this.grpcServer = withGrpc ? GrpcExportServer.start(name, recording, behaviour::get) : null;
    } catch (IOException | RuntimeException e) {
      if (http != null) {
        http.stop(0);
      }
      executor.shutdownNow();
      throw e;
    }
  }

  /** Starts an OTLP/HTTP receiver on 127.0.0.1 at an ephemeral port. */
  public static OtlpReceiver start() {
    return start(DEFAULT_NAME);
  }

  /**
   * Starts an OTLP/HTTP receiver labelled {@code name}, e.g. {@code "langfuse receiver"}; the label
   * appears in assertion messages.
   */
  public static OtlpReceiver start(String name) {
    return create(name, false);
  }

  /** Starts a receiver serving OTLP/HTTP and, on a second ephemeral port, OTLP/gRPC. */
  public static OtlpReceiver startWithGrpc() {
    return startWithGrpc(DEFAULT_NAME);
  }

  /** Like {@link #startWithGrpc()}, labelled {@code name} for assertion messages. */
  public static OtlpReceiver startWithGrpc(String name) {
    return create(name, true);
  }

  private static OtlpReceiver create(String name, boolean withGrpc) {
    try {
      return new OtlpReceiver(name, withGrpc);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  /** The label used in assertion messages. */
  public String name() {
    return name;
  }

  /** The OTLP/HTTP base URL, {@code http://127.0.0.1:PORT}. */
  public String baseUrl() {
    return "http://" + LOOPBACK + ":" + port();
  }

  /** {@link #baseUrl()} + {@code /v1/traces}. */
  public String tracesUrl() {
    return baseUrl() + "/v1/traces";
  }

  /** {@link #baseUrl()} + {@code /v1/metrics}. */
  public String metricsUrl() {
    return baseUrl() + "/v1/metrics";
  }

  /**
   * The OTLP/gRPC endpoint, {@code http://127.0.0.1:GRPCPORT}.
   *
   * @throws IllegalStateException when the receiver was started without gRPC
   */
  public String grpcEndpoint() {
    if (grpcServer == null) {
      throw new IllegalStateException(
          name + " was started without gRPC; use OtlpReceiver.startWithGrpc()");
    }
    return "http://" + LOOPBACK + ":" + grpcServer.port();
  }

  /** The OTLP/HTTP port. */
  public int port() {
    return httpServer.getAddress().getPort();
  }

  /**
   * Answers subsequent exports with {@code httpStatus} (e.g. 401, 503; 200 restores acceptance).
   * Over gRPC the status is mapped: 401 to UNAUTHENTICATED, 403 to PERMISSION_DENIED, 429 to
   * RESOURCE_EXHAUSTED, 502/503/504 to UNAVAILABLE, 400 to INVALID_ARGUMENT, other errors to
   * INTERNAL. Data of rejected exports is recorded in {@link #requests()} only.
   */
  public void respondWith(int httpStatus) {
    respondWith(httpStatus, Map.of());
  }

  /**
   * Like {@link #respondWith(int)}, adding {@code responseHeaders} (e.g. {@code Retry-After}) to
   * each answer; over gRPC they are sent as trailers of failed calls.
   */
  public void respondWith(int httpStatus, Map<String, String> responseHeaders) {
    // the record validates; on invalid input updateAndGet throws and leaves the behaviour as it was
    behaviour.updateAndGet(current -> current.withStatus(httpStatus, responseHeaders));
  }

  /** Delays every subsequent answer by {@code delay}; {@link Duration#ZERO} restores. */
  public void delayResponses(Duration delay) {
    behaviour.updateAndGet(current -> current.withDelay(delay));
  }

  /** Every request received so far at any path and over any transport, in arrival order. */
  public List<ReceivedRequest> requests() {
    return recording.requests();
  }

  /** Every span of every accepted traces export so far, in arrival order. */
  public List<ReceivedSpan> spans() {
    return recording.spans();
  }

  /** Every metric of every accepted metrics export so far, in arrival order. */
  public List<ReceivedMetric> metrics() {
    return recording.metrics();
  }

  /**
   * Waits until at least {@code atLeast} spans arrived.
   *
   * @return all spans received, as {@link #spans()}
   * @throws AssertionError on timeout, listing what did arrive
   */
  public List<ReceivedSpan> awaitSpans(int atLeast, Duration timeout) {
    return awaitSpans(span -> true, atLeast, timeout);
  }

  /**
   * Waits until at least {@code atLeast} spans matching {@code match} arrived. {@code match} runs
   * while the recording is locked, so keep it a quick, non-blocking check.
   *
   * @return all matching spans received
   * @throws AssertionError on timeout, listing what did arrive
   */
  public List<ReceivedSpan> awaitSpans(
      Predicate<ReceivedSpan> match, int atLeast, Duration timeout) {
    Objects.requireNonNull(match, "match");
    Optional<List<ReceivedSpan>> matching =
        await(
            () -> {
              List<ReceivedSpan> spans =
                  spans().stream().filter(match).collect(Collectors.toUnmodifiableList());
              return spans.size() >= atLeast ? Optional.of(spans) : Optional.empty();
            },
            timeout);
    return matching.orElseThrow(
        () ->
            failure(
                "expected at least "
                    + atLeast
                    + " matching spans within "
                    + timeout.toMillis()
                    + " ms, "
                    + spans().stream().filter(match).count()
                    + " matched"));
  }

  /**
   * Waits until a metric named {@code metricName} arrived.
   *
   * @return every received metric with that name
   * @throws AssertionError on timeout, listing what did arrive
   */
  public List<ReceivedMetric> awaitMetric(String metricName, Duration timeout) {
    Objects.requireNonNull(metricName, "metricName");
    Optional<List<ReceivedMetric>> named =
        await(
            () -> {
              List<ReceivedMetric> metrics =
                  metrics().stream()
                      .filter(metric -> metric.name().equals(metricName))
                      .collect(Collectors.toUnmodifiableList());
              return metrics.isEmpty() ? Optional.empty() : Optional.of(metrics);
            },
            timeout);
    return named.orElseThrow(
        () ->
            failure(
                "expected metric " + metricName + " within " + timeout.toMillis() + " ms"));
  }

  /**
   * Waits {@code quietPeriod} and fails as soon as another span arrives; use it to check that
   * nothing is exported twice or late.
   *
   * @throws AssertionError when the span count changed
   */
  public void assertNoMoreSpans(Duration quietPeriod) {
    int before = spans().size();
    Optional<List<ReceivedSpan>> changed =
        await(
            () -> {
              List<ReceivedSpan> spans = spans();
              return spans.size() == before ? Optional.empty() : Optional.of(spans);
            },
            quietPeriod);
    if (changed.isPresent()) {
      throw failure(
          "expected no more than "
              + before
              + " spans during "
              + quietPeriod.toMillis()
              + " ms");
    }
  }

  /** Forgets all recorded data and restores the default behaviour (200, no delay). */
  public void reset() {
    behaviour.set(ResponseBehaviour.ACCEPT_ALL);
    recording.clear();
  }

  /** Stops both servers and their threads, abandoning exchanges still in progress. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    httpServer.stop(0);
    if (grpcServer != null) {
      grpcServer.close();
    }
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return name + "{" + baseUrl() + (grpcServer == null ? "" : ", grpc " + grpcEndpoint()) + "}";
  }

  private <T> Optional<T> await(Supplier<Optional<T>> probe, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    try {
      return recording.await(probe, timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure("interrupted while waiting");
    }
  }

  /** An assertion failure that says what did arrive, so a failed test explains itself. */
  private AssertionError failure(String expectation) {
    List<ReceivedSpan> spans = spans();
    List<ReceivedMetric> metrics = metrics();
    List<ReceivedRequest> requests = requests();
    return new AssertionError(
        name
            + ": "
            + expectation
            + "\n  "
            + spans.size()
            + " spans arrived: "
            + describe(spans, ReceivedSpan::toString)
            + "\n  "
            + metrics.size()
            + " metrics arrived: "
            + describe(metrics, ReceivedMetric::toString)
            + "\n  "
            + requests.size()
            + " requests: "
            + describe(requests, ReceivedRequest::toString));
  }

  private static <T> String describe(List<T> items, Function<T, String> describer) {
    return items.stream().map(describer).collect(Collectors.joining(", ", "[", "]"));
  }

  static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
      // a forgotten close() must never keep a test JVM alive
      thread.setDaemon(true);
      return thread;
    };
  }
}
