package dev.otelpresets.core.internal;

import dev.otelpresets.core.Environment;
import dev.otelpresets.core.config.OtelPresetsConfig;
import dev.otelpresets.spi.AttributeMapper;
import dev.otelpresets.spi.ExporterOwner;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The library mode's own SDK: built by OpenTelemetry autoconfigure (so {@code OTEL_*} keeps its
 * standard meaning) with the {@link ExportPipeline} installed in it — the same pipeline the agent
 * mode installs into the agent's SDK. The only difference is the {@code otel} callback: here
 * autoconfigure's {@code OTEL_TRACES_EXPORTER} exporters are taken over into the pipeline.
 */
final class LibrarySdk {
  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

  private final OtelPresetsConfig config;
  private final PresetSelection selection;
  private final Environment env;
  private final ExportPipeline pipeline;

  /** The {@code otel} exporters taken over from autoconfigure's processors; build time only. */
  private final List<OwnerScopedSpanExporter> adopted = new ArrayList<>();

  private LibrarySdk(
      OtelPresetsConfig config,
      PresetSelection selection,
      Environment env,
      ExportPipeline pipeline) {
    this.config = config;
    this.selection = selection;
    this.env = env;
    this.pipeline = pipeline;
  }

  /** Builds the SDK (not yet global). */
  static OpenTelemetrySdk build(
      OtelPresetsConfig config,
      PresetSelection selection,
      Environment env,
      ExportPipeline pipeline) {
    return new LibrarySdk(config, selection, env, pipeline).build();
  }

  private OpenTelemetrySdk build() {
    try {
      ExporterLogRedaction.install();
      AutoConfiguredOpenTelemetrySdkBuilder builder = AutoConfiguredOpenTelemetrySdk.builder();
      if (RedirectSafeSenders.sendsSafely()) {
        // the otel callback's exporters (traces, metrics, logs) follow no redirect either
        builder.setComponentLoader(RedirectSafeSenders.loader());
      }
      return builder
          .disableShutdownHook()
          .addPropertiesCustomizer(props -> StandardOverrides.of(props, env, selection, config))
          .addResourceCustomizer((resource, props) -> serviceNameDefault(resource))
          .addSpanExporterCustomizer(
              (exporter, props) ->
                  new AdoptableExporter(
                      pipeline.ownerChain(
                          ExporterOwner.OTEL,
                          AttributeMapper.canonical(),
                          Attributes.empty(),
                          exporter,
                          props)))
          .addSpanProcessorCustomizer(this::adoptOtelBatchProcessor)
          .addTracerProviderCustomizer((b, props) -> pipeline.install(b, props, adopted))
          .build()
          .getOpenTelemetrySdk();
    } catch (io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException e) {
      throw StandardOverrides.invalidSetting(e, "presets.otel.* in " + config.source());
    }
  }

  private Resource serviceNameDefault(Resource resource) {
    String current = resource.getAttribute(SERVICE_NAME);
    if (config.serviceName().isPresent()
        && (current == null || current.startsWith("unknown_service"))) {
      return resource.merge(
          Resource.create(Attributes.of(SERVICE_NAME, config.serviceName().get())));
    }
    return resource;
  }

  /**
   * Autoconfigure wraps each {@code OTEL_TRACES_EXPORTER} exporter of the {@code otel} callback in
   * its own batch processor. Batched ones are taken over (autoconfigure calls this before the
   * tracer provider customizer): the pipeline gives them a processor built like every preset's —
   * the same queue settings, drops counted in {@code exportStats()} — behind the same fan-out.
   * Others (the {@code console} exporter's simple processor) stay as they are.
   */
  private SpanProcessor adoptOtelBatchProcessor(SpanProcessor processor, ConfigProperties props) {
    if (processor instanceof BatchSpanProcessor batch
        && batch.getSpanExporter() instanceof AdoptableExporter adoptable) {
      adoptable.adopt(); // the replaced processor's shutdown must not shut the exporter down
      batch.shutdown();
      adopted.add(adoptable.scoped);
      return SpanProcessor.composite();
    }
    return processor;
  }

  /**
   * The {@code otel} callback's exporter as autoconfigure's processor sees it: once adopted,
   * that processor's shutdown no longer reaches the exporter, which now belongs to the pipeline.
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
    public CompletableResultCode export(Collection<SpanData> spans) {
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
}
