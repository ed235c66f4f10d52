package dev.otelpresets.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Receivers that hold exports undecoded until asked, for load tests. */
class OtlpReceiverDeferredTest {

  private OtlpReceiver receiver;

  @AfterEach
  void closeReceiver() {
    if (receiver != null) {
      receiver.close();
    }
  }

  private static List<SpanData> parentAndChild() {
    return TestSpans.record(
        tracer -> {
          var parent = tracer.spanBuilder("parent").startSpan();
          tracer
              .spanBuilder("child")
              .setParent(Context.root().with(parent))
              .setAttribute("llm.provider", "openai")
              .startSpan()
              .end();
          parent.end();
        });
  }

  @Test
  void holdsGzippedHttpExportsUndecodedThenDecodesThemLikeAnImmediateReceiver() {
    receiver = OtlpReceiver.startDeferred("deferred http");
    OtlpReceiver immediate = OtlpReceiver.start("immediate http");
    try {
      List<SpanData> sent = parentAndChild();
      for (OtlpReceiver r : List.of(receiver, immediate)) {
        OtlpHttpSpanExporter exporter =
            OtlpHttpSpanExporter.builder()
                .setEndpoint(r.tracesUrl())
                .addHeader("Authorization", "Bearer sk-deferred")
                .setCompression("gzip")
                .build();
        assertTrue(TestSpans.export(exporter, sent).isSuccess(), "the exporter saw success");
        assertTrue(TestSpans.export(exporter, sent.subList(0, 1)).isSuccess());
        exporter.shutdown();
      }

      assertTrue(receiver.isDeferred());
      assertFalse(immediate.isDeferred());
      assertEquals(2, receiver.heldCount());
      assertTrue(receiver.requests().isEmpty(), "nothing recorded before decoding");
      assertTrue(receiver.spans().isEmpty());

      assertEquals(2, receiver.decodeDeferred());

      assertEquals(0, receiver.heldCount());
      assertEquals(0, receiver.decodeDeferred(), "nothing held twice");
      assertEquals(describe(immediate.spans()), describe(receiver.spans()));
      assertEquals(3, receiver.spans().size());
      ReceivedSpan child = receiver.spans().get(0);
      assertEquals(sent.get(0).getSpanId(), child.spanId());
      assertEquals(sent.get(0).getTraceId(), child.traceId());
      assertEquals("openai", child.stringAttribute("llm.provider"));
      assertEquals("testkit-test", child.resourceAttributes().get("service.name"));
      ReceivedRequest request = child.request();
      assertEquals(200, request.status());
      assertEquals("/v1/traces", request.path());
      assertEquals(ReceivedRequest.HTTP_PROTOBUF, request.transport());
      assertEquals("Bearer sk-deferred", request.header("authorization"));
      assertEquals("gzip", request.header("content-encoding"));
      assertEquals(
          immediate.requests().get(0).bodyAsText(), request.bodyAsText(), "body after gunzip");
    } finally {
      immediate.close();
    }
  }

  @Test
  void holdsGrpcExportsUndecodedThenDecodesThem() {
    receiver = OtlpReceiver.startWithGrpcDeferred("deferred grpc");
    OtlpGrpcSpanExporter exporter =
        OtlpGrpcSpanExporter.builder()
            .setEndpoint(receiver.grpcEndpoint())
            .addHeader("x-api-key", "grpc-secret")
            .setCompression("gzip")
            .build();
    List<SpanData> sent = parentAndChild();

    assertTrue(TestSpans.export(exporter, sent).isSuccess());
    exporter.shutdown();

    assertEquals(1, receiver.heldCount());
    assertTrue(receiver.spans().isEmpty());
    assertEquals(1, receiver.decodeDeferred());
    List<ReceivedSpan> spans = receiver.spans();
    assertEquals(
        List.of("child", "parent"),
        spans.stream().map(ReceivedSpan::name).collect(Collectors.toList()));
    assertEquals(sent.get(1).getSpanId(), spans.get(1).spanId());
    assertEquals(spans.get(1).spanId(), spans.get(0).parentSpanId());
    ReceivedRequest request = spans.get(0).request();
    assertEquals("/opentelemetry.proto.collector.trace.v1.TraceService/Export", request.path());
    assertEquals(ReceivedRequest.GRPC, request.transport());
    assertEquals(200, request.status());
    assertEquals("grpc-secret", request.header("x-api-key"));
  }

