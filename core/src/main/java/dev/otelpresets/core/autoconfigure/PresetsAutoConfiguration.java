package dev.otelpresets.core.autoconfigure;

import dev.otelpresets.core.Environment;
import dev.otelpresets.core.config.ConfigException;
import dev.otelpresets.core.config.ConfigLoader;
import dev.otelpresets.core.config.ConfigLocation;
import dev.otelpresets.core.config.OtelPresetsConfig;
import dev.otelpresets.core.discovery.PresetRegistry;
import dev.otelpresets.core.internal.BatchProcessors;
import dev.otelpresets.core.internal.FanOutSpanProcessor;
import dev.otelpresets.core.internal.OtlpExporters;
import dev.otelpresets.core.internal.OwnerScopedSpanExporter;
import dev.otelpresets.core.internal.PresetSelection;
import dev.otelpresets.core.internal.TraceRatioSpanProcessor;
import dev.otelpresets.spi.AttributeMapper;
import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.spi.TenantCredentialRule;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The presets plugged into an SDK that someone else builds: the OpenTelemetry Java agent (through
 * the otel-presets agent extension) or an application calling {@code
 * AutoConfiguredOpenTelemetrySdk}. Reads {@value #CALLBACKS_PROPERTY} and {@value
 * #CONFIG_PROPERTY} from the SDK's {@link ConfigProperties} (so {@code -Dotel.presets.callbacks}
 * and {@code OTEL_PRESETS_CALLBACKS} both work), resolves the presets exactly as {@code
 * OtelPresets} does, and adds one {@link BatchSpanProcessor} per preset exporter — its own bounded
 * queue and export thread — behind that owner's mapper and resource overlay, all fed through one
 * {@link FanOutSpanProcessor} so the calling thread hands each span over once.
 *
 * <p>The host SDK's own {@code otel.traces.exporter} keeps its meaning: it plays the {@code otel}
 * callback's role, so {@code otel} in the callback list adds nothing here. Per-request tenant
 * credentials need the recording API ({@code GenAiTelemetry.bindTenant}) and are not routed in
 * this mode: every preset exports with its static credentials.
 */
public final class PresetsAutoConfiguration {
  private static final Logger log = LoggerFactory.getLogger(PresetsAutoConfiguration.class);

  /** Comma-separated callback names; overrides {@code callbacks:} of the config file. */
  public static final String CALLBACKS_PROPERTY = "otel.presets.callbacks";
  /** Path to the otel-presets YAML configuration. */
  public static final String CONFIG_PROPERTY = "otel.presets.config";

  private final OtelPresetsConfig config;
  private final PresetSelection selection;
  private final List<OwnerScopedSpanExporter> exporters = new ArrayList<>();

  private PresetsAutoConfiguration(OtelPresetsConfig config, PresetSelection selection) {
    this.config = config;
    this.selection = selection;
  }

  /**
   * Loads the configuration named by the properties and resolves and builds the selected presets
   * (no network I/O).
   *
   * @param props the SDK's configuration properties
   * @param classLoader where to discover presets
   * @param env the variables preset settings and {@code ${VAR}}s read
   * @throws ConfigException for any configuration problem, naming the property, file or key
   */
  public static PresetsAutoConfiguration resolve(ConfigProperties props, ClassLoader classLoader,
      Environment env) {
    Objects.requireNonNull(props, "props");
    Objects.requireNonNull(classLoader, "classLoader");
    Objects.requireNonNull(env, "env");
    String file = props.getString(CONFIG_PROPERTY);
    OtelPresetsConfig config = file == null || file.isBlank() ? OtelPresetsConfig.empty()
        : ConfigLoader.create(env).load(Path.of(file.trim()));
    List<String> callbacks = props.getList(CALLBACKS_PROPERTY);
    if (!callbacks.isEmpty()) {
      config = config.withCallbacks(callbacks, new ConfigLocation(
          "property " + CALLBACKS_PROPERTY + " (env OTEL_PRESETS_CALLBACKS)", 0, 0));
    }
    PresetSelection selection =
        PresetSelection.resolve(config, PresetRegistry.load(classLoader), env);
    return new PresetsAutoConfiguration(config, selection);
  }

  /** The selected presets' names in callback order ({@code otel} included when listed). */
  public List<String> presetNames() {
    List<String> names = new ArrayList<>();
    selection.selected().forEach(s -> names.add(s.provider().name()));
    return names;
  }

  /** The configuration in use. */
  public OtelPresetsConfig config() {
    return config;
  }

  /**
   * Adds one batch processor per preset exporter to {@code builder}.
   *
   * @param mapperDecorator applied to each preset's mapper (e.g. to normalise spans of other
   *     instrumentations before the owner's vocabulary mapping); {@code UnaryOperator.identity()}
   *     for none
   */
  public SdkTracerProviderBuilder addSpanProcessors(SdkTracerProviderBuilder builder,
      ConfigProperties props, UnaryOperator<AttributeMapper> mapperDecorator) {
    Objects.requireNonNull(builder, "builder");
    Objects.requireNonNull(props, "props");
    Objects.requireNonNull(mapperDecorator, "mapperDecorator");
    int limit = BatchProcessors.attributeLimit(props);
    List<SpanProcessor> backends = new ArrayList<>();
    for (PresetSelection.Selected s : selection.selected()) {
      if (s.provider().owner().equals(ExporterOwner.OTEL)) {
        log.info("otel-presets: callback 'otel' adds nothing here: the SDK's own"
            + " otel.traces.exporter (OTEL_TRACES_EXPORTER) already plays its role");
        continue;
      }
      if (s.preset().tenantRule() != TenantCredentialRule.NONE) {
        log.debug("otel-presets: preset '{}' exports with its static credentials only"
            + " (tenant routing needs the GenAiTelemetry API)", s.provider().name());
      }
      AttributeMapper mapper = Objects.requireNonNull(mapperDecorator.apply(s.preset().mapper()),
          "mapperDecorator returned null");
      for (ExporterSpec spec : s.preset().exporters()) {
        SpanExporter transport = OtlpExporters.INSTANCE.forSpec(s.settings().applyTo(spec));
        OwnerScopedSpanExporter scoped = new OwnerScopedSpanExporter(spec.owner(), mapper,
            s.preset().resourceOverlay(), transport, limit);
        synchronized (exporters) {
          exporters.add(scoped);
        }
        backends.add(TraceRatioSpanProcessor.wrap(BatchProcessors.builder(scoped, config, props)
            .build(), s.settings().sampleRatio(), scoped));
      }
    }
    if (!backends.isEmpty()) {
      // one hand-off on the calling thread for all presets; each keeps its own queue and thread
      builder.addSpanProcessor(FanOutSpanProcessor.of(backends,
          BatchProcessors.maxQueueSize(config, props)));
    }
    log.info("otel-presets: exporting to {} preset exporter(s) for callbacks {}",
        exporters().size(), presetNames());
    return builder;
  }

  /** The owner-scoped exporters added so far (diagnostics, tests). */
  public List<OwnerScopedSpanExporter> exporters() {
    synchronized (exporters) {
      return List.copyOf(exporters);
    }
  }


  @Override
  public String toString() {
    return "PresetsAutoConfiguration{callbacks=" + presetNames() + ", config=" + config.source()
        + "}";
  }
}
