package dev.otelpresets.presets.weave;

import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.conformance.PresetConformanceTest;
import java.util.Map;
import java.util.Set;

/** The weave preset runs the conformance suite every preset runs (companions: otel, langfuse). */
class WeaveConformanceTest extends PresetConformanceTest {
  @Override
  protected String presetName() {
    return "weave";
  }

  @Override
  protected Map<String, String> settingsEnv(OtlpReceiver receiver) {
    return Map.of(
        "WANDB_HOST", receiver.baseUrl(),
        "WANDB_API_KEY", "wandb-conformance-key",
        "WANDB_PROJECT_ID", "conformance-team/conformance-project");
  }

  /** Weave validates the project as {@code entity/project}. */
  @Override
  protected Map<String, String> tenantCredentials(Set<String> credentialKeys) {
    return Map.of(
        WeaveTenantCredentialRule.API_KEY, "wandb-tenant-key-7Qx3",
        WeaveTenantCredentialRule.PROJECT_ID, "tenant-team/tenant-project");
  }

  /** The W&B project the traces belong to ("entity/project"), not a credential. */
  @Override
  protected Set<String> nonSecretHeaders() {
    return Set.of(WeaveProject.PROJECT_ID_HEADER);
  }
}
