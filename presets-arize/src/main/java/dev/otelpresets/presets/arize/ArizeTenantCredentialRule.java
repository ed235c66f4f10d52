package dev.otelpresets.presets.arize;

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
 * A tenant's own Arize space and/or project. {@code arize_space_id} (or the older {@code
 * arize_space_key}; the id wins when both are given) and {@code arize_api_key} go together and
 * replace the static auth headers on the Arize exporter only. {@code arize_project_name} routes the
 * tenant's spans to its project through {@link #resourceOverlay} ({@code
 * openinference.project.name} and {@code model_id}, replacing the operator's); alone it keeps the
 * operator's space and key. The endpoint stays the operator's.
 */
public final class ArizeTenantCredentialRule implements TenantCredentialRule {
  public static final String SPACE_ID = "arize_space_id";
  public static final String SPACE_KEY = "arize_space_key";
  public static final String API_KEY = "arize_api_key";
  public static final String PROJECT_NAME = "arize_project_name";
  private static final List<String> AUTH_KEYS = List.of(SPACE_ID, SPACE_KEY, API_KEY);
  private static final List<String> KEYS = List.of(SPACE_ID, SPACE_KEY, API_KEY, PROJECT_NAME);

  @Override
  public Set<String> credentialKeys() {
    return new LinkedHashSet<>(KEYS);
  }

  @Override
  public Optional<ExporterSpec> apply(ExporterSpec staticSpec, Map<String, String> credentials) {
    TenantCredentials creds = TenantCredentials.of("arize", credentials);
    if (!creds.anyPresent(KEYS)) {
      return Optional.empty();
    }
    creds.get(PROJECT_NAME); // validates: present means non-blank
    if (!creds.anyPresent(AUTH_KEYS)) {
      return Optional.of(staticSpec); // the project alone: the operator's space and key
    }
    Optional<String> space = creds.get(SPACE_ID).or(() -> creds.get(SPACE_KEY));
    Optional<String> apiKey = creds.get(API_KEY);
    if (space.isEmpty()) {
      throw incomplete(creds, SPACE_ID + " (or " + SPACE_KEY + ")");
    }
    if (apiKey.isEmpty()) {
      throw incomplete(creds, API_KEY);
    }
    return Optional.of(
        ArizeHeaders.apply(staticSpec.toBuilder(), space.get(), apiKey.get()).build());
  }

  @Override
  public Attributes resourceOverlay(Map<String, String> credentials) {
    return TenantCredentials.of("arize", credentials)
        .get(PROJECT_NAME)
        .map(ArizePresetProvider::projectResource)
        .orElse(Attributes.empty());
  }

  private static InvalidTenantCredentialsException incomplete(TenantCredentials c, String missing) {
    return c.incomplete(
        missing,
        SPACE_ID + " (or " + SPACE_KEY + ") + " + API_KEY + ", and/or " + PROJECT_NAME,
        KEYS);
  }

  @Override
  public String toString() {
    return "ArizeTenantCredentialRule" + KEYS;
  }
}
