package dev.otelpresets.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the paced hot path once at a low rate: every variant runs, and at a rate the exporters
 * keep up with every exporter of every variant — all 7 presets behind the fan-out included — is
 * handed every span. Not a measurement: no timing is asserted.
 */
class PacedHotPathTest {

  @Test
  void everyVariantRunsAndEveryExporterIsHandedEverySpan() {
    List<PacedHotPath.Result> results = PacedHotPath.measure(1000, 1, 1, true, r -> {});
    assertEquals(
        List.of(
            "empty-0", "rawSdk-1", "rawSdk-7", "ours-1", "ours-3", "ours-7", "providerPerPreset-7"),
        results.stream().map(PacedHotPath.Result::variant).toList());
    for (PacedHotPath.Result r : results) {
      if (r.variant().startsWith("empty")) {
        continue;
      }
      int exporters = Integer.parseInt(r.variant().substring(r.variant().indexOf('-') + 1));
      String[] counts = r.handed().split(",? ");
      assertEquals(exporters, counts.length, r.toString());
      for (String count : counts) {
        String n = count.substring(count.indexOf('=') + 1);
        assertEquals(r.calls(), Long.parseLong(n), r.variant() + " exporter " + count);
      }
      assertFalse(Double.isNaN(r.bytes()), r.toString());
    }
  }
}
