package dev.otelpresets.core.internal;

import dev.otelpresets.core.AgentRequest;
import dev.otelpresets.core.AgentSpan;
import dev.otelpresets.core.ContentCapture;
import dev.otelpresets.core.EmbeddingsCall;
import dev.otelpresets.core.EmbeddingsRequest;
import dev.otelpresets.core.Environment;
import dev.otelpresets.core.ExportStats;
import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.LlmCall;
import dev.otelpresets.core.LlmRequest;
import dev.otelpresets.core.RetrievalCall;
import dev.otelpresets.core.RetrievalRequest;
import dev.otelpresets.core.Tenant;
import dev.otelpresets.core.ToolCall;
import dev.otelpresets.core.ToolRequest;
import dev.otelpresets.core.config.OtelPresetsConfig;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.LoggerFactory;

/**
 * The library mode's {@link GenAiTelemetry}: the recording API over the one SDK that its {@link
 * Lifecycle} started with the {@link ExportPipeline} in it. Built by the Guice root ({@link
 * CompositionRoot}); use {@code OtelPresets.builder()} or {@code OtelPresetsModule}.
 */
public final class TelemetryRuntime implements GenAiTelemetry {
  private static final org.slf4j.Logger log = LoggerFactory.getLogger(TelemetryRuntime.class);
  static final String INSTRUMENTATION_NAME = "dev.otelpresets";

  private final PresetSelection selection;
  private final RecordingSettings settings;
  private final ExportPipeline pipeline;
  private final Lifecycle lifecycle;
  private final Tracer tracer;
  private final Logger eventLogger;
  private final GenAiMetrics metrics;

  /** Builds and starts. */
  TelemetryRuntime(
      OtelPresetsConfig config,
      PresetSelection selection,
      Environment env,
      ExportPipeline pipeline) {
    Objects.requireNonNull(config, "config");
    this.selection = Objects.requireNonNull(selection, "selection");
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    this.lifecycle =
        new Lifecycle(
            config,
            pipeline,
            presetNames().toString(),
            () -> LibrarySdk.build(config, selection, env, pipeline));
    RecordingSettings global = RecordingSettings.of(config, env);
    // content on the span when any backend wants it; each backend's policy strips or redacts it
    this.settings =
        lifecycle.ownsSdk()
            ? global.withCapture(pipeline.contentPolicies().recordingMode())
            : global;
    OpenTelemetry recording = lifecycle.recording();
    // the scope carries the version so backends can tell releases apart
    this.tracer =
        recording
            .tracerBuilder(INSTRUMENTATION_NAME)
            .setInstrumentationVersion(BuildVersion.VERSION)
            .build();
    this.eventLogger =
        recording
            .getLogsBridge()
            .loggerBuilder(INSTRUMENTATION_NAME)
            .setInstrumentationVersion(BuildVersion.VERSION)
            .build();
    this.metrics =
        new GenAiMetrics(
            recording
                .meterBuilder(INSTRUMENTATION_NAME)
                .setInstrumentationVersion(BuildVersion.VERSION)
                .build());
  }

  /** Each backend's content mode and redaction rules. */
  public ContentPolicies contentPolicies() {
    return pipeline.contentPolicies();
  }

  /** See {@link RecordingSettings#attributeValueLengthLimit}. */
  static int attributeValueLengthLimit(OtelPresetsConfig config, Environment env) {
    return RecordingSettings.attributeValueLengthLimit(config, env);
  }

  /**
   * The properties the framework hands autoconfigure on top of what it reads itself — shared with
   * diagnostics ({@code otel-presets doctor}) so they show exactly what the SDK will do.
   */
  public static Map<String, String> standardOverrides(
      ConfigProperties props,
      Environment env,
      PresetSelection selection,
      OtelPresetsConfig config) {
    return StandardOverrides.of(props, env, selection, config);
  }

  @Override
  public LlmCall startCall(LlmRequest request) {
    Objects.requireNonNull(request, "request");
    return new RecordedLlmCall(
        request,
        tracer,
        metrics,
        settings.capture(),
        settings.contentLimit(),
        eventLogger,
        pipeline.traceScoped());
  }

  @Override
  public AgentSpan startAgent(AgentRequest request) {
    Objects.requireNonNull(request, "request");
    return RecordedAgentSpan.start(
        request,
        tracer,
        metrics,
        settings.capture(),
        settings.contentLimit(),
        pipeline.traceScoped());
  }

  @Override
  public ToolCall startTool(ToolRequest request) {
    Objects.requireNonNull(request, "request");
    return RecordedToolCall.start(request, tracer, metrics, settings.capture());
  }

  @Override
  public EmbeddingsCall startEmbeddings(EmbeddingsRequest request) {
    Objects.requireNonNull(request, "request");
    return RecordedEmbeddingsCall.start(
        request, tracer, metrics, settings.capture(), settings.contentLimit());
  }

  @Override
  public RetrievalCall startRetrieval(RetrievalRequest request) {
    Objects.requireNonNull(request, "request");
    return RecordedRetrievalCall.start(
        request, tracer, metrics, settings.capture(), settings.contentLimit());
  }

  @Override
  public boolean bindTenant(Tenant tenant) {
    Objects.requireNonNull(tenant, "tenant");
    SpanContext current = Span.current().getSpanContext();
    if (!current.isValid()) {
      log.warn(
          "otel-presets: bindTenant({}) outside any span; nothing bound. Call it inside the"
              + " request's server span.",
          tenant.id());
      return false;
    }
    pipeline.tenantBinding().bind(current.getTraceId(), tenant);
    return true;
  }

  @Override
  public OpenTelemetry openTelemetry() {
    return lifecycle.openTelemetry();
  }

  @Override
  public ContentCapture contentCapture() {
    return settings.capture();
  }

  @Override
  public List<String> presetNames() {
    List<String> names = new ArrayList<>();
    selection.selected().forEach(s -> names.add(s.provider().name()));
    return names;
  }

  /** The owner-scoped exporters (the {@code otel} ones included), for diagnostics and tests. */
  public List<OwnerScopedSpanExporter> exporters() {
    return pipeline.exporters();
  }

  /** The export pipeline (diagnostics and tests). */
  public ExportPipeline pipeline() {
    return pipeline;
  }

  @Override
  public List<ExportStats> exportStats() {
    return pipeline.exportStats();
  }

  /** The SDK, or null when attached to an existing global. */
  public OpenTelemetrySdk sdk() {
    return lifecycle.sdk();
  }

  @Override
  public boolean forceFlush(Duration timeout) {
    return lifecycle.forceFlush(timeout);
  }

  @Override
  public void close() {
    lifecycle.close();
  }

  @Override
  public String toString() {
    return "GenAiTelemetry{callbacks="
        + presetNames()
        + ", contentCapture="
        + settings.capture().value()
        + ", global="
        + lifecycle.isGlobal()
        + "}";
  }
}
