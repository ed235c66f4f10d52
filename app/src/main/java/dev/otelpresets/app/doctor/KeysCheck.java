package dev.otelpresets.app.doctor;

import dev.otelpresets.app.gateway.GatewayConfig;
import dev.otelpresets.core.Tenant;
import dev.otelpresets.core.internal.PresetSelection;
import dev.otelpresets.core.internal.TenantHostAllowlist;
import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.spi.InvalidTenantCredentialsException;
import dev.otelpresets.spi.TenantCredentialRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks the gateway's {@code keys:} the way the running gateway would use them: each key's
 * tenant credentials against the tenant rule of the preset that owns them (complete, known keys,
 * the endpoint host on {@code tenants.allowed_hosts}). Shows key labels and credential names only:
 * never an API key or a credential value. {@code tenants.credentials} is checked the same way.
 */
public final class KeysCheck {
  /**
   * What to print: one line per key, the problems found (credentials a backend would refuse or
   * never use), and notes (credentials for a backend that is not in {@code callbacks:}).
   */
  public record Report(List<String> lines, List<String> warnings, List<String> notes) {}

  private KeysCheck() {}

  public static Report check(GatewayConfig gateway, Diagnosis d) {
    List<String> lines = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    if (!gateway.requiresKeys()) {
      lines.add("(no keys: section: every caller is accepted, without a tenant)");
      return new Report(lines, warnings, notes);
    }
    List<GatewayConfig.ApiKey> keys = gateway.keySettings();
    if (keys.isEmpty()) {
      warnings.add(
          "keys: is empty: the gateway refuses every request (401). Add a key, or"
              + " remove the keys: section to accept every caller.");
    }
    TenantHostAllowlist allowed = new TenantHostAllowlist(d.config().tenantAllowedHosts());
    for (GatewayConfig.ApiKey key : keys) {
      if (key.credentials().isEmpty()) {
        lines.add(key.label() + ": no tenant credentials (the operator's backends)");
        continue;
      }
      describe("keys: ", key.label(), key.credentials(), d, allowed, lines, warnings, notes);
    }
    return new Report(lines, warnings, notes);
  }

  /**
   * Checks {@code tenants.credentials} the same way: each tenant's credentials against the tenant
   * rule of the preset that owns them. Shows tenant ids and credential names only.
   */
  public static Report checkTenants(Map<String, Tenant> tenants, Diagnosis d) {
    List<String> lines = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    TenantHostAllowlist allowed = new TenantHostAllowlist(d.config().tenantAllowedHosts());
    for (Tenant tenant : new TreeMap<>(tenants).values()) {
      Map<String, Map<String, String>> credentials = new LinkedHashMap<>();
      for (String owner : new TreeSet<>(tenant.owners())) {
        credentials.put(owner, tenant.credentialsFor(owner));
      }
      describe(
          "tenants.credentials: ",
          "tenant " + tenant.id(),
          credentials,
          d,
          allowed,
          lines,
          warnings,
          notes);
    }
    return new Report(lines, warnings, notes);
  }

  /** One line for a key's or tenant's credentials, and the problems and notes they give. */
  private static void describe(
      String section,
      String label,
      Map<String, Map<String, String>> credentials,
      Diagnosis d,
      TenantHostAllowlist allowed,
      List<String> lines,
      List<String> warnings,
      List<String> notes) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, Map<String, String>> e : credentials.entrySet()) {
      String owner = e.getKey();
      boolean selected =
          d.selection().selected().stream().anyMatch(s -> s.provider().owner().id().equals(owner));
      String problem = selected ? problem(owner, e.getValue(), d, allowed) : null;
      boolean cannotStart = !selected && d.cannotStart(owner);
      parts.add(
          owner
              + " ("
              + String.join(", ", new TreeSet<>(e.getValue().keySet()))
              + ") "
              + (cannotStart
                  ? "not checked"
                  : !selected ? "unused" : problem == null ? "ok" : "NOT USED"));
      if (cannotStart) {
        notes.add(
            section
                + label
                + ": credentials for '"
                + owner
                + "' are not checked: the preset exporting to '"
                + owner
                + "' cannot start (see the ERROR).");
      } else if (!selected) {
        notes.add(
            section
                + label
                + ": credentials for '"
                + owner
                + "', but no preset"
                + " in callbacks exports to '"
                + owner
                + "'; they are not used.");
      } else if (problem != null) {
        warnings.add(section + label + ": " + problem);
      }
    }
    lines.add(label + ": " + String.join("; ", parts));
  }

  /** Why these credentials would not be used, or null when they would. */
  private static String problem(
      String owner, Map<String, String> credentials, Diagnosis d, TenantHostAllowlist allowlist) {
    PresetSelection.Selected preset = null;
    for (PresetSelection.Selected s : d.selection().selected()) {
      if (s.provider().owner().id().equals(owner)) {
        preset = s;
      }
    }
    TenantCredentialRule rule = preset.preset().tenantRule();
    if (rule == TenantCredentialRule.NONE) {
      return "preset '"
          + preset.provider().name()
          + "' takes no tenant credentials; its spans"
          + " use the operator's settings. Remove credentials."
          + owner
          + ".";
    }
    if (credentials.isEmpty()) {
      return "credentials for '"
          + owner
          + "' are all empty (an unset variable?); set "
          + String.join(", ", new TreeSet<>(rule.credentialKeys()))
          + ".";
    }
    Set<String> unknown = new TreeSet<>(credentials.keySet());
    unknown.removeAll(rule.credentialKeys());
    if (!unknown.isEmpty()) {
      return "unknown credential key(s) "
          + unknown
          + " for '"
          + owner
          + "'; valid: "
          + new TreeSet<>(rule.credentialKeys())
          + ". serve refuses such a key at start.";
    }
    for (ExporterSpec staticSpec : preset.preset().exporters()) {
      ExporterSpec spec;
      try {
        spec = rule.apply(staticSpec, credentials).orElse(null);
      } catch (InvalidTenantCredentialsException e) {
        return "credentials for '"
            + owner
            + "' refused: "
            + redact(e.getMessage(), credentials)
            + "; this tenant's spans would use the operator's exporter.";
      } catch (RuntimeException e) {
        return "the '" + owner + "' tenant rule failed (" + e.getClass().getSimpleName() + ").";
      }
      if (spec == null) {
        continue;
      }
      if (!allowlist.allows(staticSpec.endpoint(), spec.endpoint())) {
        return "the '"
            + owner
            + "' endpoint "
            + TenantHostAllowlist.hostPort(spec.endpoint())
            + " is not on tenants.allowed_hosts, so this tenant's spans would use the"
            + " operator's exporter. Add it to tenants.allowed_hosts.";
      }
    }
    return null;
  }

  /** A rule's message with any credential value replaced, in case a rule quotes one. */
  static String redact(String message, Map<String, String> credentials) {
    String out = message == null ? "invalid" : message;
    for (String value : credentials.values()) {
      if (value.length() >= 4) {
        out = out.replace(value, "<redacted>");
      }
    }
    return out;
  }
}
