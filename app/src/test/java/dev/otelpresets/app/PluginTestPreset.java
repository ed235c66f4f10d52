package dev.otelpresets.app;

import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.Preset;
import dev.otelpresets.spi.PresetProvider;
import dev.otelpresets.spi.PresetSettings;

/** A third-party preset that only a --preset-path jar registers (no services file here). */
public final class PluginTestPreset implements PresetProvider {
  @Override
  public String name() {
    return "plugin-test";
  }

  @Override
  public ExporterOwner owner() {
    return ExporterOwner.of("plugin-test");
  }

  @Override
  public String description() {
    return "loaded from a plugins folder";
  }

  @Override
  public Preset create(PresetSettings settings) {
    return Preset.builder(owner()).build();
  }
}
