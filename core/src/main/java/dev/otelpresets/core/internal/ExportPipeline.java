package dev.otelpresets.core.internal;

import dev.otelpresets.core.ExportStats;
import dev.otelpresets.core.config.OtelPresetsConfig;
import dev.otelpresets.spi.AttributeMapper;
import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.spi.TenantCredentialRule;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one export pipeline, the same in every mode (library, Guice host, Java agent /
 * autoconfigure, Spring): installed into whichever tracer provider builder the mode has, it adds
 * the trace-scoped attributes (request attributes, tenant binding), the mode's {@link
 * PipelineHooks}, the count of spans handed over, and one fan-out to one batch processor — own
 * bounded queue, own export thread, drops counted — per owner, each behind the owner's {@code
 * sample_ratio} and its {@link OwnerScopedSpanExporter} chain. Built once per SDK by the Guice root
 * ({@link CompositionRoot}); {@link #settle()} makes the numbers final after shutdown.
 */
public final class ExportPipeline {
  private static final Logger log = LoggerFactory.getLogger(ExportPipeline.class);

  /** How long shutdown may take before what is left is counted as abandoned. */
  public static final Duration SHUTDOWN_DEADLINE = Duration.ofSeconds(10);

  private final OtelPresetsConfig config;
  private final PresetSelection selection;
  private final TenantBinding tenants;
  private final PipelineHooks hooks;
  private final ContentPolicies contentPolicies;
  private final List<OwnerScopedSpanExporter> exporters =
      Collections.synchronizedList(new ArrayList<>());
  private final List<QueueDropCounter> dropCounters =
      Collections.synchronizedList(new ArrayList<>());
  private final Map<String, List<String>> chains =
      Collections.synchronizedMap(new LinkedHashMap<>());
  private final AtomicBoolean installed = new AtomicBoolean();
  private volatile boolean settled;
  private boolean settling; // guarded by this
  private volatile boolean summaryAtShutdown;

  public ExportPipeline(
      OtelPresetsConfig config,
      PresetSelection selection,
      TenantBinding tenants,
      PipelineHooks hooks,
      ContentPolicies contentPolicies) {
    this.config = Objects.requireNonNull(config, "config");
    this.selection = Objects.requireNonNull(selection, "selection");
    this.tenants = Objects.requireNonNull(tenants, "tenants");
    this.hooks = Objects.requireNonNull(hooks, "hooks");
    this.contentPolicies = Objects.requireNonNull(contentPolicies, "contentPolicies");
  }

  /** Each backend's content mode and redaction rules, applied in front of its chain. */
  public ContentPolicies contentPolicies() {
    return contentPolicies;
  }

  /** The presets this pipeline exports to, resolved and built. */
  public PresetSelection selection() {
    return selection;
  }

  /** The binding of traces to tenants this pipeline routes by. */
  public TenantBinding tenantBinding() {
    return tenants;
  }

  /** The request-level attributes processor (also what the recording API writes through). */
  public TraceScopedAttributes traceScoped() {
    return tenants.traceScoped();
  }

  /**
   * The chain of an owner whose transport autoconfigure builds (the library's {@code otel}
   * exporters); listed in {@link #exporters()} at once.
   */
  public OwnerScopedSpanExporter ownerChain(
      ExporterOwner owner,
      AttributeMapper mapper,
      io.opentelemetry.api.common.Attributes overlay,
      SpanExporter transport,
      ConfigProperties props) {
    OwnerScopedSpanExporter e =
        new OwnerScopedSpanExporter(
            owner, mapper, overlay, transport, BatchProcessors.attributeLimit(props));
    exporters.add(e);
    return e;
  }

  /**
   * Adds the pipeline to {@code b}: once per pipeline.
   *
   * @param adopted owners whose chains {@link #ownerChain} built (the library's {@code otel}
   *     exporters), exported through the same per-owner processors as the presets'
   */
  public SdkTracerProviderBuilder install(
      SdkTracerProviderBuilder b, ConfigProperties props, List<OwnerScopedSpanExporter> adopted) {
    Objects.requireNonNull(b, "b");
    Objects.requireNonNull(props, "props");
    if (!installed.compareAndSet(false, true)) {
      throw new IllegalStateException("the export pipeline is installed already");
    }
    b.addSpanProcessor(traceScoped());
    hooks.processors().forEach(b::addSpanProcessor);
    List<OwnerScopedSpanExporter> owners = new ArrayList<>(adopted);
    List<OwnerScopedSpanExporter> presets = new ArrayList<>();
    int limit = BatchProcessors.attributeLimit(props);
    for (PresetSelection.Selected s : selection.selected()) {
      if (s.preset() == null || s.provider().owner().equals(ExporterOwner.OTEL)) {
        continue; // the otel callback's exporters are autoconfigure's (adopted, or the host's)
      }
      AttributeMapper mapper =
          Objects.requireNonNull(
              hooks.mapperDecorator().apply(s.preset().mapper()), "mapperDecorator returned null");
      for (ExporterSpec spec : s.preset().exporters()) {
        presets.add(ownerChain(s, spec, mapper, limit));
      }
    }
    owners.addAll(presets);
    exporters.addAll(presets);
    if (owners.isEmpty()) {
      return b;
    }
    Map<ExporterOwner, Double> ratios = sampleRatios();
    List<SpanProcessor> backends = new ArrayList<>(owners.size());
    List<QueueDropCounter> counters = new ArrayList<>(owners.size());
    HandedSpanCounter handed = new HandedSpanCounter();
    for (OwnerScopedSpanExporter owner : owners) {
      QueueDropCounter drops = new QueueDropCounter();
      counters.add(drops);
      owner.setDropCounter(drops);
      owner.countHandedWith(handed::handed);
      double ratio = ratios.getOrDefault(owner.owner(), 1.0);
      // content off or redacted for this backend alone, before anything else of its chain
      // (a pass-through when the backend's mode and rules change nothing)
      ContentPolicyExporter policy = contentPolicies.wrap(owner.owner(), owner);
      // the next batch mapped and encoded while the last one is sent
      PipelinedSpanExporter pipelined =
          new PipelinedSpanExporter(policy, BatchProcessors.maxRequestsInFlight(config));
      // the ratio before the backend's queue: a trace left out takes no queue space
      backends.add(
          TraceRatioSpanProcessor.wrap(
              pipelined.flushedAfter(
                  drops.instrument(BatchProcessors.builder(pipelined, config, props)).build()),
              ratio,
              owner));
      List<String> chain = new ArrayList<>();
      if (ratio < 1.0) {
        chain.add("sample-ratio");
      }
      chain.add("batch-queue");
      chain.add("content-policy");
      chain.addAll(owner.describe());
      chains.put(owner.owner().id(), List.copyOf(chain));
    }
    dropCounters.addAll(counters);
    // one enqueue on the calling thread for all of them
    SpanProcessor fed =
        FanOutSpanProcessor.of(backends, BatchProcessors.maxQueueSize(config, props));
    if (fed instanceof FanOutSpanProcessor fanOut) {
      counters.forEach(c -> c.alsoCount(fanOut::dropped));
    }
    if (hooks.endedSpanTransform() != null) {
      fed = new EndedSpanTransformer(hooks.endedSpanTransform(), fed);
    }
    b.addSpanProcessor(handed); // before the fan-out: a span it then refuses is still counted
    b.addSpanProcessor(new SettleOnShutdown(fed, this::settle, SHUTDOWN_DEADLINE));
    return b;
  }

  private OwnerScopedSpanExporter ownerChain(
      PresetSelection.Selected s, ExporterSpec preset, AttributeMapper mapper, int limit) {
    ExporterSpec spec = s.settings().applyTo(preset); // presets.<name>.compression
    SpanExporter transport = OtlpExporters.INSTANCE.forSpec(spec);
    TenantCredentialRule rule = s.preset().tenantRule();
    if (rule == TenantCredentialRule.NONE) {
      return new OwnerScopedSpanExporter(
          spec.owner(),
          mapper,
          s.preset().resourceOverlay(),
          transport,
          limit,
          hooks.stagesBeforeMapping(),
          null,
          null);
    }
    TenantExporters perTenant =
        new TenantExporters(
            spec,
            rule,
            config.tenantAllowedHosts(),
            config.tenantMaxClients(),
            t ->
                SizeBoundedSpanExporter.wrap(
                    t.owner().id(), OtlpExporters.INSTANCE.forSpec(s.settings().applyTo(t))));
    return new OwnerScopedSpanExporter(
        spec.owner(),
        mapper,
        s.preset().resourceOverlay(),
        transport,
        limit,
        hooks.stagesBeforeMapping(),
        tenants.router(),
        perTenant);
  }

  /** Each selected backend's {@code presets.<name>.sample_ratio}, by the owner it exports as. */
  private Map<ExporterOwner, Double> sampleRatios() {
    Map<ExporterOwner, Double> out = new LinkedHashMap<>();
    for (PresetSelection.Selected s : selection.selected()) {
      double ratio = s.settings().sampleRatio();
      out.put(s.provider().owner(), ratio);
      if (s.preset() != null) {
        s.preset().exporters().forEach(spec -> out.put(spec.owner(), ratio));
      }
    }
    return out;
  }

  /** The owner-scoped exporters (the {@code otel} ones included), for diagnostics and tests. */
  public List<OwnerScopedSpanExporter> exporters() {
    synchronized (exporters) {
      return List.copyOf(exporters);
    }
  }

  /** What each backend's exporter did so far (final once settled). */
  public List<ExportStats> exportStats() {
    List<ExportStats> out = new ArrayList<>();
    for (OwnerScopedSpanExporter e : exporters()) {
      out.add(e.stats());
    }
    return out;
  }

  /**
   * Each owner's chain by owner id, processor side included, e.g. {@code langfuse=[batch-queue, content-policy,
   * statistics, strip-internal-keys, map:langfuse, resource-overlay, size-bound, transport]}.
   */
  public Map<String, List<String>> describe() {
    synchronized (chains) {
      return Collections.unmodifiableMap(new LinkedHashMap<>(chains));
    }
  }

  /**
   * Logs each backend's final numbers at shutdown (INFO): for hosts that cannot call {@link
   * #exportStats()}, such as an application under the Java agent.
   */
  public void logSummaryAtShutdown() {
    this.summaryAtShutdown = true;
  }

  /** Whether {@link #settle()} ran. */
  public boolean isSettled() {
    return settled;
  }

  /**
   * Makes every backend's numbers final once shutdown finished or gave up, says per backend what
   * was abandoned (still queued, in the hand-off or being exported) and, when asked to, the final
   * numbers.
   * Idempotent; returns once the numbers are final, whichever thread settles them.
   */
  public synchronized void settle() {
    if (settled || settling) {
      return; // settling: a transport's shutdown called back on this thread
    }
    settling = true;
    List<OwnerScopedSpanExporter> all = exporters();
    try {
      settleEach(all);
    } finally {
      // only now: isSettled() promises that every backend's numbers are final; a reader that saw
      // it while a later backend was still live would count that backend's queue as nothing
      settled = true;
    }
    // the transports last, so a hanging one holds back no backend's numbers
    for (OwnerScopedSpanExporter e : all) {
      e.shutdown();
    }
  }

  private void settleEach(List<OwnerScopedSpanExporter> all) {
    for (OwnerScopedSpanExporter e : all) {
      ExportStats s = e.settle();
      if (s.abandonedSpans() > 0) {
        log.warn(
            "otel-presets: {} span(s) for '{}' abandoned at shutdown: still queued, in the"
                + " hand-off or being exported when shutdown ended (it waits at most {} s){}",
            s.abandonedSpans(),
            s.owner(),
            SHUTDOWN_DEADLINE.toSeconds(),
            s.lastFailure() == null ? "" : "; last failure: " + s.lastFailure());
      }
      if (summaryAtShutdown) {
        log.info(
            "otel-presets: '{}' at shutdown: {} span(s) exported, {} failed, {} dropped on"
                + " a full queue, {} abandoned, {} sampled out",
            s.owner(),
            s.exportedSpans(),
            s.failedSpans(),
            s.droppedSpans(),
            s.abandonedSpans(),
            s.sampledOutSpans());
      }
    }
    synchronized (dropCounters) {
      dropCounters.forEach(QueueDropCounter::shutdown);
    }
  }
}
