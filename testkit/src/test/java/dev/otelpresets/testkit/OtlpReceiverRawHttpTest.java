package dev.otelpresets.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Hand-written requests for what the SDK exporters never send: JSON, junk, probes. */
class OtlpReceiverRawHttpTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String TRACE_ID = "5b8efff798038103d269b633813fc60c";
  private static final String SPAN_ID = "eee19b7ec3c1b174";
  private static final String PARENT_SPAN_ID = "eee19b7ec3c1b173";

  // the OTLP/JSON example from the specification, trimmed: hex ids, int64 as string and as number
  private static final String JSON_EXPORT =
      "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\","
          + "\"value\":{\"stringValue\":\"json-service\"}}]},"
          + "\"scopeSpans\":[{\"scope\":{\"name\":\"manual\"},\"spans\":[{"
          + "\"traceId\":\""
          + TRACE_ID
          + "\",\"spanId\":\""
          + SPAN_ID
          + "\","
          + "\"parentSpanId\":\""
          + PARENT_SPAN_ID
          + "\",\"name\":\"json span\",\"kind\":3,"
          + "\"startTimeUnixNano\":\"1544712660000000000\",\"endTimeUnixNano\":1544712661000000001,"
          + "\"attributes\":[{\"key\":\"tokens\",\"value\":{\"intValue\":\"7\"}},"
          + "{\"key\":\"unknown.field.is.ignored\",\"value\":{\"stringValue\":\"x\"},\"extra\":1}],"
          + "\"links\":[{\"traceId\":\""
          + TRACE_ID
          + "\",\"spanId\":\""
          + PARENT_SPAN_ID
          + "\"}]"
          + "}]}]}]}";

  private final OtlpReceiver receiver = OtlpReceiver.start();
  private final HttpClient client = HttpClient.newHttpClient();

  @AfterEach
  void closeReceiver() {
    receiver.close();
  }

  @Test
  void decodesOtlpJsonWithHexIds() throws Exception {
    HttpResponse<String> response =
        post("/v1/traces", "application/json; charset=utf-8", utf8(JSON_EXPORT), Map.of());

    assertEquals(200, response.statusCode());
    assertEquals("application/json", response.headers().firstValue("content-type").orElse(""));
    assertEquals("{}", response.body());
    ReceivedSpan span = receiver.awaitSpans(1, TIMEOUT).get(0);
    assertEquals("json span", span.name());
    assertEquals(TRACE_ID, span.traceId());
    assertEquals(SPAN_ID, span.spanId());
    assertEquals(PARENT_SPAN_ID, span.parentSpanId());
    assertEquals(PARENT_SPAN_ID, hex(span.proto().getLinks(0).getSpanId()));
    assertEquals(1544712661000000001L, span.proto().getEndTimeUnixNano(), "no double rounding");
    assertEquals(1544712660000000000L, span.proto().getStartTimeUnixNano());
    assertEquals(7L, span.attribute("tokens"));
    assertEquals("json-service", span.resourceAttributes().get("service.name"));
    assertEquals(ReceivedRequest.HTTP_JSON, span.request().transport());
    assertEquals(JSON_EXPORT, span.request().bodyAsText());
  }

  @Test
  void decodesGzippedJson() throws Exception {
    HttpResponse<String> response =
        post(
            "/v1/traces",
            "application/json",
            gzip(utf8(JSON_EXPORT)),
            Map.of("Content-Encoding", "gzip"));

    assertEquals(200, response.statusCode());
    assertEquals(SPAN_ID, receiver.awaitSpans(1, TIMEOUT).get(0).spanId());
  }

  @Test
  void answersProtobufWithAnEmptyProtobufResponse() throws Exception {
    byte[] body = ExportTraceServiceRequest.newBuilder().build().toByteArray();

    HttpResponse<String> response = post("/v1/traces", "application/x-protobuf", body, Map.of());

    assertEquals(200, response.statusCode());
    assertEquals(
        "application/x-protobuf", response.headers().firstValue("content-type").orElse(""));
    assertEquals("", response.body());
    assertTrue(receiver.requests().get(0).traces().isPresent());
  }

  @Test
  void recordsUnknownPathsProbesJunkAndUnsupportedContentTypes() throws Exception {
    assertEquals(
        404, post("/v2/whatever", "application/x-protobuf", new byte[0], Map.of()).statusCode());
    assertEquals(
        404,
        client
            .send(
                HttpRequest.newBuilder(URI.create(receiver.baseUrl() + "/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString())
            .statusCode());
    assertEquals(
        400,
        post("/v1/traces", "application/x-protobuf", utf8("\u00ff\u00ffjunk"), Map.of())
            .statusCode());
    assertEquals(
        400, post("/v1/metrics", "application/json", utf8("{not json"), Map.of()).statusCode());
    assertEquals(415, post("/v1/logs", "text/plain", utf8("hello"), Map.of()).statusCode());

    List<ReceivedRequest> requests = receiver.requests();
    assertEquals(
        List.of(
            "POST /v2/whatever (http/protobuf) -> 404",
            "GET /health (http/protobuf) -> 404",
            "POST /v1/traces (http/protobuf) -> 400",
            "POST /v1/metrics (http/json) -> 400",
            "POST /v1/logs (http/protobuf) -> 415"),
        requests.stream().map(ReceivedRequest::toString).collect(Collectors.toList()));
    assertEquals("hello", requests.get(4).bodyAsText());
    assertTrue(receiver.spans().isEmpty());
  }

  @Test
  void recordsBrokenGzipAsBadRequestWithTheRawBody() throws Exception {
    HttpResponse<String> response =
        post(
            "/v1/traces",
            "application/json",
            utf8(JSON_EXPORT),
            Map.of("Content-Encoding", "gzip"));

    assertEquals(400, response.statusCode());
    ReceivedRequest request = receiver.requests().get(0);
    assertEquals(400, request.status());
    assertEquals(JSON_EXPORT, request.bodyAsText());
    assertTrue(request.traces().isEmpty());
  }

  @Test
  void decodesLogs() throws Exception {
    String logs =
        "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"traceId\":\""
            + TRACE_ID
            + "\",\"body\":{\"stringValue\":\"hello log\"}}]}]}]}";

    assertEquals(
        200, post("/api/otel/v1/logs", "application/json", utf8(logs), Map.of()).statusCode());

    var record =
        receiver
            .requests()
            .get(0)
            .logs()
            .orElseThrow()
            .getResourceLogs(0)
            .getScopeLogs(0)
            .getLogRecords(0);
    assertEquals("hello log", record.getBody().getStringValue());
    assertEquals(TRACE_ID, hex(record.getTraceId()));
  }

  @Test
  void sendsConfiguredStatusAndHeaders() throws Exception {
    receiver.respondWith(429, Map.of("Retry-After", "3"));

    HttpResponse<String> response =
        post("/v1/traces", "application/json", utf8(JSON_EXPORT), Map.of());

    assertEquals(429, response.statusCode());
    assertEquals("3", response.headers().firstValue("retry-after").orElse(null));
    assertTrue(response.body().contains("429"), response.body());
    assertEquals(429, receiver.requests().get(0).status());
  }

  @Test
  void delaysResponses() throws Exception {
    Duration delay = Duration.ofMillis(300);
    receiver.delayResponses(delay);

    long start = System.nanoTime();
    HttpResponse<String> response =
        post("/v1/traces", "application/json", utf8(JSON_EXPORT), Map.of());

    assertEquals(200, response.statusCode());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(delay) >= 0);
    receiver.delayResponses(Duration.ZERO);
    assertEquals(
        200, post("/v1/traces", "application/json", utf8(JSON_EXPORT), Map.of()).statusCode());
  }

  @Test
  void servesConcurrentExportersInParallel() throws Exception {
    // long enough that one by one (4 s) and in parallel (1 s, plus a busy machine's delays) are
    // far apart
    Duration delay = Duration.ofSeconds(1);
    receiver.delayResponses(delay);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(receiver.tracesUrl()))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON_EXPORT))
            .build();

    long start = System.nanoTime();
    List<CompletableFuture<HttpResponse<String>>> responses =
        IntStream.range(0, 4)
            .mapToObj(i -> client.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
            .collect(Collectors.toList());
    for (CompletableFuture<HttpResponse<String>> response : responses) {
      assertEquals(200, response.get(10, TimeUnit.SECONDS).statusCode());
    }

    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    assertTrue(elapsed.compareTo(delay.multipliedBy(3)) < 0, "served one by one: " + elapsed);
    assertEquals(4, receiver.spans().size());
  }

  @Test
  void leavesIdsAloneThatAreAlreadyBase64() throws Exception {
    String base64Ids =
        JSON_EXPORT
            .replace(
                TRACE_ID, Base64.getEncoder().encodeToString(HexFormat.of().parseHex(TRACE_ID)))
            .replace(SPAN_ID, Base64.getEncoder().encodeToString(HexFormat.of().parseHex(SPAN_ID)));

    assertEquals(
        200, post("/v1/traces", "application/json", utf8(base64Ids), Map.of()).statusCode());

    ReceivedSpan span = receiver.awaitSpans(1, TIMEOUT).get(0);
    assertEquals(TRACE_ID, span.traceId());
    assertEquals(SPAN_ID, span.spanId());
  }

  @Test
  void hostileModesEchoRedirectAndDropTheConnection() throws Exception {
    byte[] body = ExportTraceServiceRequest.newBuilder().build().toByteArray();
    receiver.respondEchoingHeaders(401);
    HttpResponse<String> echoed =
        post("/v1/traces", "application/x-protobuf", body, Map.of("api_key", "k-ECHO-1"));
    assertEquals(401, echoed.statusCode());
    assertTrue(echoed.body().contains("Api_key: k-ECHO-1"), echoed.body());

    receiver.respondWithBody(500, "line one\n[WARN] line two");
    assertEquals(
        "line one\n[WARN] line two",
        post("/v1/traces", "application/x-protobuf", body, Map.of()).body());

    receiver.redirectTo(307, "http://127.0.0.1:9/v1/traces");
    HttpResponse<String> redirected = post("/v1/traces", "application/x-protobuf", body, Map.of());
    assertEquals(307, redirected.statusCode());
    assertEquals(
        "http://127.0.0.1:9/v1/traces", redirected.headers().firstValue("location").orElse(""));

    receiver.resetConnections();
    // no answer at all: the client sees the connection end
    org.junit.jupiter.api.Assertions.assertThrows(
        IOException.class, () -> post("/v1/traces", "application/x-protobuf", body, Map.of()));
    assertEquals(4, receiver.requests().size(), "every request is recorded");
  }

  private HttpResponse<String> post(
      String path, String contentType, byte[] body, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(receiver.baseUrl() + path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String hex(ByteString bytes) {
    return HexFormat.of().formatHex(bytes.toByteArray());
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] gzip(byte[] plain) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(plain);
    }
    return out.toByteArray();
  }
}
