package dev.otelpresets.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.LlmCall;
import dev.otelpresets.core.LlmRequest;
import dev.otelpresets.core.LlmResponse;
import dev.otelpresets.core.OtelPresets;
import dev.otelpresets.core.internal.OtlpExporters;
import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.ExporterProtocol;
import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.ReceivedRequest;
import dev.otelpresets.testkit.ReceivedSpan;
import dev.otelpresets.testkit.conformance.CompanionPresets;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The OTLP/HTTP transport the presets use writes each span's bytes once and a request from them:
 * over real OTLP to the testkit's receiver, decoded with opentelemetry-proto, what it sends must
 * be what the SDK's own {@link OtlpHttpSpanExporter} sends for the same spans; backends whose
 * spans serialize alike share those bytes yet each keeps its own resource and headers; a backend
 * whose content policy changed the span never gets another backend's bytes.
 */
class WireFormatTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void theRequestDecodesEqualToTheSdkExportersForTheSameSpans() {
    List<SpanData> spans = variedSpans();
    try (OtlpReceiver sdk = OtlpReceiver.start("sdk exporter");
        OtlpReceiver ours = OtlpReceiver.start("record exporter")) {
      for (String compression : List.of("gzip", "none")) {
        sdk.reset();
        ours.reset();
        SpanExporter reference =
            OtlpHttpSpanExporter.builder()
                .setEndpoint(sdk.tracesUrl())
                .setCompression(compression)
                .build();
        SpanExporter transport =
            OtlpExporters.INSTANCE.create(
                ExporterSpec.builder(ExporterOwner.of("wire"))
                    .protocol(ExporterProtocol.HTTP_PROTOBUF)
                    .endpoint(ours.tracesUrl())
                    .compression(compression)
                    .build());
        try {
          assertTrue(join(reference.export(spans)), "the SDK's exporter failed");
          assertTrue(join(transport.export(spans)), "the record exporter failed");
        } finally {
          reference.shutdown();
          transport.shutdown();
        }
        ReceivedRequest expected = only(sdk);
        ReceivedRequest actual = only(ours);
        assertEquals(200, actual.status());
        assertEquals(compression.equals("gzip") ? "gzip" : null, actual.header("content-encoding"));
        ExportTraceServiceRequest want = expected.traces().orElseThrow();
        ExportTraceServiceRequest got = actual.traces().orElseThrow();
        assertEquals(3, want.getResourceSpansCount(), "the spans span three resources");
        assertEquals(grouped(want), grouped(got), compression);
        assertEquals(expected.body().length, actual.body().length, compression);
        assertEquals(expected.header("user-agent"), actual.header("user-agent"));
      }
    }
  }

  @Test
  void ownersSharingBytesEachGetTheirOwnResourceAndHeaders() {
    try (OtlpReceiver arize = OtlpReceiver.start("arize");
        OtlpReceiver phoenix = OtlpReceiver.start("phoenix")) {
      GenAiTelemetry t = start("callbacks: [arize, arize_phoenix]\n", arize, phoenix);
      try {
        for (int i = 0; i < 20; i++) {
          chat(t, "PROMPT-" + i);
        }
      } finally {
        t.close();
      }
      List<ReceivedSpan> a = arize.awaitSpans(20, WAIT);
      List<ReceivedSpan> p = phoenix.awaitSpans(20, WAIT);
      assertEquals(spanBodies(a), spanBodies(p), "both map to the same OpenInference spans");
      assertTrue(spanBodies(a).toString().contains("PROMPT-7"), "with their content");
      for (ReceivedRequest r : arize.requests()) {
        assertEquals("arize-companion-space", r.header("space_id"), "arize's header");
        assertFalse(String.valueOf(r.headers()).contains("phoenix-companion-key"), "phoenix's");
      }
      for (ReceivedRequest r : phoenix.requests()) {
        assertEquals(null, r.header("space_id"), "no arize header at phoenix");
        assertFalse(String.valueOf(r.headers()).contains("arize-companion"), "arize's");
        assertTrue(String.valueOf(r.headers()).contains("phoenix-companion-key"), "its own key");
      }
      assertFalse(
          resourceOf(a).equals(resourceOf(p)),
          "each owner's resource overlay: " + resourceOf(a) + " / " + resourceOf(p));
    }
  }

  @Test
  void aBackendWithoutContentNeverGetsTheBytesOfOneWithContent() {
    try (OtlpReceiver arize = OtlpReceiver.start("arize, content");
        OtlpReceiver phoenix = OtlpReceiver.start("phoenix, no_content")) {
      GenAiTelemetry t =
          start(
              "callbacks: [arize, arize_phoenix]\n"
                  + "presets:\n"
                  + "  arize_phoenix:\n    capture_message_content: no_content\n",
              arize,
              phoenix);
      try {
        for (int i = 0; i < 20; i++) {
          chat(t, "SECRET-PROMPT-" + i);
        }
      } finally {
        t.close();
      }
      arize.awaitSpans(20, WAIT);
      phoenix.awaitSpans(20, WAIT);
      String withContent = bodies(arize);
      String without = bodies(phoenix);
      assertTrue(withContent.contains("SECRET-PROMPT-7"), "arize keeps the content");
      assertTrue(withContent.contains("ANSWER-7"), "arize keeps the answer");
      assertFalse(without.contains("SECRET-PROMPT"), "no prompt reaches phoenix");
      assertFalse(without.contains("ANSWER-"), "no answer reaches phoenix");
    }
  }

  private static GenAiTelemetry start(String yaml, OtlpReceiver arize, OtlpReceiver phoenix) {
    Map<String, String> env = new HashMap<>(CompanionPresets.env("arize", arize).orElseThrow());
    env.putAll(CompanionPresets.env("phoenix", phoenix).orElseThrow());
    return OtelPresets.builder()
        .configYaml(
            "settings:\n  shutdown_hook: false\n  capture_message_content: span_only\n" + yaml)
        .environment(env)
        .publishGlobal(false)
        .build();
  }

  private static void chat(GenAiTelemetry t, String prompt) {
    LlmCall call =
        t.startCall(
            LlmRequest.builder()
                .provider("openai")
                .requestModel("gpt-4o")
                .inputMessages(List.of(ChatMessage.text("user", prompt + " é ✓")))
                .build());
    String n = prompt.substring(prompt.lastIndexOf('-') + 1);
    call.end(
        LlmResponse.builder()
            .outputMessages(List.of(ChatMessage.text("assistant", "ANSWER-" + n)))
            .build());
  }

  /** Each span as received, without its resource: what both owners' shared bytes hold. */
  private static List<String> spanBodies(List<ReceivedSpan> spans) {
    List<String> out = new ArrayList<>();
    for (ReceivedSpan s : spans) {
      out.add(s.proto().toString());
    }
    Collections.sort(out);
    return out;
  }

  private static String resourceOf(List<ReceivedSpan> spans) {
    return spans.get(0).resource().toString();
  }

  private static String bodies(OtlpReceiver r) {
    StringBuilder b = new StringBuilder();
    for (ReceivedRequest q : r.requests()) {
      b.append(q.traces().orElseThrow());
    }
    return b.toString();
  }

  /**
   * The request as resource → scope → spans in order: the order of resource and scope groups
   * carries no meaning (the SDK's two marshalers order them differently).
   */
  private static Map<String, Map<String, List<String>>> grouped(ExportTraceServiceRequest r) {
    Map<String, Map<String, List<String>>> out = new TreeMap<>();
    for (ResourceSpans rs : r.getResourceSpansList()) {
      Map<String, List<String>> scopes =
          out.computeIfAbsent(
              rs.getResource() + " schema=" + rs.getSchemaUrl(), k -> new TreeMap<>());
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        List<String> spans =
            scopes.computeIfAbsent(
                ss.getScope() + " schema=" + ss.getSchemaUrl(), k -> new ArrayList<>());
        ss.getSpansList().forEach(span -> spans.add(span.toString()));
      }
    }
    return out;
  }

  private static ReceivedRequest only(OtlpReceiver r) {
    List<ReceivedRequest> requests = r.requests();
    assertEquals(1, requests.size(), r.name());
    return requests.get(0);
  }

  private static boolean join(CompletableResultCode result) {
    return result.join(30, TimeUnit.SECONDS).isSuccess();
  }

  /**
   * Spans of every shape: two scopes under one resource, a third scope with a schema URL and
   * attributes, a second and third resource; events, links, status, every attribute type, trace
   * state, dropped counts (attribute and event limits), a remote parent.
   */
  private static List<SpanData> variedSpans() {
    Collecting out = new Collecting();
    Resource first =
        Resource.create(
            Attributes.of(AttributeKey.stringKey("service.name"), "wire"),
            "https://opentelemetry.io/schemas/1.24.0");
    Resource second = Resource.create(Attributes.of(AttributeKey.longKey("shard"), 7L));
    for (Resource resource : List.of(first, second, Resource.empty())) {
      SdkTracerProvider provider =
          SdkTracerProvider.builder()
              .setResource(resource)
              .setSpanLimits(
                  SpanLimits.builder().setMaxNumberOfAttributes(8).setMaxNumberOfEvents(2).build())
              .addSpanProcessor(SimpleSpanProcessor.create(out))
              .build();
      try {
        Tracer a = provider.get("scope-a");
        Tracer b =
            provider
                .tracerBuilder("scope-b")
                .setInstrumentationVersion("1.2.3")
                .setSchemaUrl("https://opentelemetry.io/schemas/1.21.0")
                .build();
        for (Tracer tracer : List.of(a, b)) {
          SpanContext remote =
              SpanContext.createFromRemoteParent(
                  "0af7651916cd43dd8448eb211c80319c",
                  "b7ad6b7169203331",
                  TraceFlags.getSampled(),
                  TraceState.builder().put("vendor", "x=1").build());
          Span parent =
              tracer
                  .spanBuilder("parent é")
                  .setParent(io.opentelemetry.context.Context.root().with(Span.wrap(remote)))
                  .setSpanKind(SpanKind.SERVER)
                  .setAttribute("s", "text ✓")
                  .setAttribute("l", 42L)
                  .setAttribute("d", 0.5)
                  .setAttribute("b", true)
                  .setAttribute(AttributeKey.stringArrayKey("sa"), List.of("x", "y"))
                  .setAttribute(AttributeKey.longArrayKey("la"), List.of(1L, 2L))
                  .setAttribute(AttributeKey.doubleArrayKey("da"), List.of(1.5))
                  .setAttribute(AttributeKey.booleanArrayKey("ba"), List.of(true, false))
                  .addLink(remote, Attributes.of(AttributeKey.stringKey("link"), "yes"))
                  .startSpan();
          for (int i = 0; i < 12; i++) {
            parent.setAttribute("extra." + i, i); // beyond the limit: dropped, counted
          }
          parent.addEvent("e1", Attributes.of(AttributeKey.stringKey("k"), "v"));
          parent.addEvent("e2");
          parent.addEvent("e3"); // beyond the limit
          parent.setStatus(StatusCode.ERROR, "broke");
          Span child =
              tracer
                  .spanBuilder("child")
                  .setParent(io.opentelemetry.context.Context.root().with(parent))
                  .startSpan();
          child.setStatus(StatusCode.OK);
          child.end();
          parent.end();
        }
      } finally {
        provider.shutdown().join(10, TimeUnit.SECONDS);
      }
    }
    assertEquals(12, out.spans.size());
    return List.copyOf(out.spans);
  }

  /** Keeps what it is handed. */
  private static final class Collecting implements SpanExporter {
    final List<SpanData> spans = Collections.synchronizedList(new ArrayList<>());

    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
      spans.addAll(batch);
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
