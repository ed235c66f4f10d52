package dev.otelpresets.core.internal;

import static dev.otelpresets.core.testpresets.Instances.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.LlmCall;
import dev.otelpresets.core.LlmRequest;
import dev.otelpresets.core.LlmResponse;
import dev.otelpresets.core.testpresets.AlphaPreset;
import dev.otelpresets.core.testpresets.BetaPreset;
import dev.otelpresets.core.testpresets.BrokenMapperPreset;
import dev.otelpresets.core.testpresets.Instances;
import dev.otelpresets.core.testpresets.Sinks;
import dev.otelpresets.spi.AttributeMapper;
import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.GenAiAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OwnerScopedSpanExporterTest {
  private static final AttributeKey<String> TENANT =
      AttributeKey.stringKey("otelpresets.internal.tenant");
  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  private static final ExporterOwner OWNER = ExporterOwner.of("unit");

  @AfterEach
  void reset() {
    Sinks.reset();
  }

  private static SpanData span(Attributes attributes, Resource resource) {
    return TestSpanData.builder()
        .setName("chat gpt-4o")
        .setKind(SpanKind.CLIENT)
        .setSpanContext(
            SpanContext.create(
                "0af7651916cd43dd8448eb211c80319c",
                "b7ad6b7169203331",
                TraceFlags.getSampled(),
                TraceState.getDefault()))
        .setStartEpochNanos(1)
        .setEndEpochNanos(2)
        .setHasEnded(true)
        .setStatus(StatusData.unset())
        .setAttributes(attributes)
        .setTotalAttributeCount(attributes.size())
        .setResource(resource)
        .build();
  }

  private static Attributes canonical() {
    return Attributes.builder()
        .put(GenAiAttributes.REQUEST_MODEL, "gpt-4o")
        .put(TENANT, "team-a")
        .put(AttributeKey.stringKey("otelpresets.internal.route"), "r1")
        .build();
  }

  private static Map<String, Object> keys(Attributes a) {
    return a.asMap().entrySet().stream()
        .collect(Collectors.toMap(e -> e.getKey().getKey(), Map.Entry::getValue));
  }

  // ---- unit --------------------------------------------------------------------------------

  @Test
  void internalKeysAreStrippedBeforeTheMapperAndFromTheOutput() {
    List<Attributes> seen = new ArrayList<>();
    InMemorySpanExporter out = InMemorySpanExporter.create();
    OwnerScopedSpanExporter e =
        new OwnerScopedSpanExporter(
            OWNER,
            (s, content, limit) -> {
              seen.add(s.getAttributes());
              return s.getAttributes().toBuilder().put("unit.model", "m").build();
            },
            Attributes.empty(),
            out,
            128);
    assertTrue(e.export(List.of(span(canonical(), Resource.empty()))).isSuccess());
    assertEquals(Map.of("gen_ai.request.model", "gpt-4o"), keys(seen.get(0)));
    SpanData exported = out.getFinishedSpanItems().get(0);
    assertEquals(
        Map.of("gen_ai.request.model", "gpt-4o", "unit.model", "m"),
        keys(exported.getAttributes()));
    assertEquals("b7ad6b7169203331", exported.getSpanId());
  }

  @Test
  void throwingOrNullMapperExportsTheStrippedCanonicalSpanAndCounts() {
    InMemorySpanExporter out = InMemorySpanExporter.create();
    int[] calls = {0};
    OwnerScopedSpanExporter e =
        new OwnerScopedSpanExporter(
            OWNER,
            (s, content, limit) -> {
              if (calls[0]++ == 0) {
                throw new IllegalArgumentException("bad mapper");
              }
              return null;
            },
            Attributes.empty(),
            out,
            128);
    e.export(List.of(span(canonical(), Resource.empty()), span(canonical(), Resource.empty())));
    assertEquals(2, e.mapperFailures());
    for (SpanData s : out.getFinishedSpanItems()) {
      assertEquals(Map.of("gen_ai.request.model", "gpt-4o"), keys(s.getAttributes()));
    }
  }

  @Test
  void attributeLimitIsPassedToTheMapper() {
    int[] limit = {-1};
    new OwnerScopedSpanExporter(
            OWNER,
            (s, content, l) -> {
              limit[0] = l;
              return s.getAttributes();
            },
            Attributes.empty(),
            InMemorySpanExporter.create(),
            17)
        .export(List.of(span(Attributes.empty(), Resource.empty())));
    assertEquals(17, limit[0]);
  }

  @Test
  void resourceOverlayOverridesAndIsAppliedPerResource() {
    InMemorySpanExporter out = InMemorySpanExporter.create();
    OwnerScopedSpanExporter e =
        new OwnerScopedSpanExporter(
            OWNER,
            AttributeMapper.canonical(),
            Attributes.of(SERVICE_NAME, "overlay-svc", AttributeKey.stringKey("project"), "p"),
            out,
            128);
    Resource r1 =
        Resource.create(
            Attributes.of(SERVICE_NAME, "svc-1", AttributeKey.stringKey("host"), "h1"),
            "https://opentelemetry.io/schemas/1.30.0");
    Resource r2 = Resource.create(Attributes.of(AttributeKey.stringKey("host"), "h2"));
    e.export(
        List.of(
            span(Attributes.empty(), r1),
            span(Attributes.empty(), r2),
            span(Attributes.empty(), r1)));
    List<SpanData> spans = out.getFinishedSpanItems();
    assertEquals(
        Map.of("service.name", "overlay-svc", "project", "p", "host", "h1"),
        keys(spans.get(0).getResource().getAttributes()));
    assertEquals(
        "https://opentelemetry.io/schemas/1.30.0", spans.get(0).getResource().getSchemaUrl());
    assertEquals(
        Map.of("service.name", "overlay-svc", "project", "p", "host", "h2"),
        keys(spans.get(1).getResource().getAttributes()));
    assertEquals("h1", spans.get(2).getResource().getAttribute(AttributeKey.stringKey("host")));
  }

  @Test
  void noOverlayKeepsTheSharedResourceInstance() {
    InMemorySpanExporter out = InMemorySpanExporter.create();
    Resource r = Resource.create(Attributes.of(SERVICE_NAME, "svc"));
    new OwnerScopedSpanExporter(OWNER, AttributeMapper.canonical(), Attributes.empty(), out, 128)
        .export(List.of(span(Attributes.empty(), r)));
    assertSame(r, out.getFinishedSpanItems().get(0).getResource());
  }

  @Test
  void flushShutdownAndResultAreTheTransports() {
    IllegalStateException rejected = new IllegalStateException("rejected");
    CompletableResultCode failure = CompletableResultCode.ofExceptionalFailure(rejected);
    int[] flushes = {0};
    int[] shutdowns = {0};
    io.opentelemetry.sdk.trace.export.SpanExporter transport =
        new io.opentelemetry.sdk.trace.export.SpanExporter() {
          @Override
          public CompletableResultCode export(java.util.Collection<SpanData> spans) {
            return failure;
          }

          @Override
          public CompletableResultCode flush() {
            flushes[0]++;
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode shutdown() {
            shutdowns[0]++;
            return CompletableResultCode.ofSuccess();
          }
        };
    OwnerScopedSpanExporter e =
        new OwnerScopedSpanExporter(
            OWNER, AttributeMapper.canonical(), Attributes.empty(), transport, 128);
    // The caller sees the transport's outcome (done, failed, the same throwable), on a result
    // completed only once the batch was counted.
    CompletableResultCode seen = e.export(List.of(span(Attributes.empty(), Resource.empty())));
    assertTrue(seen.isDone());
    assertFalse(seen.isSuccess());
    assertSame(rejected, seen.getFailureThrowable());
    e.flush();
    e.shutdown();
    assertEquals(1, flushes[0]);
    assertEquals(1, shutdowns[0]);
    assertSame(transport, e.delegate());
    assertEquals(OWNER, e.owner());
  }

  // ---- through the running pipeline --------------------------------------------------------

  @Test
  void eachOwnerGetsItsOwnVocabularyResourceAndOneSharedSpanId() {
    try (GenAiTelemetry t = Instances.start(yaml("mem-alpha, mem-beta, mem-broken-mapper"))) {
      Span server =
          t.openTelemetry()
              .getTracer("host")
              .spanBuilder("POST /chat")
              .setAttribute(TENANT, "team-a")
              .startSpan();
      try (Scope ignored = server.makeCurrent()) {
        LlmCall call =
            t.startCall(LlmRequest.builder().provider("openai").requestModel("gpt-4o").build());
        call.span().setAttribute(TENANT, "team-a");
        call.end(LlmResponse.builder().inputTokens(10).build());
      } finally {
        server.end();
      }
      assertTrue(t.forceFlush());

      SpanData alpha = Sinks.of(AlphaPreset.NAME).named("chat gpt-4o");
      SpanData beta = Sinks.of(BetaPreset.NAME).named("chat gpt-4o");
      SpanData broken = Sinks.of(BrokenMapperPreset.NAME).named("chat gpt-4o");

      // one span, one id, everywhere; the parent is there for every owner
      assertEquals(alpha.getSpanContext(), beta.getSpanContext());
      assertEquals(alpha.getSpanContext(), broken.getSpanContext());
      for (String sink : List.of(AlphaPreset.NAME, BetaPreset.NAME, BrokenMapperPreset.NAME)) {
        assertEquals(2, Sinks.of(sink).spans().size(), sink);
        assertEquals(
            Sinks.of(sink).named("POST /chat").getSpanId(),
            Sinks.of(sink).named("chat gpt-4o").getParentSpanId(),
            sink);
      }

      // vocabulary: beta's mapper ran for beta only
      assertEquals("gpt-4o", beta.getAttributes().get(BetaPreset.MODEL));
      assertEquals(Boolean.TRUE, beta.getAttributes().get(BetaPreset.MAPPED));
      assertNull(beta.getAttributes().get(GenAiAttributes.REQUEST_MODEL));
      assertEquals(10L, beta.getAttributes().get(GenAiAttributes.USAGE_INPUT_TOKENS));
      assertEquals("gpt-4o", alpha.getAttributes().get(GenAiAttributes.REQUEST_MODEL));
      assertNull(alpha.getAttributes().get(BetaPreset.MODEL));

      // the broken mapper's owner gets the canonical span; nobody else is affected
      assertEquals(alpha.getAttributes(), broken.getAttributes());
      assertEquals("gpt-4o", broken.getAttributes().get(GenAiAttributes.REQUEST_MODEL));
      assertNull(broken.getAttributes().get(BetaPreset.MAPPED));
      OwnerScopedSpanExporter brokenExporter =
          ((TelemetryRuntime) t)
              .exporters().stream()
                  .filter(x -> x.owner().equals(BrokenMapperPreset.OWNER))
                  .findFirst()
                  .orElseThrow();
      assertEquals(2, brokenExporter.mapperFailures());

      // internal keys never leave, for any owner, on any span
      for (String sink : List.of(AlphaPreset.NAME, BetaPreset.NAME, BrokenMapperPreset.NAME)) {
        for (SpanData s : Sinks.of(sink).spans()) {
          s.getAttributes()
              .forEach(
                  (k, v) ->
                      assertFalse(
                          k.getKey().startsWith(GenAiAttributes.INTERNAL_PREFIX), sink + ": " + k));
        }
      }

      // resource overlay: one owner only
      assertEquals("beta-project", beta.getResource().getAttribute(BetaPreset.PROJECT));
      assertEquals("beta-service", beta.getResource().getAttribute(SERVICE_NAME));
      assertNull(alpha.getResource().getAttribute(BetaPreset.PROJECT));
      assertNotEquals("beta-service", alpha.getResource().getAttribute(SERVICE_NAME));
      assertNull(broken.getResource().getAttribute(BetaPreset.PROJECT));
      assertEquals("alpha-default", alpha.getResource().getAttribute(AlphaPreset.PROJECT));
      assertNull(beta.getResource().getAttribute(AlphaPreset.PROJECT));
    }
  }

  @Test
  void serviceNameSettingIsTheSharedDefault() {
    try (GenAiTelemetry t =
        Instances.start(
            yaml(
                "mem-alpha, mem-beta",
                "settings:",
                "  shutdown_hook: false",
                "  service_name: my-gateway"))) {
      t.openTelemetry().getTracer("h").spanBuilder("s").startSpan().end();
      assertTrue(t.forceFlush());
      assertEquals(
          "my-gateway", Sinks.of(AlphaPreset.NAME).only().getResource().getAttribute(SERVICE_NAME));
      assertEquals(
          "beta-service",
          Sinks.of(BetaPreset.NAME).only().getResource().getAttribute(SERVICE_NAME),
          "the overlay wins for its owner");
    }
  }

  @Test
  void otelServiceNameEnvWinsOverTheYamlDefault() {
    try (GenAiTelemetry t =
        Instances.start(
            yaml("mem-alpha", "settings:", "  shutdown_hook: false", "  service_name: my-gateway"),
            Map.of("OTEL_SERVICE_NAME", "from-env"))) {
      t.openTelemetry().getTracer("h").spanBuilder("s").startSpan().end();
      assertTrue(t.forceFlush());
      assertEquals(
          "from-env", Sinks.of(AlphaPreset.NAME).only().getResource().getAttribute(SERVICE_NAME));
    }
  }

  @Test
  void otelCallbackWrapsTheAutoconfiguredExporterAndYamlWinsOverEnv() {
    try (GenAiTelemetry t =
        Instances.start(
            yaml("otel, mem-alpha", "presets:", "  otel:", "    endpoint: http://127.0.0.1:9"),
            Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT",
                "http://127.0.0.1:7",
                "OTEL_EXPORTER_OTLP_PROTOCOL",
                "http/protobuf",
                "OTEL_METRICS_EXPORTER",
                "none",
                "OTEL_LOGS_EXPORTER",
                "none"))) {
      List<OwnerScopedSpanExporter> exporters = ((TelemetryRuntime) t).exporters();
      assertEquals(
          List.of("otel", "mem-alpha"), exporters.stream().map(x -> x.owner().id()).toList());
      String transport = exporters.get(0).delegate().toString();
      assertTrue(transport.startsWith("OtlpHttpSpanExporter{"), transport);
      assertTrue(transport.contains("endpoint=http://127.0.0.1:9/v1/traces"), transport);
    }
  }

  @Test
  void otelTracesExporterNoneMeansNoOtelExporter() {
    try (GenAiTelemetry t =
        Instances.start(
            yaml("otel, mem-alpha"),
            Map.of(
                "OTEL_TRACES_EXPORTER",
                "none",
                "OTEL_METRICS_EXPORTER",
                "none",
                "OTEL_LOGS_EXPORTER",
                "none"))) {
      assertEquals(
          List.of("mem-alpha"),
          ((TelemetryRuntime) t).exporters().stream().map(x -> x.owner().id()).toList());
      assertEquals(List.of("otel", "mem-alpha"), t.presetNames());
    }
  }
}
