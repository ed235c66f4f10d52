package dev.otelpresets.core.guice;

import static dev.otelpresets.core.testpresets.Instances.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.config.ConfigException;
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

class OtelPresetsModuleTest {

  @BeforeEach
  void resetBefore() {
    GlobalHandle.resetForTest();
  }

  @AfterEach
  void resetAfter() {
    GlobalHandle.resetForTest();
    Sinks.reset();
  }

  private static List<String> names(Sinks.Sink sink) {
    return sink.spans().stream().map(s -> s.getName()).toList();
  }

  @Test
  void privateInstanceInjectsOneTelemetryAndItsOpenTelemetry() {
    Injector injector =
        Guice.createInjector(new OtelPresetsModule(Instances.builder(yaml("mem-alpha"))));
    GenAiTelemetry t = injector.getInstance(GenAiTelemetry.class);
    try {
      assertSame(t, injector.getInstance(GenAiTelemetry.class));
      OpenTelemetry otel = injector.getInstance(OpenTelemetry.class);
      assertSame(otel, injector.getInstance(OpenTelemetry.class));
      assertSame(t.openTelemetry(), otel);
      otel.getTracer("host").spanBuilder("injected").startSpan().end();
      assertTrue(t.forceFlush());
      assertEquals(List.of("injected"), names(Sinks.of("mem-alpha")));
      assertFalse(GlobalOpenTelemetry.isSet());
    } finally {
      t.close();
    }
  }

  @Test
  void badConfigFailsWhenTheInjectorIsCreated() {
    CreationException e =
        assertThrows(
            CreationException.class,
            () ->
                Guice.createInjector(new OtelPresetsModule(Instances.builder(yaml("mem-alpah")))));
    ConfigException cause = assertInstanceOf(ConfigException.class, e.getCause());
    assertTrue(cause.getMessage().contains("unknown callback 'mem-alpah'"), cause.getMessage());
  }

  @Test
  void badYamlFailsWhenTheModuleIsMade() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> new OtelPresetsModule(Instances.builder("settings: {publish_global: maybe}")));
    assertTrue(
        e.getMessage().contains("settings.publish_global: must be true or false"), e.getMessage());
  }

  @Test
  void tracerTakenFromTheInjectableOpenTelemetryBeforeStartRecordsAfterStart() {
    OtelPresetsModule module =
        new OtelPresetsModule(Instances.builder(yaml("mem-alpha")).publishGlobal(true));
    // a component binds early, before the injector exists, through the published handle
    assertTrue(dev.otelpresets.core.OtelPresets.publishGlobalHandle());
    OpenTelemetry early = GlobalOpenTelemetry.get();
    Tracer tracer = early.getTracer("early-component");
    Span before = tracer.spanBuilder("before start").startSpan();
    assertFalse(before.getSpanContext().isValid());
    before.end();

    Injector injector = Guice.createInjector(module);
    GenAiTelemetry t = injector.getInstance(GenAiTelemetry.class);
    try {
      assertSame(
          dev.otelpresets.core.internal.GlobalHandle.openTelemetry(),
          injector.getInstance(OpenTelemetry.class));
      tracer.spanBuilder("after start").startSpan().end();
      GlobalOpenTelemetry.getTracer("lib").spanBuilder("via global").startSpan().end();
      assertTrue(t.forceFlush());
      assertEquals(List.of("after start", "via global"), names(Sinks.of("mem-alpha")));
    } finally {
      t.close();
    }
  }

  @Test
  void injectedOpenTelemetryRecordsThroughTheAttachedGlobal() {
    InMemorySpanExporter agentSpans = InMemorySpanExporter.create();
    OpenTelemetrySdk agent =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(agentSpans))
                    .build())
            .build();
    GlobalOpenTelemetry.set(agent);
    try {
      Injector injector =
          Guice.createInjector(
              new OtelPresetsModule(
                  Instances.builder(
                          yaml(
                              "mem-alpha",
                              "settings:",
                              "  shutdown_hook: false",
                              "  existing_global: attach"))
                      .publishGlobal(true)));
      try (GenAiTelemetry t = injector.getInstance(GenAiTelemetry.class)) {
        injector
            .getInstance(OpenTelemetry.class)
            .getTracer("host")
            .spanBuilder("server")
            .startSpan()
            .end();
        assertEquals(
            List.of("server"),
            agentSpans.getFinishedSpanItems().stream().map(s -> s.getName()).toList());
      }
    } finally {
      agent.close();
    }
  }
}
