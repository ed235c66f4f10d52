package dev.otelpresets.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** OTLP/gRPC as sent by the SDK's default (OkHttp, HTTP/2 prior knowledge) gRPC sender. */
class OtlpReceiverGrpcTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final OtlpReceiver receiver = OtlpReceiver.startWithGrpc("grpc test receiver");

  @AfterEach
  void closeReceiver() {
    receiver.close();
  }

  @Test
  void recordsSpansAndMetadataFromTheRealGrpcExporter() {
    OtlpGrpcSpanExporter exporter =
        OtlpGrpcSpanExporter.builder()
            .setEndpoint(receiver.grpcEndpoint())
            .addHeader("x-api-key", "grpc-secret")
            .setCompression("gzip")
            .build();
    List<SpanData> sent =
        TestSpans.record(
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

    assertTrue(TestSpans.export(exporter, sent).isSuccess());

    List<ReceivedSpan> spans = receiver.awaitSpans(2, TIMEOUT);
    ReceivedSpan child = spans.get(0);
    ReceivedSpan parent = spans.get(1);
    assertEquals("child", child.name());
    assertEquals(sent.get(0).getSpanId(), child.spanId());
    assertEquals(sent.get(0).getTraceId(), child.traceId());
    assertEquals(parent.spanId(), child.parentSpanId());
    assertEquals("openai", child.stringAttribute("llm.provider"));
    assertEquals("testkit-test", child.resourceAttributes().get("service.name"));

    ReceivedRequest request = child.request();
    assertEquals("/opentelemetry.proto.collector.trace.v1.TraceService/Export", request.path());
    assertEquals(ReceivedRequest.GRPC, request.transport());
    assertEquals(200, request.status());
    assertEquals("grpc-secret", request.header("X-Api-Key"));
    assertTrue(request.traces().isPresent());
    assertTrue(request.bodyAsText().contains("llm.provider"), request.bodyAsText());
    assertTrue(receiver.grpcEndpoint().matches("http://127\\.0\\.0\\.1:\\d+"));
    exporter.shutdown();
  }

  @Test
  void unavailableFailsTheExportAndIsRecordedWithTheHttpStatus() {
    assertRejected(503);
  }

  @Test
  void unauthenticatedFailsTheExportAndIsRecordedWithTheHttpStatus() {
    assertRejected(401);
  }

  @Test
  void slowAnswersMakeTheExporterTimeOut() {
    OtlpGrpcSpanExporter exporter =
        OtlpGrpcSpanExporter.builder()
            .setEndpoint(receiver.grpcEndpoint())
            .setTimeout(
                Duration.ofSeconds(3)) // generous: a loaded CI machine must not fail the warm-up
            .setRetryPolicy(null)
            .build();
    // the first export also pays for connecting and class loading; keep that out of the timeout
    assertTrue(TestSpans.export(exporter, TestSpans.single("warm-up")).isSuccess());
    // far longer than the timeout; close() interrupts the waiting answer, so the test stays fast
    receiver.delayResponses(Duration.ofSeconds(30));

    CompletableResultCode result = TestSpans.export(exporter, TestSpans.single("slow"));

    assertFalse(result.isSuccess());
    assertEquals("slow", receiver.awaitSpans(2, TIMEOUT).get(1).name(), "recorded on arrival");
    exporter.shutdown();
  }

  @Test
  void mapsHttpStatusesToGrpcStatuses() {
    assertEquals(Status.Code.OK, GrpcStatuses.forHttpStatus(200).getCode());
    assertEquals(Status.Code.UNAUTHENTICATED, GrpcStatuses.forHttpStatus(401).getCode());
    assertEquals(Status.Code.PERMISSION_DENIED, GrpcStatuses.forHttpStatus(403).getCode());
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, GrpcStatuses.forHttpStatus(429).getCode());
    assertEquals(Status.Code.UNAVAILABLE, GrpcStatuses.forHttpStatus(503).getCode());
    assertEquals(Status.Code.INTERNAL, GrpcStatuses.forHttpStatus(500).getCode());
    assertEquals(Status.Code.INTERNAL, GrpcStatuses.forHttpStatus(418).getCode());
  }

  private void assertRejected(int httpStatus) {
    OtlpGrpcSpanExporter exporter =
        OtlpGrpcSpanExporter.builder()
            .setEndpoint(receiver.grpcEndpoint())
            .setRetryPolicy(null)
            .build();
    receiver.respondWith(httpStatus);

    CompletableResultCode result = TestSpans.export(exporter, TestSpans.single("rejected"));

    assertTrue(result.isDone());
    assertFalse(result.isSuccess());
    assertEquals(1, receiver.requests().size());
    assertEquals(httpStatus, receiver.requests().get(0).status());
    assertTrue(receiver.spans().isEmpty());
    exporter.shutdown();
  }
}
