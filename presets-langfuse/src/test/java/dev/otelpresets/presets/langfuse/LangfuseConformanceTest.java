package dev.otelpresets.presets.langfuse;

import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.conformance.PresetConformanceTest;
import java.util.Map;

/** The langfuse preset runs the conformance suite every preset runs (companions: otel, levo). */
class LangfuseConformanceTest extends PresetConformanceTest {
  @Override
  protected String presetName() {
    return "langfuse";
  }

  @Override
  protected Map<String, String> settingsEnv(OtlpReceiver receiver) {
    return Map.of(
        "LANGFUSE_HOST", receiver.baseUrl(),
        "LANGFUSE_PUBLIC_KEY", "pk-lf-conformance",
        "LANGFUSE_SECRET_KEY", "sk-lf-conformance");
  }
}
