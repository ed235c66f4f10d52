package dev.otelpresets.core.internal;

import dev.otelpresets.core.Tenant;
import io.opentelemetry.api.common.Attributes;
import java.util.Objects;

/**
 * Binds a trace to a tenant, in every mode: the tenant's credentials go to the {@link
 * TenantRouter}, and every span of the trace (open now or started later) is marked with the
 * tenant id in an internal attribute that the tenant partition of each owner's chain reads and
 * the chain strips before any export.
 */
public final class TenantBinding {
  private final TenantRouter router;
  private final TraceScopedAttributes traceScoped;

  public TenantBinding(TenantRouter router, TraceScopedAttributes traceScoped) {
    this.router = Objects.requireNonNull(router, "router");
    this.traceScoped = Objects.requireNonNull(traceScoped, "traceScoped");
  }

  /** Binds the trace with this id (32 hex digits) to {@code tenant}. */
  public void bind(String traceId, Tenant tenant) {
    Objects.requireNonNull(traceId, "traceId");
    Objects.requireNonNull(tenant, "tenant");
    router.register(tenant);
    traceScoped.apply(traceId, Attributes.of(TenantRouter.TENANT_ID, tenant.id()));
  }

  TenantRouter router() {
    return router;
  }

  TraceScopedAttributes traceScoped() {
    return traceScoped;
  }
}
