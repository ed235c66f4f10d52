package dev.otelpresets.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.ExportStats;
import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.OtelPresets;
import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.ReceivedSpan;
import dev.otelpresets.testkit.conformance.CompanionPresets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code presets.<name>.sample_ratio} over real OTLP: each backend gets whole traces or nothing,
 * backends at the same ratio get the same traces, and every span left out is counted.
 */
class SampleRatioTest {
  private static final int TRACES = 200;

  @Test
  void twoBackendsAtHalfKeepTheSameWholeTracesAndOneAtOneKeepsAll() {
    try (OtlpReceiver x = OtlpReceiver.start("x receiver, 0.5");
        OtlpReceiver otel = OtlpReceiver.start("otel receiver, 0.5");
        OtlpReceiver phoenix = OtlpReceiver.start("phoenix receiver, 1")) {
      GenAiTelemetry t =
          start(
              "callbacks: [x, otel, arize_phoenix]\n"
                  + "settings:\n  shutdown_hook: false\n"
                  + "presets:\n  x:\n    sample_ratio: 0.5\n  otel:\n    sample_ratio: \"0.5\"\n"
                  + "  arize_phoenix:\n    sample_ratio: 1\n",
              x,
              otel,
              phoenix);
      Set<String> sent = send(t);
      t.close();

      Map<String, Integer> atX = spansPerTrace(x);
      Map<String, Integer> atOtel = spansPerTrace(otel);
      Map<String, Integer> atPhoenix = spansPerTrace(phoenix);
      assertEquals(sent, atPhoenix.keySet(), "the backend at 1 has every trace");
      atPhoenix.forEach((id, n) -> assertEquals(2, n, "phoenix trace " + id));
      for (Map<String, Integer> at : List.of(atX, atOtel)) {
        at.forEach((id, n) -> assertEquals(2, n, "whole traces only: " + id));
        assertTrue(sent.containsAll(at.keySet()));
      }
      assertEquals(atX.keySet(), atOtel.keySet(), "the same traces at the same ratio");
      int kept = atX.size();
      assertTrue(kept > 60 && kept < 140, "0.5 of " + TRACES + " traces kept: " + kept);

      ExportStats sx = stats(t, "x");
      ExportStats so = stats(t, "otel");
      ExportStats sp = stats(t, "phoenix");
      for (ExportStats s : List.of(sx, so)) {
        assertEquals(2L * kept, s.exportedSpans(), s.toString());
        assertEquals(2L * (TRACES - kept), s.sampledOutSpans(), s.toString());
        assertAccountsFor(2L * TRACES, s);
      }
      assertEquals(2L * TRACES, sp.exportedSpans(), sp.toString());
      assertEquals(0, sp.sampledOutSpans(), sp.toString());
      assertAccountsFor(2L * TRACES, sp);
    }
  }

  @Test
  void atZeroABackendGetsNothingAndEverySpanIsCountedAsSampledOut() {
    try (OtlpReceiver x = OtlpReceiver.start("x receiver, 0");
        OtlpReceiver otel = OtlpReceiver.start("otel receiver, default");
        OtlpReceiver phoenix = OtlpReceiver.start("phoenix receiver, 1.0")) {
      GenAiTelemetry t =
          start(
              "callbacks: [x, otel, arize_phoenix]\n"
                  + "settings:\n  shutdown_hook: false\n"
                  + "presets:\n  x:\n    sample_ratio: 0\n  arize_phoenix:\n    sample_ratio: 1.0\n",
              x,
              otel,
              phoenix);
      Set<String> sent = send(t);
      t.close();

      assertEquals(0, x.requests().size(), "nothing reaches the backend at 0");
      assertEquals(sent, spansPerTrace(otel).keySet(), "the default ratio is 1");
      assertEquals(sent, spansPerTrace(phoenix).keySet());
      ExportStats sx = stats(t, "x");
      assertEquals(new ExportStats("x", 0, 0, 0, 0, 2L * TRACES, null), sx);
      for (String owner : List.of("otel", "phoenix")) {
        ExportStats s = stats(t, owner);
        assertEquals(new ExportStats(owner, 2L * TRACES, 0, 0, 0, 0, null), s);
      }
    }
  }

  private static GenAiTelemetry start(
      String yaml, OtlpReceiver x, OtlpReceiver otel, OtlpReceiver phoenix) {
    Map<String, String> env = new HashMap<>(CompanionPresets.env("phoenix", phoenix).orElseThrow());
    env.putAll(
        Map.of(
            "X_ENDPOINT",
            x.baseUrl(),
            "X_TOKEN",
            "t",
            "OTEL_EXPORTER_OTLP_ENDPOINT",
            otel.baseUrl(),
            "OTEL_EXPORTER_OTLP_PROTOCOL",
            "http/protobuf",
            "OTEL_METRICS_EXPORTER",
            "none",
            "OTEL_LOGS_EXPORTER",
            "none"));
    return OtelPresets.builder().configYaml(yaml).environment(env).publishGlobal(false).build();
  }

  /** {@link #TRACES} requests, each a server span and an LLM span; returns their trace ids. */
  private static Set<String> send(GenAiTelemetry t) {
    Set<String> traces = new TreeSet<>();
    for (int i = 0; i < TRACES; i++) {
      traces.add(TenantRequests.request(t, null)[0]);
    }
    assertEquals(TRACES, traces.size());
    return traces;
  }

  private static Map<String, Integer> spansPerTrace(OtlpReceiver r) {
    Set<String> spanIds = new HashSet<>();
    List<ReceivedSpan> spans = r.spans();
    spans.forEach(s -> assertTrue(spanIds.add(s.spanId()), r.name() + " duplicate " + s));
    return spans.stream()
        .collect(
            Collectors.groupingBy(
                ReceivedSpan::traceId, TreeMap::new, Collectors.summingInt(s -> 1)));
  }

  private static void assertAccountsFor(long handed, ExportStats s) {
    assertEquals(
        handed,
        s.exportedSpans()
            + s.failedSpans()
            + s.droppedSpans()
            + s.abandonedSpans()
            + s.sampledOutSpans(),
        s.toString());
  }

  private static ExportStats stats(GenAiTelemetry t, String owner) {
    return t.exportStats().stream()
        .filter(s -> s.owner().equals(owner))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no stats for " + owner + ": " + t.exportStats()));
  }
}
