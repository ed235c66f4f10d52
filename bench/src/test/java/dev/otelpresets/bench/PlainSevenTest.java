package dev.otelpresets.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.ReceivedRequest;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load test's bare-SDK floor (plain7) and its side-by-side ratios. */
class PlainSevenTest {
  @Test
  void eachEndpointGetsItsOwnPlainGzipExportOfTheSameSpans() {
    try (OtlpReceiver a = OtlpReceiver.start("plain a");
        OtlpReceiver b = OtlpReceiver.start("plain b")) {
      OpenTelemetrySdk sdk =
          sdk(Map.of("bench.plain.otlp.endpoints", a.tracesUrl() + "," + b.tracesUrl()));
      sdk.getTracer("t").spanBuilder("one").startSpan().end();
      sdk.getSdkTracerProvider().shutdown().join(10, java.util.concurrent.TimeUnit.SECONDS);
      for (OtlpReceiver r : List.of(a, b)) {
        List<ReceivedRequest> got = r.requests();
        assertEquals(1, got.size(), r.name());
        assertEquals("gzip", got.get(0).header("content-encoding"), r.name());
        assertEquals("one", r.awaitSpans(1, Duration.ofSeconds(5)).get(0).name());
      }
      assertEquals(a.spans().get(0).spanId(), b.spans().get(0).spanId(), "the same span");
    }
  }

  @Test
  void compressionNoneSendsUncompressedAndNoEndpointsAddsNothing() {
    try (OtlpReceiver a = OtlpReceiver.start("plain none")) {
      OpenTelemetrySdk sdk =
          sdk(
              Map.of(
                  "bench.plain.otlp.endpoints",
                  a.tracesUrl(),
                  "bench.plain.otlp.compression",
                  "none"));
      sdk.getTracer("t").spanBuilder("two").startSpan().end();
      sdk.getSdkTracerProvider().shutdown().join(10, java.util.concurrent.TimeUnit.SECONDS);
      assertEquals(1, a.requests().size());
      assertEquals(null, a.requests().get(0).header("content-encoding"));
      assertEquals(200, a.requests().get(0).status());
    }
    OpenTelemetrySdk none = sdk(Map.of());
    assertFalse(
        none.getSdkTracerProvider().toString().contains("BatchSpanProcessor"),
        none.getSdkTracerProvider().toString());
    none.close();
  }

  @Test
  void theJarHoldsTheCustomizerAndItsServiceEntryOnly(@TempDir Path dir) throws Exception {
    Path jar = PlainExportersJar.write(dir.resolve("p.jar"));
    try (JarFile f = new JarFile(jar.toFile())) {
      assertEquals(2, f.size());
      assertNotNull(f.getEntry("dev/otelpresets/bench/PlainOtlpExporters.class"));
      var service =
          f.getEntry(
              "META-INF/services/"
                  + "io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider");
      assertEquals(
          PlainOtlpExporters.class.getName() + "\n",
          new String(f.getInputStream(service).readAllBytes(), StandardCharsets.UTF_8));
    }
    assertThrows(IllegalStateException.class, () -> PlainExportersJar.mainClass(jar));
  }

  @Test
  void ratiosOfTheScenariosThatRan() {
    Map<String, GatewayLoad.Figures> r = new LinkedHashMap<>();
    r.put("off", figures(10_000, 10.0, 1.0)); // 100 us per request, 1,000 req/s
    r.put("plain7", figures(10_000, 20.0, 2.0)); // 200 us, 500 req/s
    r.put("all7", figures(10_000, 20.0, 3.0)); // 300 us, 500 req/s
    Map<String, DeliveryCheck.Tally> delivery = new LinkedHashMap<>();
    delivery.put("plain7", tally(140_000, 140_000)); // 14 spans a request
    delivery.put("all7", tally(140_000, 139_000));
    String out = GatewayLoad.ratios(r, delivery);
    assertTrue(
        out.contains(
            "serve CPU per request all7/plain7 = 1.50 (300 / 200 us) (target <="
                + " 1.0); requests/s all7/plain7 = 1.00 (500 / 500)"),
        out);
    assertTrue(
        out.contains("serve CPU per request all7/off = 3.00 (300 / 100 us) (target <= 2.5)"), out);
    assertTrue(out.contains("plain7/off = 2.00"), out);
    assertTrue(
        out.contains(
            "serve CPU per delivered span all7/plain7 = 1.51 (21.6 / 14.3 us; 139000 and 140000"
                + " spans of the window's requests delivered, of 140000 and 140000)"),
        out);
    assertTrue(out.contains("all7 lost spans in the measured window"), out);
    assertTrue(
        out.contains("not comparable: all7 lost 1000 of 140000 spans in the measured window"), out);
    assertFalse(out.contains("plain7 lost"), out);
    assertEquals("", GatewayLoad.ratios(Map.of("off", figures(1, 1, 1)), Map.of()));
  }

