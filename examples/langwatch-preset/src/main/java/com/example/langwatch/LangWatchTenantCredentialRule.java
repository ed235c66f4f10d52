package com.example.langwatch;

import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.spi.TenantCredentialRule;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A tenant's own LangWatch project: {@code langwatch_api_key} replaces the Bearer token of the
 * LangWatch exporter; the endpoint stays the operator's.
 */
public final class LangWatchTenantCredentialRule implements TenantCredentialRule {
  public static final String API_KEY = "langwatch_api_key";

  @Override
  public Set<String> credentialKeys() {
    return Set.of(API_KEY);
  }

  @Override
  public Optional<ExporterSpec> apply(ExporterSpec staticSpec, Map<String, String> credentials) {
    Objects.requireNonNull(staticSpec, "staticSpec");
    String key = credentials.get(API_KEY);
    if (key == null || key.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(
        staticSpec.toBuilder().secretHeader("Authorization", "Bearer " + key.trim()).build());
  }

  @Override
  public String toString() {
    return "LangWatchTenantCredentialRule[" + API_KEY + "]";
  }
}
