package dev.otelpresets.core.internal;

import dev.otelpresets.core.Tenant;
import dev.otelpresets.spi.AttributeMapper;
import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.GenAiAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One owner's exporter: at export time, on this owner's export thread, strips the framework's
 * internal keys, applies the owner's {@link AttributeMapper} and resource overlay to each span,
 * and hands the result to the transport. The span itself is shared and never changed, so every
 * other owner still sees the canonical span. A mapper that throws costs that span its vocabulary,
 * never the span: the canonical attributes are exported and the error is logged.
 */
public final class OwnerScopedSpanExporter implements SpanExporter {
  private static final Logger log = LoggerFactory.getLogger(OwnerScopedSpanExporter.class);
  private static final long MAPPER_ERROR_LOG_INTERVAL_NANOS = 60_000_000_000L;

  private final ExporterOwner owner;
  private final AttributeMapper mapper;
  private final Attributes resourceOverlay;
  private final SpanExporter delegate;
  private final SpanExporter sender; // the delegate behind the request size bound
  private final int attributeLimit;
  private final TenantRouter router; // null: no tenant routing for this owner
  private final TenantExporters tenants;
  private final AtomicLong mapperFailures = new AtomicLong();
  private final AtomicLong exportedSpans = new AtomicLong();
  private final AtomicLong failedSpans = new AtomicLong();
  private final AtomicLong lastProblemLog = new AtomicLong(Long.MIN_VALUE);
  private volatile String lastFailure;
  private volatile boolean failureUnreported;
  private volatile QueueDropCounter dropCounter;
  private long droppedReported; // touched under lastProblemLog's CAS only
  private final AtomicLong lastMapperErrorLog = new AtomicLong(Long.MIN_VALUE);

  /** One-entry cache: nearly every span of a process shares one Resource instance. */
  private record Overlaid(Resource original, Resource overlaid) {}

  private volatile Overlaid lastOverlay;

  public OwnerScopedSpanExporter(ExporterOwner owner, AttributeMapper mapper,
      Attributes resourceOverlay, SpanExporter delegate, int attributeLimit) {
    this(owner, mapper, resourceOverlay, delegate, attributeLimit, null, null);
  }

  OwnerScopedSpanExporter(ExporterOwner owner, AttributeMapper mapper,
      Attributes resourceOverlay, SpanExporter delegate, int attributeLimit, TenantRouter router,
      TenantExporters tenants) {
    this.router = router;
    this.tenants = tenants;
    this.owner = Objects.requireNonNull(owner, "owner");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.resourceOverlay = Objects.requireNonNull(resourceOverlay, "resourceOverlay");
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.sender = SizeBoundedSpanExporter.wrap(owner.id(), delegate);
    this.attributeLimit = attributeLimit;
  }

  public ExporterOwner owner() {
    return owner;
  }

  /** The transport this exporter feeds. */
  public SpanExporter delegate() {
    return delegate;
  }

  /** How many spans were exported canonical because the mapper threw. */
  public long mapperFailures() {
    return mapperFailures.get();
  }

