package dev.otelpresets.core.internal;

import dev.otelpresets.core.Tenant;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Tenant partition: splits one owner's batch by the tenant each span's trace is bound to, and
 * exports each part through its own route — the tenant's own client when it has usable
 * credentials for this owner, else the operator's static route. The parts are independent
 * sub-exports, so one tenant's failure never marks another's or the operator's spans as failed.
 * Each client exports right after it is looked up, so an LRU eviction during the batch only ever
 * defers a shutdown.
 */
final class TenantPartitionSpanExporter implements SpanExporter {
  /** Builds the route of one tenant's client (statistics, stages with its overlay, transport). */
  @FunctionalInterface
  interface TenantRoutes {
    SpanExporter route(String tenantId, TenantExporters.Client client);
  }

  private final String owner;
  private final TenantRouter router;
  private final TenantExporters tenants;
  private final SpanExporter staticRoute;
  private final TenantRoutes tenantRoutes;
  private final ExportAccount account;

  TenantPartitionSpanExporter(
      String owner,
      TenantRouter router,
      TenantExporters tenants,
      SpanExporter staticRoute,
      TenantRoutes tenantRoutes,
      ExportAccount account) {
    this.owner = Objects.requireNonNull(owner, "owner");
    this.router = Objects.requireNonNull(router, "router");
    this.tenants = Objects.requireNonNull(tenants, "tenants");
    this.staticRoute = Objects.requireNonNull(staticRoute, "staticRoute");
    this.tenantRoutes = Objects.requireNonNull(tenantRoutes, "tenantRoutes");
    this.account = Objects.requireNonNull(account, "account");
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    List<SpanData> staticSpans = new ArrayList<>(spans.size());
    Map<String, List<SpanData>> byTenant = new LinkedHashMap<>();
    for (SpanData span : spans) {
      String tenantId = span.getAttributes().get(TenantRouter.TENANT_ID);
      if (tenantId == null) {
        staticSpans.add(span);
      } else {
        byTenant.computeIfAbsent(tenantId, k -> new ArrayList<>()).add(span);
      }
    }
    if (byTenant.isEmpty()) {
      return staticRoute.export(staticSpans);
    }
    List<CompletableResultCode> results = new ArrayList<>(byTenant.size() + 1);
    for (Map.Entry<String, List<SpanData>> e : byTenant.entrySet()) {
      Tenant tenant = router.find(e.getKey());
      TenantExporters.Client client;
      try {
        client = tenant == null ? TenantExporters.Client.STATIC : tenants.clientFor(tenant);
      } catch (RuntimeException thrown) {
        results.add(
            CountingSpanExporter.failed(
                account,
                e.getValue().size(),
                "the '"
                    + owner
                    + "' exporter for tenant '"
                    + e.getKey()
                    + "' could not be built ("
                    + thrown.getClass().getSimpleName()
                    + ")",
                thrown));
        continue;
      }
      if (client == TenantExporters.Client.STATIC) {
        staticSpans.addAll(e.getValue());
      } else {
        results.add(tenantRoutes.route(e.getKey(), client).export(e.getValue()));
      }
    }
    if (!staticSpans.isEmpty()) {
      results.add(staticRoute.export(staticSpans));
    }
    return CompletableResultCode.ofAll(results);
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofAll(List.of(staticRoute.flush(), tenants.flush()));
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofAll(List.of(staticRoute.shutdown(), tenants.shutdown()));
  }

  @Override
  public String toString() {
    return "TenantPartitionSpanExporter{owner=" + owner + "}";
  }
}
