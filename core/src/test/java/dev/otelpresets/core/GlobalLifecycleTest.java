package dev.otelpresets.core;

import static dev.otelpresets.core.testpresets.Instances.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.internal.GlobalHandle;
import dev.otelpresets.core.testpresets.Instances;
import dev.otelpresets.core.testpresets.Sinks;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one-SDK lifecycle and the global: each test starts from an unset global. */
class GlobalLifecycleTest {

  @BeforeEach
  void resetBefore() {
    GlobalHandle.resetForTest();
    Sinks.reset();
  }

  @AfterEach
  void resetAfter() {
    GlobalHandle.resetForTest();
    Sinks.reset();
  }

  private static GenAiTelemetry startGlobal(String yaml) {
    return Instances.builder(yaml).publishGlobal(true).build();
  }

  private static void span(Tracer tracer, String name) {
    tracer.spanBuilder(name).startSpan().end();
  }

  private static List<String> names(Sinks.Sink sink) {
    return sink.spans().stream().map(s -> s.getName()).toList();
  }

  @Test
  void publishedGlobalRecordsIntoOurSdk() {
    try (GenAiTelemetry t = startGlobal(yaml("mem-alpha"))) {
      assertTrue(GlobalOpenTelemetry.isSet());
      span(GlobalOpenTelemetry.getTracer("some-library"), "library span");
      t.startCall(LlmRequest.builder().requestModel("gpt-4o").build()).end(LlmResponse.empty());
      assertTrue(t.forceFlush());
      assertEquals(List.of("library span", "chat gpt-4o"), names(Sinks.of("mem-alpha")));
      assertSame(GlobalHandle.openTelemetry(), t.openTelemetry());
    }
  }

  @Test
  void privateInstanceLeavesTheGlobalAlone() {
    try (GenAiTelemetry t = Instances.start(yaml("mem-alpha"))) {
      assertFalse(GlobalOpenTelemetry.isSet());
      assertNotSame(GlobalHandle.openTelemetry(), t.openTelemetry());
      span(t.openTelemetry().getTracer("host"), "private span");
      assertTrue(t.forceFlush());
      assertEquals(List.of("private span"), names(Sinks.of("mem-alpha")));
    }
  }

  @Test
  void secondGlobalInstanceWhileTheFirstLivesFailsAndSaysWhatToDo() {
    try (GenAiTelemetry first = startGlobal(yaml("mem-alpha"))) {
      Sinks.Sink firstSink = Sinks.of("mem-alpha");
      GlobalOpenTelemetryConflictException e =
          assertThrows(
              GlobalOpenTelemetryConflictException.class,
              () -> Instances.builder(yaml("mem-alpha")).publishGlobal(true).build().close());
      assertEquals(
          "otel-presets is already running in this JVM and owns the global"
              + " OpenTelemetry (started with callbacks [mem-alpha]). Close it before starting"
              + " another, or start the second one with settings.publish_global: false.",
          e.getMessage());
      Sinks.Sink secondSink = Sinks.of("mem-alpha");
      assertNotSame(firstSink, secondSink);
      assertEquals(1, secondSink.shutdowns(), "the refused instance must shut its SDK down");
      assertEquals(0, firstSink.shutdowns());

      // the first still owns the global
      span(GlobalOpenTelemetry.getTracer("lib"), "after refusal");
      assertTrue(first.forceFlush());
      assertEquals(List.of("after refusal"), names(firstSink));
      assertTrue(secondSink.spans().isEmpty());
    }
  }

  @Test
  void privateSecondInstanceRunsBesideTheGlobalOne() {
    try (GenAiTelemetry first = startGlobal(yaml("mem-alpha"));
        GenAiTelemetry second = Instances.builder(yaml("mem-beta")).build()) {
      span(second.openTelemetry().getTracer("x"), "private");
      span(GlobalOpenTelemetry.getTracer("x"), "global");
      assertTrue(first.forceFlush());
      assertTrue(second.forceFlush());
      assertEquals(List.of("global"), names(Sinks.of("mem-alpha")));
      assertEquals(List.of("private"), names(Sinks.of("mem-beta")));
    }
  }

