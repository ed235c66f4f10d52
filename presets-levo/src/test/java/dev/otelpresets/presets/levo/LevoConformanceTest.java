package dev.otelpresets.presets.levo;

import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.conformance.PresetConformanceTest;
import java.util.Map;
import java.util.Set;

/** The levo preset runs the conformance suite every preset runs. */
class LevoConformanceTest extends PresetConformanceTest {
  @Override
  protected String presetName() {
    return "levo";
  }

  @Override
  protected Map<String, String> settingsEnv(OtlpReceiver receiver) {
    return Map.of(
        "LEVOAI_API_KEY", "levo-conformance-key",
        "LEVOAI_ORG_ID", "org-conformance",
        "LEVOAI_WORKSPACE_ID", "ws-conformance",
        "LEVOAI_COLLECTOR_URL", receiver.baseUrl());
  }

  /** Routing ids, not credentials: Levo's collector authenticates with the API key. */
  @Override
  protected Set<String> nonSecretHeaders() {
    return Set.of(LevoPresetProvider.ORG_HEADER, LevoPresetProvider.WORKSPACE_HEADER);
  }
}
