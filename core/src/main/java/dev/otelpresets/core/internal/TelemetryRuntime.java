package dev.otelpresets.core.internal;

import dev.otelpresets.core.AgentRequest;
import dev.otelpresets.core.AgentSpan;
import dev.otelpresets.core.EmbeddingsCall;
import dev.otelpresets.core.EmbeddingsRequest;
import dev.otelpresets.core.RetrievalCall;
import dev.otelpresets.core.RetrievalRequest;
import dev.otelpresets.core.ContentCapture;
import dev.otelpresets.core.Environment;
import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.LlmCall;
import dev.otelpresets.core.LlmRequest;
import dev.otelpresets.core.Tenant;
import dev.otelpresets.core.ToolCall;
import dev.otelpresets.core.ToolRequest;
import dev.otelpresets.core.config.ConfigException;
import dev.otelpresets.core.config.ConfigLoader;
import dev.otelpresets.core.config.OtelPresetsConfig;
import dev.otelpresets.core.otel.OtelPresetProvider;
import dev.otelpresets.spi.AttributeMapper;
import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.HeaderValues;
import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.spi.TenantCredentialRule;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;

/**
 * The running framework: ONE OpenTelemetry SDK built by autoconfigure (so {@code OTEL_*} keeps its
 * standard meaning) after every selected preset is resolved, with one batch processor — own
 * bounded queue, own export thread — per preset exporter, each behind its owner's pipeline, all
 * fed by one {@link FanOutSpanProcessor} so the calling thread hands a span over once.
 */
public final class TelemetryRuntime implements GenAiTelemetry {
  private static final org.slf4j.Logger log = LoggerFactory.getLogger(TelemetryRuntime.class);
  static final String INSTRUMENTATION_NAME = "dev.otelpresets";
  static final String CONTENT_CAPTURE_ENV = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT";
  private static final Duration SHUTDOWN_DEADLINE = Duration.ofSeconds(10);

  private final OtelPresetsConfig config;
  private final PresetSelection selection;
  private final ContentCapture capture;
  private final ContentLimit contentLimit;
  private final OpenTelemetrySdk sdk; // null when attached to an existing global
  private final OpenTelemetry recordingOtel;
  private final DelegatingOpenTelemetry handle;
  private final Tracer tracer;
  private final Logger eventLogger;
  private final GenAiMetrics metrics;
  private final TraceScopedAttributes traceScoped = new TraceScopedAttributes();
  private final TenantRouter tenantRouter = new TenantRouter();
  private final List<OwnerScopedSpanExporter> exporters = Collections.synchronizedList(
      new ArrayList<>());
  private final AtomicBoolean closed = new AtomicBoolean();
  private final java.util.concurrent.CountDownLatch closeDone =
      new java.util.concurrent.CountDownLatch(1);
  /** The {@code otel} exporters taken over from autoconfigure's processors; build time only. */
  private final List<OwnerScopedSpanExporter> adoptedOtelExporters = new ArrayList<>();
  private final List<QueueDropCounter> dropCounters = Collections.synchronizedList(
      new ArrayList<>());
  private final Thread shutdownHook;
  private final boolean global;

