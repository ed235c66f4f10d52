package dev.otelpresets.core.autoconfigure;

import com.google.inject.Injector;
import dev.otelpresets.core.Environment;
import dev.otelpresets.core.ExportStats;
import dev.otelpresets.core.Tenant;
import dev.otelpresets.core.config.ConfigException;
import dev.otelpresets.core.config.ConfigLoader;
import dev.otelpresets.core.config.ConfigLocation;
import dev.otelpresets.core.config.OtelPresetsConfig;
import dev.otelpresets.core.discovery.PresetRegistry;
import dev.otelpresets.core.internal.CompositionRoot;
import dev.otelpresets.core.internal.ExportPipeline;
import dev.otelpresets.core.internal.OwnerScopedSpanExporter;
import dev.otelpresets.core.internal.PipelineHooks;
import dev.otelpresets.core.internal.PresetSelection;
import dev.otelpresets.spi.AttributeMapper;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The presets plugged into an SDK that someone else builds: the OpenTelemetry Java agent (through
 * the otel-presets agent extension) or an application calling {@code
 * AutoConfiguredOpenTelemetrySdk}. Reads {@value #CALLBACKS_PROPERTY} and {@value
 * #CONFIG_PROPERTY} from the SDK's {@link ConfigProperties} (so {@code -Dotel.presets.callbacks}
 * and {@code OTEL_PRESETS_CALLBACKS} both work), resolves the presets through the same Guice
 * composition root as {@code OtelPresets}, and installs the same export pipeline: one batch
 * processor per preset exporter — its own bounded queue and export thread, drops counted — behind
 * that owner's chain, all fed through one fan-out so the calling thread hands each span over once.
 *
 * <p>The host SDK's own {@code otel.traces.exporter} keeps its meaning: it plays the {@code otel}
 * callback's role, so {@code otel} in the callback list adds nothing here. Tenant routing works
 * as in the library: {@link #bindTenant} binds a trace to a tenant's credentials. {@link
 * #exportStats()} counts what every preset exporter did, as {@code GenAiTelemetry.exportStats()}
 * does; {@link #installed()} finds the instance from the host's code.
 */
public final class PresetsAutoConfiguration {
  private static final Logger log = LoggerFactory.getLogger(PresetsAutoConfiguration.class);

  /** Comma-separated callback names; overrides {@code callbacks:} of the config file. */
  public static final String CALLBACKS_PROPERTY = "otel.presets.callbacks";

  /** Path to the otel-presets YAML configuration. */
  public static final String CONFIG_PROPERTY = "otel.presets.config";

  private static volatile PresetsAutoConfiguration installed;

  private final OtelPresetsConfig config;
  private final Injector resolved;
  private final PresetSelection selection;
  private volatile ExportPipeline pipeline;

  private PresetsAutoConfiguration(OtelPresetsConfig config, Injector resolved) {
    this.config = config;
    this.resolved = resolved;
    this.selection = CompositionRoot.selection(resolved);
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
  public static PresetsAutoConfiguration resolve(
      ConfigProperties props, ClassLoader classLoader, Environment env) {
    Objects.requireNonNull(props, "props");
    Objects.requireNonNull(classLoader, "classLoader");
    Objects.requireNonNull(env, "env");
    String file = props.getString(CONFIG_PROPERTY);
    OtelPresetsConfig config =
        file == null || file.isBlank()
            ? OtelPresetsConfig.empty()
            : ConfigLoader.create(env).load(Path.of(file.trim()));
    List<String> callbacks = props.getList(CALLBACKS_PROPERTY);
    if (!callbacks.isEmpty()) {
      config =
          config.withCallbacks(
              callbacks,
              new ConfigLocation(
                  "property " + CALLBACKS_PROPERTY + " (env OTEL_PRESETS_CALLBACKS)", 0, 0));
    }
    return new PresetsAutoConfiguration(
        config, CompositionRoot.resolve(config, env, () -> PresetRegistry.load(classLoader)));
  }

  /**
   * The instance whose pipeline was installed last in this class loader — under an
   * autoconfigure host, the one of the SDK the application built — for reading {@link
   * #exportStats()} or binding tenants from the host's code.
   */
  public static Optional<PresetsAutoConfiguration> installed() {
    return Optional.ofNullable(installed);
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
   * Adds the export pipeline to {@code builder}: one batch processor per preset exporter.
   *
   * @param mapperDecorator applied to each preset's mapper (e.g. to normalise spans of other
   *     instrumentations before the owner's vocabulary mapping); {@code UnaryOperator.identity()}
   *     for none
   */
  public SdkTracerProviderBuilder addSpanProcessors(
      SdkTracerProviderBuilder builder,
      ConfigProperties props,
      UnaryOperator<AttributeMapper> mapperDecorator) {
    Objects.requireNonNull(mapperDecorator, "mapperDecorator");
    return addSpanProcessors(
        builder, props, PipelineHooks.builder().mapperDecorator(mapperDecorator).build());
  }

  /**
   * Adds the export pipeline to {@code builder} with the mode's hooks (processors before the
   * hand-off, a transform of ended spans before the fan-out, a mapper decorator). Once per
   * instance.
   */
  public SdkTracerProviderBuilder addSpanProcessors(
      SdkTracerProviderBuilder builder, ConfigProperties props, PipelineHooks hooks) {
    Objects.requireNonNull(builder, "builder");
    Objects.requireNonNull(props, "props");
    Objects.requireNonNull(hooks, "hooks");
    if (selection.otelSelected()) {
      log.info(
          "otel-presets: callback 'otel' adds nothing here: the SDK's own"
              + " otel.traces.exporter (OTEL_TRACES_EXPORTER) already plays its role");
    }
    ExportPipeline p = CompositionRoot.pipeline(resolved, hooks);
    p.logSummaryAtShutdown(); // under the agent the application cannot call exportStats()
    p.install(builder, props, List.of());
    this.pipeline = p;
    installed = this;
    log.info(
        "otel-presets: exporting to {} preset exporter(s) for callbacks {}",
        p.exporters().size(),
        presetNames());
    return builder;
  }

  /**
   * Binds the trace with this id (32 hex digits) to {@code tenant}: its spans — those open now
   * and those that start later — go to the tenant's own exporter for each owner the tenant has
   * credentials for, as {@code GenAiTelemetry.bindTenant} does in the library.
   *
   * @throws IllegalStateException before {@link #addSpanProcessors} ran
   */
  public void bindTenant(String traceId, Tenant tenant) {
    requirePipeline().tenantBinding().bind(traceId, tenant);
  }

  /**
   * What each preset exporter did so far: exported, failed, dropped on a full queue (the fan-out's
   * hand-off included), sampled out, and — once the SDK's shutdown finished or gave up —
   * abandoned. Empty before {@link #addSpanProcessors} ran.
   */
  public List<ExportStats> exportStats() {
    ExportPipeline p = pipeline;
    return p == null ? List.of() : p.exportStats();
  }

  /** Whether the numbers of {@link #exportStats()} are final (the SDK was shut down). */
  public boolean exportStatsFinal() {
    ExportPipeline p = pipeline;
    return p != null && p.isSettled();
  }

  /** The owner-scoped exporters added so far (diagnostics, tests). */
  public List<OwnerScopedSpanExporter> exporters() {
    ExportPipeline p = pipeline;
    return p == null ? List.of() : p.exporters();
  }

  /** Each owner's chain, by owner id (diagnostics, tests). */
  public Map<String, List<String>> describePipeline() {
    ExportPipeline p = pipeline;
    return p == null ? Map.of() : p.describe();
  }

  private ExportPipeline requirePipeline() {
    ExportPipeline p = pipeline;
    if (p == null) {
      throw new IllegalStateException(
          "otel-presets: the export pipeline is not installed yet;"
              + " bind tenants once the SDK is built");
    }
    return p;
  }

  @Override
  public String toString() {
    return "PresetsAutoConfiguration{callbacks="
        + presetNames()
        + ", config="
        + config.source()
        + "}";
  }
}
