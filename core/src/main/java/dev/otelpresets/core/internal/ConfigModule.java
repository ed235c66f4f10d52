package dev.otelpresets.core.internal;

import com.google.inject.AbstractModule;
import dev.otelpresets.core.Environment;
import dev.otelpresets.core.config.OtelPresetsConfig;
import java.util.Objects;

/** The root's configuration: the loaded config and the variables presets and {@code ${VAR}} read. */
final class ConfigModule extends AbstractModule {
  private final OtelPresetsConfig config;
  private final Environment env;

  ConfigModule(OtelPresetsConfig config, Environment env) {
    this.config = Objects.requireNonNull(config, "config");
    this.env = Objects.requireNonNull(env, "env");
  }

  @Override
  protected void configure() {
    bind(OtelPresetsConfig.class).toInstance(config);
    bind(Environment.class).toInstance(env);
  }
}
