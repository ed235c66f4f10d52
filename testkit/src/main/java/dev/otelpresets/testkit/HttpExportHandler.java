package dev.otelpresets.testkit;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;

/**
 * Serves OTLP/HTTP at every path and records each exchange: at once, or, with a {@link Deferral},
 * holds each well-addressed export's raw bytes and decodes them only when asked.
 */
final class HttpExportHandler implements HttpHandler {

  private final Recording recording;
  private final Supplier<ResponseBehaviour> behaviour;

  /** Null: decode on arrival. */
  private final Deferral deferral;

  HttpExportHandler(Recording recording, Supplier<ResponseBehaviour> behaviour) {
    this(recording, behaviour, null);
  }

  HttpExportHandler(Recording recording, Supplier<ResponseBehaviour> behaviour, Deferral deferral) {
    this.recording = Objects.requireNonNull(recording, "recording");
    this.behaviour = Objects.requireNonNull(behaviour, "behaviour");
    this.deferral = deferral;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      ResponseBehaviour current = behaviour.get();
      Answer answer = deferral == null ? answer(exchange, current) : deferred(exchange, current);
      if (answer.request != null) {
        recording.add(answer.request);
      }
      if (answer.configured) {
        current.awaitDelay();
        if (current.reset()) {
          // closing an exchange before its response headers closes the connection: no answer
          return;
        }
        current.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        String text =
            current.accepts() ? null : current.rejectionText(exchange.getRequestHeaders());
        if (text != null) {
          answer = answer.withText(text);
        }
      }
      send(exchange, answer);
    } catch (InterruptedException e) {
      // the receiver is closing; drop the exchange
      Thread.currentThread().interrupt();
    }
  }

  private static Answer answer(HttpExchange exchange, ResponseBehaviour behaviour)
      throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    Headers headers = exchange.getRequestHeaders();
    String contentType = headers.getFirst("Content-Type");
    Optional<OtlpEncoding> encoding = OtlpEncoding.forContentType(contentType);
    String transport = encoding.orElse(OtlpEncoding.PROTOBUF).transport();
    Optional<OtlpSignal> signal = OtlpSignal.forPath(path);
    byte[] raw;
    try (InputStream in = exchange.getRequestBody()) {
      raw = in.readAllBytes();
    }
    Optional<byte[]> body = decompress(raw, headers.getFirst("Content-Encoding"));
    RequestFactory request =
        (status, decoded) ->
            ReceivedRequest.http(
                method, path, transport, headers, status, body.orElse(raw), decoded);

    if (!"POST".equals(method) || signal.isEmpty()) {
      return Answer.error(request.create(404, null), "no OTLP endpoint at " + method + " " + path);
    }
    if (encoding.isEmpty()) {
      return Answer.error(request.create(415, null), "unsupported content type " + contentType);
    }
    if (body.isEmpty()) {
      return Answer.error(request.create(400, null), "body is not valid gzip");
    }
    Message decoded;
    try {
      decoded = encoding.get().parse(body.get(), signal.get().newRequestBuilder());
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      // anything a hostile or broken body makes the parsers throw is the sender's fault: 400
      return Answer.error(request.create(400, null), "cannot decode body: " + e.getMessage());
    }
    // like a collector: an empty Export*ServiceResponse, or a google.rpc.Status explaining the
    // error
    Message responseBody =
        behaviour.accepts() ? signal.get().emptyResponse() : rejection(behaviour.httpStatus());
    return Answer.configured(
        request.create(behaviour.httpStatus(), decoded),
        encoding.get().contentType(),
        encoding.get().serialize(responseBody));
  }

  /**
   * Answers an export to an OTLP path with a supported content type as the behaviour says, without
   * decompressing or parsing it, and holds its raw bytes in the deferral; anything else is
   * answered and recorded at once, as {@link #answer} does.
   */
  private Answer deferred(HttpExchange exchange, ResponseBehaviour behaviour) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    Headers headers = exchange.getRequestHeaders();
    Optional<OtlpEncoding> encoding = OtlpEncoding.forContentType(headers.getFirst("Content-Type"));
    Optional<OtlpSignal> signal = OtlpSignal.forPath(path);
    if (!"POST".equals(method) || signal.isEmpty() || encoding.isEmpty()) {
      return answer(exchange, behaviour);
    }
    byte[] raw;
    try (InputStream in = exchange.getRequestBody()) {
      raw = in.readAllBytes();
    }
    int status = behaviour.httpStatus();
    Map<String, List<String>> headerCopy = new LinkedHashMap<>(headers);
    String contentEncoding = headers.getFirst("Content-Encoding");
    OtlpEncoding enc = encoding.get();
    OtlpSignal sig = signal.get();
    deferral.hold(
        () -> decodeHeld(method, path, headerCopy, raw, contentEncoding, enc, sig, status));
    Message responseBody = behaviour.accepts() ? sig.emptyResponse() : rejection(status);
    return Answer.deferred(status, enc.contentType(), enc.serialize(responseBody));
  }

  /**
   * Decodes a held export the way {@link #answer} decodes one on arrival; the recorded status is
   * the one that was sent.
   */
  private static ReceivedRequest decodeHeld(
      String method,
      String path,
      Map<String, List<String>> headers,
      byte[] raw,
      String contentEncoding,
      OtlpEncoding encoding,
      OtlpSignal signal,
      int status)
      throws Deferral.DecodeFailure {
    Optional<byte[]> body = decompress(raw, contentEncoding);
    if (body.isEmpty()) {
      throw new Deferral.DecodeFailure(
          ReceivedRequest.http(method, path, encoding.transport(), headers, status, raw, null),
          "body is not valid gzip");
    }
    try {
      Message decoded = encoding.parse(body.get(), signal.newRequestBuilder());
      return ReceivedRequest.http(
          method, path, encoding.transport(), headers, status, body.get(), decoded);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw new Deferral.DecodeFailure(
          ReceivedRequest.http(
              method, path, encoding.transport(), headers, status, body.get(), null),
          "cannot decode body: " + e.getMessage());
    }
  }

  /** The body after {@code Content-Encoding: gzip} is undone; empty when it is not valid gzip. */
  private static Optional<byte[]> decompress(byte[] raw, String contentEncoding) {
    if (contentEncoding == null || !contentEncoding.trim().equalsIgnoreCase("gzip")) {
      return Optional.of(raw);
    }
    try (InputStream gunzip = new GZIPInputStream(new ByteArrayInputStream(raw))) {
      return Optional.of(gunzip.readAllBytes());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static com.google.rpc.Status rejection(int httpStatus) {
    return com.google.rpc.Status.newBuilder()
        .setCode(GrpcStatuses.forHttpStatus(httpStatus).getCode().value())
        .setMessage("otel-presets testkit receiver configured to answer " + httpStatus)
        .build();
  }

  private static void send(HttpExchange exchange, Answer answer) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", answer.contentType);
    int status = answer.status;
    // -1 tells HttpServer there is no body at all (required for 204, harmless otherwise)
    exchange.sendResponseHeaders(status, answer.body.length == 0 ? -1 : answer.body.length);
    if (answer.body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer.body);
      }
    }
  }

  @FunctionalInterface
  private interface RequestFactory {
    ReceivedRequest create(int status, Message decoded);
  }

  /** The recorded request (null while deferred) plus what to send back. */
  private static final class Answer {
    final ReceivedRequest request;
    final int status;
    final String contentType;
    final byte[] body;

    /** Whether the test-configured behaviour (delay, headers) applies. */
    final boolean configured;

    private Answer(
        ReceivedRequest request, int status, String contentType, byte[] body, boolean configured) {
      this.request = request;
      this.status = status;
      this.contentType = contentType;
      this.body = body;
      this.configured = configured;
    }

    static Answer configured(ReceivedRequest request, String contentType, byte[] body) {
      return new Answer(request, request.status(), contentType, body, true);
    }

    /** An export held undecoded; it is recorded when the deferral is decoded. */
    static Answer deferred(int status, String contentType, byte[] body) {
      return new Answer(null, status, contentType, body, true);
    }

    /** The same answer with a text/plain body instead. */
    Answer withText(String text) {
      return new Answer(
          request,
          status,
          "text/plain; charset=utf-8",
          text.getBytes(StandardCharsets.UTF_8),
          configured);
    }

    static Answer error(ReceivedRequest request, String message) {
      return new Answer(
          request,
          request.status(),
          "text/plain; charset=utf-8",
          message.getBytes(StandardCharsets.UTF_8),
          false);
    }
  }
}
