package dev.otelpresets.it;

import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.OtelPresets;
import dev.otelpresets.testkit.LogCapture;
import dev.otelpresets.testkit.OtlpReceiver;
import java.util.HashMap;
import java.util.Map;

/**
 * The tenant tests' setup: a receiver for the {@code x} preset and one for the {@code otel}
 * collector, the log captured, and telemetry with {@code callbacks: [x, otel]} pointed at them.
 */
final class XAndCollector implements AutoCloseable {
  final OtlpReceiver x = OtlpReceiver.start("x receiver");
  final OtlpReceiver otel = OtlpReceiver.start("otel receiver");
  final LogCapture logs = new LogCapture();
  private final String staticToken;

  XAndCollector(String staticToken) {
    this.staticToken = staticToken;
  }

  /**
   * Telemetry exporting to both receivers; {@code yaml} follows {@code settings:} (more settings,
   * then other sections), {@code env} adds to the variables.
   */
  GenAiTelemetry start(String yaml, Map<String, String> env) {
    Map<String, String> all = new HashMap<>(env);
    all.put("X_ENDPOINT", x.baseUrl());
    all.put("X_TOKEN", staticToken);
    all.put("OTEL_EXPORTER_OTLP_ENDPOINT", otel.baseUrl());
    all.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
    all.put("OTEL_METRICS_EXPORTER", "none");
    all.put("OTEL_LOGS_EXPORTER", "none");
    return OtelPresets.builder()
        .configYaml("callbacks: [x, otel]\nsettings:\n  shutdown_hook: false\n" + yaml)
        .environment(all)
        .publishGlobal(false)
        .build();
  }

  @Override
  public void close() {
    logs.close();
    x.close();
    otel.close();
  }
}
