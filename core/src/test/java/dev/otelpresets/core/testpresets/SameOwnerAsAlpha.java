package dev.otelpresets.core.testpresets;

import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.Preset;
import dev.otelpresets.spi.PresetProvider;
import dev.otelpresets.spi.PresetSettings;

/** Claims the owner of {@link AlphaPreset} under another name; NOT registered by default. */
public final class SameOwnerAsAlpha implements PresetProvider {
  @Override
  public String name() {
    return "mem-alpha-impostor";
  }

  @Override
  public ExporterOwner owner() {
    return AlphaPreset.OWNER;
  }

  @Override
  public Preset create(PresetSettings settings) {
    return Preset.builder(owner()).build();
  }
}
