package dev.otelpresets.core.testpresets;

import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.Preset;
import dev.otelpresets.spi.PresetProvider;
import dev.otelpresets.spi.PresetSettings;

/** Test preset {@code mem-broken-mapper}: its mapper throws on every span. */
public final class BrokenMapperPreset implements PresetProvider {
  public static final String NAME = "mem-broken-mapper";
  public static final ExporterOwner OWNER = ExporterOwner.of("mem-broken-mapper");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ExporterOwner owner() {
    return OWNER;
  }

  @Override
  public Preset create(PresetSettings settings) {
    return Preset.builder(OWNER)
        .exporter(MemoryPresetSupport.inMemory(NAME, OWNER))
        .mapper(
            (span, content, limit) -> {
              throw new IllegalStateException("mapper bug in test preset");
            })
        .build();
  }
}