  /** Builds and starts. Use {@code OtelPresets.builder()}. */
  public TelemetryRuntime(OtelPresetsConfig config, PresetSelection selection, Environment env) {
    this.config = Objects.requireNonNull(config, "config");
    this.selection = Objects.requireNonNull(selection, "selection");
    this.capture = contentCapture(config, env);
    this.contentLimit = new ContentLimit(attributeValueLengthLimit(config, env));

    boolean attachToExisting = config.publishGlobal()
        && config.existingGlobal() == OtelPresetsConfig.ExistingGlobal.ATTACH
        && GlobalHandle.holder() == GlobalHandle.Holder.OTHER_SDK;
    if (attachToExisting) {
      log.warn("otel-presets: GlobalOpenTelemetry is already set by {}; recording through it"
          + " (settings.existing_global: attach). The presets {} do not export from this"
          + " process; use the otel-presets agent extension to plug them into that SDK.",
          GlobalOpenTelemetry.get().getClass().getName(), presetNames());
      this.sdk = null;
      this.recordingOtel = GlobalOpenTelemetry.get();
      this.global = false;
    } else {
      this.sdk = buildSdk(env);
      this.recordingOtel = sdk;
      this.global = config.publishGlobal();
    }
    this.handle = new DelegatingOpenTelemetry();
    handle.setDelegate(recordingOtel);
    if (global) {
      try {
        GlobalHandle.attach(this, "started with callbacks " + presetNames(), sdk);
      } catch (RuntimeException e) {
        sdk.shutdown().join(SHUTDOWN_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        throw e;
      }
    }
    // the scope carries the version so backends can tell releases apart
    this.tracer = recordingOtel.tracerBuilder(INSTRUMENTATION_NAME)
        .setInstrumentationVersion(BuildVersion.VERSION).build();
    this.eventLogger = recordingOtel.getLogsBridge().loggerBuilder(INSTRUMENTATION_NAME)
        .setInstrumentationVersion(BuildVersion.VERSION).build();
    this.metrics = new GenAiMetrics(recordingOtel.meterBuilder(INSTRUMENTATION_NAME)
        .setInstrumentationVersion(BuildVersion.VERSION).build());
    if (config.shutdownHook()) {
      shutdownHook = new Thread(this::close, "otel-presets-shutdown");
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    } else {
      shutdownHook = null;
    }
  }

  /**
   * The longest attribute value: {@code settings.max_attribute_value_length}, else the standard
   * {@code OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT} / {@code OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT}
   * (system property first, as autoconfigure reads them), else the default.
   */
  static int attributeValueLengthLimit(OtelPresetsConfig config, Environment env) {
    if (config.maxAttributeValueLength().isPresent()) {
      return config.maxAttributeValueLength().get();
    }
    for (String property : List.of("otel.span.attribute.value.length.limit",
        "otel.attribute.value.length.limit")) {
      String v = System.getProperty(property);
      if (v == null) {
        v = env.get(property.toUpperCase(Locale.ROOT).replace('.', '_')).orElse(null);
      }
      if (v != null) {
        try {
          int n = Integer.parseInt(v.trim());
          if (n > 0) {
            return n;
          }
        } catch (NumberFormatException e) {
          // autoconfigure reports the malformed variable when the SDK is built
        }
      }
    }
    return ConfigLoader.DEFAULT_ATTRIBUTE_VALUE_LENGTH;
  }

  private static ContentCapture contentCapture(OtelPresetsConfig config, Environment env) {
    if (config.contentCapture().isPresent()) {
      return config.contentCapture().get();
    }
    return env.get(CONTENT_CAPTURE_ENV).map(v -> {
      try {
        return ContentCapture.parse(v);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("environment variable " + CONTENT_CAPTURE_ENV + ": "
            + e.getMessage());
      }
    }).orElse(ContentCapture.NO_CONTENT);
  }

  private OpenTelemetrySdk buildSdk(Environment env) {
    try {
      ExporterLogRedaction.install();
      AutoConfiguredOpenTelemetrySdkBuilder builder = AutoConfiguredOpenTelemetrySdk.builder();
      if (RedirectSafeSenders.inUse()) {
        // the otel callback's exporters (traces, metrics, logs) follow no redirect either
        builder.setComponentLoader(RedirectSafeSenders.loader());
      }
      return builder
          .disableShutdownHook()
          .addPropertiesCustomizer(props -> standardOverrides(props, env))
          .addResourceCustomizer((resource, props) -> serviceNameDefault(resource))
          .addSpanExporterCustomizer((exporter, props) -> new AdoptableExporter(ownerScoped(
              ExporterOwner.OTEL, AttributeMapper.canonical(), Attributes.empty(), exporter,
              props)))
          .addSpanProcessorCustomizer(this::adoptOtelBatchProcessor)
          .addTracerProviderCustomizer(this::addPresetProcessors)
          .build()
          .getOpenTelemetrySdk();
    } catch (io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException e) {
      throw new ConfigException("invalid OpenTelemetry setting: " + namingVariables(e.getMessage())
          + ". Check the OTEL_* environment variables (and presets.otel.* in "
          + config.source() + ").");
    }
  }

  /** Autoconfigure names properties ({@code otel.traces.exporter}); users set variables. */
  static String namingVariables(String message) {
    if (message == null) {
      return "unknown problem";
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("otel(\\.[a-z0-9_-]+)+")
        .matcher(message);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String property = m.group();
      String variable = property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
      m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(
          variable + " (" + property + ")"));
    }
    m.appendTail(out);
    if (message.contains("OTLP endpoint") && !message.contains("otel.")) {
      out.append(" (set by OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_{TRACES,METRICS,LOGS}"
          + "_ENDPOINT; a full http:// or https:// URL)");
    }
    return out.toString();
  }