  @Test
  void afterCloseANewInstanceStartsAndTheSameGlobalForwardsToIt() {
    OpenTelemetry global;
    Tracer libraryTracer;
    Sinks.Sink firstSink;
    try (GenAiTelemetry first = startGlobal(yaml("mem-alpha"))) {
      global = GlobalOpenTelemetry.get();
      libraryTracer = GlobalOpenTelemetry.getTracer("library");
      firstSink = Sinks.of("mem-alpha");
      span(libraryTracer, "one");
    }
    assertEquals(List.of("one"), names(firstSink));
    span(libraryTracer, "between instances"); // no SDK attached: dropped, no exception

    try (GenAiTelemetry second = startGlobal(yaml("mem-alpha"))) {
      assertSame(global, GlobalOpenTelemetry.get(), "the global is set exactly once");
      Sinks.Sink secondSink = Sinks.of("mem-alpha");
      span(libraryTracer, "two");
      assertTrue(second.forceFlush());
      assertEquals(List.of("two"), names(secondSink));
    }
    assertEquals(List.of("one"), names(firstSink));
  }

  @Test
  void getBeforeStartLocksTheNoopAndStartSaysHowToFix() {
    GlobalOpenTelemetry.get(); // some library reads the global too early
    GlobalOpenTelemetryConflictException e =
        assertThrows(
            GlobalOpenTelemetryConflictException.class,
            () -> startGlobal(yaml("mem-alpha")).close());
    assertTrue(
        e.getMessage()
            .startsWith(
                "GlobalOpenTelemetry.get() was called before"
                    + " otel-presets started, which locked the global to a no-op"),
        e.getMessage());
    assertTrue(
        e.getMessage()
            .contains("call OtelPresets.publishGlobalHandle() first thing in" + " main()"),
        e.getMessage());
    assertTrue(e.getMessage().contains("set settings.publish_global: false"), e.getMessage());
    assertEquals(1, Sinks.of("mem-alpha").shutdowns());

    try (GenAiTelemetry t = Instances.start(yaml("mem-alpha"))) {
      span(t.openTelemetry().getTracer("host"), "private still works");
      assertTrue(t.forceFlush());
      assertEquals(List.of("private still works"), names(Sinks.of("mem-alpha")));
    }
  }

