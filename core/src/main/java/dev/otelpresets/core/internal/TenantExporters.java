package dev.otelpresets.core.internal;

import dev.otelpresets.core.Tenant;
import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.spi.InvalidTenantCredentialsException;
import dev.otelpresets.spi.TenantCredentialRule;
import dev.otelpresets.support.internal.HeaderValues;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One owner's per-tenant export clients: built from the owner's {@link TenantCredentialRule} on
 * first use, kept in a bounded LRU, and on eviction shut down only after their in-flight exports
 * finish, so no span is dropped. A refused credential set (incomplete, or a host not on the
 * operator's allowlist) is logged once, without values, and the static exporter is used.
 */
final class TenantExporters {
  private static final Logger log = LoggerFactory.getLogger(TenantExporters.class);

  /** A tenant's transport and its routing overlay; {@link #STATIC} means "use the static one". */
  static final class Client {
    static final Client STATIC = new Client(null, Attributes.empty());
    final SpanExporter exporter;
    final Attributes overlay;
    private final List<CompletableResultCode> inFlight = new ArrayList<>();
    private boolean evicted;

    Client(SpanExporter exporter, Attributes overlay) {
      this.exporter = exporter;
      this.overlay = overlay;
    }

    CompletableResultCode export(Collection<SpanData> spans) {
      CompletableResultCode result = exporter.export(spans);
      synchronized (this) {
        inFlight.add(result);
      }
      result.whenComplete(
          () -> {
            boolean shutdown;
            synchronized (this) {
              inFlight.remove(result);
              shutdown = evicted && inFlight.isEmpty();
            }
            if (shutdown) {
              exporter.shutdown();
            }
          });
      return result;
    }

    void evict() {
      boolean shutdownNow;
      synchronized (this) {
        evicted = true;
        shutdownNow = inFlight.isEmpty();
      }
      if (shutdownNow && exporter != null) {
        exporter.shutdown();
      }
    }
  }

  private record Key(String tenantId, Map<String, String> credentials) {
    @Override
    public String toString() {
      return tenantId; // never the credentials
    }
  }

  private final ExporterSpec staticSpec;
  private final TenantCredentialRule rule;
  private final TenantHostAllowlist allowlist;
  private final Function<ExporterSpec, SpanExporter> transports;
  private final AtomicInteger live = new AtomicInteger();
  private final Map<Key, Client> clients;

  TenantExporters(
      ExporterSpec staticSpec,
      TenantCredentialRule rule,
      Set<String> allowedHosts,
      int maxClients,
      Function<ExporterSpec, SpanExporter> transports) {
    this.staticSpec = staticSpec;
    this.rule = rule;
    this.allowlist = new TenantHostAllowlist(allowedHosts);
    this.transports = transports;
    this.clients =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, Client> eldest) {
            if (size() > maxClients) {
              if (eldest.getValue() != Client.STATIC) {
                live.decrementAndGet();
                eldest.getValue().evict();
              }
              return true;
            }
            return false;
          }
        };
  }

  /** The client for this tenant, {@link Client#STATIC} when it has no usable credentials. */
  synchronized Client clientFor(Tenant tenant) {
    Map<String, String> creds = tenant.credentialsFor(staticSpec.owner().id());
    if (creds.isEmpty()) {
      return Client.STATIC;
    }
    Key key = new Key(tenant.id(), creds);
    Client c = clients.get(key);
    if (c == null) {
      c = create(tenant, creds);
      clients.put(key, c); // may evict the eldest first, so the live count never exceeds the max
      if (c != Client.STATIC) {
        live.incrementAndGet();
      }
    }
    return c;
  }

  private Client create(Tenant tenant, Map<String, String> bound) {
    String owner = staticSpec.owner().id();
    // the same check as static settings: trimmed, and refused (like an incomplete set) when a
    // value cannot travel in a header, before any rule or transport sees it
    Map<String, String> creds = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : bound.entrySet()) {
      String value = e.getValue() == null ? null : e.getValue().trim();
      Optional<String> problem = value == null ? Optional.empty() : HeaderValues.problem(value);
      if (problem.isPresent()) {
        log.warn(
            "otel-presets: tenant '{}': credentials for '{}' refused: tenant credential '{}'"
                + " {}; its spans use the operator's static '{}' exporter",
            tenant.id(),
            owner,
            e.getKey(),
            problem.get(),
            owner);
        return Client.STATIC;
      }
      creds.put(e.getKey(), value);
    }
    ExporterSpec spec;
    try {
      spec = rule.apply(staticSpec, creds).orElse(null);
    } catch (InvalidTenantCredentialsException e) {
      log.warn(
          "otel-presets: tenant '{}': credentials for '{}' refused: {}; its spans use the"
              + " operator's static '{}' exporter",
          tenant.id(),
          owner,
          e.getMessage(),
          owner);
      return Client.STATIC;
    } catch (RuntimeException e) {
      log.warn(
          "otel-presets: tenant '{}': the '{}' tenant rule failed ({}); its spans use the"
              + " operator's static '{}' exporter",
          tenant.id(),
          owner,
          e.getClass().getSimpleName(),
          owner);
      return Client.STATIC;
    }
    if (spec == null) {
      return Client.STATIC;
    }
    if (!spec.owner().equals(staticSpec.owner())) {
      log.warn(
          "otel-presets: tenant '{}': the '{}' tenant rule returned an exporter of owner"
              + " '{}'; refused",
          tenant.id(),
          owner,
          spec.owner());
      return Client.STATIC;
    }
    if (!allowlist.allows(staticSpec.endpoint(), spec.endpoint())) {
      String server = TenantHostAllowlist.hostPort(spec.endpoint());
      log.warn(
          "otel-presets: tenant '{}': endpoint '{}' for '{}' is not on the operator's"
              + " allowlist (tenants.allowed_hosts); its spans use the operator's static '{}'"
              + " exporter. Add '{}' to tenants.allowed_hosts to allow it.",
          tenant.id(),
          server,
          owner,
          owner,
          server);
      return Client.STATIC;
    }
    Attributes overlay;
    try {
      overlay = rule.resourceOverlay(creds);
    } catch (RuntimeException e) {
      overlay = Attributes.empty();
    }
    return new Client(transports.apply(spec), overlay);
  }

  /** Live tenant clients (not yet evicted). */
  int liveClients() {
    return live.get();
  }

  /** Shuts every client down after its in-flight exports. */
  synchronized CompletableResultCode shutdown() {
    List<CompletableResultCode> results = new ArrayList<>();
    for (Client c : clients.values()) {
      if (c != Client.STATIC) {
        results.add(c.exporter.shutdown());
      }
    }
    clients.clear();
    live.set(0);
    return CompletableResultCode.ofAll(results);
  }

  synchronized CompletableResultCode flush() {
    List<CompletableResultCode> results = new ArrayList<>();
    for (Client c : clients.values()) {
      if (c != Client.STATIC) {
        results.add(c.exporter.flush());
      }
    }
    return CompletableResultCode.ofAll(results);
  }
}
