package dev.otelpresets.core.internal;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.otelpresets.core.Environment;
import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.config.OtelPresetsConfig;

/**
 * The library mode's runtime: one {@link GenAiTelemetry} per injector, started eagerly when the
 * injector is created (so a bad config fails at startup), its SDK and lifecycle its own.
 */
final class RuntimeModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(GenAiTelemetry.class).to(TelemetryRuntime.class).asEagerSingleton();
  }

  @Provides
  @Singleton
  TelemetryRuntime runtime(
      OtelPresetsConfig config,
      PresetSelection selection,
      Environment env,
      ExportPipeline pipeline) {
    return new TelemetryRuntime(config, selection, env, pipeline);
  }
}
