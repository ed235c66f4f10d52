package dev.otelpresets.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.otelpresets.core.config.OtelPresetsConfig;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A batch processor value the SDK's builders would refuse is refused naming its property, as
 * autoconfigure words a bad value, both where the standard overrides are checked and where a
 * processor is built from another host's properties (the Java agent's).
 */
class BatchProcessorsTest {
  @Test
  void aValueTheBuildersRefuseIsNamedByItsProperty() {
    Map<String, String> bad =
        Map.of(
            "otel.bsp.max.queue.size", "-1. Must be positive.",
            "otel.bsp.max.export.batch.size", "0. Must be positive.",
            "otel.bsp.schedule.delay", "-5ms. Must not be negative.",
            "otel.bsp.export.timeout", "-30000ms. Must not be negative.");
    bad.forEach(
        (property, expected) -> {
          String value = expected.substring(0, expected.indexOf(". Must"));
          ConfigurationException checked =
              assertThrows(
                  ConfigurationException.class,
                  () -> BatchProcessors.checkStandardValues(Map.of(property, value)::get));
          assertEquals(
              "Invalid value for property " + property + "=" + expected, checked.getMessage());
          ConfigurationException built =
              assertThrows(
                  ConfigurationException.class,
                  () ->
                      BatchProcessors.builder(
                          new FanOutSpans.Nowhere(),
                          OtelPresetsConfig.empty(),
                          DefaultConfigProperties.createFromMap(Map.of(property, value))));
          assertEquals(
              "Invalid value for property " + property + "=" + expected, built.getMessage());
        });
    // malformed values are autoconfigure's to name; good ones pass
    BatchProcessors.checkStandardValues(Map.of("otel.blrp.max.queue.size", "abc")::get);
    BatchProcessors.checkStandardValues(Map.of("otel.blrp.schedule.delay", "5s")::get);
  }
}
