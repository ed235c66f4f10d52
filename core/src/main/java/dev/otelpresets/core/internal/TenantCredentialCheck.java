package dev.otelpresets.core.internal;

import dev.otelpresets.core.Tenant;
import dev.otelpresets.core.config.ConfigException;
import dev.otelpresets.core.config.OtelPresetsConfig;
import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.spi.TenantCredentialRule;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks {@code tenants.credentials} against the selected presets at start: a credential key the
 * backend's {@link TenantCredentialRule} does not read (a typo would otherwise leave the tenant on
 * the static credentials without a word), or credentials for a selected backend that takes none,
 * is one error naming file, line, key and the valid keys. Owners of backends not selected are
 * left alone (one file may serve several deployments).
 *
 * <p>Internal: not a stable API.
 */
public final class TenantCredentialCheck {
  private TenantCredentialCheck() {}

  /**
   * @throws ConfigException for the first unknown key
   */
  public static void check(OtelPresetsConfig config, PresetSelection selection) {
    for (PresetSelection.Selected s : selection.selected()) {
      if (s.preset() == null) {
        continue;
      }
      TenantCredentialRule rule = s.preset().tenantRule();
      for (ExporterSpec spec : s.preset().exporters()) {
        String owner = spec.owner().id();
        for (Tenant tenant : config.tenants().values()) {
          Map<String, String> creds = tenant.credentialsFor(owner);
          Set<String> valid = rule.credentialKeys();
          for (String key : creds.keySet()) {
            if (!valid.contains(key)) {
              throw new ConfigException(
                  config.tenantCredentialLocation(tenant.id(), owner, key),
                  "tenants.credentials." + tenant.id() + "." + owner + "." + key,
                  valid.isEmpty()
                      ? "the '"
                          + s.provider().name()
                          + "' backend takes no tenant credentials;"
                          + " remove '"
                          + owner
                          + "' from this tenant"
                      : "unknown credential key '"
                          + key
                          + "' for '"
                          + owner
                          + "'. Valid keys: "
                          + String.join(", ", new TreeSet<>(valid))
                          + ".");
            }
          }
        }
      }
    }
  }
}
