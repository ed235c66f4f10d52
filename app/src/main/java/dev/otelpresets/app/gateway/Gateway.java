package dev.otelpresets.app.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otelpresets.core.EmbeddingsCall;
import dev.otelpresets.core.EmbeddingsRequest;
import dev.otelpresets.core.EmbeddingsResponse;
import dev.otelpresets.core.GenAiSpan;
import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.LlmCall;
import dev.otelpresets.core.LlmRequest;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The example OpenAI-compatible LLM gateway on Jetty 12 (core, no servlets), hosting otel-presets
 * the way a Java team would: {@code POST /v1/chat/completions} (plain and {@code "stream":
 * true}), {@code POST /v1/embeddings} (mock models), {@code GET /v1/models} and {@code GET
 * /health}.
 *
 * <p>Each chat request gets a SERVER span {@code POST /v1/chat/completions} started from the
 * global OpenTelemetry, as any third-party HTTP instrumentation would start it, and the LLM call
 * is recorded under it with {@link GenAiTelemetry#startCall} (an embeddings request with {@link
 * GenAiTelemetry#startEmbeddings}). Callers authenticate with {@code
 * Authorization: Bearer <key>} from {@code keys:}; a key's tenant credentials are bound to the
 * request right after authentication.
 *
 * <p><b>Slow and hostile clients.</b> Request bodies are read without blocking a thread ({@link
 * RequestBody}); a body arriving slower than {@link Builder#minRequestDataRate} bytes/s, a
 * connection silent for {@link Builder#idleTimeout}, and a request whose headers are not complete
 * within {@link Builder#requestHeaderTimeout} are cut. A declared {@code Content-Length} over the
 * limit is answered 413 before any of the body is read. Model calls (the mock's waits and real
 * upstreams) run on threads of their own, at most {@link Builder#maxModelCalls} at once, so they
 * never take the server's threads: {@code /health} and quick answers always find one, and are
 * never queued behind a burst of hung calls. {@link #close()} drains:
 * it stops accepting, lets requests in flight finish within {@link Builder#shutdownGracePeriod},
 * then stops.
 */
public final class Gateway implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Gateway.class);

  /** Default seconds a connection may be silent (no byte either way) before it is closed. */
  public static final long DEFAULT_IDLE_TIMEOUT_SECONDS = 30;

  /**
   * Default seconds within which a request's headers must be complete, from when its connection
   * opened or its previous response ended. Without it a slowloris client that never finishes its
   * headers keeps its connection for hours (Jetty's idle timeout restarts with every byte).
   */
  public static final long DEFAULT_REQUEST_HEADER_TIMEOUT_SECONDS = 10;

  /**
   * Default slowest request body accepted, in bytes per second, measured from when the gateway
   * starts reading it, after a 2 s grace period (the rate ASP.NET Core's Kestrel uses): a client
   * dripping its body is answered 408 and disconnected about 2 s in.
   */
  public static final long DEFAULT_MIN_REQUEST_DATA_RATE = 240;

  /** Default model calls (mock or upstream) in flight at once. */
  public static final int DEFAULT_MAX_MODEL_CALLS = 100;

  /** Default seconds requests in flight get to finish when the gateway stops. */
  public static final long DEFAULT_SHUTDOWN_GRACE_SECONDS = 25;

  /** {@link #DEFAULT_UPSTREAM_TIMEOUT} in seconds. */
  public static final long DEFAULT_UPSTREAM_TIMEOUT_SECONDS = 120;

  /** Default time a real upstream gets to answer (its response headers, or a whole answer). */
  public static final Duration DEFAULT_UPSTREAM_TIMEOUT =
      Duration.ofSeconds(DEFAULT_UPSTREAM_TIMEOUT_SECONDS);

  /** The route of the chat endpoint (and the server span's {@code http.route}). */
  public static final String CHAT_ROUTE = "/v1/chat/completions";

  /** The route of the embeddings endpoint (mock models only). */
  public static final String EMBEDDINGS_ROUTE = "/v1/embeddings";

  static final String TRACER_NAME = "dev.otelpresets.app.gateway";

  static final AttributeKey<String> HTTP_REQUEST_METHOD =
      AttributeKey.stringKey("http.request.method");
  static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
  static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
  static final AttributeKey<String> URL_SCHEME = AttributeKey.stringKey("url.scheme");
  static final AttributeKey<Long> HTTP_RESPONSE_STATUS_CODE =
      AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> USER_AGENT = AttributeKey.stringKey("user_agent.original");

  private static final TextMapGetter<Exchange> HEADERS =
      new TextMapGetter<>() {
        // deprecated in the API, but still how the Jaeger and OT-trace propagators find their
        // prefixed baggage headers (OTEL_PROPAGATORS=jaeger,ottrace)
        @Override
        @SuppressWarnings("deprecation")
        public Iterable<String> keys(Exchange carrier) {
          return carrier.request().getHeaders().getFieldNamesCollection();
        }

        @Override
        public String get(Exchange carrier, String key) {
          return carrier == null ? null : carrier.header(key);
        }
      };

  /** What a chat step returns when the request continues asynchronously (its body is read). */
  private static final int PENDING = -1;

  private final GenAiTelemetry telemetry;
  private final GatewayConfig config;
  private final OpenTelemetry serverOtel;
  private final long maxBodyBytes;
  private final long minRequestDataRate;
  private final MockModel mock = new MockModel();
  private final OpenAiUpstream upstream;
  private final TenantBinding tenants;
  private final Semaphore modelCalls;
  private final int maxModelCalls;
  private final ExecutorService modelThreads;
  private final RequestHeaderTimeout headerTimeout;
  private final Server server;
  private final ServerConnector connector;

  private Gateway(Builder b) throws Exception {
    this.telemetry = b.telemetry;
    this.config = b.config;
    this.serverOtel = b.serverOtel != null ? b.serverOtel : GlobalOpenTelemetry.get();
    this.maxBodyBytes = b.maxBodyBytes;
    this.minRequestDataRate = b.minRequestDataRate;
    this.upstream = new OpenAiUpstream(serverOtel, b.upstreamTimeout);
    this.tenants = new TenantBinding(telemetry);
    this.maxModelCalls = b.maxModelCalls;
    this.modelCalls = new Semaphore(maxModelCalls);
    AtomicInteger n = new AtomicInteger();
    // a thread per model call in flight, never queued behind others: an idle thread if there is
    // one, the most recently idle first (SynchronousQueue hands off LIFO, so a steady load keeps
    // reusing a few warm threads), else a new one. A fixed pool on a FIFO queue woke its
    // least recently used thread for every call: at 2,500 calls/s that cost the gateway's threads
    // about four times their flat-out CPU per request. The semaphore bounds the calls in flight;
    // twice as many threads leaves room for those that released it and are still on their way
    // back to the queue.
    this.modelThreads =
        new ThreadPoolExecutor(
            0,
            (int) Math.min(Integer.MAX_VALUE, 2L * maxModelCalls),
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> {
              Thread t = new Thread(r, "otel-presets-gateway-model-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });

    // a few threads kept ready, so a burst of connections does not wait for threads to start
    QueuedThreadPool threads =
        new QueuedThreadPool(b.threads + JETTY_OWN_THREADS, Math.min(16, b.threads));
    threads.setName("otel-presets-gateway");
    threads.setDaemon(true);
    this.server = new Server(threads);
    server.setErrorHandler(new JsonErrorHandler());
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendDateHeader(true);
    http.setIdleTimeout(b.idleTimeout.toMillis());
    // one selector and one acceptor: a loopback-to-LAN gateway, not a CDN edge
    this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(b.host);
    connector.setPort(b.port);
    connector.setIdleTimeout(b.idleTimeout.toMillis());
    connector.setAcceptQueueSize(256);
    // when stopping, Jetty waits until every connection is closed and gives each this idle
    // timeout (1 s by default): idle keep-alive connections then close at once
    connector.setShutdownIdleTimeout(100);
    this.headerTimeout = new RequestHeaderTimeout(b.requestHeaderTimeout.toMillis());
    connector.addEventListener(headerTimeout);
    server.addConnector(connector);
    // counts the requests in flight, so that stop() waits for them (and refuses new ones)
    server.setHandler(new GracefulHandler(new Routes()));
    server.setStopTimeout(b.shutdownGrace.toMillis());
    server.setStopAtShutdown(false);
    try {
      server.start();
    } catch (Exception e) {
      headerTimeout.close();
      modelThreads.shutdownNow();
      server.stop();
      throw e;
    }
  }

  /** Threads Jetty keeps for itself (acceptor, selector) on top of the handler threads. */
  private static final int JETTY_OWN_THREADS = 4;

  /** A builder for a gateway recording through {@code telemetry}. */
  public static Builder builder(GenAiTelemetry telemetry, GatewayConfig config) {
    return new Builder(telemetry, config);
  }

  /** The port it listens on. */
  public int port() {
    return connector.getLocalPort();
  }

  /** {@code http://host:port}, as clients should use it. */
  public URI baseUrl() {
    String host = connector.getHost();
    boolean any =
        host == null
            || host.isEmpty()
            || new InetSocketAddress(host, 0).getAddress().isAnyLocalAddress();
    String shown = any ? "127.0.0.1" : host;
    // an IPv6 address goes in brackets in a URL: http://::1:4000 was printed, which no client reads
    if (shown.indexOf(':') >= 0 && !shown.startsWith("[")) {
      shown = "[" + shown + "]";
    }
    return URI.create("http://" + shown + ":" + port());
  }

  /** Whether the running core applies tenant credentials (the tenant API is present). */
  public boolean tenantCredentialsSupported() {
    return tenants.supported();
  }

  /**
   * Stops accepting connections, lets the requests in flight finish (up to the shutdown grace
   * period; new requests on open connections get 503), then closes every connection and stops the
   * threads. Returns when that is done, so the caller can then close the telemetry and have the
   * spans of those requests flushed.
   */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      log.warn("otel-presets gateway: stopping the HTTP server failed: {}", e.toString());
    } finally {
      headerTimeout.close();
      modelThreads.shutdownNow();
    }
  }

  /** The gateway's routes, behind the minimum data rate and graceful-shutdown handlers. */
  private final class Routes extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      Connection connection = request.getConnectionMetaData().getConnection();
      headerTimeout.requestStarted(connection);
      Exchange ex =
          new Exchange(
              request,
              response,
              Callback.from(callback, () -> headerTimeout.requestEnded(connection)));
      dispatch(ex);
      return true;
    }
  }

  private void dispatch(Exchange ex) {
    try {
      String path = ex.path();
      if (path.equals(CHAT_ROUTE) || path.equals(EMBEDDINGS_ROUTE)) {
        traced(ex, path);
        return;
      } else if (path.equals("/health")) {
        ex.sendJson(200, "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8));
      } else if (path.equals("/v1/models")) {
        models(ex);
      } else {
        ex.sendJson(
            404,
            OpenAi.error(
                "Unknown path "
                    + path
                    + ". This gateway serves POST "
                    + CHAT_ROUTE
                    + ", POST "
                    + EMBEDDINGS_ROUTE
                    + ", GET /v1/models and GET /health.",
                "invalid_request_error",
                null,
                "unknown_url"));
      }
      ex.complete();
    } catch (IOException | RuntimeException e) {
      log.debug("otel-presets gateway: exchange failed", e);
      ex.abort(e);
    }
  }

  /** The configured models, to a caller with a key from {@code keys:} (when there are keys). */
  private void models(Exchange ex) throws IOException {
    if (!ex.method().equalsIgnoreCase("GET")) {
      ex.setHeader("Allow", "GET");
      ex.sendJson(
          405,
          OpenAi.error(
              "Use GET for /v1/models.", "invalid_request_error", null, "method_not_allowed"));
      return;
    }
    // as OpenAI's: the model list is for callers with a key, like the chat route
    if (config.requiresKeys() && presentedKey(ex) == null) {
      unauthorized(ex);
      return;
    }
    ObjectNode root = OpenAi.JSON.createObjectNode();
    root.put("object", "list");
    ArrayNode data = root.putArray("data");
    for (GatewayConfig.ModelConfig m : config.models().values()) {
      ObjectNode o = data.addObject();
      o.put("id", m.name());
      o.put("object", "model");
      o.put("created", 0);
      o.put("owned_by", m.provider());
    }
    ex.sendJson(200, OpenAi.bytes(root));
  }

  /** The SERVER span around one chat or embeddings request. */
  private void traced(Exchange ex, String route) {
    String method = ex.method().toUpperCase(Locale.ROOT);
    Context parent =
        serverOtel.getPropagators().getTextMapPropagator().extract(Context.root(), ex, HEADERS);
    Span span =
        serverOtel
            .getTracer(TRACER_NAME)
            .spanBuilder(method + " " + route)
            .setSpanKind(SpanKind.SERVER)
            .setParent(parent)
            .setAttribute(HTTP_REQUEST_METHOD, method)
            .setAttribute(HTTP_ROUTE, route)
            .setAttribute(URL_PATH, ex.path())
            .setAttribute(URL_SCHEME, "http")
            .startSpan();
    // W3C trace-context "traceresponse": lets a caller find its request's trace
    ex.setHeader(
        "traceresponse",
        "00-"
            + span.getSpanContext().getTraceId()
            + "-"
            + span.getSpanContext().getSpanId()
            + "-"
            + span.getSpanContext().getTraceFlags().asHex());
    String ua = ex.header("User-Agent");
    if (ua != null) {
      span.setAttribute(USER_AGENT, ua);
    }
    step(ex, span, Context.root().with(span), () -> chat(ex, span, method, route));
  }

  /** One part of a chat request, run in the request's context; returns a status or PENDING. */
  private interface Step {
    int run() throws IOException;
  }

  /**
   * Runs {@code step} in {@code context}; unless it continues asynchronously, ends the server
   * span with the status sent and the exchange.
   */
  @SuppressWarnings("try") // the Scope is held for the try block, never read
  private void step(Exchange ex, Span span, Context context, Step step) {
    int status = 500;
    Throwable failure = null;
    try (Scope ignored = context.makeCurrent()) {
      status = step.run();
    } catch (IOException | UncheckedIOException e) {
      // the client went away; nothing more can be sent
      status = 499;
      failure = e;
      log.debug("otel-presets gateway: client connection failed", e);
    } catch (RuntimeException | Error e) {
      // an Error too (a host's propagator missing a class, a stack overflow): uncaught on a model
      // thread it left the request unanswered until the client gave up, and its span never ended
      log.error("otel-presets gateway: request failed", e);
      status = 500;
      trySend(
          ex,
          500,
          OpenAi.error(
              "The gateway failed: " + e.getClass().getSimpleName(), "server_error", null, null));
    }
    if (status == PENDING) {
      return;
    }
    span.setAttribute(HTTP_RESPONSE_STATUS_CODE, (long) status);
    if (status >= 500) {
      span.setStatus(StatusCode.ERROR);
      span.setAttribute(ERROR_TYPE, String.valueOf(status));
    }
    span.end();
    if (failure != null) {
      ex.abort(failure);
    } else {
      ex.complete();
    }
  }

  /** Handles one chat request up to reading its body; returns the HTTP status sent or PENDING. */
  private int chat(Exchange ex, Span span, String method, String route) throws IOException {
    if (!method.equals("POST")) {
      ex.setHeader("Allow", "POST");
      return ex.sendJson(
          405,
          OpenAi.error(
              "Use POST for " + route + ".", "invalid_request_error", null, "method_not_allowed"));
    }
    GatewayConfig.ApiKey key = null;
    if (config.requiresKeys()) {
      key = presentedKey(ex);
      if (key == null) {
        return unauthorized(ex);
      }
    }
    // tenant credentials: bound right after authentication, for the whole request's trace
    tenants.bind(key);
    // a declared length over the limit is refused before a byte of the body is read
    if (ex.declaredLength() > maxBodyBytes) {
      return tooLarge(ex);
    }
    // a gzip body was read as JSON and answered "could not parse the JSON body"
    String encoding = ex.header("Content-Encoding");
    if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
      return ex.sendJson(
          415,
          OpenAi.error(
              "The gateway reads uncompressed JSON bodies only: send the request without a"
                  + " Content-Encoding header.",
              "invalid_request_error",
              null,
              "unsupported_content_encoding"));
    }
    Context context = Context.current();
    GatewayConfig.ApiKey authenticated = key;
    RequestBody.read(
        ex.request(),
        maxBodyBytes,
        minRequestDataRate,
        body ->
            step(
                ex,
                span,
                context,
                () -> authenticated(ex, span, context, authenticated, body, route)));
    return PENDING;
  }

  /** The key of the request's {@code Authorization: Bearer} header, or null when it has none. */
  private static String bearer(Exchange ex) {
    String auth = ex.header("Authorization");
    return auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
        ? auth.substring(7).trim()
        : null;
  }

  /** The {@code keys:} entry of the request's bearer key, or null. */
  private GatewayConfig.ApiKey presentedKey(Exchange ex) {
    return config.lookup(bearer(ex)).orElse(null);
  }

  /** 401 for a request without a key from {@code keys:}; the presented key is never echoed. */
  private int unauthorized(Exchange ex) throws IOException {
    return ex.sendJson(
        401,
        OpenAi.error(
            bearer(ex) == null
                ? "You didn't provide an API key. Send 'Authorization: Bearer <key>' with a key from"
                    + " the gateway's keys: section."
                : "Incorrect API key provided. Use a key from the gateway's keys: section.",
            "invalid_request_error",
            null,
            "invalid_api_key"));
  }

  private int tooLarge(Exchange ex) throws IOException {
    return ex.sendJson(
        413,
        OpenAi.error(
            "The request body is larger than the gateway's limit"
                + " of "
                + maxBodyBytes
                + " bytes.",
            "invalid_request_error",
            null,
            "request_too_large"));
  }

  /**
   * The rest of a chat request, once its body was read: validation here, the model call on a
   * model thread.
   */
  private int authenticated(
      Exchange ex,
      Span span,
      Context context,
      GatewayConfig.ApiKey key,
      RequestBody.Result read,
      String route)
      throws IOException {
    if (read.tooLarge()) {
      return tooLarge(ex);
    }
    if (read.failure() != null) {
      if (read.failure() instanceof TimeoutException) {
        // the minimum data rate or the idle timeout cut the body
        return ex.sendJson(
            408,
            OpenAi.error(
                "The request body arrived too slowly; the gateway"
                    + " stopped waiting for it. Send the whole body at once.",
                "invalid_request_error",
                null,
                "request_timeout"));
      }
      // a malformed chunked body, or one cut short: the client's fault (if it is still there)
      log.debug("otel-presets gateway: reading a request body failed", read.failure());
      return ex.sendJson(
          400,
          OpenAi.error(
              "The request body could not be read: it ended early or its chunked encoding is"
                  + " malformed.",
              "invalid_request_error",
              null,
              "invalid_body"));
    }
    byte[] raw = read.bytes();
    JsonNode parsed;
    try {
      parsed = OpenAi.REQUEST.readTree(raw);
    } catch (StreamConstraintsException e) {
      // well-formed perhaps, but beyond the reader's limits: say which, not "could not parse"
      return ex.sendJson(
          400,
          OpenAi.error(
              "The JSON body of your request exceeds a limit of the gateway's JSON reader: "
                  + OpenAi.limitExceeded(e)
                  + ".",
              "invalid_request_error",
              null,
              "invalid_json"));
    } catch (JsonProcessingException e) {
      parsed = null;
    }
    if (parsed == null || !parsed.isObject()) {
      return ex.sendJson(
          400,
          OpenAi.error(
              "We could not parse the JSON body of your request."
                  + " The body must be a JSON object like {\"model\": \"...\", \"messages\": [...]}.",
              "invalid_request_error",
              null,
              "invalid_json"));
    }
    ObjectNode body = (ObjectNode) parsed;
    JsonNode modelNode = body.get("model");
    if (modelNode == null || !modelNode.isTextual() || modelNode.asText().isBlank()) {
      return ex.sendJson(
          400,
          OpenAi.error(
              "You must provide a model parameter.",
              "invalid_request_error",
              "model",
              "missing_model"));
    }
    String modelName = modelNode.asText();
    GatewayConfig.ModelConfig model = config.models().get(modelName);
    if (model == null) {
      return ex.sendJson(
          400,
          OpenAi.error(
              "The model '"
                  + OpenAi.clip(modelName)
                  + "' does not exist on"
                  + " this gateway. Available: "
                  + String.join(", ", config.models().keySet())
                  + ".",
              "invalid_request_error",
              "model",
              "model_not_found"));
    }
    if (route.equals(EMBEDDINGS_ROUTE)) {
      return embeddingsRequest(ex, span, context, model, body);
    }
    JsonNode messages = body.get("messages");
    if (messages == null || !messages.isArray() || messages.size() == 0) {
      return ex.sendJson(
          400,
          OpenAi.error(
              "'messages' must be a non-empty array of" + " messages.",
              "invalid_request_error",
              "messages",
              "invalid_messages"));
    }
    byte[] invalid = OpenAi.invalidChatTypes(body);
    if (invalid != null) {
      return ex.sendJson(400, invalid);
    }
    boolean stream = body.path("stream").asBoolean(false);
    LlmRequest.Builder request = OpenAi.llmRequest(body, model.provider(), model.name());
    if (!model.isMock()) {
      request.server(model.upstreamUri());
    }
    if (key != null && key.team() != null) {
      request.metadata(java.util.Map.of("team", key.team()));
    }
    return onModelThread(
        ex, span, context, () -> modelCall(ex, model, body, stream, request.build()));
  }

  /**
   * Runs a model call on a model thread. Model calls wait (the mock's latency, an upstream), so
   * they run on their own threads, at most maxModelCalls at once: the server's threads stay free
   * for everything else, and a burst of hung calls never queues a quick request behind it.
   */
  private int onModelThread(Exchange ex, Span span, Context context, Step call) throws IOException {
    if (!modelCalls.tryAcquire()) {
      ex.setHeader("Retry-After", "1");
      return ex.sendJson(
          503,
          OpenAi.error(
              "The gateway is already serving its limit of "
                  + maxModelCalls
                  + " model calls at once. Retry in a moment.",
              "server_error",
              null,
              "gateway_overloaded"));
    }
    try {
      modelThreads.execute(
          () ->
              step(
                  ex,
                  span,
                  context,
                  () -> {
                    try {
                      return call.run();
                    } finally {
                      modelCalls.release();
                    }
                  }));
    } catch (RejectedExecutionException stopping) {
      modelCalls.release();
      return ex.sendJson(
          503, OpenAi.error("The gateway is shutting down.", "server_error", null, null));
    }
    return PENDING;
  }

  /** Validates an embeddings request; the mock model answers it on a model thread. */
  private int embeddingsRequest(
      Exchange ex, Span span, Context context, GatewayConfig.ModelConfig model, ObjectNode body)
      throws IOException {
    List<String> inputs = OpenAi.embeddingInputs(body.get("input"));
    if (inputs == null) {
      return ex.sendJson(
          400,
          OpenAi.error(
              "'input' must be a non-empty string or a non-empty" + " array of strings.",
              "invalid_request_error",
              "input",
              "invalid_input"));
    }
    if (!model.isMock()) {
      return ex.sendJson(
          400,
          OpenAi.error(
              "The model '"
                  + model.name()
                  + "' is forwarded"
                  + " upstream; this gateway serves "
                  + EMBEDDINGS_ROUTE
                  + " with mock models only"
                  + " (upstream: mock).",
              "invalid_request_error",
              "model",
              "embeddings_unsupported"));
    }
    JsonNode dims = body.get("dimensions");
    boolean sized = dims != null && !dims.isNull();
    if (sized) {
      // was replaced by the default when out of range, and 1.5 became 1
      if (!dims.isIntegralNumber()
          || !dims.canConvertToInt()
          || dims.asInt() < 1
          || dims.asInt() > MockModel.MAX_DIMENSIONS) {
        return ex.sendJson(
            400,
            OpenAi.error(
                "'dimensions' must be a whole number from 1 to " + MockModel.MAX_DIMENSIONS + ".",
                "invalid_request_error",
                "dimensions",
                "invalid_dimensions"));
      }
    }
    int dimensions = sized ? dims.asInt() : MockModel.DIMENSIONS;
    // an 800 KB body of 200,000 texts at 4,096 dimensions ran the gateway out of heap
    if (inputs.size() > MockModel.MAX_INPUTS
        || (long) inputs.size() * dimensions > MockModel.MAX_NUMBERS) {
      return ex.sendJson(
          400,
          OpenAi.error(
              "This request asks for "
                  + inputs.size()
                  + " embeddings of "
                  + dimensions
                  + " dimensions; the mock model answers at most "
                  + MockModel.MAX_INPUTS
                  + " texts and "
                  + MockModel.MAX_NUMBERS
                  + " numbers (texts × dimensions) per request. Send fewer texts or dimensions.",
              "invalid_request_error",
              "input",
              "too_many_inputs"));
    }
    String format = body.path("encoding_format").asText("float");
    if (!format.equals("float") && !format.equals("base64")) {
      return ex.sendJson(
          400,
          OpenAi.error(
              "'encoding_format' must be 'float' or 'base64'.",
              "invalid_request_error",
              "encoding_format",
              "invalid_encoding_format"));
    }
    EmbeddingsRequest.Builder request =
        EmbeddingsRequest.builder(model.name())
            .provider(model.provider())
            .inputs(inputs)
            .dimensions(dimensions)
            .encodingFormats(List.of(format));
    return onModelThread(
        ex,
        span,
        context,
        () ->
            mockEmbeddings(ex, model, body, request.build(), dimensions, format.equals("base64")));
  }

  /** One embeddings call under the server span, answered by the mock model. */
  private int mockEmbeddings(
      Exchange ex,
      GatewayConfig.ModelConfig model,
      ObjectNode body,
      EmbeddingsRequest request,
      int dimensions,
      boolean base64)
      throws IOException {
    EmbeddingsCall call = telemetry.startEmbeddings(request);
    try {
      sleep(model.mockLatencyMs());
      if (MockModel.shouldFail(model.name(), body)) {
        return mockFailure(ex, call);
      }
      long tokens = MockModel.embeddingTokens(request.inputs());
      call.end(
          EmbeddingsResponse.builder().responseModel(model.name()).inputTokens(tokens).build());
      return ex.sendJson(
          200,
          OpenAi.embeddingsBytes(
              model.name(), MockModel.embed(request.inputs(), dimensions), tokens, base64));
    } finally {
      if (!call.isEnded()) {
        call.fail("gateway_error", "the gateway ended the request without a result");
      }
    }
  }

  /** The mock's failure on demand: the call fails and the caller gets a 500. */
  private static int mockFailure(Exchange ex, GenAiSpan call) throws IOException {
    call.fail("mock_failure", "the mock model failed as requested");
    return ex.sendJson(
        500,
        OpenAi.error(
            "The mock model failed as requested (a model name"
                + " containing 'fail' or \"mock_fail\": true).",
            "server_error",
            null,
            "mock_failure"));
  }

  /** One LLM call under the server span: the mock or the upstream answers the caller. */
  private int modelCall(
      Exchange ex,
      GatewayConfig.ModelConfig model,
      ObjectNode body,
      boolean stream,
      LlmRequest request)
      throws IOException {
    LlmCall call = telemetry.startCall(request);
    try {
      if (model.isMock()) {
        return mock(ex, model, body, stream, call);
      }
      return upstream.call(ex, model, body, stream, call);
    } finally {
      if (!call.isEnded()) {
        call.fail("gateway_error", "the gateway ended the request without a result");
      }
    }
  }

  private int mock(
      Exchange ex, GatewayConfig.ModelConfig model, ObjectNode body, boolean stream, LlmCall call)
      throws IOException {
    sleep(stream ? 0 : model.mockLatencyMs());
    if (MockModel.shouldFail(model.name(), body)) {
      return mockFailure(ex, call);
    }
    OpenAi.Completion c = mock.complete(model.name(), body);
    long created = System.currentTimeMillis() / 1000;
    if (!stream) {
      call.end(OpenAi.llmResponse(c));
      return ex.sendJson(200, OpenAi.responseBytes(c, created));
    }
    List<String> pieces = c.content() == null ? List.of() : MockModel.streamPieces(c.content());
    long pause =
        pieces.isEmpty() ? model.mockLatencyMs() : model.mockLatencyMs() / (pieces.size() + 1);
    Sse sse = Sse.start(ex);
    try {
      sleep(pause);
      ObjectNode first = OpenAi.JSON.createObjectNode();
      first.put("role", "assistant");
      if (c.content() == null) {
        ArrayNode calls = first.putArray("tool_calls");
        int i = 0;
        for (OpenAi.ToolCallOut t : c.toolCalls()) {
          ObjectNode tc = calls.addObject();
          tc.put("index", i++);
          tc.put("id", t.id());
          tc.put("type", "function");
          tc.putObject("function").put("name", t.name()).put("arguments", t.arguments());
        }
      } else {
        first.put("content", "");
      }
      sse.data(OpenAi.chunk(c.id(), c.model(), created, first, null, null));
      call.firstChunk();
      for (int i = 0; i < pieces.size(); i++) {
        sleep(pause);
        ObjectNode delta = OpenAi.JSON.createObjectNode();
        delta.put("content", (i == 0 ? "" : " ") + pieces.get(i));
        sse.data(OpenAi.chunk(c.id(), c.model(), created, delta, null, null));
        call.chunk();
      }
      sse.data(OpenAi.chunk(c.id(), c.model(), created, null, c.finishReason(), OpenAi.usage(c)));
      sse.done();
    } catch (IOException e) {
      call.fail("client_disconnected", "the client closed the stream");
      throw e;
    }
    call.end(OpenAi.llmResponse(c));
    return 200;
  }

  private static void trySend(Exchange ex, int status, byte[] body) {
    try {
      ex.sendJson(status, body);
    } catch (IOException | RuntimeException ignored) {
      // headers may already be out (a failed stream); the connection is closed anyway
    }
  }

  static void sleep(long millis) {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Server-sent events on an exchange: {@code data: {json}} lines, then {@code data: [DONE]}. */
  static final class Sse {
    private final OutputStream out;

    private Sse(OutputStream out) {
      this.out = out;
    }

    static Sse start(Exchange ex) {
      return new Sse(ex.startStream("text/event-stream"));
    }

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

    /** One event, {@code data: <json>} and a blank line, written now so the client sees it. */
    void data(JsonNode json) throws IOException {
      raw(OpenAi.JSON.writeValueAsBytes(json));
    }

    void raw(byte[] payload) throws IOException {
      // one write per event: each write is one chunk on the wire
      byte[] event = new byte[DATA.length + payload.length + END.length];
      System.arraycopy(DATA, 0, event, 0, DATA.length);
      System.arraycopy(payload, 0, event, DATA.length, payload.length);
      System.arraycopy(END, 0, event, DATA.length + payload.length, END.length);
      out.write(event);
      out.flush();
    }

    void done() throws IOException {
      raw(DONE);
      out.close();
    }

    /** An OpenAI-style error event ends the stream, with no {@code [DONE]}. */
    void error(byte[] openAiError) throws IOException {
      raw(openAiError);
      out.close();
    }
  }

  /** Builder for {@link Gateway}. */
  public static final class Builder {
    private final GenAiTelemetry telemetry;
    private final GatewayConfig config;
    private OpenTelemetry serverOtel;
    private String host = "127.0.0.1";
    private int port = 4000;
    private long maxBodyBytes = 1024 * 1024;
    private int threads = 200;
    private int maxModelCalls = DEFAULT_MAX_MODEL_CALLS;
    private Duration idleTimeout = Duration.ofSeconds(DEFAULT_IDLE_TIMEOUT_SECONDS);
    private Duration requestHeaderTimeout =
        Duration.ofSeconds(DEFAULT_REQUEST_HEADER_TIMEOUT_SECONDS);
    private long minRequestDataRate = DEFAULT_MIN_REQUEST_DATA_RATE;
    private Duration shutdownGrace = Duration.ofSeconds(DEFAULT_SHUTDOWN_GRACE_SECONDS);
    private Duration upstreamTimeout = DEFAULT_UPSTREAM_TIMEOUT;

    private Builder(GenAiTelemetry telemetry, GatewayConfig config) {
      this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
      this.config = Objects.requireNonNull(config, "config");
    }

    /** Where server spans start (default: {@link GlobalOpenTelemetry}). */
    public Builder serverOpenTelemetry(OpenTelemetry otel) {
      this.serverOtel = Objects.requireNonNull(otel, "otel");
      return this;
    }

    /** The address to bind (default 127.0.0.1; 0.0.0.0 for every interface). */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** The port (default 4000; 0 picks a free one). */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /** The largest request body accepted (default 1 MiB); larger ones get 413. */
    public Builder maxBodyBytes(long max) {
      if (max <= 0) {
        throw new IllegalArgumentException("max body size must be positive, got " + max);
      }
      this.maxBodyBytes = max;
      return this;
    }

    /**
     * Threads of the HTTP server (default 200; Jetty's acceptor and selector come on top): they
     * route, authenticate, read bodies and answer; model calls have threads of their own.
     */
    public Builder threads(int threads) {
      if (threads <= 0) {
        throw new IllegalArgumentException("threads must be positive, got " + threads);
      }
      this.threads = threads;
      return this;
    }

    /**
     * Model calls (mock or upstream) in flight at once, each on a thread of its own (default
     * 100); more are answered 503 {@code gateway_overloaded} at once.
     */
    public Builder maxModelCalls(int max) {
      if (max <= 0) {
        throw new IllegalArgumentException("max model calls must be positive, got " + max);
      }
      this.maxModelCalls = max;
      return this;
    }

    /** How long a connection may be silent (default 30 s). */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = positive(timeout, "idle timeout");
      return this;
    }

    /**
     * How long a connection gets to complete a request's headers, from when it opened or its
     * previous response ended (default 10 s); also how long an idle keep-alive connection stays.
     */
    public Builder requestHeaderTimeout(Duration timeout) {
      this.requestHeaderTimeout = positive(timeout, "request header timeout");
      return this;
    }

    /** The slowest request body accepted, bytes per second (default 240; 0 turns it off). */
    public Builder minRequestDataRate(long bytesPerSecond) {
      if (bytesPerSecond < 0) {
        throw new IllegalArgumentException(
            "the minimum data rate must not be negative, got " + bytesPerSecond);
      }
      this.minRequestDataRate = bytesPerSecond;
      return this;
    }

    /** How long {@link Gateway#close()} lets requests in flight finish (default 25 s). */
    public Builder shutdownGracePeriod(Duration grace) {
      Objects.requireNonNull(grace, "grace");
      if (grace.isNegative()) {
        throw new IllegalArgumentException("the shutdown grace period must not be negative");
      }
      this.shutdownGrace = grace;
      return this;
    }

    /**
     * How long a real upstream gets (default 120 s): until its response headers for a stream,
     * for the whole answer otherwise; then 504 {@code upstream_timeout}. A started stream silent
     * that long is ended with an {@code upstream_timeout} error event.
     */
    public Builder upstreamTimeout(Duration timeout) {
      this.upstreamTimeout = positive(timeout, "upstream timeout");
      return this;
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("the " + what + " must be positive, got " + d);
      }
      return d;
    }

    /** Whether {@code e} says the port is taken (not, say, an address of another machine). */
    private static boolean portInUse(Throwable e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof java.net.BindException
            && String.valueOf(t.getMessage()).contains("in use")) {
          return true;
        }
      }
      return false;
    }

    /**
     * Binds and starts serving.
     *
     * @throws UncheckedIOException when the port cannot be bound, naming it
     */
    public Gateway start() {
      try {
        return new Gateway(this);
      } catch (IllegalArgumentException e) {
        throw e;
      } catch (Exception e) {
        IOException io = e instanceof IOException i ? i : new IOException(e.getMessage(), e);
        throw new UncheckedIOException(
            "cannot listen on "
                + host
                + ":"
                + port
                + ": "
                + e.getMessage()
                + (port != 0 && portInUse(e)
                    ? " (is another process using the port? try --port)"
                    : ""),
            io);
      }
    }
  }
}
