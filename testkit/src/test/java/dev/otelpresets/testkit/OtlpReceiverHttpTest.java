package dev.otelpresets.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OtlpReceiverHttpTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final OtlpReceiver receiver = OtlpReceiver.start("http test receiver");

  @AfterEach
  void closeReceiver() {
    receiver.close();
  }

  @Test
  void recordsSpansIdsAttributesResourceAndHeadersFromTheRealHttpExporter() throws Exception {
    OtlpHttpSpanExporter exporter =
        OtlpHttpSpanExporter.builder()
            .setEndpoint(receiver.tracesUrl())
            .addHeader("Authorization", "Bearer sk-test-123")
            .setCompression("gzip")
            .build();
    SpanContext parentContext;
    SpanContext childContext;
    try (SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(TestSpans.RESOURCE)
            .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
            .build()) {
      var tracer = provider.get("dev.otelpresets.testkit.test");
      Span parent = tracer.spanBuilder("agent run").setSpanKind(SpanKind.SERVER).startSpan();
      parentContext = parent.getSpanContext();
      Span child =
          tracer
              .spanBuilder("chat gpt-4o")
              .setParent(Context.root().with(parent))
              .setSpanKind(SpanKind.CLIENT)
              .setAttribute("gen_ai.request.model", "gpt-4o")
              .setAttribute("gen_ai.usage.input_tokens", 42L)
              .setAttribute("gen_ai.request.temperature", 0.5)
              .setAttribute("gen_ai.is_stream", true)
              .setAttribute(
                  AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"),
                  List.of("stop", "length"))
              .setAttribute(AttributeKey.longArrayKey("token.ids"), List.of(1L, 2L))
              .startSpan();
      childContext = child.getSpanContext();
      child.addEvent("gen_ai.choice", Attributes.of(AttributeKey.stringKey("index"), "0"));
      child.setStatus(StatusCode.ERROR, "rate limited");
      child.end();
      parent.end();
      assertTrue(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess());
    }

    List<ReceivedSpan> spans = receiver.awaitSpans(2, TIMEOUT);
    assertEquals(2, spans.size());
    ReceivedSpan child =
        spans.stream().filter(s -> s.name().equals("chat gpt-4o")).findFirst().get();
    ReceivedSpan parent =
        spans.stream().filter(s -> s.name().equals("agent run")).findFirst().get();

    assertEquals(parentContext.getTraceId(), parent.traceId());
    assertEquals(parentContext.getSpanId(), parent.spanId());
    assertTrue(parent.isRoot());
    assertEquals("", parent.parentSpanId());
    assertEquals(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER, parent.kind());

    assertEquals(childContext.getTraceId(), child.traceId());
    assertEquals(childContext.getSpanId(), child.spanId());
    assertEquals(parentContext.getSpanId(), child.parentSpanId());
    assertFalse(child.isRoot());
    assertEquals(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CLIENT, child.kind());

    assertEquals("gpt-4o", child.stringAttribute("gen_ai.request.model"));
    assertEquals(42L, child.attribute("gen_ai.usage.input_tokens"));
    assertEquals(0.5, child.attribute("gen_ai.request.temperature"));
    assertEquals(true, child.attribute("gen_ai.is_stream"));
    assertEquals(List.of("stop", "length"), child.attribute("gen_ai.response.finish_reasons"));
    assertEquals(List.of(1L, 2L), child.attribute("token.ids"));
    assertNull(child.attribute("absent"));
    assertThrows(AssertionError.class, () -> child.stringAttribute("gen_ai.usage.input_tokens"));
    assertEquals(
        List.of(
            "gen_ai.request.model",
            "gen_ai.usage.input_tokens",
            "gen_ai.request.temperature",
            "gen_ai.is_stream",
            "gen_ai.response.finish_reasons",
            "token.ids"),
        List.copyOf(child.attributes().keySet()),
        "attributes keep the order they were set in");
    assertEquals(Status.StatusCode.STATUS_CODE_ERROR, child.status().getCode());
    assertEquals("rate limited", child.status().getMessage());
    assertEquals("gen_ai.choice", child.events().get(0).getName());
    assertEquals("dev.otelpresets.testkit.test", child.scope().getName());
    assertEquals("testkit-test", child.resourceAttributes().get("service.name"));
    assertEquals("ci", child.resourceAttributes().get("deployment.environment.name"));
    assertTrue(child.toString().contains("chat gpt-4o"), child.toString());
    assertTrue(child.toString().contains(childContext.getSpanId()), child.toString());

    ReceivedRequest request = child.request();
    assertEquals("/v1/traces", request.path());
    assertEquals("POST", request.method());
    assertEquals(ReceivedRequest.HTTP_PROTOBUF, request.transport());
    assertEquals(200, request.status());
    assertEquals("Bearer sk-test-123", request.header("AUTHORIZATION"));
    assertEquals("gzip", request.header("content-encoding"));
    assertTrue(request.headers().containsKey("authorization"), "names are lower-cased");
    ExportTraceServiceRequest decoded = request.traces().orElseThrow();
    assertEquals(decoded, ExportTraceServiceRequest.parseFrom(request.body()), "body is gunzipped");
    assertTrue(request.metrics().isEmpty());
    assertTrue(request.bodyAsText().contains("gpt-4o"), request.bodyAsText());
  }

  @Test
  void decodesTracesAtABackendSpecificPathPrefix() {
    OtlpHttpSpanExporter exporter =
        OtlpHttpSpanExporter.builder()
            .setEndpoint(receiver.baseUrl() + "/api/public/otel/v1/traces")
            .build();
    List<SpanData> sent = TestSpans.single("langfuse generation");

    assertTrue(TestSpans.export(exporter, sent).isSuccess());

    ReceivedSpan span = receiver.awaitSpans(1, TIMEOUT).get(0);
    assertEquals("langfuse generation", span.name());
    assertEquals(sent.get(0).getSpanId(), span.spanId());
    assertEquals("/api/public/otel/v1/traces", span.request().path());
    exporter.shutdown();
  }

  @Test
  void rejectsWithTheConfiguredStatusAndRecordsTheRequestButNoSpans() throws Exception {
    OtlpHttpSpanExporter exporter =
        OtlpHttpSpanExporter.builder()
            .setEndpoint(receiver.tracesUrl())
            .setRetryPolicy(null)
            .build();
    receiver.respondWith(401);

    CompletableResultCode result = TestSpans.export(exporter, TestSpans.single("unauthorized"));

    assertTrue(result.isDone());
    assertFalse(result.isSuccess());
    List<ReceivedRequest> requests = receiver.requests();
    assertEquals(1, requests.size());
    assertEquals(401, requests.get(0).status());
    assertEquals(
        "unauthorized",
        requests
            .get(0)
            .traces()
            .orElseThrow()
            .getResourceSpans(0)
            .getScopeSpans(0)
            .getSpans(0)
            .getName(),
        "a rejected body is still decoded for inspection");
    assertTrue(receiver.spans().isEmpty(), "rejected data did not arrive");

    receiver.respondWith(200);
    assertTrue(TestSpans.export(exporter, TestSpans.single("accepted")).isSuccess());
    assertEquals("accepted", receiver.awaitSpans(1, TIMEOUT).get(0).name());
    exporter.shutdown();
  }

  @Test
  void awaitSpansTimeoutListsWhatArrived() {
    OtlpHttpSpanExporter exporter =
        OtlpHttpSpanExporter.builder().setEndpoint(receiver.tracesUrl()).build();
    assertTrue(TestSpans.export(exporter, TestSpans.single("the only span")).isSuccess());

    AssertionError error =
        assertThrows(AssertionError.class, () -> receiver.awaitSpans(2, Duration.ofMillis(100)));

    String message = error.getMessage();
    assertTrue(message.startsWith("http test receiver: "), message);
    assertTrue(message.contains("expected at least 2"), message);
    assertTrue(message.contains("1 spans arrived"), message);
    assertTrue(message.contains("the only span"), message);
    assertTrue(message.contains("POST /v1/traces (http/protobuf) -> 200"), message);
    exporter.shutdown();
  }

  @Test
  void awaitSpansWithPredicateCountsAndReturnsOnlyMatchingSpans() {
    OtlpHttpSpanExporter exporter =
        OtlpHttpSpanExporter.builder().setEndpoint(receiver.tracesUrl()).build();
    List<SpanData> sent =
        TestSpans.record(
            tracer -> {
              tracer.spanBuilder("chat").startSpan().end();
              tracer.spanBuilder("tool").startSpan().end();
              tracer.spanBuilder("chat").startSpan().end();
            });
    assertTrue(TestSpans.export(exporter, sent).isSuccess());

    List<ReceivedSpan> chats = receiver.awaitSpans(s -> s.name().equals("chat"), 2, TIMEOUT);

    assertEquals(2, chats.size());
    assertTrue(chats.stream().allMatch(s -> s.name().equals("chat")));
    AssertionError error =
        assertThrows(
            AssertionError.class,
            () -> receiver.awaitSpans(s -> s.name().equals("tool"), 2, Duration.ofMillis(50)));
    assertTrue(error.getMessage().contains("1 matched"), error.getMessage());
    receiver.assertNoMoreSpans(Duration.ofMillis(50));
    exporter.shutdown();
  }

  @Test
  void assertNoMoreSpansFailsWhenASpanArrivesDuringTheQuietPeriod() throws Exception {
    OtlpHttpSpanExporter exporter =
        OtlpHttpSpanExporter.builder().setEndpoint(receiver.tracesUrl()).build();
    Thread lateSender = new Thread(() -> TestSpans.export(exporter, TestSpans.single("late")));
    lateSender.start();

    AssertionError error =
        assertThrows(AssertionError.class, () -> receiver.assertNoMoreSpans(TIMEOUT));

    assertTrue(error.getMessage().contains("late"), error.getMessage());
    lateSender.join();
    exporter.shutdown();
  }

  @Test
  void resetForgetsDataAndBehaviour() {
    OtlpHttpSpanExporter exporter =
        OtlpHttpSpanExporter.builder()
            .setEndpoint(receiver.tracesUrl())
            .setRetryPolicy(null)
            .build();
    assertTrue(TestSpans.export(exporter, TestSpans.single("before reset")).isSuccess());
    receiver.awaitSpans(1, TIMEOUT);
    receiver.respondWith(503, Map.of("Retry-After", "1"));

    receiver.reset();

    assertTrue(receiver.requests().isEmpty());
    assertTrue(receiver.spans().isEmpty());
    assertTrue(TestSpans.export(exporter, TestSpans.single("after reset")).isSuccess());
    assertEquals("after reset", receiver.awaitSpans(1, TIMEOUT).get(0).name());
    exporter.shutdown();
  }

  @Test
  void rejectsInvalidBehaviourWithoutChangingIt() {
    assertThrows(IllegalArgumentException.class, () -> receiver.respondWith(99));
    assertThrows(IllegalArgumentException.class, () -> receiver.respondWith(600));
    assertThrows(
        IllegalArgumentException.class, () -> receiver.delayResponses(Duration.ofMillis(-1)));
    assertThrows(NullPointerException.class, () -> receiver.delayResponses(null));

    OtlpHttpSpanExporter exporter =
        OtlpHttpSpanExporter.builder().setEndpoint(receiver.tracesUrl()).build();
    assertTrue(TestSpans.export(exporter, TestSpans.single("still accepted")).isSuccess());
    exporter.shutdown();
  }

  @Test
  void closeIsIdempotent() {
    OtlpReceiver other = OtlpReceiver.startWithGrpc();
    other.close();
    other.close();
  }

  @Test
  void grpcEndpointNeedsStartWithGrpc() {
    IllegalStateException error = assertThrows(IllegalStateException.class, receiver::grpcEndpoint);
    assertTrue(error.getMessage().contains("startWithGrpc"), error.getMessage());
  }

  @Test
  void urlsPointAtTheLoopbackPort() {
    assertEquals("http://127.0.0.1:" + receiver.port(), receiver.baseUrl());
    assertEquals(receiver.baseUrl() + "/v1/traces", receiver.tracesUrl());
    assertEquals(receiver.baseUrl() + "/v1/metrics", receiver.metricsUrl());
    assertEquals("http test receiver", receiver.name());
  }
}
