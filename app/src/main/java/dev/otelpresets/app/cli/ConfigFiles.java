package dev.otelpresets.app.cli;

import dev.otelpresets.app.gateway.GatewayConfig;
import dev.otelpresets.core.Environment;
import dev.otelpresets.core.config.OtelPresetsConfig;
import java.nio.file.Path;

/** Loads the framework's YAML plus the gateway's {@code models:} and {@code keys:} sections. */
final class ConfigFiles {
  private ConfigFiles() {}

  static OtelPresetsConfig load(Environment env, Path file) {
    return GatewayConfig.loader(env).load(file);
  }
}