  /**
   * What autoconfigure should see beyond the process environment: the injected environment (when
   * not the process one), YAML values of the {@code otel} preset, and {@code none} for every
   * signal whose exporter the user did not choose when {@code otel} is not selected — so no OTLP
   * exporter starts behind the user's back.
   */
  private Map<String, String> standardOverrides(ConfigProperties props, Environment env) {
    return standardOverrides(props, env, selection, config);
  }

  /**
   * The properties the framework hands autoconfigure on top of what it reads itself — shared with
   * diagnostics ({@code otel-presets doctor}) so they show exactly what the SDK will do.
   */
  public static Map<String, String> standardOverrides(ConfigProperties props, Environment env,
      PresetSelection selection, OtelPresetsConfig config) {
    Map<String, String> o = new HashMap<>();
    // the YAML queue settings size the otel callback's processor too, like every preset's
    config.maxQueueSize().ifPresent(v -> o.put("otel.bsp.max.queue.size", v.toString()));
    config.maxExportBatchSize().ifPresent(v -> o.put("otel.bsp.max.export.batch.size",
        v.toString()));
    config.scheduleDelay().ifPresent(v -> o.put("otel.bsp.schedule.delay",
        v.toMillis() + "ms"));
    config.exportTimeout().ifPresent(v -> o.put("otel.bsp.export.timeout", v.toMillis() + "ms"));
    if (!env.isProcessEnvironment()) {
      env.asMap().forEach((k, v) -> {
        if (k.startsWith("OTEL_")) {
          o.put(k.toLowerCase(Locale.ROOT).replace('_', '.'), v);
        }
      });
    }
    for (PresetSelection.Selected s : selection.selected()) {
      if (s.provider().owner().equals(ExporterOwner.OTEL)) {
        s.settings().values().forEach((key, value) -> {
          if (value.source() == ResolvedPresetSettings.Source.YAML) {
            o.put(OtelPresetProvider.PROPERTY_BY_SETTING.get(key), value.value());
          }
        });
        // presets.otel.compression: the standard OTEL_EXPORTER_OTLP_COMPRESSION, from YAML
        s.settings().compression().ifPresent(c -> o.put("otel.exporter.otlp.compression", c));
      }
    }
    // the SDK's own limit backs up ContentLimit for every other attribute; the YAML setting wins
    // like the other settings.*, the standard variables keep their meaning when it is absent
    if (config.maxAttributeValueLength().isPresent()) {
      String v = config.maxAttributeValueLength().get().toString();
      o.put("otel.attribute.value.length.limit", v);
      o.put("otel.span.attribute.value.length.limit", v);
    } else if (!o.containsKey("otel.attribute.value.length.limit")
        && !o.containsKey("otel.span.attribute.value.length.limit")
        && props.getString("otel.attribute.value.length.limit") == null
        && props.getString("otel.span.attribute.value.length.limit") == null) {
      o.put("otel.attribute.value.length.limit",
          String.valueOf(ConfigLoader.DEFAULT_ATTRIBUTE_VALUE_LENGTH));
    }
    checkOtlpHeaders(o, props);
    if (!selection.otelSelected()) {
      for (String signal : List.of("traces", "metrics", "logs")) {
        String key = "otel." + signal + ".exporter";
        if (!o.containsKey(key) && props.getString(key) == null) {
          o.put(key, "none");
        }
      }
    }
    return o;
  }