  /** How often a backend's failures and drops are logged, at most. */
  static volatile long problemLogIntervalNanos = 60_000_000_000L;

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    CompletableResultCode result;
    if (tenants == null) {
      List<SpanData> mapped = new ArrayList<>(spans.size());
      for (SpanData span : spans) {
        mapped.add(map(span, null));
      }
      result = sender.export(mapped);
    } else {
      result = exportByTenant(spans);
    }
    int count = spans.size();
    result.whenComplete(() -> recordOutcome(result, count));
    return result;
  }

  void setDropCounter(QueueDropCounter counter) {
    this.dropCounter = counter;
  }

  private void recordOutcome(CompletableResultCode result, int count) {
    if (result.isSuccess()) {
      exportedSpans.addAndGet(count);
    } else {
      // the sender says how many spans of the batch it could not deliver (the rest were)
      int failed = SizeBoundedSpanExporter.UndeliveredSpans.failedOf(
          result.getFailureThrowable(), count);
      exportedSpans.addAndGet(count - failed);
      failedSpans.addAndGet(failed);
      lastFailure = ExportFailures.describe(owner.id(), result.getFailureThrowable());
      failureUnreported = true;
    }
    reportProblems();
  }

  /** Logs failures and queue drops of this backend, at most once per interval, with counts. */
  private void reportProblems() {
    long dropped = dropCounter == null ? 0 : dropCounter.dropped();
    String failure = failureUnreported ? lastFailure : null;
    long last = lastProblemLog.get();
    long now = System.nanoTime();
    boolean due = last == Long.MIN_VALUE || now - last >= problemLogIntervalNanos;
    if (!due || (failure == null && dropped == droppedReported)) {
      return;
    }
    if (!lastProblemLog.compareAndSet(last, now)) {
      return;
    }
    long newDrops = dropped - droppedReported;
    droppedReported = dropped;
    if (failure != null) {
      log.warn("otel-presets: {}; {} span(s) not delivered to '{}' so far{}", failure,
          failedSpans.get(), owner, newDrops > 0 ? ", " + newDrops
              + " more dropped because its queue was full" : "");
      failureUnreported = false;
    } else if (newDrops > 0) {
      log.warn("otel-presets: '{}' dropped {} span(s) because its queue was full: the backend is"
          + " slower than the traffic; raise settings.max_queue_size or check the backend",
          owner, newDrops);
    }
  }

  /** What this backend's exporter did so far. */
  public dev.otelpresets.core.ExportStats stats() {
    QueueDropCounter d = dropCounter;
    return new dev.otelpresets.core.ExportStats(owner.id(), exportedSpans.get(),
        failedSpans.get(), d == null ? 0 : d.dropped(), lastFailure);
  }

  /**
   * Splits the batch by tenant: each tenant with credentials for this owner goes to its own
   * client, everything else to the static transport. Each client exports right after it is looked
   * up, so an LRU eviction during the batch only ever defers a shutdown, never loses a span.
   */
  private CompletableResultCode exportByTenant(Collection<SpanData> spans) {
    List<SpanData> staticSpans = new ArrayList<>(spans.size());
    Map<String, List<SpanData>> byTenant = new LinkedHashMap<>();
    for (SpanData span : spans) {
      String tenantId = span.getAttributes().get(TenantRouter.TENANT_ID);
      if (tenantId == null) {
        staticSpans.add(map(span, null));
      } else {
        byTenant.computeIfAbsent(tenantId, k -> new ArrayList<>()).add(span);
      }
    }
    List<CompletableResultCode> results = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    for (Map.Entry<String, List<SpanData>> e : byTenant.entrySet()) {
      Tenant tenant = router.find(e.getKey());
      TenantExporters.Client client = tenant == null ? TenantExporters.Client.STATIC
          : tenants.clientFor(tenant);
      if (client == TenantExporters.Client.STATIC) {
        e.getValue().forEach(span -> staticSpans.add(map(span, null)));
      } else {
        List<SpanData> mapped = new ArrayList<>(e.getValue().size());
        e.getValue().forEach(span -> mapped.add(map(span, client.overlay)));
        results.add(client.export(mapped));
        sizes.add(mapped.size());
      }
    }
    if (!staticSpans.isEmpty()) {
      results.add(sender.export(staticSpans));
      sizes.add(staticSpans.size());
    }
    return SizeBoundedSpanExporter.combine(results, sizes);
  }

  /** Live per-tenant clients of this owner (0 without tenant routing). */
  public int liveTenantClients() {
    return tenants == null ? 0 : tenants.liveClients();
  }

  /** The span as this owner receives it. */
  public SpanData map(SpanData span) {
    return map(span, null);
  }

  private SpanData map(SpanData span, Attributes tenantOverlay) {
    Attributes canonical = stripInternal(span.getAttributes());
    SpanData view = canonical == span.getAttributes() ? span : new MappedSpan(span, canonical,
        span.getResource());
    Attributes out;
    try {
      out = mapper.map(view, attributeLimit);
      if (out == null) {
        throw new NullPointerException("mapper returned null");
      }
    } catch (RuntimeException | StackOverflowError e) {
      mapperFailures.incrementAndGet();
      logMapperError(span, e);
      out = canonical;
    }
    Resource resource = overlay(span.getResource());
    if (tenantOverlay != null && !tenantOverlay.isEmpty()) {
      resource = resource.merge(Resource.create(tenantOverlay, resource.getSchemaUrl()));
    }
    return new MappedSpan(span, out, resource);
  }

  private void logMapperError(SpanData span, Throwable e) {
    long now = System.nanoTime();
    long last = lastMapperErrorLog.get();
    if (last == Long.MIN_VALUE || now - last > MAPPER_ERROR_LOG_INTERVAL_NANOS) {
      if (lastMapperErrorLog.compareAndSet(last, now)) {
        log.error("otel-presets: the '{}' mapper failed on span '{}' ({} failure(s) so far);"
            + " exporting the canonical span instead", owner, span.getName(),
            mapperFailures.get(), e);
      }
    }
  }

  private Resource overlay(Resource resource) {
    if (resourceOverlay.isEmpty()) {
      return resource;
    }
    Overlaid last = lastOverlay;
    if (last != null && last.original() == resource) {
      return last.overlaid();
    }
    Resource overlaid = resource.merge(Resource.create(resourceOverlay, resource.getSchemaUrl()));
    lastOverlay = new Overlaid(resource, overlaid);
    return overlaid;
  }

  static Attributes stripInternal(Attributes attributes) {
    boolean[] found = {false};
    attributes.forEach((k, v) -> {
      if (k.getKey().startsWith(GenAiAttributes.INTERNAL_PREFIX)) {
        found[0] = true;
      }
    });
    if (!found[0]) {
      return attributes;
    }
    AttributesBuilder b = Attributes.builder();
    attributes.forEach((k, v) -> {
      if (!k.getKey().startsWith(GenAiAttributes.INTERNAL_PREFIX)) {
        put(b, k, v);
      }
    });
    return b.build();
  }

  @SuppressWarnings("unchecked")
  private static <T> void put(AttributesBuilder b, AttributeKey<T> k, Object v) {
    b.put(k, (T) v);
  }

  @Override
  public CompletableResultCode flush() {
    return tenants == null ? delegate.flush()
        : CompletableResultCode.ofAll(List.of(delegate.flush(), tenants.flush()));
  }

  @Override
  public CompletableResultCode shutdown() {
    return tenants == null ? delegate.shutdown()
        : CompletableResultCode.ofAll(List.of(delegate.shutdown(), tenants.shutdown()));
  }

  @Override
  public String toString() {
    return "OwnerScopedSpanExporter{owner=" + owner + ", delegate=" + delegate + "}";
  }

  /** The shared span seen through one owner's attributes and resource. */
  private static final class MappedSpan extends DelegatingSpanData {
    private final Attributes attributes;
    private final Resource resource;

    MappedSpan(SpanData delegate, Attributes attributes, Resource resource) {
      super(delegate);
      this.attributes = attributes;
      this.resource = resource;
    }

    @Override
    public Attributes getAttributes() {
      return attributes;
    }

    @Override
    public int getTotalAttributeCount() {
      return attributes.size();
    }

    @Override
    public Resource getResource() {
      return resource;
    }
  }
}
