package dev.otelpresets.testkit;

import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One request that reached an {@link OtlpReceiver}, exactly as the receiver saw and answered it.
 *
 * <p>Every request is recorded: OTLP exports over HTTP and gRPC, requests at paths that are not
 * OTLP, bodies that could not be decoded and requests the receiver was told to reject. Instances
 * are immutable.
 */
public final class ReceivedRequest {

  /** The value of {@link #transport()} for OTLP/HTTP with protobuf bodies. */
  public static final String HTTP_PROTOBUF = OtlpEncoding.PROTOBUF.transport();

  /** The value of {@link #transport()} for OTLP/HTTP with JSON bodies. */
  public static final String HTTP_JSON = OtlpEncoding.JSON.transport();

  /** The value of {@link #transport()} for OTLP/gRPC. */
  public static final String GRPC = "grpc";

  private final String method;
  private final String path;
  private final String transport;
  private final Map<String, List<String>> headers;
  private final int status;
  private final byte[] body;
  private final Message decoded;

  private ReceivedRequest(
      String method,
      String path,
      String transport,
      Map<String, List<String>> headers,
      int status,
      byte[] body,
      Message decoded) {
    this.method = Objects.requireNonNull(method, "method");
    this.path = Objects.requireNonNull(path, "path");
    this.transport = Objects.requireNonNull(transport, "transport");
    this.headers = lowerCaseCopy(headers);
    this.status = status;
    this.body = body.clone();
    this.decoded = decoded;
  }

  /** A request received over HTTP; {@code decoded} is null when the body was not decoded. */
  static ReceivedRequest http(
      String method,
      String path,
      String transport,
      Map<String, List<String>> headers,
      int status,
      byte[] body,
      Message decoded) {
    return new ReceivedRequest(method, path, transport, headers, status, body, decoded);
  }

  /** A unary gRPC export; the body is the re-serialized request message. */
  static ReceivedRequest grpc(
      String fullMethodName, Map<String, List<String>> metadata, int status, Message request) {
    return new ReceivedRequest(
        "POST", "/" + fullMethodName, GRPC, metadata, status, request.toByteArray(), request);
  }

  /** A unary gRPC export whose message bytes could not be decoded. */
  static ReceivedRequest grpcUndecoded(
      String fullMethodName, Map<String, List<String>> metadata, int status, byte[] message) {
    return new ReceivedRequest("POST", "/" + fullMethodName, GRPC, metadata, status, message, null);
  }

  /** The HTTP method; always {@code POST} for gRPC. */
  public String method() {
    return method;
  }

  /**
   * The request path without query, e.g. {@code /v1/traces} or {@code /api/public/otel/v1/traces};
   * for gRPC the full method path, e.g. {@code
   * /opentelemetry.proto.collector.trace.v1.TraceService/Export}.
   */
  public String path() {
    return path;
  }

  /**
   * {@value #GRPC}, or for HTTP the transport the content type names: {@code http/json} for
   * {@code application/json} and {@code http/protobuf} for everything else.
   */
  public String transport() {
    return transport;
  }

  /** All request headers (for gRPC: the metadata), names lower-cased and sorted. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** The first value of the header {@code name} (case-insensitive), or null. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /**
   * The HTTP status the receiver answered; for gRPC 200 on success, otherwise the HTTP status that
   * was configured with {@link OtlpReceiver#respondWith(int)}.
   */
  public int status() {
    return status;
  }

  /** The raw body after gzip decoding (a copy). */
  public byte[] body() {
    return body.clone();
  }

  /** The decoded traces export, if this request was one. */
  public Optional<ExportTraceServiceRequest> traces() {
    return decodedAs(ExportTraceServiceRequest.class);
  }

  /** The decoded metrics export, if this request was one. */
  public Optional<ExportMetricsServiceRequest> metrics() {
    return decodedAs(ExportMetricsServiceRequest.class);
  }

  /** The decoded logs export, if this request was one. */
  public Optional<ExportLogsServiceRequest> logs() {
    return decodedAs(ExportLogsServiceRequest.class);
  }

  /**
   * The body as text, for scans such as "the API key never appears in the payload": the protobuf
   * text form of a decoded protobuf or gRPC body (non-ASCII left unescaped), otherwise the body read
   * as UTF-8. Headers are not included; check {@link #headers()} separately.
   */
  public String bodyAsText() {
    if (decoded != null && !HTTP_JSON.equals(transport)) {
      return TextFormat.printer().escapingNonAscii(false).printToString(decoded);
    }
    return new String(body, StandardCharsets.UTF_8);
  }

  /** Whether the receiver answered with a 2xx status, i.e. accepted the data. */
  boolean accepted() {
    return ResponseBehaviour.isSuccess(status);
  }

  private <T extends Message> Optional<T> decodedAs(Class<T> type) {
    return type.isInstance(decoded) ? Optional.of(type.cast(decoded)) : Optional.empty();
  }

  private static Map<String, List<String>> lowerCaseCopy(Map<String, List<String>> headers) {
    Map<String, List<String>> copy = new TreeMap<>();
    headers.forEach(
        (name, values) ->
            copy.computeIfAbsent(name.toLowerCase(Locale.ROOT), unused -> new ArrayList<>())
                .addAll(values));
    copy.replaceAll((name, values) -> List.copyOf(values));
    return Collections.unmodifiableMap(copy);
  }

  /** Method, path, transport and status, e.g. {@code POST /v1/traces (http/protobuf) -> 200}. */
  @Override
  public String toString() {
    return method + " " + path + " (" + transport + ") -> " + status;
  }
}