  @Test
  void answersAsConfiguredAndRecordsTheStatusThatWasSent() {
    receiver = OtlpReceiver.startWithGrpcDeferred("deferred rejecting");
    receiver.respondWith(503);
    OtlpHttpSpanExporter http =
        OtlpHttpSpanExporter.builder()
            .setEndpoint(receiver.tracesUrl())
            .setRetryPolicy(null)
            .build();
    OtlpGrpcSpanExporter grpc =
        OtlpGrpcSpanExporter.builder()
            .setEndpoint(receiver.grpcEndpoint())
            .setRetryPolicy(null)
            .build();

    assertFalse(TestSpans.export(http, TestSpans.single("rejected http")).isSuccess());
    assertFalse(TestSpans.export(grpc, TestSpans.single("rejected grpc")).isSuccess());
    http.shutdown();
    grpc.shutdown();

    assertEquals(2, receiver.decodeDeferred());
    assertEquals(
        List.of(503, 503),
        receiver.requests().stream().map(ReceivedRequest::status).collect(Collectors.toList()));
    assertTrue(receiver.requests().get(0).traces().isPresent(), "decoded all the same");
    assertTrue(receiver.spans().isEmpty(), "a rejected export adds no spans");
  }

  @Test
  void answersUnknownPathsAtOnceAndReportsUndecodableBodiesWhenDecoding() throws Exception {
    receiver = OtlpReceiver.startDeferred("deferred junk");
    HttpClient client = HttpClient.newHttpClient();

    assertEquals(404, post(client, "/v2/whatever", "application/x-protobuf", "x", Map.of()));
    assertEquals(415, post(client, "/v1/traces", "text/plain", "hello", Map.of()));
    assertEquals(
        200,
        post(client, "/v1/traces", "application/x-protobuf", "\u00ff\u00ffjunk", Map.of()),
        "not parsed on arrival");
    assertEquals(
        200,
        post(client, "/v1/traces", "application/json", "{}", Map.of("Content-Encoding", "gzip")),
        "not gunzipped on arrival");
    assertEquals(200, post(client, "/v1/traces", "application/json", "{}", Map.of()));

    assertEquals(
        List.of(
            "POST /v2/whatever (http/protobuf) -> 404", "POST /v1/traces (http/protobuf) -> 415"),
        receiver.requests().stream().map(ReceivedRequest::toString).collect(Collectors.toList()));
    assertEquals(3, receiver.heldCount());
    AssertionError failure = assertThrows(AssertionError.class, receiver::decodeDeferred);
    assertTrue(
        failure.getMessage().contains("2 held exports could not be decoded"), failure.getMessage());
    assertTrue(failure.getMessage().contains("not valid gzip"), failure.getMessage());
    assertTrue(failure.getMessage().contains("cannot decode body"), failure.getMessage());
    assertEquals(5, receiver.requests().size(), "every request is recorded");
    assertEquals(0, receiver.heldCount());
    assertTrue(receiver.requests().get(4).traces().isPresent(), "the valid one was decoded");
  }

  @Test
  void resetForgetsHeldExports() {
    receiver = OtlpReceiver.startDeferred("deferred reset");
    OtlpHttpSpanExporter exporter =
        OtlpHttpSpanExporter.builder().setEndpoint(receiver.tracesUrl()).build();
    assertTrue(TestSpans.export(exporter, TestSpans.single("forgotten")).isSuccess());
    exporter.shutdown();
    assertEquals(1, receiver.heldCount());

    receiver.reset();

    assertEquals(0, receiver.heldCount());
    assertEquals(0, receiver.decodeDeferred());
    assertTrue(receiver.requests().isEmpty());
  }

  @Test
  void anImmediateReceiverHasNothingToDecode() {
    receiver = OtlpReceiver.start("immediate");
    assertEquals(0, receiver.heldCount());
    IllegalStateException e = assertThrows(IllegalStateException.class, receiver::decodeDeferred);
    assertTrue(e.getMessage().contains("startDeferred"), e.getMessage());
  }

  private int post(
      HttpClient client, String path, String contentType, String body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(receiver.baseUrl() + path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.UTF_8)));
    headers.forEach(request::header);
    return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static String describe(List<ReceivedSpan> spans) {
    return spans.stream()
        .map(s -> s.traceId() + "/" + s.spanId() + "/" + s.name() + "/" + s.attributes())
        .collect(Collectors.joining("\n"));
  }
}
