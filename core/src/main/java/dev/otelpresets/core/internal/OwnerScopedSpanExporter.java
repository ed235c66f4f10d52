package dev.otelpresets.core.internal;

import dev.otelpresets.core.ExportStats;
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
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One owner's exporter: at export time, on this owner's export thread, strips the framework's
 * internal keys, applies the owner's {@link AttributeMapper} and resource overlay to each span,
 * and hands the result to the transport. The span itself is shared and never changed, so every
 * other owner still sees the canonical span. A mapper that throws costs that span its vocabulary,
 * never the span: the canonical attributes are exported and the error is logged. Tenant routing
 * and the isolation of each sub-export are {@link SubExports}'; the counting, {@link
 * ExportAccount}'s.
 */
public final class OwnerScopedSpanExporter implements SpanExporter {
  private static final Logger log = LoggerFactory.getLogger(OwnerScopedSpanExporter.class);
  private static final long MAPPER_ERROR_LOG_INTERVAL_NANOS = 60_000_000_000L;

  private final ExporterOwner owner;
  private final AttributeMapper mapper;
  private final Attributes resourceOverlay;
  private final SpanExporter delegate;
  private final int attributeLimit;
  private final TenantExporters tenants; // null: no tenant routing for this owner
  private final ExportAccount account;
  private final SubExports subExports;
  private final AtomicLong mapperFailures = new AtomicLong();
  private final AtomicLong lastMapperErrorLog = new AtomicLong(Long.MIN_VALUE);
  private final AtomicBoolean transportsShutDown = new AtomicBoolean();

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
    this.tenants = tenants;
    this.owner = Objects.requireNonNull(owner, "owner");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.resourceOverlay = Objects.requireNonNull(resourceOverlay, "resourceOverlay");
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.attributeLimit = attributeLimit;
    this.account = new ExportAccount(owner.id());
    // the static transport behind the request size bound (tenants' clients get theirs where they
    // are built)
    this.subExports = new SubExports(owner.id(), SizeBoundedSpanExporter.wrap(owner.id(), delegate),
        router, tenants, account, this::map);
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

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    return subExports.export(spans);
  }

  void setDropCounter(QueueDropCounter counter) {
    account.countDropsWith(counter);
  }

  /** How many spans the framework's pipeline handed to this backend; see {@link #settle()}. */
  void countHandedWith(LongSupplier handedSpans) {
    account.countHandedWith(handedSpans);
  }

  /** Where the spans this backend's {@code sample_ratio} left out are counted. */
  void countSampledOutWith(LongSupplier sampledOutSpans) {
    account.countSampledOutWith(sampledOutSpans);
  }

  /** What this backend's exporter did so far. */
  public ExportStats stats() {
    return account.stats();
  }

  /**
   * At the end of shutdown, finished or given up: makes the numbers final (what is still queued or
   * being exported is abandoned), refuses further exports and shuts the transports down, which
   * ends exports still hanging. Returns the final numbers.
   */
  ExportStats settle() {
    ExportStats last = account.close();
    shutdownTransports();
    return last;
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
      out = mapper.map(view, SharedContentSpan.contentFor(span, canonical), attributeLimit);
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
    return shutdownTransports();
  }

  private CompletableResultCode shutdownTransports() {
    if (!transportsShutDown.compareAndSet(false, true)) {
      return CompletableResultCode.ofSuccess();
    }
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