  @Test
  void aScenarioThatLostSpansMakesEveryRatioWithItNotComparable() {
    Map<String, GatewayLoad.Figures> r = new LinkedHashMap<>();
    r.put("off", figures(10_000, 1.0, 1.1));
    r.put("plain7", figures(10_000, 1.5, 2.5));
    r.put("all7", figures(10_000, 2.6, 4.7));
    Map<String, DeliveryCheck.Tally> delivery = new LinkedHashMap<>();
    delivery.put("plain7", tally(140_000, 93_000));
    delivery.put("all7", tally(140_000, 140_000));
    String out = GatewayLoad.ratios(r, delivery);
    String[] lines = out.split("\\R");
    String verdict =
        "  not comparable: plain7 lost 47000 of 140000 spans in the measured window, so its CPU per"
            + " request covers less export work than a scenario that delivered everything";
    // under all7/plain7 and under plain7/off, not under all7/off
    List<String> all = List.of(lines);
    int allPlain =
        all.indexOf(all.stream().filter(l -> l.contains("all7/plain7 =")).findFirst().get());
    assertEquals(verdict, lines[allPlain + 2], out);
    int allOff =
        all.indexOf(all.stream().filter(l -> l.contains("request all7/off =")).findFirst().get());
    assertFalse(lines[allOff + 1].contains("not comparable"), out);
    int plainOff =
        all.indexOf(all.stream().filter(l -> l.contains("request plain7/off")).findFirst().get());
    assertEquals(verdict, lines[plainOff + 1], out);
    assertTrue(out.contains("per delivered span all7/plain7 = 1.25 (33.6 / 26.9 us"), out);
    assertTrue(
        out.contains("plain7 lost spans in the measured window, so its rate is not one"), out);
    assertTrue(out.contains("--scenarios off,plain7 --find-rate"), out);
    assertFalse(out.contains("all7 lost"), out);
  }

  @Test
  void duplicatesAndUndecodableExportsAreNotComparableEither() {
    Map<String, GatewayLoad.Figures> r = new LinkedHashMap<>();
    r.put("off", figures(100, 1.0, 1.0));
    r.put("all7", figures(100, 1.0, 2.0));
    String dup =
        GatewayLoad.ratios(r, Map.of("all7", new DeliveryCheck.Tally(7, 1400, 1400, 3, 0, true)));
    assertTrue(dup.contains("not comparable: all7 got 3 duplicates in the measured window"), dup);
    String bad =
        GatewayLoad.ratios(
            r,
            Map.of(
                "all7", new DeliveryCheck.Tally(7, 1400, 1400, 0, 0, true).withUndecodedExports()));
    assertTrue(bad.contains("all7 got exports it could not decode or refused"), bad);
  }

  @Test
  void theRatioWithoutTheJitLeavesOutTheCompilerThreadsOnly() {
    Map<String, GatewayLoad.Figures> r = new LinkedHashMap<>();
    r.put(
        "off",
        new GatewayLoad.Figures(
            1_000,
            0,
            1.0,
            0,
            0,
            0,
            0.3,
            0,
            0,
            Map.of("otel-presets-ga", 0.1, "C2 CompilerThre", 0.2)));
    r.put(
        "all7",
        new GatewayLoad.Figures(
            1_000,
            0,
            1.0,
            0,
            0,
            0,
            1.0,
            0,
            0,
            Map.of("otel-presets-ga", 0.3, "C2 CompilerThre", 0.4, "C1 CompilerThre", 0.1)));
    // all7 without the JIT: 1.0 - 0.5 s = 500 us per request; off: 0.3 - 0.2 s = 100 us
    String out = GatewayLoad.ratios(r, Map.of());
    assertTrue(
        out.contains(
            "serve CPU per request without the JIT compiler threads all7/off = 5.00 (500 / 100 us)"),
        out);
    assertTrue(out.contains("serve CPU per request all7/off = 3.33 (1000 / 300 us)"), out);
    assertFalse(
        GatewayLoad.ratios(Map.of("off", figures(1, 1, 1), "all7", figures(1, 1, 2)), Map.of())
            .contains("without the JIT"),
        "no thread figures (another machine than Linux): no line");
  }

