package dev.otelpresets.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.ExportStats;
import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.OtelPresets;
import dev.otelpresets.testkit.GenAiScenarios;
import dev.otelpresets.testkit.OtlpReceiver;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A backend that is slow (answers after 30 s), rate limiting (429 with Retry-After), failing
 * (503) or rejecting credentials (401): the collector still receives every span promptly, the
 * failure is counted for that backend and said in words. The calling thread's recording time is
 * printed for the report (never asserted: these machines are noisy).
 */
class BackendFaultsTest {
  private static final int CALLS = 200;

  static Stream<Arguments> faults() {
    return Stream.of(
        Arguments.of(
            "slow (30 s)",
            (Consumer<OtlpReceiver>) r -> r.delayResponses(Duration.ofSeconds(30)),
            "did not answer in time"),
        Arguments.of(
            "429 with Retry-After",
            (Consumer<OtlpReceiver>) r -> r.respondWith(429, Map.of("Retry-After", "1")),
            "429 from x: rate limited"),
        Arguments.of(
            "503", (Consumer<OtlpReceiver>) r -> r.respondWith(503), "503 from x: backend error"),
        Arguments.of(
            "401",
            (Consumer<OtlpReceiver>) r -> r.respondWith(401),
            "401 from x: credentials rejected"));
  }

  private static long recordCalls(GenAiTelemetry t) {
    GenAiScenarios s = new GenAiScenarios(t);
    long start = System.nanoTime();
    for (int i = 0; i < CALLS; i++) {
      s.plainChat();
    }
    return (System.nanoTime() - start) / CALLS;
  }

  private static GenAiTelemetry start(OtlpReceiver x, OtlpReceiver otel) {
    return OtelPresets.builder()
        .configYaml(
            "callbacks: [x, otel]\nsettings:\n  shutdown_hook: false\n"
                + "  export_timeout_ms: 2000\n  schedule_delay_ms: 100\n  max_queue_size: 4096\n")
        .environment(
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
                "none"))
        .publishGlobal(false)
        .build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("faults")
  void theOtherBackendGetsEverySpanAndTheFaultIsCountedInWords(
      String fault, Consumer<OtlpReceiver> inject, String words) {
    long healthyNanos;
    try (OtlpReceiver x = OtlpReceiver.start("x receiver");
        OtlpReceiver otel = OtlpReceiver.start("otel receiver");
        GenAiTelemetry t = start(x, otel)) {
      healthyNanos = recordCalls(t);
    }
    try (OtlpReceiver x = OtlpReceiver.start("x receiver");
        OtlpReceiver otel = OtlpReceiver.start("otel receiver")) {
      inject.accept(x);
      try (GenAiTelemetry t = start(x, otel)) {
        long faultNanos = recordCalls(t);
        assertEquals(
            2 * CALLS,
            otel.awaitSpans(2 * CALLS, Duration.ofSeconds(10)).size(),
            "the collector must get every span while x is " + fault);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        ExportStats stats = stats(t);
        while ((stats.lastFailure() == null || stats.failedSpans() == 0)
            && System.nanoTime() < deadline) {
          Thread.onSpinWait();
          stats = stats(t);
        }
        assertNotNull(stats.lastFailure(), fault + ": " + stats);
        assertTrue(stats.lastFailure().contains(words), fault + ": " + stats.lastFailure());
        assertTrue(stats.failedSpans() > 0, stats.toString());
        System.out.printf(
            "fault %-22s recording %,d ns/call healthy vs %,d ns/call faulty;" + " x: %s%n",
            fault, healthyNanos, faultNanos, stats);
      }
    }
  }

  private static ExportStats stats(GenAiTelemetry t) {
    return t.exportStats().stream().filter(s -> s.owner().equals("x")).findFirst().orElseThrow();
  }
}
