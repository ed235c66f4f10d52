package dev.otelpresets.core.internal;

import dev.otelpresets.core.config.OtelPresetsConfig;
import dev.otelpresets.spi.AttributeMapper;
import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.spi.TenantCredentialRule;
import io.opentelemetry.api.common.Attributes;
import java.util.Objects;

/**
 * One preset exporter's owner-scoped exporter with per-tenant routing, for assemblies outside
 * {@link TelemetryRuntime} (the autoconfigure/agent path): spans carrying {@link
 * TenantRouter#TENANT_ID} of a tenant known to {@code router} go out with that tenant's
 * credentials for this owner (built by the preset's {@link TenantCredentialRule}, checked against
 * {@code tenants.allowed_hosts}, kept in an LRU of {@code tenants.max_clients}); every other span
 * with the static ones.
 *
 * <p>Internal: not a stable API.
 */
public final class TenantRouting {
  private TenantRouting() {}

  /**
   * The exporter for {@code spec}; without a tenant rule ({@link TenantCredentialRule#NONE}) or
   * without a router, one that always uses the static credentials.
   */
  public static OwnerScopedSpanExporter exporter(ExporterSpec spec, TenantCredentialRule rule,
      AttributeMapper mapper, Attributes resourceOverlay, int attributeLimit,
      OtelPresetsConfig config, TenantRouter router) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(config, "config");
    TenantExporters tenants = rule == TenantCredentialRule.NONE || router == null ? null
        : new TenantExporters(spec, rule, config.tenantAllowedHosts(), config.tenantMaxClients(),
            t -> SizeBoundedSpanExporter.wrap(t.owner().id(), OtlpExporters.INSTANCE.forSpec(t)));
    return new OwnerScopedSpanExporter(spec.owner(), mapper, resourceOverlay,
        OtlpExporters.INSTANCE.forSpec(spec), attributeLimit, tenants == null ? null : router,
        tenants);
  }
}
