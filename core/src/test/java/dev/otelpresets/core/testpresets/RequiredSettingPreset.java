package dev.otelpresets.core.testpresets;

import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.Preset;
import dev.otelpresets.spi.PresetProvider;
import dev.otelpresets.spi.PresetSettings;
import dev.otelpresets.spi.SettingSpec;
import java.util.List;

/** Test preset {@code mem-required}: needs the secret {@code api_key} (env MEM_REQUIRED_API_KEY). */
public final class RequiredSettingPreset implements PresetProvider {
  public static final String NAME = "mem-required";
  public static final ExporterOwner OWNER = ExporterOwner.of("mem-required");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ExporterOwner owner() {
    return OWNER;
  }

  @Override
  public List<SettingSpec> settings() {
    return List.of(
        SettingSpec.builder("api_key").env("MEM_REQUIRED_API_KEY").required().secret().build(),
        SettingSpec.builder("region").env("MEM_REQUIRED_REGION").build());
  }

  @Override
  public Preset create(PresetSettings settings) {
    settings.require("api_key");
    return Preset.builder(OWNER).exporter(MemoryPresetSupport.inMemory(NAME, OWNER)).build();
  }
}
