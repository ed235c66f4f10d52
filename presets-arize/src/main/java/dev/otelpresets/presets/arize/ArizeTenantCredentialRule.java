package dev.otelpresets.presets.arize;

import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.spi.InvalidTenantCredentialsException;
import dev.otelpresets.spi.TenantCredentialRule;
import dev.otelpresets.spi.TenantCredentials;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A tenant's own Arize space: {@code arize_space_id} (or the older {@code arize_space_key}; the id
 * wins when both are given) and {@code arize_api_key}, both needed. They replace the static auth
 * headers on the Arize exporter only; endpoint and project stay the operator's.
 */
public final class ArizeTenantCredentialRule implements TenantCredentialRule {
  public static final String SPACE_ID = "arize_space_id";
  public static final String SPACE_KEY = "arize_space_key";
  public static final String API_KEY = "arize_api_key";
  private static final List<String> KEYS = List.of(SPACE_ID, SPACE_KEY, API_KEY);

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
    Optional<String> space = creds.get(SPACE_ID).or(() -> creds.get(SPACE_KEY));
    Optional<String> apiKey = creds.get(API_KEY);
    if (space.isEmpty()) {
      throw incomplete(creds, SPACE_ID + " (or " + SPACE_KEY + ")");
    }
    if (apiKey.isEmpty()) {
      throw incomplete(creds, API_KEY);
    }
    return Optional.of(ArizeHeaders.apply(staticSpec.toBuilder(), space.get(), apiKey.get())
        .build());
  }

  private static InvalidTenantCredentialsException incomplete(TenantCredentials c, String missing) {
    return c.incomplete(missing, SPACE_ID + " (or " + SPACE_KEY + ") + " + API_KEY, KEYS);
  }

  @Override
  public String toString() {
    return "ArizeTenantCredentialRule" + KEYS;
  }
}
