package dev.otelpresets.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.otelpresets.core.Environment;
import dev.otelpresets.core.config.ConfigLoader;
import dev.otelpresets.core.config.OtelPresetsConfig;
import dev.otelpresets.core.discovery.PresetRegistry;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the framework adds to autoconfigure's view of OTEL_*. */
class StandardOverridesTest {

  private static Map<String, String> overrides(String yaml, Map<String, String> env) {
    Environment e = Environment.of(env);
    OtelPresetsConfig config = ConfigLoader.create(e).parse(yaml, "t.yaml");
    PresetSelection selection = PresetSelection.resolve(config,
        PresetRegistry.load(StandardOverridesTest.class.getClassLoader()), e);
    return TelemetryRuntime.standardOverrides(DefaultConfigProperties.createFromMap(Map.of()), e,
        selection, config);
  }

  @Test
  void yamlQueueSettingsSizeTheOtelCallbacksProcessorToo() {
    Map<String, String> o = overrides("callbacks: [otel]\nsettings:\n  max_queue_size: 16\n"
        + "  max_export_batch_size: 8\n  schedule_delay_ms: 250\n  export_timeout_ms: 1500\n",
        Map.of());
    assertEquals("16", o.get("otel.bsp.max.queue.size"));
    assertEquals("8", o.get("otel.bsp.max.export.batch.size"));
    assertEquals("250ms", o.get("otel.bsp.schedule.delay"));
    assertEquals("1500ms", o.get("otel.bsp.export.timeout"));
  }

  @Test
  void withoutOtelEverySignalNobodyChoseIsOffAndChosenOnesStay() {
    Map<String, String> o = overrides("callbacks: []\n", Map.of("OTEL_METRICS_EXPORTER", "otlp"));
    assertEquals("none", o.get("otel.traces.exporter"));
    assertEquals("otlp", o.get("otel.metrics.exporter"));
    assertEquals("none", o.get("otel.logs.exporter"));
  }

  @Test
  void withOtelNothingIsSwitchedOff() {
    Map<String, String> o = overrides("callbacks: [otel]\n", Map.of());
    assertFalse(o.containsKey("otel.traces.exporter"));
    assertFalse(o.containsKey("otel.bsp.max.queue.size"));
  }
}
