package dev.otelpresets.core.testpresets;

import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.Preset;
import dev.otelpresets.spi.PresetProvider;
import dev.otelpresets.spi.PresetSettings;

/** Claims the name {@code mem-dup}; NOT registered in the test services file. */
public final class DuplicateNameB implements PresetProvider {
  @Override
  public String name() {
    return "mem-dup";
  }

  @Override
  public ExporterOwner owner() {
    return ExporterOwner.of("mem-dup-b");
  }

  @Override
  public Preset create(PresetSettings settings) {
    return Preset.builder(owner()).build();
  }
}
