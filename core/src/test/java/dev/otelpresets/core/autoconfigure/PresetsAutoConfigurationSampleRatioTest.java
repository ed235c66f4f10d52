package dev.otelpresets.core.autoconfigure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.Environment;
import dev.otelpresets.core.ExportStats;
import dev.otelpresets.core.testpresets.AlphaPreset;
import dev.otelpresets.core.testpresets.BetaPreset;
import dev.otelpresets.core.testpresets.Sinks;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's and Spring's path honours presets.<name>.sample_ratio too, and counts it. */
class PresetsAutoConfigurationSampleRatioTest {
  @TempDir Path dir;

  @AfterEach
  void reset() {
    Sinks.reset();
  }

  @Test
  void aPresetAtZeroGetsNothingAndCountsEverySpanAsSampledOut() throws Exception {
    Path cfg = dir.resolve("otel-presets.yaml");
    Files.writeString(
        cfg,
        "callbacks: ["
            + AlphaPreset.NAME
            + ", "
            + BetaPreset.NAME
            + "]\n"
            + "presets:\n  "
            + AlphaPreset.NAME
            + ":\n    sample_ratio: 0\n");
    PresetsAutoConfiguration presets =
        PresetsAutoConfiguration.resolve(
            DefaultConfigProperties.createFromMap(
                Map.of(PresetsAutoConfiguration.CONFIG_PROPERTY, cfg.toString())),
            getClass().getClassLoader(),
            Environment.of(Map.of()));
    SdkTracerProvider provider =
        presets
            .addSpanProcessors(
                SdkTracerProvider.builder(),
                DefaultConfigProperties.createFromMap(Map.of()),
                UnaryOperator.identity())
            .build();
    for (int i = 0; i < 10; i++) {
      provider.get("t").spanBuilder("s" + i).startSpan().end();
    }
    assertTrue(provider.forceFlush().join(10, java.util.concurrent.TimeUnit.SECONDS).isSuccess());
    assertEquals(0, Sinks.of(AlphaPreset.NAME).spans().size());
    assertEquals(10, Sinks.of(BetaPreset.NAME).spans().size());
    ExportStats alpha =
        presets.exporters().stream()
            .filter(e -> e.owner().equals(AlphaPreset.OWNER))
            .findFirst()
            .orElseThrow()
            .stats();
    assertEquals(10, alpha.sampledOutSpans(), alpha.toString());
    provider.close();
  }
}
