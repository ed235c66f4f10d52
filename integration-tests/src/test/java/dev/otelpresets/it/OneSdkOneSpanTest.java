package dev.otelpresets.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.LlmCall;
import dev.otelpresets.core.OtelPresets;
import dev.otelpresets.core.internal.GlobalHandle;
import dev.otelpresets.testkit.GenAiScenarios;
import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.ReceivedSpan;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One SDK, one span per operation: a preset with its own vocabulary plus {@code otel}; a server span
 * from the GLOBAL tracer (as third-party HTTP instrumentation makes it) and a streamed LLM call
 * under it reach both receivers connected, once each, each in its own vocabulary.
 */
class OneSdkOneSpanTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private OtlpReceiver x;
  private OtlpReceiver otel;

  @BeforeEach
  void setUp() {
    GlobalHandle.resetForTest();
    x = OtlpReceiver.start("x receiver");
    otel = OtlpReceiver.start("otel receiver");
  }

  @AfterEach
  void tearDown() {
    x.close();
    otel.close();
    GlobalHandle.resetForTest();
  }

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("X_ENDPOINT", x.baseUrl());
    env.put("X_TOKEN", "tok-x-secret");
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", otel.baseUrl());
    // the Java SDK's standard default is grpc; this receiver test uses OTLP/HTTP
    env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
    env.put("OTEL_METRICS_EXPORTER", "none");
    env.put("OTEL_LOGS_EXPORTER", "none");
    return env;
  }

  @Test
  void serverSpanAndStreamedCallReachBothReceiversConnectedOnceInOwnVocabulary() {
    String serverTraceId;
    String serverSpanId;
    String llmSpanId;
    try (GenAiTelemetry telemetry =
        OtelPresets.builder()
            .configYaml("callbacks: [x, otel]\nsettings:\n  shutdown_hook: false\n")
            .environment(env())
            .build()) {
      // third-party instrumentation takes the global tracer, not ours
      Tracer thirdParty = GlobalOpenTelemetry.getTracer("io.example.http-server");
      Span server =
          thirdParty
              .spanBuilder("POST /v1/chat/completions")
              .setSpanKind(SpanKind.SERVER)
              .startSpan();
      try (Scope ignored = server.makeCurrent()) {
        LlmCall call = telemetry.startCall(GenAiScenarios.request().stream(true).build());
        call.firstChunk();
        call.chunk();
        call.end(GenAiScenarios.response().build());
        llmSpanId = call.span().getSpanContext().getSpanId();
      } finally {
        server.end();
      }
      serverTraceId = server.getSpanContext().getTraceId();
      serverSpanId = server.getSpanContext().getSpanId();
    } // close() flushes

    for (OtlpReceiver r : List.of(x, otel)) {
      List<ReceivedSpan> spans = r.awaitSpans(2, WAIT);
      assertEquals(2, spans.size(), r.name() + " got " + spans);
      Map<String, ReceivedSpan> byId =
          spans.stream().collect(Collectors.toMap(ReceivedSpan::spanId, s -> s));
      ReceivedSpan srv = byId.get(serverSpanId);
      ReceivedSpan llm = byId.get(llmSpanId);
      assertEquals("POST /v1/chat/completions", srv.name(), r.name());
      assertEquals(serverTraceId, srv.traceId(), r.name());
      assertEquals(serverTraceId, llm.traceId(), r.name() + ": LLM span in the server's trace");
      assertEquals(serverSpanId, llm.parentSpanId(), r.name() + ": LLM span's parent");
      assertEquals("chat gpt-4o", llm.name());
      assertEquals(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CLIENT, llm.kind());
      assertEquals("openai", llm.stringAttribute("gen_ai.provider.name"));
      assertEquals(true, llm.attribute("gen_ai.request.stream"));
      assertEquals(42L, llm.attribute("gen_ai.usage.input_tokens"));
      assertTrue(llm.attribute("gen_ai.response.time_to_first_chunk") instanceof Double);
      assertEquals("/v1/traces", r.requests().get(0).path());
    }
    // vocabulary per exporter
    ReceivedSpan xLlm = only(x, llmSpanId);
    ReceivedSpan xServer = only(x, serverSpanId);
    assertEquals("llm", xLlm.stringAttribute("x.kind"));
    assertEquals("gpt-4o", xLlm.stringAttribute("x.model"));
    assertEquals("span", xServer.stringAttribute("x.kind"));
    assertEquals("proj-x", xLlm.resourceAttributes().get("x.project"));
    for (ReceivedSpan s : otel.spans()) {
      assertFalse(
          s.attributes().keySet().stream().anyMatch(k -> k.startsWith("x.")),
          "otel receiver saw x vocabulary: " + s);
      assertFalse(s.resourceAttributes().containsKey("x.project"), "x overlay leaked: " + s);
    }
    // credentials with their owner only
    assertEquals("Bearer tok-x-secret", x.requests().get(0).header("authorization"));
    otel.requests().forEach(req -> assertNull(req.header("authorization"), "otel got auth"));
    otel.requests().forEach(req -> assertFalse(req.bodyAsText().contains("tok-x-secret")));
    otel.assertNoMoreSpans(Duration.ofMillis(300));
    x.assertNoMoreSpans(Duration.ofMillis(300));
  }

  @Test
  void aPresetListedTwiceAndByAliasExportsOneCopy() {
    try (GenAiTelemetry telemetry =
        OtelPresets.builder()
            .configYaml("callbacks: [x, x_otel, otel, otel]\nsettings:\n  shutdown_hook: false\n")
            .environment(env())
            .publishGlobal(false)
            .build()) {
      assertEquals(List.of("x", "otel"), telemetry.presetNames());
      new GenAiScenarios(telemetry).plainChat();
    }
    assertEquals(2, x.awaitSpans(2, WAIT).size());
    assertEquals(2, otel.awaitSpans(2, WAIT).size());
    x.assertNoMoreSpans(Duration.ofMillis(300));
    otel.assertNoMoreSpans(Duration.ofMillis(300));
    assertEquals(2, x.spans().size());
    assertEquals(2, otel.spans().size(), "the otel callback must not export twice");
  }

  private static ReceivedSpan only(OtlpReceiver r, String spanId) {
    List<ReceivedSpan> found = r.spans().stream().filter(s -> s.spanId().equals(spanId)).toList();
    assertEquals(1, found.size(), r.name() + " copies of " + spanId);
    return found.get(0);
  }
}
