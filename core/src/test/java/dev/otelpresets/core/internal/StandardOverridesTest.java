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
    PresetSelection selection =
        PresetSelection.resolve(
            config, PresetRegistry.load(StandardOverridesTest.class.getClassLoader()), e);
    return TelemetryRuntime.standardOverrides(
        DefaultConfigProperties.createFromMap(Map.of()), e, selection, config);
  }

  @Test
  void yamlQueueSettingsSizeTheOtelCallbacksProcessorToo() {
    Map<String, String> o =
        overrides(
            "callbacks: [otel]\nsettings:\n  max_queue_size: 16\n"
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

  @Test
  void theAttributeValueLengthLimitIsYamlThenTheStandardVariablesThenTheDefault() {
    String yaml = "callbacks: [otel]\nsettings:\n  max_attribute_value_length: 5000\n";
    Map<String, String> env = Map.of("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "700");
    Map<String, String> o = overrides(yaml, env);
    assertEquals("5000", o.get("otel.attribute.value.length.limit"), "YAML wins");
    assertEquals("5000", o.get("otel.span.attribute.value.length.limit"));
    assertEquals(5000, limit(yaml, env));

    o = overrides("callbacks: [otel]\n", env);
    assertEquals("700", o.get("otel.attribute.value.length.limit"), "the variable as it is");
    assertFalse(o.containsKey("otel.span.attribute.value.length.limit"));
    assertEquals(700, limit("callbacks: [otel]\n", env));
    assertEquals(
        300,
        limit(
            "callbacks: [otel]\n",
            Map.of(
                "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "700",
                "OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT", "300")),
        "the span limit is the spans'");

    o = overrides("callbacks: [otel]\n", Map.of());
    assertEquals(
        String.valueOf(ConfigLoader.DEFAULT_ATTRIBUTE_VALUE_LENGTH),
        o.get("otel.attribute.value.length.limit"),
        "the default backs the content limit up");
    assertEquals(131_072, limit("callbacks: [otel]\n", Map.of()));
  }

  private static int limit(String yaml, Map<String, String> env) {
    return TelemetryRuntime.attributeValueLengthLimit(
        ConfigLoader.create(Environment.of(env)).parse(yaml, "t.yaml"), Environment.of(env));
  }
}
