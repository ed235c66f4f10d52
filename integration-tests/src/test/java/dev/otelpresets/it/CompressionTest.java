package dev.otelpresets.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.OtelPresets;
import dev.otelpresets.core.config.ConfigException;
import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.ReceivedRequest;
import dev.otelpresets.testkit.conformance.CompanionPresets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@code presets.<name>.compression} over real OTLP/HTTP: each receiver decodes the body by its
 * {@code Content-Encoding} (a gzip body sent as uncompressed, or the reverse, is a 400 there), so
 * a 200 with the header absent proves an uncompressed body and a 200 with {@code gzip} a gzip one.
 */
class CompressionTest {
  private static final int REQUESTS = 20;

  @Test
  void eachBackendSendsTheCompressionItsSectionChose() {
    try (OtlpReceiver x = OtlpReceiver.start("x receiver, none");
        OtlpReceiver otel = OtlpReceiver.start("otel receiver, gzip");
        OtlpReceiver phoenix = OtlpReceiver.start("phoenix receiver, default");
        OtlpReceiver langfuse = OtlpReceiver.start("langfuse receiver, none")) {
      GenAiTelemetry t =
          start(
              "callbacks: [x, otel, arize_phoenix, langfuse]\n"
                  + "settings:\n  shutdown_hook: false\n"
                  + "presets:\n  x:\n    compression: none\n  otel:\n    compression: gzip\n"
                  + "  langfuse:\n    compression: \" none \"\n",
              x,
              otel,
              phoenix,
              langfuse);
      for (int i = 0; i < REQUESTS; i++) {
        TenantRequests.request(t, null);
      }
      t.close();

      assertBodies(x, null);
      assertBodies(langfuse, null);
      assertBodies(otel, "gzip"); // the SDK's own default for otel is none
      assertBodies(phoenix, "gzip"); // a preset's default
    }
  }

  @Test
  void withoutTheSettingOtelStaysUncompressedAsTheSdkDefaultAndPresetsGzip() {
    try (OtlpReceiver x = OtlpReceiver.start("x receiver, default");
        OtlpReceiver otel = OtlpReceiver.start("otel receiver, default");
        OtlpReceiver phoenix = OtlpReceiver.start("phoenix receiver, none");
        OtlpReceiver langfuse = OtlpReceiver.start("langfuse receiver, default")) {
      GenAiTelemetry t =
          start(
              "callbacks: [x, otel, arize_phoenix, langfuse]\n"
                  + "settings:\n  shutdown_hook: false\n"
                  + "presets:\n  arize_phoenix:\n    compression: none\n",
              x,
              otel,
              phoenix,
              langfuse);
      TenantRequests.request(t, null);
      t.close();

      assertBodies(x, "gzip");
      assertBodies(langfuse, "gzip");
      assertBodies(otel, null);
      assertBodies(phoenix, null);
    }
  }

  @Test
  void anUnknownCompressionIsRefusedAtLoadNamingTheKey() {
    Executable load =
        () ->
            OtelPresets.builder()
                .configYaml("callbacks: [langfuse]\npresets:\n  langfuse:\n    compression: zstd\n")
                .environment(Map.of("LANGFUSE_PUBLIC_KEY", "pk", "LANGFUSE_SECRET_KEY", "sk"))
                .publishGlobal(false)
                .build();
    ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, load);
    assertEquals(
        "<inline config>:4:18: presets.langfuse.compression: must be gzip or none, got"
            + " 'zstd'; write gzip (the default: smaller bodies, more CPU) or none (uncompressed,"
            + " e.g. for a collector on the same host)",
        e.getMessage());
  }

  private static void assertBodies(OtlpReceiver r, String encoding) {
    List<ReceivedRequest> requests = r.requests();
    assertFalse(requests.isEmpty(), r.name() + " got nothing");
    int spans = 0;
    for (ReceivedRequest q : requests) {
      assertEquals(200, q.status(), r.name() + ": the body did not decode as its header says");
      if (encoding == null) {
        assertNull(q.header("content-encoding"), r.name());
      } else {
        assertEquals(encoding, q.header("content-encoding"), r.name());
      }
      assertTrue(q.traces().isPresent(), r.name());
      spans +=
          q.traces().get().getResourceSpansList().stream()
              .flatMap(rs -> rs.getScopeSpansList().stream())
              .mapToInt(ss -> ss.getSpansCount())
              .sum();
    }
    assertTrue(spans >= 2, r.name() + " spans: " + spans);
  }

  private static GenAiTelemetry start(
      String yaml, OtlpReceiver x, OtlpReceiver otel, OtlpReceiver phoenix, OtlpReceiver langfuse) {
    Map<String, String> env = new HashMap<>(CompanionPresets.env("phoenix", phoenix).orElseThrow());
    env.putAll(CompanionPresets.env("langfuse", langfuse).orElseThrow());
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
}
