package dev.otelpresets.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.ExportStats;
import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.OtelPresets;
import dev.otelpresets.core.Tenant;
import dev.otelpresets.core.autoconfigure.PresetsAutoConfiguration;
import dev.otelpresets.core.internal.TelemetryRuntime;
import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.ReceivedSpan;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.trace.IdGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The autoconfigure path (an {@code AutoConfiguredOpenTelemetrySdk} with this module's customizer,
 * found by the real ServiceLoader) runs the same pipeline as the library: the same per-owner
 * chain for the same config, the same span content at the backends, queue drops and abandoned
 * spans counted, and tenants routed.
 */
class AutoConfiguredPipelineTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;
  private OtlpReceiver langfuse;
  private OtlpReceiver phoenix;
  private OpenTelemetrySdk sdk;
  private GenAiTelemetry library;

  @BeforeEach
  void start() {
    langfuse = OtlpReceiver.start("langfuse receiver");
    phoenix = OtlpReceiver.start("phoenix receiver");
  }

  @AfterEach
  void stop() {
    if (sdk != null) {
      sdk.shutdown().join(15, TimeUnit.SECONDS);
    }
    if (library != null) {
      library.close();
    }
    langfuse.close();
    phoenix.close();
  }

  private String yaml(String settings) {
    return """
        callbacks: [langfuse, phoenix]
        settings:
          publish_global: false
          shutdown_hook: false
        %s
        presets:
          langfuse:
            public_key: pk-lf-static
            secret_key: sk-lf-static
            host: %s
          phoenix:
            collector_endpoint: %s
            project_name: pipeline-tests
            sample_ratio: 0.5
        """
        .formatted(settings, langfuse.baseUrl(), phoenix.tracesUrl());
  }

  private OpenTelemetrySdk autoconfigured(String yaml) throws IOException {
    Path file = dir.resolve("otel-presets.yaml");
    Files.writeString(file, yaml);
    Map<String, String> p = new HashMap<>();
    p.put("otel.presets.config", file.toString());
    p.put("otel.service.name", "pipeline-app");
    p.put("otel.traces.exporter", "none");
    p.put("otel.metrics.exporter", "none");
    p.put("otel.logs.exporter", "none");
    p.put("otel.bsp.schedule.delay", "50");
    return AutoConfiguredOpenTelemetrySdk.builder()
        .disableShutdownHook()
        .addPropertiesSupplier(() -> p)
        .build()
        .getOpenTelemetrySdk();
  }

  private GenAiTelemetry library(String yaml) {
    return OtelPresets.builder()
        .environment(Map.of("OTEL_SERVICE_NAME", "pipeline-app", "OTEL_BSP_SCHEDULE_DELAY", "50"))
        .configYaml(yaml)
        .build();
  }

  /** A server span and an LLM span inside it; returns the LLM span's trace id. */
  private static String record(Tracer tracer, String traceMarker, Runnable inServerSpan) {
    Span server = tracer.spanBuilder("GET /chat").setSpanKind(SpanKind.SERVER).startSpan();
    try (Scope ignored = server.makeCurrent()) {
      inServerSpan.run();
      tracer
          .spanBuilder("chat gpt-4o-mini")
          .setSpanKind(SpanKind.CLIENT)
          .setAttribute("gen_ai.operation.name", "chat")
          .setAttribute("gen_ai.provider.name", "openai")
          .setAttribute("gen_ai.request.model", "gpt-4o-mini")
          .setAttribute("gen_ai.usage.input_tokens", 9L)
          .setAttribute("test.marker", traceMarker)
          .startSpan()
          .end();
    } finally {
      server.end();
    }
    return server.getSpanContext().getTraceId();
  }

  private static ReceivedSpan llmSpan(OtlpReceiver receiver, String marker) {
    return receiver.awaitSpans(2, WAIT).stream()
        .filter(s -> marker.equals(s.stringAttribute("test.marker")))
        .findFirst()
        .orElseThrow(() -> new AssertionError(receiver.name() + " has no span " + marker));
  }

  /** A remote, sampled parent whose trace phoenix's ratio (0.5) keeps. */
  private static SpanContext keptSpanContext() {
    IdGenerator ids = IdGenerator.random();
    String traceId = ids.generateTraceId();
    while (!keptAtHalf(traceId)) {
      traceId = ids.generateTraceId();
    }
    return SpanContext.createFromRemoteParent(
        traceId, ids.generateSpanId(), TraceFlags.getSampled(), TraceState.getDefault());
  }

  /** A trace id both paths' phoenix ratio (0.5) keeps, so both deliver it. */
  private static boolean keptAtHalf(String traceId) {
    return io.opentelemetry.sdk.trace.samplers.Sampler.traceIdRatioBased(0.5)
            .shouldSample(
                io.opentelemetry.context.Context.root(),
                traceId,
                "",
                SpanKind.INTERNAL,
                io.opentelemetry.api.common.Attributes.empty(),
                List.of())
            .getDecision()
        != io.opentelemetry.sdk.trace.samplers.SamplingDecision.DROP;
  }

  @Test
  void libraryAndAutoconfigureBuildTheSameChainAndDeliverTheSameSpans() throws IOException {
    String yaml = yaml("");
    sdk = autoconfigured(yaml);
    PresetsAutoConfiguration auto = PresetsAutoConfiguration.installed().orElseThrow();
    Map<String, List<String>> autoChains = auto.describePipeline();
    library = library(yaml);
    Map<String, List<String>> libraryChains = ((TelemetryRuntime) library).pipeline().describe();

    // the same chain per owner; the agent's one addition is its normalisation stage, by name
    assertEquals(libraryChains.keySet(), autoChains.keySet());
    libraryChains.forEach(
        (owner, chain) -> {
          List<String> expected = new java.util.ArrayList<>(chain);
          expected.add(
              expected.indexOf("strip-internal-keys") + 1,
              PresetsCustomizerProvider.NORMALIZE_STAGE);
          assertEquals(expected, autoChains.get(owner), owner);
        });
    assertEquals(
        List.of(
            "batch-queue",
            "content-policy",
            "tenant-partition",
            "statistics",
            "strip-internal-keys",
            "map:langfuse",
            "resource-overlay",
            "size-bound",
            "transport"),
        libraryChains.get("langfuse"));
    assertEquals("sample-ratio", libraryChains.get("phoenix").get(0));

    // the same span, recorded through each path's SDK, arrives the same at each backend
    while (!keptAtHalf(record(sdk.getTracer("test"), "auto", () -> {}))) {
      // a trace phoenix's ratio leaves out: record another (langfuse gets each; all alike)
    }
    sdk.getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS);
    ReceivedSpan langfuseAuto = llmSpan(langfuse, "auto");
    ReceivedSpan phoenixAuto = llmSpan(phoenix, "auto");
    langfuse.reset();
    phoenix.reset();

    OpenTelemetry otel = library.openTelemetry();
    while (!keptAtHalf(record(otel.getTracer("test"), "library", () -> {}))) {
      // as above
    }
    assertTrue(library.forceFlush(WAIT));
    ReceivedSpan langfuseLib = llmSpan(langfuse, "library");
    ReceivedSpan phoenixLib = llmSpan(phoenix, "library");

    assertEquals(withoutMarker(langfuseLib), withoutMarker(langfuseAuto));
    assertEquals(withoutMarker(phoenixLib), withoutMarker(phoenixAuto));
    assertEquals(
        "pipeline-tests", phoenixAuto.resourceAttributes().get("openinference.project.name"));
    assertEquals(
        phoenixLib.resourceAttributes().get("openinference.project.name"),
        phoenixAuto.resourceAttributes().get("openinference.project.name"));
    assertEquals(
        langfuseLib.request().header("authorization"),
        langfuseAuto.request().header("authorization"));
  }

  private static Map<String, Object> withoutMarker(ReceivedSpan span) {
    Map<String, Object> a = new TreeMap<>(span.attributes());
    a.remove("test.marker");
    return a;
  }

  @Test
  void queueDropsAndAbandonedSpansAreCountedUnderAutoconfigure() throws IOException {
    phoenix.hang();
    sdk = autoconfigured(yaml("  max_queue_size: 4\n  max_export_batch_size: 2"));
    PresetsAutoConfiguration auto = PresetsAutoConfiguration.installed().orElseThrow();
    Tracer tracer = sdk.getTracer("test");
    // every span of the burst in one trace phoenix's ratio keeps: a span that passes the hand-off
    // then always reaches phoenix's queue (with random traces, the few that pass on a busy machine
    // could all be sampled out, and nothing would be left to abandon)
    Context kept = Context.root().with(Span.wrap(keptSpanContext()));
    int spans = 0;
    for (int i = 0; i < 200; i++) {
      tracer.spanBuilder("burst " + i).setParent(kept).startSpan().end();
      spans++;
    }
    // the hand-off and the hanging backend's tiny queue refuse most of the burst: counted at once
    long dropped = 0;
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (dropped == 0 && System.nanoTime() < deadline) {
      dropped = stats(auto, "phoenix").droppedSpans();
      sleep(20);
    }
    assertTrue(dropped > 0, "phoenix drops counted: " + auto.exportStats());

    assertFalse(auto.exportStatsFinal());
    sdk.shutdown().join(1, TimeUnit.SECONDS); // the host gives up before the hanging backend
    deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!auto.exportStatsFinal() && System.nanoTime() < deadline) {
      sleep(50);
    }
    assertTrue(auto.exportStatsFinal(), "settled once shutdown gave up");
    ExportStats p = stats(auto, "phoenix");
    long sampledIn = p.exportedSpans() + p.failedSpans() + p.droppedSpans() + p.abandonedSpans();
    assertEquals(spans, sampledIn + p.sampledOutSpans(), "every span accounted for: " + p);
    assertEquals(0, p.exportedSpans(), "nothing reached the hanging backend: " + p);
    assertEquals(0, p.sampledOutSpans(), "the burst's trace is one phoenix keeps: " + p);
    assertTrue(p.abandonedSpans() + p.failedSpans() > 0, p.toString());
    ExportStats l = stats(auto, "langfuse");
    System.out.printf(
        "AutoConfiguredPipelineTest: %d spans; phoenix (hanging) %s; langfuse %s%n", spans, p, l);
    assertEquals(
        spans,
        l.exportedSpans() + l.failedSpans() + l.droppedSpans() + l.abandonedSpans(),
        "langfuse accounted for: " + l);
    assertNotEquals(0, l.exportedSpans(), "the healthy backend delivered: " + l);
    sdk = null;
  }

  @Test
  void tenantsAreRoutedUnderAutoconfigure() throws IOException {
    sdk = autoconfigured(yaml(""));
    PresetsAutoConfiguration auto = PresetsAutoConfiguration.installed().orElseThrow();
    Tenant team =
        Tenant.of(
            "team-a",
            Map.of(
                "langfuse",
                Map.of("langfuse_public_key", "pk-lf-team", "langfuse_secret_key", "sk-lf-team")));
    Tracer tracer = sdk.getTracer("test");
    String[] traceId = new String[1];
    record(
        tracer,
        "tenant",
        () -> {
          traceId[0] = Span.current().getSpanContext().getTraceId();
          auto.bindTenant(traceId[0], team);
        });
    record(tracer, "operator", () -> {});
    sdk.getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS);

    List<ReceivedSpan> all = langfuse.awaitSpans(4, WAIT);
    String teamAuth =
        "Basic "
            + java.util.Base64.getEncoder()
                .encodeToString(
                    "pk-lf-team:sk-lf-team".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String staticAuth =
        "Basic "
            + java.util.Base64.getEncoder()
                .encodeToString(
                    "pk-lf-static:sk-lf-static".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    for (ReceivedSpan s : all) {
      boolean tenantTrace = s.traceId().equals(traceId[0]);
      assertEquals(
          tenantTrace ? teamAuth : staticAuth,
          s.request().header("authorization"),
          s.name() + " of " + (tenantTrace ? "the tenant's" : "the operator's") + " trace");
      s.attributes().keySet().forEach(k -> assertFalse(k.startsWith("otelpresets.internal."), k));
    }
    assertEquals(
        2,
        all.stream().filter(s -> s.traceId().equals(traceId[0])).count(),
        "the tenant's whole trace, server span included");
  }

  private static ExportStats stats(PresetsAutoConfiguration auto, String owner) {
    return auto.exportStats().stream()
        .filter(s -> s.owner().equals(owner))
        .findFirst()
        .orElseThrow();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
