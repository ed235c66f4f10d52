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
 * <p><b>Deferred decoding.</b> {@link #startDeferred(String)} and {@link
 * #startWithGrpcDeferred(String)} start a receiver for load tests, where decoding every export on
 * arrival would take CPU from the process under test (a real backend runs on another machine). It
 * answers each export to an OTLP path with a supported content type as configured (status,
 * headers, delay) and keeps its bytes as they came off the wire, still compressed; it decodes
 * nothing until {@link #decodeDeferred()}, which decodes every held export with the same code and
 * the same {@code opentelemetry-proto} messages as an immediate receiver, in arrival order, and
 * records it. Until then {@link #requests()}, {@link #spans()} and {@link #metrics()} hold only
 * the requests answered at once (unknown paths, unsupported content types), and {@link
 * #heldCount()} counts the rest. The one difference an exporter can see: a body that is not valid
 * gzip or not a valid message is answered as configured instead of with 400 (over gRPC, a message
 * that does not parse reaches the service instead of failing with INTERNAL); {@link
 * #decodeDeferred()} then reports it.
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

  /** Null unless the receiver defers decoding. */
  private final Deferral deferral;

  private final AtomicBoolean closed = new AtomicBoolean();
  private final BodySizeLimit bodySizeLimit = new BodySizeLimit();

  private OtlpReceiver(String name, boolean withGrpc, boolean deferred) throws IOException {
    this.name = Objects.requireNonNull(name, "name");
    this.deferral = deferred ? new Deferral() : null;
    this.executor = Executors.newFixedThreadPool(SERVER_THREADS, daemonThreads(name + "-http"));
    HttpServer http = null;
    try {
      http = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
      http.createContext("/", new HttpExportHandler(recording, behaviour::get, deferral))
          .getFilters()
          .add(bodySizeLimit);
      http.setExecutor(executor);
      http.start();
      this.httpServer = http;
      this.grpcServer =
          withGrpc ? GrpcExportServer.start(name, recording, behaviour::get, deferral) : null;
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
    return create(name, false, false);
  }

  /**
   * Starts an OTLP/HTTP receiver labelled {@code name} that keeps exports undecoded until {@link
   * #decodeDeferred()} (see "Deferred decoding" above).
   */
  public static OtlpReceiver startDeferred(String name) {
    return create(name, false, true);
  }

  /** Like {@link #startDeferred(String)}, also serving OTLP/gRPC as {@link #startWithGrpc()}. */
  public static OtlpReceiver startWithGrpcDeferred(String name) {
    return create(name, true, true);
  }

  /** Starts a receiver serving OTLP/HTTP and, on a second ephemeral port, OTLP/gRPC. */
  public static OtlpReceiver startWithGrpc() {
    return startWithGrpc(DEFAULT_NAME);
  }

  /** Like {@link #startWithGrpc()}, labelled {@code name} for assertion messages. */
  public static OtlpReceiver startWithGrpc(String name) {
    return create(name, true, false);
  }

  private static OtlpReceiver create(String name, boolean withGrpc, boolean deferred) {
    try {
      return new OtlpReceiver(name, withGrpc, deferred);
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

  /**
   * Answers 413 over HTTP, as a backend with a request size limit does, to every subsequent
   * export whose body (decompressed) is larger than {@code maxBytes}; {@link #reset()} lifts it.
   * Refused exports are counted by {@link #refusedForSize()}, not recorded.
   */
  public void rejectBodiesOver(long maxBytes) {
    bodySizeLimit.set(maxBytes);
  }

  /** How many exports were answered 413 by {@link #rejectBodiesOver(long)}. */
  public int refusedForSize() {
    return bodySizeLimit.refused();
  }

  /**
   * Rejects subsequent exports with {@code httpStatus} and a body that lists every request header
   * ({@code name: value}, one per line), as backends that echo the request do: over HTTP a
   * text/plain body, over gRPC the status description. For leak scans.
   */
  public void respondEchoingHeaders(int httpStatus) {
    requireRejection(httpStatus);
    behaviour.updateAndGet(current -> current.withBody(httpStatus, "rejected by " + name, true));
  }

  /**
   * Rejects subsequent exports with {@code httpStatus} and {@code body} as it is (line breaks and
   * all): over HTTP a text/plain body, over gRPC the status description.
   */
  public void respondWithBody(int httpStatus, String body) {
    requireRejection(httpStatus);
    Objects.requireNonNull(body, "body");
    behaviour.updateAndGet(current -> current.withBody(httpStatus, body, false));
  }

  /**
   * Answers subsequent OTLP/HTTP exports with a redirect ({@code 301}, {@code 302}, {@code 303},
   * {@code 307} or {@code 308}) to {@code location}, e.g. another receiver's {@link #tracesUrl()}.
   * A gRPC server cannot answer with an HTTP redirect; for gRPC use {@link HostileGrpcEndpoint}.
   */
  public void redirectTo(int httpStatus, String location) {
    if (httpStatus < 300 || httpStatus > 308) {
      throw new IllegalArgumentException("not a redirect status: " + httpStatus);
    }
    respondWith(httpStatus, Map.of("Location", Objects.requireNonNull(location, "location")));
  }

  /**
   * Closes the connection of each subsequent OTLP/HTTP export without answering (after reading the
   * request, which is recorded). Over gRPC use {@link HostileGrpcEndpoint#resetting(String)}.
   */
  public void resetConnections() {
    behaviour.updateAndGet(ResponseBehaviour::withReset);
  }

  /**
   * Never answers subsequent exports in any time an exporter waits (an hour; {@link #close()}
   * ends the wait). {@link #reset()} restores.
   */
  public void hang() {
    delayResponses(Duration.ofHours(1));
  }

  private static void requireRejection(int httpStatus) {
    if (httpStatus < 300 || httpStatus > 599) {
      throw new IllegalArgumentException("not a rejecting status: " + httpStatus);
    }
  }

  /** Delays every subsequent answer by {@code delay}; {@link Duration#ZERO} restores. */
  public void delayResponses(Duration delay) {
    behaviour.updateAndGet(current -> current.withDelay(delay));
  }

  /** Whether this receiver defers decoding ({@link #startDeferred(String)}). */
  public boolean isDeferred() {
    return deferral != null;
  }

  /** How many exports are held undecoded; always 0 for a receiver that decodes on arrival. */
  public int heldCount() {
    return deferral == null ? 0 : deferral.held();
  }

  /**
   * Decodes every export held so far, in arrival order, with the official {@code
   * opentelemetry-proto} messages, and records each one as an immediate receiver would have on
   * arrival (with the status it was answered with). Exports that arrive meanwhile stay held for the
   * next call.
   *
   * @return how many exports were decoded
   * @throws IllegalStateException when this receiver does not defer decoding
   * @throws AssertionError after recording everything, when some held body could not be decoded,
   *     describing each such request
   */
  public int decodeDeferred() {
    if (deferral == null) {
      throw new IllegalStateException(
          name + " decodes on arrival; use OtlpReceiver.startDeferred() to defer decoding");
    }
    Deferral.Result result = deferral.decodeInto(recording);
    if (!result.failures().isEmpty()) {
      throw new AssertionError(
          name
              + ": "
              + result.failures().size()
              + " held exports could not be decoded (answered as configured on arrival), "
              + result.decoded()
              + " were: "
              + result.failures());
    }
    return result.decoded();
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
        () -> failure("expected metric " + metricName + " within " + timeout.toMillis() + " ms"));
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
          "expected no more than " + before + " spans during " + quietPeriod.toMillis() + " ms");
    }
  }

  /**
   * Forgets all recorded data (and held exports, when deferred) and restores the default behaviour
   * (200, no delay).
   */
  public void reset() {
    behaviour.set(ResponseBehaviour.ACCEPT_ALL);
    bodySizeLimit.reset();
    if (deferral != null) {
      deferral.clear();
    }
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
