package dev.otelpresets.presets.langfuse;

import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.spi.InvalidTenantCredentialsException;
import dev.otelpresets.spi.TenantCredentialRule;
import dev.otelpresets.support.internal.AuthHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A tenant's own Langfuse project: {@code langfuse_public_key} and {@code langfuse_secret_key}
 * (both) replace the Basic auth of the static exporter; an optional {@code langfuse_host} replaces
 * its endpoint. The framework uses a tenant host only when it is on the operator's allowlist (a
 * tenant-chosen host would be an SSRF and exfiltration risk); this rule just builds the spec.
 */
public final class LangfuseTenantCredentialRule implements TenantCredentialRule {
  static final String PUBLIC_KEY = "langfuse_public_key";
  static final String SECRET_KEY = "langfuse_secret_key";
  static final String HOST = "langfuse_host";

  private static final Set<String> KEYS = Set.of(PUBLIC_KEY, SECRET_KEY, HOST);

  @Override
  public Set<String> credentialKeys() {
    return KEYS;
  }

  @Override
  public Optional<ExporterSpec> apply(ExporterSpec staticSpec, Map<String, String> credentials) {
    Objects.requireNonNull(staticSpec, "staticSpec");
    Objects.requireNonNull(credentials, "credentials");
    String publicKey = nonBlank(credentials.get(PUBLIC_KEY));
    String secretKey = nonBlank(credentials.get(SECRET_KEY));
    String host = nonBlank(credentials.get(HOST));
    if (publicKey == null && secretKey == null && host == null) {
      return Optional.empty();
    }
    List<String> missing = new ArrayList<>(2);
    if (publicKey == null) {
      missing.add(PUBLIC_KEY);
    }
    if (secretKey == null) {
      missing.add(SECRET_KEY);
    }
    if (!missing.isEmpty()) {
      throw new InvalidTenantCredentialsException(
          "Langfuse tenant credentials are incomplete: missing "
              + String.join(" and ", missing)
              + "; a tenant needs both langfuse_public_key and langfuse_secret_key");
    }
    ExporterSpec.Builder b =
        staticSpec.toBuilder()
            .secretHeader(AuthHeaders.AUTHORIZATION, AuthHeaders.basic(publicKey, secretKey))
            .header(
                LangfusePresetProvider.INGESTION_VERSION_HEADER,
                LangfusePresetProvider.INGESTION_VERSION);
    if (host != null) {
      try {
        b.endpoint(LangfuseEndpoints.tracesUrl(host, HOST));
      } catch (IllegalArgumentException e) {
        // The host is not a secret, but the message stays value-free like every tenant error.
        throw new InvalidTenantCredentialsException(
            HOST + " is not a valid http(s) host or URL, e.g. https://cloud.langfuse.com");
      }
    }
    return Optional.of(b.build());
  }

  private static String nonBlank(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  @Override
  public String toString() {
    return "LangfuseTenantCredentialRule" + KEYS;
  }
}
