package dev.otelpresets.core.internal;

import dev.otelpresets.core.Tenant;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One owner's batch as independent sub-exports: one per tenant that has its own client, one for
 * everything else through the operator's static transport. Each is counted on its own, so a
 * tenant's failure never marks the operator's or another tenant's delivered spans as failed, and
 * each is isolated: an exception while the tenant's client is built, while its spans are mapped or
 * while they are exported costs only that sub-export's spans, counted as failed and said in one
 * line without values (the stack trace only with {@code OTEL_PRESETS_DEBUG} set: an exception
 * message may quote the value the transport refused).
 */
final class SubExports {
  private static final Logger log = LoggerFactory.getLogger(SubExports.class);
  private static final boolean DEBUG = System.getenv("OTEL_PRESETS_DEBUG") != null;

  /** The span as this owner receives it, with a tenant's routing overlay (or null). */
  @FunctionalInterface
  interface Mapping {
    SpanData map(SpanData span, Attributes tenantOverlay);
  }

  private final String owner;
  private final SpanExporter staticTransport;
  private final TenantRouter router; // null: no tenant routing for this owner
  private final TenantExporters tenants;
  private final ExportAccount account;
  private final Mapping mapping;

  SubExports(String owner, SpanExporter staticTransport, TenantRouter router,
      TenantExporters tenants, ExportAccount account, Mapping mapping) {
    this.owner = Objects.requireNonNull(owner, "owner");
    this.staticTransport = Objects.requireNonNull(staticTransport, "staticTransport");
    this.router = router;
    this.tenants = tenants;
    this.account = Objects.requireNonNull(account, "account");
    this.mapping = Objects.requireNonNull(mapping, "mapping");
  }

  /**
   * Exports {@code spans}; the result fails when any sub-export failed. Each client exports right
   * after it is looked up, so an LRU eviction during the batch only ever defers a shutdown.
   */
  CompletableResultCode export(Collection<SpanData> spans) {
    if (account.isClosed()) {
      // shutdown gave up on this backend: these spans are already counted as abandoned
      return CompletableResultCode.ofFailure();
    }
    if (tenants == null) {
      return isolatedStatic(spans);
    }
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
    List<CompletableResultCode> results = new ArrayList<>(byTenant.size() + 1);
    for (Map.Entry<String, List<SpanData>> e : byTenant.entrySet()) {
      Tenant tenant = router.find(e.getKey());
      TenantExporters.Client client;
      try {
        client = tenant == null ? TenantExporters.Client.STATIC : tenants.clientFor(tenant);
      } catch (RuntimeException thrown) {
        results.add(threw(e.getValue().size(), "the '" + owner + "' exporter for tenant '"
            + e.getKey() + "' could not be built (" + thrown.getClass().getSimpleName() + ")",
            thrown));
        continue;
      }
      if (client == TenantExporters.Client.STATIC) {
        staticSpans.addAll(e.getValue());
      } else {
        results.add(isolated(e.getKey(), e.getValue(), client));
      }
    }
    if (!staticSpans.isEmpty()) {
      results.add(isolatedStatic(staticSpans));
    }
    return CompletableResultCode.ofAll(results);
  }

  /** The operator's static sub-export. */
  private CompletableResultCode isolatedStatic(Collection<SpanData> spans) {
    return isolated(null, spans.size(),
        () -> staticTransport.export(mapAll(spans, null)));
  }

  /** A tenant's sub-export through its own client. */
  private CompletableResultCode isolated(String tenantId, List<SpanData> spans,
      TenantExporters.Client client) {
    return isolated(tenantId, spans.size(), () -> client.export(mapAll(spans, client.overlay)));
  }

  private CompletableResultCode isolated(String tenantId, int count,
      Supplier<CompletableResultCode> export) {
    CompletableResultCode result;
    try {
      result = Objects.requireNonNull(export.get(), "the exporter returned no result");
    } catch (RuntimeException thrown) {
      return threw(count, "export to " + owner + " threw "
          + thrown.getClass().getSimpleName() + forTenant(tenantId), thrown);
    }
    result.whenComplete(() -> {
      if (result.isSuccess()) {
        account.exported(count);
      } else {
        // the size-bounded transport says how many of the spans it could not deliver
        int failed = SizeBoundedSpanExporter.UndeliveredSpans.failedOf(
            result.getFailureThrowable(), count);
        if (failed < count) {
          account.exported(count - failed);
        }
        account.failed(failed, ExportFailures.describe(owner, result.getFailureThrowable())
            + forTenant(tenantId));
      }
    });
    return result;
  }

  /** A sub-export that threw: its spans are failed, said in words (class name, never message). */
  private CompletableResultCode threw(int count, String failure, RuntimeException thrown) {
    account.failed(count, failure);
    if (DEBUG) {
      log.warn("otel-presets: {} (stack trace shown because OTEL_PRESETS_DEBUG is set)", failure,
          thrown);
    }
    return CompletableResultCode.ofFailure();
  }

  private List<SpanData> mapAll(Collection<SpanData> spans, Attributes tenantOverlay) {
    List<SpanData> mapped = new ArrayList<>(spans.size());
    for (SpanData span : spans) {
      mapped.add(mapping.map(span, tenantOverlay));
    }
    return mapped;
  }

  private static String forTenant(String tenantId) {
    return tenantId == null ? "" : " (tenant '" + tenantId + "')";
  }
}
