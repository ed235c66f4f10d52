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
    String out = GatewayLoad.ratios(r, Map.of("plain7", true, "all7", false));
    assertTrue(
        out.contains(
            "serve CPU per request all7/plain7 = 1.50 (300 / 200 us) (target <="
                + " 1.0); requests/s all7/plain7 = 1.00 (500 / 500)"),
        out);
    assertTrue(
        out.contains("serve CPU per request all7/off = 3.00 (300 / 100 us) (target <= 2.5)"), out);
    assertTrue(out.contains("plain7/off = 2.00"), out);
    assertTrue(out.contains("all7 lost spans in the measured window"), out);
    assertFalse(out.contains("plain7 lost"), out);
    assertEquals("", GatewayLoad.ratios(Map.of("off", figures(1, 1, 1)), Map.of()));
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
