package dev.otelpresets.presets.weave;

import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.spi.InvalidTenantCredentialsException;
import dev.otelpresets.spi.TenantCredentialRule;
import dev.otelpresets.support.internal.TenantCredentials;
import io.opentelemetry.api.common.Attributes;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A tenant's own W&B project: {@code wandb_api_key} and {@code weave_project_id} ({@code
 * entity/project}), both needed. They replace the auth and {@code project_id} headers and the
 * {@code wandb.entity} / {@code wandb.project} resource attributes; the host stays the operator's.
 */
public final class WeaveTenantCredentialRule implements TenantCredentialRule {
  public static final String API_KEY = "wandb_api_key";
  public static final String PROJECT_ID = "weave_project_id";
  private static final List<String> KEYS = List.of(API_KEY, PROJECT_ID);

  @Override
  public Set<String> credentialKeys() {
    return new LinkedHashSet<>(KEYS);
  }

  @Override
  public Optional<ExporterSpec> apply(ExporterSpec staticSpec, Map<String, String> credentials) {
    TenantCredentials creds = TenantCredentials.of("weave", credentials);
    if (!creds.anyPresent(KEYS)) {
      return Optional.empty();
    }
    String apiKey = creds.get(API_KEY).orElseThrow(() -> incomplete(creds, API_KEY));
    WeaveProject project = project(creds);
    return Optional.of(project.applyHeaders(staticSpec.toBuilder(), apiKey).build());
  }

  @Override
  public Attributes resourceOverlay(Map<String, String> credentials) {
    TenantCredentials creds = TenantCredentials.of("weave", credentials);
    if (!creds.anyPresent(KEYS)) {
      return Attributes.empty();
    }
    return project(creds).resource();
  }

  private static WeaveProject project(TenantCredentials creds) {
    String id = creds.get(PROJECT_ID).orElseThrow(() -> incomplete(creds, PROJECT_ID));
    return WeaveProject.parse(id)
        .orElseThrow(
            () ->
                new InvalidTenantCredentialsException(
                    "tenant credential '" + PROJECT_ID + "' for 'weave' must be 'entity/project'"));
  }

  private static InvalidTenantCredentialsException incomplete(TenantCredentials c, String missing) {
    return c.incomplete(missing, API_KEY + " + " + PROJECT_ID, KEYS);
  }

  @Override
  public String toString() {
    return "WeaveTenantCredentialRule" + KEYS;
  }
}
