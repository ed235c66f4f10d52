package dev.otelpresets.presets.arize;

import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.conformance.PresetConformanceTest;
import java.util.Map;

/**
 * The arize preset runs the conformance suite every preset runs, over gRPC (Arize's default
 * transport); companions: otel, langfuse.
 */
class ArizeConformanceTest extends PresetConformanceTest {
  @Override
  protected String presetName() {
    return "arize";
  }

  @Override
  protected boolean grpc() {
    return true;
  }

  @Override
  protected Map<String, String> settingsEnv(OtlpReceiver receiver) {
    return Map.of(
        "ARIZE_ENDPOINT", receiver.grpcEndpoint(),
        "ARIZE_SPACE_ID", "arize-conformance-space",
        "ARIZE_API_KEY", "arize-conformance-key",
        "ARIZE_PROJECT_NAME", "conformance");
  }
}