  @Test
  void anotherSdkAsGlobalFailsByDefaultAndAttachRecordsThroughIt() {
    InMemorySpanExporter agentSpans = InMemorySpanExporter.create();
    OpenTelemetrySdk agent =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(agentSpans))
                    .build())
            .build();
    try {
      GlobalOpenTelemetry.set(agent);
      assertFalse(OtelPresets.publishGlobalHandle(), "the global is someone else's");

      GlobalOpenTelemetryConflictException e =
          assertThrows(
              GlobalOpenTelemetryConflictException.class,
              () -> startGlobal(yaml("mem-alpha")).close());
      assertTrue(
          e.getMessage().startsWith("GlobalOpenTelemetry is already set by something" + " else ("),
          e.getMessage());
      assertTrue(
          e.getMessage()
              .contains(
                  "set settings.existing_global: attach to record" + " through the existing SDK"),
          e.getMessage());
      assertTrue(e.getMessage().contains("settings.publish_global: false"), e.getMessage());

      Sinks.reset();
      try (GenAiTelemetry t =
          startGlobal(
              yaml(
                  "mem-alpha",
                  "settings:",
                  "  shutdown_hook: false",
                  "  existing_global: attach"))) {
        Span server = t.openTelemetry().getTracer("host").spanBuilder("GET /chat").startSpan();
        try (var scope = server.makeCurrent()) {
          t.startCall(LlmRequest.builder().requestModel("gpt-4o").build()).end(LlmResponse.empty());
        } finally {
          server.end();
        }
        assertTrue(t.forceFlush());
        assertEquals(
            List.of("chat gpt-4o", "GET /chat"),
            agentSpans.getFinishedSpanItems().stream().map(s -> s.getName()).toList());
        assertEquals(
            server.getSpanContext().getSpanId(),
            agentSpans.getFinishedSpanItems().get(0).getParentSpanId());
        assertFalse(Sinks.built("mem-alpha"), "attached: no SDK of ours, no preset exporter");
      }
      // closing the attached instance leaves the agent's SDK running
      span(GlobalOpenTelemetry.getTracer("lib"), "agent still records");
      assertEquals(3, agentSpans.getFinishedSpanItems().size());
    } finally {
      agent.close();
    }
  }

  @Test
  void tracerTakenFromThePublishedHandleBeforeStartRecordsAfterStart() {
    assertTrue(OtelPresets.publishGlobalHandle());
    assertTrue(OtelPresets.publishGlobalHandle(), "idempotent");
    Tracer early = GlobalOpenTelemetry.getTracer("early-component");
    span(early, "before start"); // dropped: nothing attached yet

    try (GenAiTelemetry t = startGlobal(yaml("mem-alpha"))) {
      span(early, "after start");
      assertTrue(t.forceFlush());
      assertEquals(List.of("after start"), names(Sinks.of("mem-alpha")));
    }
  }

  @Test
  void closeFlushesQueuedSpansAndIsIdempotent() {
    GenAiTelemetry t =
        Instances.start(
            yaml(
                "mem-alpha", "settings:", "  shutdown_hook: false", "  schedule_delay_ms: 600000"));
    Sinks.Sink sink = Sinks.of("mem-alpha");
    t.startCall(LlmRequest.builder().requestModel("gpt-4o").build()).end(LlmResponse.empty());
    assertTrue(sink.spans().isEmpty(), "queued, not yet exported (10 min schedule delay)");
    t.close();
    assertEquals(List.of("chat gpt-4o"), names(sink));
    assertEquals(1, sink.shutdowns());
    t.close();
    assertEquals(1, sink.shutdowns(), "second close is a no-op");

    // recording after close neither throws nor exports
    LlmCall late = t.startCall(LlmRequest.builder().requestModel("late").build());
    late.end(LlmResponse.empty());
    assertEquals(1, sink.spans().size());
  }

  @Test
  void closeDetachesTheGlobal() {
    Tracer lib;
    Sinks.Sink sink;
    try (GenAiTelemetry t = startGlobal(yaml("mem-alpha"))) {
      lib = GlobalOpenTelemetry.getTracer("lib");
      sink = Sinks.of("mem-alpha");
    }
    Span after = lib.spanBuilder("after close").startSpan();
    assertFalse(after.getSpanContext().isValid(), "no SDK attached after close");
    after.end();
    assertTrue(sink.spans().isEmpty());
  }

  @Test
  void invalidOtelSettingIsAConfigErrorAndShutsDownWhatWasBuilt() {
    dev.otelpresets.core.config.ConfigException e =
        assertThrows(
            dev.otelpresets.core.config.ConfigException.class,
            () ->
                Instances.start(
                        yaml("otel, mem-alpha"),
                        java.util.Map.of(
                            "OTEL_TRACES_EXPORTER",
                            "none",
                            "OTEL_METRICS_EXPORTER",
                            "none",
                            "OTEL_LOGS_EXPORTER",
                            "carrier-pigeon"))
                    .close());
    assertTrue(e.getMessage().startsWith("invalid OpenTelemetry setting: "), e.getMessage());
    assertTrue(e.getMessage().contains("carrier-pigeon"), e.getMessage());
    assertTrue(
        e.getMessage()
            .contains(
                "Check the OTEL_* environment variables (and presets.otel.*"
                    + " in <inline config>)"),
        e.getMessage());
    assertEquals(
        1,
        Sinks.of("mem-alpha").shutdowns(),
        "the preset exporter built before the failure must be shut down");
  }

  @Test
  void aSecondCloseReturnsOnlyAfterTheFirstHasFlushed() throws Exception {
    GenAiTelemetry t = Instances.start(yaml("mem-alpha"));
    Sinks.Sink sink = Sinks.of("mem-alpha");
    sink.delayExports(500);
    t.openTelemetry().getTracer("test").spanBuilder("queued").startSpan().end();
    Thread first = new Thread(t::close, "first close");
    first.start();
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
    while (sink.exportCalls() == 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait(); // the first close() is flushing: its export has started
    }
    assertEquals(1, sink.exportCalls());
    t.close(); // like a host's shutdown hook racing ours
    assertEquals(List.of("queued"), names(sink), "the flush had finished when close() returned");
    assertEquals(1, sink.shutdowns());
    first.join();
  }
}