  @Test
  void aPacedPhaseKeepsPaceOnlyWithEveryRequestAnsweredInTime() {
    // 8,000 requests in 4.0 s against 2,000/s: kept pace
    assertEquals("", GatewayLoad.pace(figures(8_000, 4.0, 1), 8_000, 2_000));
    // 8,000 requests in 4.3 s: 1,860/s, 93% of the rate
    assertEquals(
        "fell behind: 1860 requests/s", GatewayLoad.pace(figures(8_000, 4.3, 1), 8_000, 2_000));
    assertEquals(
        "sent 7000 of 8000 before the phase's deadline",
        GatewayLoad.pace(figures(7_000, 3.5, 1), 8_000, 2_000));
    GatewayLoad.Figures errors = new GatewayLoad.Figures(8_000, 2, 4.0, 0, 0, 0, 1, 0, 0, Map.of());
    assertEquals("2 errors", GatewayLoad.pace(errors, 8_000, 2_000));
  }

  @Test
  void sustainedRateAgainstOffsFlatOutRate() {
    RateSearch found = new RateSearch(2000, 0.05, 6, 50);
    found.record(2000, true);
    found.record(3000, false);
    found.record(2500, true);
    assertEquals(
        "all7 sustained rate with every span of every request at every receiver: 2500"
            + " requests/s = 0.50 x off's flat-out 5000 (target >= 0.5); 3000 failed"
            + " (2000 pass, 3000 fail, 2500 pass)",
        GatewayLoad.sustainedRate("all7", found, 5000));
    RateSearch none = new RateSearch(100, 0.05, 6, 50);
    none.record(100, false);
    none.record(50, false);
    assertTrue(
        GatewayLoad.sustainedRate("plain7", none, 0)
            .contains("none found (every phase failed, down to 50 requests/s)"));
    RateSearch unbounded = new RateSearch(100, 0.05, 1, 50);
    unbounded.record(100, true);
    assertTrue(
        GatewayLoad.sustainedRate("plain7", unbounded, 0)
            .endsWith(
                "100 requests/s; no rate failed: a lower bound, more --find-rate-steps go"
                    + " higher (100 pass)"));
  }

  @Test
  void findRateIsAFlagAndMetricsIsNoneOrOtlp() {
    Map<String, String> o =
        GatewayLoad.options(new String[] {"--find-rate", "--scenarios", "off,all7", "--rate=5"});
    assertEquals(Map.of("find-rate", "true", "scenarios", "off,all7", "rate", "5"), o);
    assertThrows(
        IllegalArgumentException.class, () -> GatewayLoad.options(new String[] {"--requests"}));
    assertEquals("none", GatewayLoad.metricsMode("none"));
    assertEquals("otlp", GatewayLoad.metricsMode("otlp"));
    assertThrows(IllegalArgumentException.class, () -> GatewayLoad.metricsMode("prometheus"));
  }

  @Test
  void plain7sMetricsGoToItsOtelReceiverOverHttp() {
    try (OtlpReceiver r = OtlpReceiver.startDeferred("plain-otel")) {
      assertEquals(
          Map.of(
              "OTEL_METRICS_EXPORTER",
              "otlp",
              "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT",
              r.baseUrl() + "/v1/metrics",
              "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL",
              "http/protobuf"),
          GatewayLoad.plainMetricsEnvironment(r));
    }
  }

  private static DeliveryCheck.Tally tally(long expected, long delivered) {
    return new DeliveryCheck.Tally(7, expected, delivered, 0, 0, true);
  }

  @Test
  void compressionForEveryPresetOrNone() {
    assertEquals("", GatewayLoad.presetsYaml("default", List.of("arize")));
    assertEquals(
        "presets:\n  arize:\n    compression: none\n  otel:\n    compression: none\n",
        GatewayLoad.presetsYaml("none", List.of("arize", "otel")));
    assertThrows(IllegalArgumentException.class, () -> GatewayLoad.presetsYaml("zstd", List.of()));
  }

  private static GatewayLoad.Figures figures(int requests, double seconds, double cpu) {
    return new GatewayLoad.Figures(requests, 0, seconds, 0, 0, 0, cpu, 0, 0, Map.of());
  }

  private static OpenTelemetrySdk sdk(Map<String, String> props) {
    Map<String, String> all = new LinkedHashMap<>(props);
    all.putAll(
        Map.of(
            "otel.traces.exporter",
            "none",
            "otel.metrics.exporter",
            "none",
            "otel.logs.exporter",
            "none"));
    AutoConfiguredOpenTelemetrySdkBuilder b =
        AutoConfiguredOpenTelemetrySdk.builder()
            .disableShutdownHook()
            .addPropertiesSupplier(() -> all);
    new PlainOtlpExporters().customize(b);
    return b.build().getOpenTelemetrySdk();
  }
}
