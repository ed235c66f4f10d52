package dev.otelpresets.spi;

import io.opentelemetry.api.common.Attributes;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns one tenant's credentials for this preset's owner (e.g. {@code arize_api_key}) into the
 * exporter that tenant's spans use. The framework passes only the credentials filed under this
 * owner and uses the result only for this owner's exporter; credentials never reach another
 * exporter, span attributes, logs or {@code toString()}. A result whose endpoint host differs from
 * the static one is used only when the host is on the operator's allowlist (the framework checks).
 * @since 0.1
 */
public interface TenantCredentialRule {

  /** The rule of a preset without tenant credentials: the static exporter is always used. */
  TenantCredentialRule NONE =
      new TenantCredentialRule() {
        @Override
        public Set<String> credentialKeys() {
          return Set.of();
        }

        @Override
        public Optional<ExporterSpec> apply(ExporterSpec staticSpec, Map<String, String> creds) {
          return Optional.empty();
        }
      };

  /** The credential keys this rule reads, for documentation and validation. */
  Set<String> credentialKeys();

  /** The tenant's variant of {@code staticSpec}, or empty to use the static exporter.
   * @param staticSpec the operator's exporter spec for this owner
   * @param credentials the tenant's credentials for this owner only; never null
   * @throws InvalidTenantCredentialsException when the set is incomplete or malformed; the message
   *     names keys, never values */
  Optional<ExporterSpec> apply(ExporterSpec staticSpec, Map<String, String> credentials);

  /** Resource attributes this tenant's exporter adds to the preset's overlay; never a secret. */
  default Attributes resourceOverlay(Map<String, String> credentials) {
    return Attributes.empty();
  }
}
