package dev.otelpresets.presets.phoenix;

import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.conformance.PresetConformanceTest;
import java.util.Map;

/** The phoenix preset runs the conformance suite every preset runs (companions: otel, langfuse). */
class PhoenixConformanceTest extends PresetConformanceTest {
  @Override
  protected String presetName() {
    return "phoenix";
  }

  @Override
  protected Map<String, String> settingsEnv(OtlpReceiver receiver) {
    return Map.of(
        "PHOENIX_COLLECTOR_HTTP_ENDPOINT", receiver.baseUrl(),
        "PHOENIX_API_KEY", "phoenix-conformance-key",
        "PHOENIX_PROJECT_NAME", "conformance");
  }
}
