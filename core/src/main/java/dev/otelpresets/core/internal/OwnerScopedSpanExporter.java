package dev.otelpresets.core.internal;

import dev.otelpresets.core.ExportStats;
import dev.otelpresets.spi.AttributeMapper;
import dev.otelpresets.spi.ExporterOwner;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * One owner's export chain, composed of single-purpose stages and owned as one exporter:
 *
 * <pre>
 * [tenant partition] → statistics → {@link OwnerStages} (strip internal keys → vocabulary
 *     mapping → resource overlay [→ tenant overlay]) → size bound → transport
 * </pre>
 *
 * <p>The span itself is shared and never changed, so every other owner still sees the canonical
 * span. This class only composes the chain and answers for it (stats, flush, shutdown, {@link
 * #describe()}).
 */
public final class OwnerScopedSpanExporter implements SpanExporter {
  private final ExporterOwner owner;
  private final SpanExporter transport;
  private final TenantExporters tenants; // null: no tenant routing for this owner
  private final ExportAccount account;
  private final List<SpanStage> stages;
  private final VocabularyMapping mapping;
  private final SpanExporter head;
  private final AtomicBoolean transportsShutDown = new AtomicBoolean();

  /** An owner without tenant routing. */
  public OwnerScopedSpanExporter(
      ExporterOwner owner,
      AttributeMapper mapper,
      Attributes resourceOverlay,
      SpanExporter transport,
      int attributeLimit) {
    this(owner, mapper, resourceOverlay, transport, attributeLimit, List.of(), null, null);
  }

  OwnerScopedSpanExporter(
      ExporterOwner owner,
      AttributeMapper mapper,
      Attributes resourceOverlay,
      SpanExporter transport,
      int attributeLimit,
      List<SpanStage> modeStages,
      TenantRouter router,
      TenantExporters tenants) {
    this.owner = Objects.requireNonNull(owner, "owner");
    this.transport = Objects.requireNonNull(transport, "transport");
    this.tenants = tenants;
    this.account = new ExportAccount(owner.id());
    this.stages = OwnerStages.of(owner, mapper, resourceOverlay, attributeLimit, modeStages);
    this.mapping =
        stages.stream()
            .filter(VocabularyMapping.class::isInstance)
            .map(VocabularyMapping.class::cast)
            .findFirst()
            .orElseThrow();
    // the static transport behind the request size bound (tenants' clients get theirs where they
    // are built)
    SpanExporter staticRoute =
        new CountingSpanExporter(
            account,
            owner.id(),
            null,
            new StagedSpanExporter(stages, SizeBoundedSpanExporter.wrap(owner.id(), transport)));
    if (tenants == null) {
      this.head = staticRoute;
    } else {
      Objects.requireNonNull(router, "router");
      this.head =
          new TenantPartitionSpanExporter(
              owner.id(), router, tenants, staticRoute, this::tenantRoute, account);
    }
  }

  private SpanExporter tenantRoute(String tenantId, TenantExporters.Client client) {
    List<SpanStage> withTenant = new ArrayList<>(stages);
    withTenant.add(new ResourceOverlay("tenant-overlay", client.overlay));
    return new CountingSpanExporter(
        account,
        owner.id(),
        tenantId,
        new StagedSpanExporter(withTenant, new ClientTransport(client)));
  }

  public ExporterOwner owner() {
    return owner;
  }

  /** The transport this exporter feeds. */
  public SpanExporter delegate() {
    return transport;
  }

  /** How many spans were exported canonical because the mapper threw. */
  public long mapperFailures() {
    return mapping.failures();
  }

  /**
   * The chain, one step per element, e.g. {@code [tenant-partition, statistics,
   * strip-internal-keys, map:langfuse, resource-overlay, size-bound, transport]}: names only.
   */
  public List<String> describe() {
    List<String> out = new ArrayList<>();
    if (tenants != null) {
      out.add("tenant-partition");
    }
    out.add("statistics");
    stages.forEach(s -> out.add(s.describe()));
    out.add("size-bound");
    out.add("transport");
    return out;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    if (account.isClosed()) {
      // shutdown gave up on this backend: these spans are already counted as abandoned
      return CompletableResultCode.ofFailure();
    }
    return head.export(spans);
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
   * being exported is abandoned) and refuses further exports. Returns the final numbers. The
   * transports are shut down after every backend settled ({@link #shutdown()}), which ends exports
   * still hanging.
   */
  ExportStats settle() {
    return account.close();
  }

  /** Live per-tenant clients of this owner (0 without tenant routing). */
  public int liveTenantClients() {
    return tenants == null ? 0 : tenants.liveClients();
  }

  /** The span as this owner receives it (without a tenant's overlay). */
  public SpanData map(SpanData span) {
    return StagedSpanExporter.applyAll(stages, span);
  }

  /** {@code attributes} without the framework's internal keys. */
  static Attributes stripInternal(Attributes attributes) {
    return InternalKeyStripping.strip(attributes);
  }

  @Override
  public CompletableResultCode flush() {
    return head.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    if (!transportsShutDown.compareAndSet(false, true)) {
      return CompletableResultCode.ofSuccess();
    }
    return head.shutdown();
  }

  @Override
  public String toString() {
    return "OwnerScopedSpanExporter{owner=" + owner + ", delegate=" + transport + "}";
  }

  /** A tenant's client as the end of its route; its lifecycle is {@link TenantExporters}'. */
  private static final class ClientTransport implements SpanExporter {
    private final TenantExporters.Client client;

    ClientTransport(TenantExporters.Client client) {
      this.client = client;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return client.export(spans);
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
