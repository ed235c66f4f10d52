package dev.otelpresets.presets.phoenix;

import dev.otelpresets.presets.openinference.OpenInferenceResources;
import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.spi.TenantCredentialRule;
import dev.otelpresets.support.internal.AuthHeaders;
import dev.otelpresets.support.internal.TenantCredentials;
import io.opentelemetry.api.common.Attributes;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A tenant's Phoenix key and/or project. {@code phoenix_api_key} replaces the Bearer token (and an
 * {@code authorization} the operator set through {@code PHOENIX_CLIENT_HEADERS}); the operator's
 * other client headers stay, as they address the same endpoint; {@code
 * phoenix_project_name} routes the tenant's spans to its project through {@link #resourceOverlay}
 * ({@code openinference.project.name}). Either alone is a complete set: a self-hosted Phoenix
 * without auth still separates projects, and a tenant key may use the operator's project.
 */
public final class PhoenixTenantCredentialRule implements TenantCredentialRule {
  public static final String API_KEY = "phoenix_api_key";
  public static final String PROJECT_NAME = "phoenix_project_name";
  private static final List<String> KEYS = List.of(API_KEY, PROJECT_NAME);

  @Override
  public Set<String> credentialKeys() {
    return new LinkedHashSet<>(KEYS);
  }

  @Override
  public Optional<ExporterSpec> apply(ExporterSpec staticSpec, Map<String, String> credentials) {
    TenantCredentials creds = TenantCredentials.of("phoenix", credentials);
    if (!creds.anyPresent(KEYS)) {
      return Optional.empty();
    }
    creds.get(PROJECT_NAME); // validates: present means non-blank
    ExporterSpec.Builder b = staticSpec.toBuilder();
    creds
        .get(API_KEY)
        .ifPresent(
            k -> {
              // replaces the operator's token, whichever case its name has (an authorization entry
              // of
              // PHOENIX_CLIENT_HEADERS is lower case): one Authorization header, the tenant's
              staticSpec.headers().keySet().stream()
                  .filter(PhoenixPresetProvider::isAuthorization)
                  .forEach(b::removeHeader);
              b.secretHeader(AuthHeaders.AUTHORIZATION, AuthHeaders.bearer(k));
            });
    return Optional.of(b.build());
  }

  @Override
  public Attributes resourceOverlay(Map<String, String> credentials) {
    return TenantCredentials.of("phoenix", credentials)
        .get(PROJECT_NAME)
        .map(OpenInferenceResources::project)
        .orElse(Attributes.empty());
  }

  @Override
  public String toString() {
    return "PhoenixTenantCredentialRule" + KEYS;
  }
}
