package dev.otelpresets.core.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.OtelPresets;
import dev.otelpresets.core.internal.CompositionRoot;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Guice wiring: installs otel-presets' composition root — the same modules {@code
 * OtelPresets.builder()} and the Java agent extension assemble — into the host's injector: one
 * {@link GenAiTelemetry} per injector, built eagerly when the injector is created (so a bad config
 * fails at startup), and an {@link OpenTelemetry} for the host's own instrumentation.
 *
 * <p>A host can contribute presets of its own, found beside the {@link java.util.ServiceLoader}
 * ones and selected by name in {@code callbacks:} like them, with one line in any of its modules:
 *
 * <pre>{@code
 * Multibinder.newSetBinder(binder(), PresetProvider.class).addBinding().to(InHousePreset.class);
 * }</pre>
 *
 * <p>The injected {@code OpenTelemetry} is the safe early-binding path: components may take it at
 * any time — before the SDK is built, even — and their tracers forward to the one SDK once it runs.
 * Prefer it to {@code GlobalOpenTelemetry.get()}, which locks in a no-op when called too early.
 *
 * <p>Close the telemetry when the application stops: {@code
 * injector.getInstance(GenAiTelemetry.class).close()} (a JVM shutdown hook also does it unless
 * {@code settings.shutdown_hook: false}).
 */
public final class OtelPresetsModule extends AbstractModule {
  private final OtelPresets.Builder builder;
  private final dev.otelpresets.core.config.OtelPresetsConfig config;

  /** Wires the framework configured by {@code builder}. */
  public OtelPresetsModule(OtelPresets.Builder builder) {
    this.builder = Objects.requireNonNull(builder, "builder");
    this.config = builder.loadConfig(); // a config that cannot load fails here
  }

  /** Wires the framework configured by a YAML file and the process environment. */
  public static OtelPresetsModule fromConfigFile(Path file) {
    return new OtelPresetsModule(OtelPresets.builder().configFile(file));
  }

  @Override
  protected void configure() {
    install(
        CompositionRoot.libraryModule(config, builder.loadEnvironment(), builder::loadRegistry));
  }

  @Provides
  @Singleton
  OpenTelemetry openTelemetry(GenAiTelemetry telemetry) {
    // the telemetry's own handle: the global handle when it published, the existing global's SDK
    // when it attached, its private SDK otherwise
    return telemetry.openTelemetry();
  }
}