  /**
   * The {@code OTEL_EXPORTER_OTLP_*HEADERS} values pass the same check as every preset's header
   * value ({@link HeaderValues}), after the URL-decoding the SDK applies: a line break in one would
   * otherwise fail every export, and the JDK's error would quote the value.
   */
  private static void checkOtlpHeaders(Map<String, String> overrides, ConfigProperties props) {
    for (String signal : List.of("", "traces.", "metrics.", "logs.")) {
      String property = "otel.exporter.otlp." + signal + "headers";
      Map<String, String> headers = overrides.containsKey(property)
          ? parseHeaders(overrides.get(property)) : props.getMap(property);
      headers.forEach((name, raw) -> {
        String value;
        try {
          value = java.net.URLDecoder.decode(raw, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          value = raw;
        }
        HeaderValues.problem(value.trim()).ifPresent(problem -> {
          throw new ConfigException(namingVariables(property) + ": header '" + name.trim()
              + "' " + problem + "; " + HeaderValues.FIX);
        });
      });
    }
  }

  /** {@code k=v,k2=v2} as autoconfigure reads it. */
  private static Map<String, String> parseHeaders(String text) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (String pair : text.split(",")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1));
      }
    }
    return out;
  }

  private Resource serviceNameDefault(Resource resource) {
    String current = resource.getAttribute(io.opentelemetry.api.common.AttributeKey.stringKey(
        "service.name"));
    if (config.serviceName().isPresent() && (current == null
        || current.startsWith("unknown_service"))) {
      return resource.merge(Resource.create(Attributes.of(
          io.opentelemetry.api.common.AttributeKey.stringKey("service.name"),
          config.serviceName().get())));
    }
    return resource;
  }

  /**
   * Autoconfigure wraps each {@code OTEL_TRACES_EXPORTER} exporter of the {@code otel} callback in
   * its own batch processor. Batched ones are taken over (autoconfigure calls this before the
   * tracer provider customizer): they get a processor built like every preset's — the same queue
   * settings, drops counted in {@code exportStats()} — behind the same fan-out. Others (the
   * {@code console} exporter's simple processor) stay as they are.
   */
  private SpanProcessor adoptOtelBatchProcessor(SpanProcessor processor, ConfigProperties props) {
    if (processor instanceof io.opentelemetry.sdk.trace.export.BatchSpanProcessor batch
        && batch.getSpanExporter() instanceof AdoptableExporter adoptable) {
      adoptable.adopt(); // the replaced processor's shutdown must not shut the exporter down
      batch.shutdown();
      adoptedOtelExporters.add(adoptable.scoped);
      return SpanProcessor.composite();
    }
    return processor;
  }

  private SdkTracerProviderBuilder addPresetProcessors(SdkTracerProviderBuilder b,
      ConfigProperties props) {
    b.addSpanProcessor(traceScoped);
    List<OwnerScopedSpanExporter> owners = new ArrayList<>(adoptedOtelExporters);
    for (PresetSelection.Selected s : selection.selected()) {
      for (ExporterSpec preset : s.preset().exporters()) {
        ExporterSpec spec = s.settings().applyTo(preset); // presets.<name>.compression
        SpanExporter transport = OtlpExporters.INSTANCE.forSpec(spec);
        TenantExporters tenants = s.preset().tenantRule() == TenantCredentialRule.NONE ? null
            : new TenantExporters(spec, s.preset().tenantRule(), config.tenantAllowedHosts(),
                config.tenantMaxClients(), t -> SizeBoundedSpanExporter.wrap(t.owner().id(),
                    OtlpExporters.INSTANCE.forSpec(s.settings().applyTo(t))));
        OwnerScopedSpanExporter scoped = new OwnerScopedSpanExporter(spec.owner(),
            s.preset().mapper(), s.preset().resourceOverlay(), transport, BatchProcessors.attributeLimit(props),
            tenants == null ? null : tenantRouter, tenants);
        exporters.add(scoped);
        owners.add(scoped);
      }
    }
    if (owners.isEmpty()) {
      return b;
    }
    // each owner: its own batch processor (queue, export thread) with its drops counted
    List<SpanProcessor> backends = new ArrayList<>(owners.size());
    List<QueueDropCounter> counters = new ArrayList<>(owners.size());
    HandedSpanCounter handed = new HandedSpanCounter();
    Map<ExporterOwner, Double> ratios = sampleRatios();
    for (OwnerScopedSpanExporter owner : owners) {
      QueueDropCounter drops = new QueueDropCounter();
      counters.add(drops);
      owner.setDropCounter(drops);
      owner.countHandedWith(handed::handed);
      // the ratio before the backend's queue: a trace left out takes no queue space
      backends.add(TraceRatioSpanProcessor.wrap(
          drops.instrument(BatchProcessors.builder(owner, config, props)).build(),
          ratios.getOrDefault(owner.owner(), 1.0), owner));
    }
    dropCounters.addAll(counters);
    // one enqueue on the calling thread for all of them
    SpanProcessor fed = FanOutSpanProcessor.of(backends,
        BatchProcessors.maxQueueSize(config, props));
    if (fed instanceof FanOutSpanProcessor fanOut) {
      counters.forEach(c -> c.alsoCount(fanOut::dropped));
    }
    b.addSpanProcessor(handed); // before the fan-out: a span it then refuses is still counted
    b.addSpanProcessor(fed);
    return b;
  }

  /** Each selected backend's {@code presets.<name>.sample_ratio}, by the owner it exports as. */
  private Map<ExporterOwner, Double> sampleRatios() {
    Map<ExporterOwner, Double> out = new HashMap<>();
    for (PresetSelection.Selected s : selection.selected()) {
      double ratio = s.settings().sampleRatio();
      out.put(s.provider().owner(), ratio);
      if (s.preset() != null) {
        s.preset().exporters().forEach(spec -> out.put(spec.owner(), ratio));
      }
    }
    return out;
  }

  /**
   * The {@code otel} callback's exporter as autoconfigure's processor sees it: once adopted,
   * that processor's shutdown no longer reaches the exporter, which now belongs to ours.
   */
  private static final class AdoptableExporter implements SpanExporter {
    final OwnerScopedSpanExporter scoped;
    private volatile boolean adopted;

    AdoptableExporter(OwnerScopedSpanExporter scoped) {
      this.scoped = scoped;
    }

    void adopt() {
      adopted = true;
    }

    @Override
    public CompletableResultCode export(
        java.util.Collection<io.opentelemetry.sdk.trace.data.SpanData> spans) {
      return scoped.export(spans);
    }

    @Override
    public CompletableResultCode flush() {
      return adopted ? CompletableResultCode.ofSuccess() : scoped.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
      return adopted ? CompletableResultCode.ofSuccess() : scoped.shutdown();
    }

    @Override
    public String toString() {
      return scoped.toString();
    }
  }

  private OwnerScopedSpanExporter ownerScoped(ExporterOwner owner, AttributeMapper mapper,
      Attributes overlay, SpanExporter transport, ConfigProperties props) {
    OwnerScopedSpanExporter e = new OwnerScopedSpanExporter(owner, mapper, overlay, transport,
        BatchProcessors.attributeLimit(props));
    exporters.add(e);
    return e;
  }



  @Override
  public LlmCall startCall(LlmRequest request) {
    Objects.requireNonNull(request, "request");
    return new RecordedLlmCall(request, tracer, metrics, capture, contentLimit, eventLogger,
        traceScoped);
  }

  @Override
  public AgentSpan startAgent(AgentRequest request) {
    Objects.requireNonNull(request, "request");
    return RecordedAgentSpan.start(request, tracer, capture, contentLimit, traceScoped);
  }

  @Override
  public ToolCall startTool(ToolRequest request) {
    Objects.requireNonNull(request, "request");
    return RecordedToolCall.start(request, tracer, capture);
  }

  @Override
  public EmbeddingsCall startEmbeddings(EmbeddingsRequest request) {
    Objects.requireNonNull(request, "request");
    return RecordedEmbeddingsCall.start(request, tracer, metrics, capture, contentLimit);
  }

  @Override
  public RetrievalCall startRetrieval(RetrievalRequest request) {
    Objects.requireNonNull(request, "request");
    return RecordedRetrievalCall.start(request, tracer, capture, contentLimit);
  }

  @Override
  public boolean bindTenant(Tenant tenant) {
    Objects.requireNonNull(tenant, "tenant");
    io.opentelemetry.api.trace.SpanContext current =
        io.opentelemetry.api.trace.Span.current().getSpanContext();
    if (!current.isValid()) {
      log.warn("otel-presets: bindTenant({}) outside any span; nothing bound. Call it inside the"
          + " request's server span.", tenant.id());
      return false;
    }
    tenantRouter.register(tenant);
    traceScoped.apply(current.getTraceId(), Attributes.of(TenantRouter.TENANT_ID, tenant.id()));
    return true;
  }

  @Override
  public OpenTelemetry openTelemetry() {
    return global ? GlobalHandle.openTelemetry() : handle;
  }

  @Override
  public ContentCapture contentCapture() {
    return capture;
  }

  @Override
  public List<String> presetNames() {
    List<String> names = new ArrayList<>();
    selection.selected().forEach(s -> names.add(s.provider().name()));
    return names;
  }

  /** The owner-scoped exporters (the {@code otel} ones included), for diagnostics and tests. */
  public List<OwnerScopedSpanExporter> exporters() {
    synchronized (exporters) {
      return List.copyOf(exporters);
    }
  }

  @Override
  public List<dev.otelpresets.core.ExportStats> exportStats() {
    List<dev.otelpresets.core.ExportStats> out = new ArrayList<>();
    for (OwnerScopedSpanExporter e : exporters()) {
      out.add(e.stats());
    }
    return out;
  }

  /** The SDK, or null when attached to an existing global. */
  public OpenTelemetrySdk sdk() {
    return sdk;
  }

  @Override
  public boolean forceFlush(Duration timeout) {
    if (sdk == null) {
      return true;
    }
    CompletableResultCode traces = sdk.getSdkTracerProvider().forceFlush();
    CompletableResultCode metricsFlush = sdk.getSdkMeterProvider().forceFlush();
    CompletableResultCode logs = sdk.getSdkLoggerProvider().forceFlush();
    return CompletableResultCode.ofAll(List.of(traces, metricsFlush, logs))
        .join(timeout.toMillis(), TimeUnit.MILLISECONDS).isSuccess();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      awaitClosedElsewhere();
      return;
    }
    try {
      closeOnce();
    } finally {
      closeDone.countDown();
    }
  }

  /**
   * A second close() — typically the host's own shutdown hook racing ours — returns only once the
   * first has flushed, so whatever it does next (print exportStats(), exit) sees the final state.
   * Our own hook waits too, so the JVM does not exit under a close() still flushing elsewhere.
   */
  private void awaitClosedElsewhere() {
    try {
      if (!closeDone.await(SHUTDOWN_DEADLINE.toSeconds() + 5, TimeUnit.SECONDS)) {
        log.warn("otel-presets: close() in another thread did not finish within {} s",
            SHUTDOWN_DEADLINE.toSeconds() + 5);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void closeOnce() {
    if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is exiting; the hook is running or will run close(), which is idempotent
      }
    }
    if (global) {
      GlobalHandle.detach(this);
    }
    handle.setDelegate(OpenTelemetry.noop());
    if (sdk != null) {
      CompletableResultCode done = sdk.shutdown()
          .join(SHUTDOWN_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
      if (!done.isSuccess()) {
        log.warn("otel-presets: shutdown did not finish within {} s; some telemetry may not"
            + " have been delivered (spans: see 'abandoned at shutdown' per backend)",
            SHUTDOWN_DEADLINE.toSeconds());
      }
    }
    settleExportStats();
    synchronized (dropCounters) {
      dropCounters.forEach(QueueDropCounter::shutdown);
    }
  }

  /**
   * Makes every backend's numbers final once shutdown finished or gave up, and says per backend
   * what was abandoned: still queued, in the hand-off or being exported at that point.
   */
  private void settleExportStats() {
    for (OwnerScopedSpanExporter e : exporters()) {
      dev.otelpresets.core.ExportStats s = e.settle();
      if (s.abandonedSpans() > 0) {
        log.warn("otel-presets: {} span(s) for '{}' abandoned at shutdown: still queued, in the"
            + " hand-off or being exported when close() ended (it waits at most {} s){}",
            s.abandonedSpans(), s.owner(), SHUTDOWN_DEADLINE.toSeconds(),
            s.lastFailure() == null ? "" : "; last failure: " + s.lastFailure());
      }
    }
  }

  @Override
  public String toString() {
    return "GenAiTelemetry{callbacks=" + presetNames() + ", contentCapture=" + capture.value()
        + ", global=" + global + "}";
  }
}
