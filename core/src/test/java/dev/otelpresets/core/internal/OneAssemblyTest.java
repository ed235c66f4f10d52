package dev.otelpresets.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.Environment;
import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.autoconfigure.PresetsAutoConfiguration;
import dev.otelpresets.core.testpresets.AlphaPreset;
import dev.otelpresets.core.testpresets.BetaPreset;
import dev.otelpresets.core.testpresets.Instances;
import dev.otelpresets.core.testpresets.Sinks;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * There is one assembly: for the same config, the library path ({@code OtelPresets.builder()})
 * and the autoconfigure path ({@code PresetsAutoConfiguration} inside an {@code
 * AutoConfiguredOpenTelemetrySdk}) build the same per-owner chain, and the same span comes out of
 * each the same at every backend.
 */
class OneAssemblyTest {
  private static final AttributeKey<String> MARK = AttributeKey.stringKey("mark");

  @TempDir Path dir;

  @AfterEach
  void reset() {
    Sinks.reset();
  }

  private static String yaml() {
    return Instances.yaml(
        AlphaPreset.NAME + ", " + BetaPreset.NAME,
        "presets:",
        "  " + BetaPreset.NAME + ":",
        "    sample_ratio: 0.999999");
  }

  @Test
  void libraryAndAutoconfigureBuildTheSameChainsAndExportTheSameSpans() throws Exception {
    GenAiTelemetry library = Instances.start(yaml(), Map.of("OTEL_BSP_SCHEDULE_DELAY", "20"));
    Map<String, List<String>> libraryChains;
    List<SpanData> fromLibrary;
    try {
      libraryChains = ((TelemetryRuntime) library).pipeline().describe();
      library
          .openTelemetry()
          .getTracer("t")
          .spanBuilder("op")
          .setAttribute(MARK, "m")
          .startSpan()
          .end();
      assertTrue(library.forceFlush());
      fromLibrary = List.of(only(AlphaPreset.NAME), only(BetaPreset.NAME));
    } finally {
      library.close();
    }
    Sinks.reset();

    Path cfg = dir.resolve("otel-presets.yaml");
    Files.writeString(cfg, yaml());
    PresetsAutoConfiguration[] auto = new PresetsAutoConfiguration[1];
    OpenTelemetrySdk sdk =
        AutoConfiguredOpenTelemetrySdk.builder()
            .disableShutdownHook()
            .addPropertiesSupplier(
                () ->
                    Map.of(
                        "otel.traces.exporter",
                        "none",
                        "otel.metrics.exporter",
                        "none",
                        "otel.logs.exporter",
                        "none",
                        "otel.bsp.schedule.delay",
                        "20",
                        PresetsAutoConfiguration.CONFIG_PROPERTY,
                        cfg.toString()))
            .addTracerProviderCustomizer(
                (b, props) -> {
                  auto[0] =
                      PresetsAutoConfiguration.resolve(
                          props, getClass().getClassLoader(), Environment.of(Map.of()));
                  return auto[0].addSpanProcessors(b, props, PipelineHooks.NONE);
                })
            .build()
            .getOpenTelemetrySdk();
    try {
      assertEquals(libraryChains, auto[0].describePipeline());
      assertEquals(
          List.of(
              "sample-ratio",
              "batch-queue",
              "content-policy",
              "statistics",
              "strip-internal-keys",
              "map:" + BetaPreset.NAME,
              "resource-overlay",
              "size-bound",
              "transport"),
          libraryChains.get(BetaPreset.NAME));
      sdk.getTracer("t").spanBuilder("op").setAttribute(MARK, "m").startSpan().end();
      sdk.getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS);
      List<SpanData> fromAuto = List.of(only(AlphaPreset.NAME), only(BetaPreset.NAME));
      for (int i = 0; i < 2; i++) {
        assertEquals(fromLibrary.get(i).getAttributes(), fromAuto.get(i).getAttributes());
        assertEquals(
            fromLibrary.get(i).getResource().getAttributes().get(AlphaPreset.PROJECT),
            fromAuto.get(i).getResource().getAttributes().get(AlphaPreset.PROJECT));
      }
      assertEquals(
          "alpha-default", fromAuto.get(0).getResource().getAttribute(AlphaPreset.PROJECT));
    } finally {
      sdk.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  private static SpanData only(String preset) {
    List<SpanData> spans = Sinks.of(preset).spans();
    assertEquals(1, spans.size(), preset + ": " + spans);
    return spans.get(0);
  }
}
