package dev.otelpresets.core.internal;

import dev.otelpresets.core.Tenant;
import dev.otelpresets.core.config.ConfigException;
import dev.otelpresets.core.config.OtelPresetsConfig;
import dev.otelpresets.spi.TenantCredentialRule;
import java.util.HashMap;
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

  /** What one selected backend reads of tenant credentials: its name and its credential keys. */
  public record ReadKeys(String backend, Set<String> keys) {}

  /** Per owner id of each selected backend, what its tenant rule reads. */
  public static Map<String, ReadKeys> readKeys(PresetSelection selection) {
    Map<String, ReadKeys> out = new HashMap<>();
    for (PresetSelection.Selected s : selection.selected()) {
      if (s.preset() != null) {
        ReadKeys read = new ReadKeys(s.provider().name(), s.preset().tenantRule().credentialKeys());
        s.preset().exporters().forEach(spec -> out.put(spec.owner().id(), read));
      }
    }
    return out;
  }

  /**
   * Why {@code key} of the credentials {@code holder} (e.g. "this tenant") gives {@code owner} is
   * never read, or null when {@code read} reads it.
   */
  public static String unreadKey(String owner, String key, ReadKeys read, String holder) {
    if (read.keys().contains(key)) {
      return null;
    }
    return read.keys().isEmpty()
        ? "the '"
            + read.backend()
            + "' backend takes no tenant credentials; remove '"
            + owner
            + "' from "
            + holder
        : "unknown credential key '"
            + key
            + "' for '"
            + owner
            + "'. Valid keys: "
            + String.join(", ", new TreeSet<>(read.keys()))
            + ".";
  }

  /**
   * @throws ConfigException for the first unknown key
   */
  public static void check(OtelPresetsConfig config, PresetSelection selection) {
    for (Map.Entry<String, ReadKeys> e : readKeys(selection).entrySet()) {
      String owner = e.getKey();
      for (Tenant tenant : config.tenants().values()) {
        for (String key : tenant.credentialsFor(owner).keySet()) {
          String problem = unreadKey(owner, key, e.getValue(), "this tenant");
          if (problem != null) {
            throw new ConfigException(
                config.tenantCredentialLocation(tenant.id(), owner, key),
                "tenants.credentials." + tenant.id() + "." + owner + "." + key,
                problem);
          }
        }
      }
    }
  }
}
