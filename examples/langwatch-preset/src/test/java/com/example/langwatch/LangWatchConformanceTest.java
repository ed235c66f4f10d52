package com.example.langwatch;

import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.conformance.PresetConformanceTest;
import java.util.Map;

/** The whole otel-presets conformance suite, run against this preset. */
class LangWatchConformanceTest extends PresetConformanceTest {
  @Override
  protected String presetName() {
    return "langwatch";
  }

  @Override
  protected Map<String, String> settingsEnv(OtlpReceiver receiver) {
    return Map.of(
        "LANGWATCH_ENDPOINT", receiver.baseUrl(), "LANGWATCH_API_KEY", "lw-conformance-key");
  }
}
