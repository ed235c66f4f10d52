package dev.otelpresets.app.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The example OpenAI-compatible LLM gateway on the JDK HTTP server, hosting otel-presets the way a
 * Java team would: {@code POST /v1/chat/completions} (plain and {@code "stream": true}), {@code GET
 * /v1/models} and {@code GET /health}.
 *
 * <p>Each chat request gets a SERVER span {@code POST /v1/chat/completions} started from the
 * global OpenTelemetry, as any third-party HTTP instrumentation would start it, and the LLM call
 * is recorded under it with {@link GenAiTelemetry#startCall}. Callers authenticate with {@code
 * Authorization: Bearer <key>} from {@code keys:}; a key's tenant credentials are bound to the
 * request right after authentication.
 */
public final class Gateway implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Gateway.class);

  /**
   * Seconds a client may take to send its request line, headers and body; the JDK HTTP server then
   * closes the connection. Without it (the JDK default is no limit) a slowloris client that never
   * finishes its headers holds one of the worker threads forever. The limit covers reading the
   * request only, not the handler (a long LLM call or a long stream is unaffected). Set through the
   * JDK's {@code sun.net.httpserver.maxReqTime}, which the JDK reads once, when the first {@link
   * HttpServer} of the JVM starts: an explicit {@code -Dsun.net.httpserver.maxReqTime=N} wins,
   * and in a JVM that started another HTTP server before the gateway, the value fixed then applies.
   */
  public static final long DEFAULT_MAX_REQUEST_SECONDS = 20;

  static {
    if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
      System.setProperty("sun.net.httpserver.maxReqTime",
          String.valueOf(DEFAULT_MAX_REQUEST_SECONDS));
    }
  }
  /** The route of the chat endpoint (and the server span's {@code http.route}). */
  public static final String CHAT_ROUTE = "/v1/chat/completions";
  static final String TRACER_NAME = "dev.otelpresets.app.gateway";

  static final AttributeKey<String> HTTP_REQUEST_METHOD = AttributeKey.stringKey(
      "http.request.method");
  static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
  static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
  static final AttributeKey<String> URL_SCHEME = AttributeKey.stringKey("url.scheme");
  static final AttributeKey<Long> HTTP_RESPONSE_STATUS_CODE = AttributeKey.longKey(
      "http.response.status_code");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> USER_AGENT = AttributeKey.stringKey("user_agent.original");

  private static final TextMapGetter<HttpExchange> HEADERS = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(HttpExchange carrier) {
      return carrier.getRequestHeaders().keySet();
    }

    @Override
    public String get(HttpExchange carrier, String key) {
      return carrier == null ? null : carrier.getRequestHeaders().getFirst(key);
    }
  };

  private final GenAiTelemetry telemetry;
  private final GatewayConfig config;
  private final OpenTelemetry serverOtel;
  private final long maxBodyBytes;
  private final MockModel mock = new MockModel();
  private final OpenAiUpstream upstream;
  private final TenantBinding tenants;
  static {
    // The JDK's HttpServer leaves Nagle's algorithm on unless this is set (it is read once, when
    // its classes load): each response's last segment then waits for the client's delayed ACK,
    // about 40 ms per request on Linux loopback, which capped the gateway near 180 requests/s.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicInteger active = new AtomicInteger();

  private Gateway(Builder b) throws IOException {
    this.telemetry = b.telemetry;
    this.config = b.config;
    this.serverOtel = b.serverOtel != null ? b.serverOtel : GlobalOpenTelemetry.get();
    this.maxBodyBytes = b.maxBodyBytes;
    this.upstream = new OpenAiUpstream(serverOtel);
    this.tenants = new TenantBinding(telemetry);
    AtomicInteger n = new AtomicInteger();
    this.executor = Executors.newFixedThreadPool(b.threads, r -> {
      Thread t = new Thread(r, "otel-presets-gateway-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.server = HttpServer.create(new InetSocketAddress(b.host, b.port), 256);
    server.createContext("/", this::dispatch);
    server.setExecutor(executor);
    server.start();
  }

  /** A builder for a gateway recording through {@code telemetry}. */
  public static Builder builder(GenAiTelemetry telemetry, GatewayConfig config) {
    return new Builder(telemetry, config);
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://host:port}, as clients should use it. */
  public URI baseUrl() {
    String host = server.getAddress().getAddress().isAnyLocalAddress() ? "127.0.0.1"
        : server.getAddress().getHostString();
    return URI.create("http://" + host + ":" + port());
  }

  /** Whether the running core applies tenant credentials (the tenant API is present). */
  public boolean tenantCredentialsSupported() {
    return tenants.supported();
  }

  /** Stops accepting requests, lets running ones finish (up to 2 s), stops the threads. */
  @Override
  public void close() {
    // JDK 17's HttpServer.stop(n) waits the full n seconds even when idle: wait for running
    // exchanges ourselves (up to 2 s), then stop at once
    long deadline = System.nanoTime() + 2_000_000_000L;
    while (active.get() > 0 && System.nanoTime() < deadline) {
      sleep(10);
    }
    server.stop(0);
    executor.shutdownNow();
  }

  private void dispatch(HttpExchange ex) throws IOException {
    active.incrementAndGet();
    try {
      String path = ex.getRequestURI().getPath();
      if (path.equals(CHAT_ROUTE)) {
        traced(ex);
      } else if (path.equals("/health")) {
        sendJson(ex, 200, "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8));
      } else if (path.equals("/v1/models")) {
        models(ex);
      } else {
        sendJson(ex, 404, OpenAi.error("Unknown path " + path + ". This gateway serves POST "
            + CHAT_ROUTE + ", GET /v1/models and GET /health.", "invalid_request_error", null,
            "unknown_url"));
      }
    } catch (IOException | RuntimeException e) {
      log.debug("otel-presets gateway: exchange failed", e);
    } finally {
      ex.close();
      active.decrementAndGet();
    }
  }

  private void models(HttpExchange ex) throws IOException {
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
    sendJson(ex, 200, OpenAi.bytes(root));
  }

  /** The SERVER span around one chat request. */
  private void traced(HttpExchange ex) {
    String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
    Context parent = serverOtel.getPropagators().getTextMapPropagator()
        .extract(Context.root(), ex, HEADERS);
    Span span = serverOtel.getTracer(TRACER_NAME)
        .spanBuilder(method + " " + CHAT_ROUTE)
        .setSpanKind(SpanKind.SERVER)
        .setParent(parent)
        .setAttribute(HTTP_REQUEST_METHOD, method)
        .setAttribute(HTTP_ROUTE, CHAT_ROUTE)
        .setAttribute(URL_PATH, ex.getRequestURI().getPath())
        .setAttribute(URL_SCHEME, "http")
        .startSpan();
    // W3C trace-context "traceresponse": lets a caller find its request's trace
    ex.getResponseHeaders().set("traceresponse", "00-" + span.getSpanContext().getTraceId() + "-"
        + span.getSpanContext().getSpanId() + "-" + span.getSpanContext().getTraceFlags()
        .asHex());
    String ua = ex.getRequestHeaders().getFirst("User-Agent");
    if (ua != null) {
      span.setAttribute(USER_AGENT, ua);
    }
    int status = 500;
    try (Scope ignored = span.makeCurrent()) {
      status = chat(ex, method);
    } catch (IOException | UncheckedIOException e) {
      // the client went away; nothing more can be sent
      status = status == 500 ? 499 : status;
      log.debug("otel-presets gateway: client connection failed", e);
    } catch (RuntimeException e) {
      log.error("otel-presets gateway: request failed", e);
      status = 500;
      trySend(ex, 500, OpenAi.error("The gateway failed: " + e.getClass().getSimpleName(),
          "server_error", null, null));
    } finally {
      span.setAttribute(HTTP_RESPONSE_STATUS_CODE, (long) status);
      if (status >= 500) {
        span.setStatus(StatusCode.ERROR);
        span.setAttribute(ERROR_TYPE, String.valueOf(status));
      }
      span.end();
    }
  }

  /** Handles one chat request; returns the HTTP status sent. */
  private int chat(HttpExchange ex, String method) throws IOException {
    if (!method.equals("POST")) {
      ex.getResponseHeaders().set("Allow", "POST");
      return sendJson(ex, 405, OpenAi.error("Use POST for " + CHAT_ROUTE + ".",
          "invalid_request_error", null, "method_not_allowed"));
    }
    GatewayConfig.ApiKey key = null;
    if (config.requiresKeys()) {
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      String presented = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
          ? auth.substring(7).trim() : null;
      key = config.lookup(presented).orElse(null);
      if (key == null) {
        // never echo the presented key
        return sendJson(ex, 401, OpenAi.error(presented == null
            ? "You didn't provide an API key. Send 'Authorization: Bearer <key>' with a key from"
                + " the gateway's keys: section."
            : "Incorrect API key provided. Use a key from the gateway's keys: section.",
            "invalid_request_error", null, "invalid_api_key"));
      }
    }
    // tenant credentials: bound right after authentication, for the whole request's trace
    tenants.bind(key);
    return authenticated(ex, key);
  }

  private int authenticated(HttpExchange ex, GatewayConfig.ApiKey key) throws IOException {
    byte[] raw = readBody(ex);
    if (raw == null) {
      return sendJson(ex, 413, OpenAi.error("The request body is larger than the gateway's limit"
          + " of " + maxBodyBytes + " bytes.", "invalid_request_error", null,
          "request_too_large"));
    }
    JsonNode parsed;
    try {
      parsed = OpenAi.JSON.readTree(raw);
    } catch (JsonProcessingException e) {
      parsed = null;
    }
    if (parsed == null || !parsed.isObject()) {
      return sendJson(ex, 400, OpenAi.error("We could not parse the JSON body of your request."
          + " The body must be a JSON object like {\"model\": \"...\", \"messages\": [...]}.",
          "invalid_request_error", null, "invalid_json"));
    }
    ObjectNode body = (ObjectNode) parsed;
    JsonNode modelNode = body.get("model");
    if (modelNode == null || !modelNode.isTextual() || modelNode.asText().isBlank()) {
      return sendJson(ex, 400, OpenAi.error("You must provide a model parameter.",
          "invalid_request_error", "model", "missing_model"));
    }
    String modelName = modelNode.asText();
    GatewayConfig.ModelConfig model = config.models().get(modelName);
    if (model == null) {
      return sendJson(ex, 400, OpenAi.error("The model '" + modelName + "' does not exist on"
          + " this gateway. Available: " + String.join(", ", config.models().keySet()) + ".",
          "invalid_request_error", "model", "model_not_found"));
    }
    JsonNode messages = body.get("messages");
    if (messages == null || !messages.isArray() || messages.size() == 0) {
      return sendJson(ex, 400, OpenAi.error("'messages' must be a non-empty array of"
          + " messages.", "invalid_request_error", "messages", "invalid_messages"));
    }
    boolean stream = body.path("stream").asBoolean(false);
    LlmRequest.Builder request = OpenAi.llmRequest(body, model.provider(), model.name());
    if (!model.isMock()) {
      request.server(model.upstreamUri());
    }
    if (key != null && key.team() != null) {
      request.metadata(java.util.Map.of("team", key.team()));
    }
    LlmCall call = telemetry.startCall(request.build());
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

  private int mock(HttpExchange ex, GatewayConfig.ModelConfig model, ObjectNode body,
      boolean stream, LlmCall call) throws IOException {
    sleep(stream ? 0 : model.mockLatencyMs());
    if (MockModel.shouldFail(model.name(), body)) {
      call.fail("mock_failure", "the mock model failed as requested");
      return sendJson(ex, 500, OpenAi.error("The mock model failed as requested (a model name"
          + " containing 'fail' or \"mock_fail\": true).", "server_error", null,
          "mock_failure"));
    }
    OpenAi.Completion c = mock.complete(model.name(), body);
    long created = System.currentTimeMillis() / 1000;
    if (!stream) {
      call.end(OpenAi.llmResponse(c));
      return sendJson(ex, 200, OpenAi.responseBytes(c, created));
    }
    List<String> pieces = c.content() == null ? List.of() : MockModel.streamPieces(c.content());
    long pause = pieces.isEmpty() ? model.mockLatencyMs()
        : model.mockLatencyMs() / (pieces.size() + 1);
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
      sse.data(OpenAi.chunk(c.id(), c.model(), created, null, c.finishReason(),
          OpenAi.usage(c)));
      sse.done();
    } catch (IOException e) {
      call.fail("client_disconnected", "the client closed the stream");
      throw e;
    }
    call.end(OpenAi.llmResponse(c));
    return 200;
  }

  /** Reads the body, or returns null when it exceeds the limit. */
  private byte[] readBody(HttpExchange ex) throws IOException {
    String declared = ex.getRequestHeaders().getFirst("Content-Length");
    if (declared != null) {
      try {
        if (Long.parseLong(declared.trim()) > maxBodyBytes) {
          return null;
        }
      } catch (NumberFormatException ignored) {
        // read it and count
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try (InputStream in = ex.getRequestBody()) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        if (out.size() + n > maxBodyBytes) {
          return null;
        }
        out.write(buf, 0, n);
      }
    }
    return out.toByteArray();
  }

  static int sendJson(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
    return status;
  }

  private static void trySend(HttpExchange ex, int status, byte[] body) {
    try {
      sendJson(ex, status, body);
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

    static Sse start(HttpExchange ex) throws IOException {
      ex.getResponseHeaders().set("Content-Type", "text/event-stream");
      ex.getResponseHeaders().set("Cache-Control", "no-cache");
      ex.sendResponseHeaders(200, 0);
      return new Sse(ex.getResponseBody());
    }

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

    /** One event, {@code data: <json>} and a blank line, flushed so the client sees it now. */
    void data(JsonNode json) throws IOException {
      raw(OpenAi.JSON.writeValueAsBytes(json));
    }

    void raw(byte[] payload) throws IOException {
      out.write(DATA);
      out.write(payload);
      out.write(END);
      out.flush();
    }

    void done() throws IOException {
      raw(DONE);
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
    private int threads = 32;

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

    /** Worker threads (default 32). */
    public Builder threads(int threads) {
      if (threads <= 0) {
        throw new IllegalArgumentException("threads must be positive, got " + threads);
      }
      this.threads = threads;
      return this;
    }

    /**
     * Binds and starts serving.
     *
     * @throws UncheckedIOException when the port cannot be bound, naming it
     */
    public Gateway start() {
      try {
        return new Gateway(this);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": "
            + e.getMessage() + (port != 0 ? " (is another process using the port? try --port)"
            : ""), e);
      }
    }
  }
}
