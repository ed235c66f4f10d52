package dev.otelpresets.support.internal;

import java.util.Optional;

/**
 * Implemented by a built-in {@link dev.otelpresets.spi.PresetProvider} with a setting whose
 * default {@link dev.otelpresets.spi.SettingSpec#defaultValue()} cannot state, because it depends
 * on another setting (Arize: gRPC to its own endpoint unless {@code http_endpoint} is set). A
 * declared default would be resolved as if set and hide that choice from the preset, so the
 * preset keeps the rule in code and states it here for tools that list settings ({@code
 * otel-presets presets}), which would otherwise show the setting as merely "not set".
 */
public interface UnsetSettingNotes {
  /**
   * What leaving setting {@code key} unset means, shown in its place, e.g. {@code "default:
   * https://otlp.arize.com/v1 (gRPC) unless http_endpoint is set"}; empty for "not set". Must
   * hold whatever the other settings are: it is shown without looking at them.
   */
  Optional<String> whenUnset(String key);
}
