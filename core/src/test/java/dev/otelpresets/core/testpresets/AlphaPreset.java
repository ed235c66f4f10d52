package dev.otelpresets.core.testpresets;

import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.Preset;
import dev.otelpresets.spi.PresetProvider;
import dev.otelpresets.spi.PresetSettings;
import dev.otelpresets.spi.SettingSpec;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.List;
import java.util.Set;

/**
 * Test preset {@code mem-alpha} (alias {@code mem_alpha_legacy}): canonical vocabulary, resource
 * overlay {@code mem.project} = its {@code project} setting (YAML, else MEM_ALPHA_PROJECT, else
 * {@code alpha-default}).
 */
public final class AlphaPreset implements PresetProvider {
  public static final String NAME = "mem-alpha";
  public static final ExporterOwner OWNER = ExporterOwner.of("mem-alpha");
  public static final AttributeKey<String> PROJECT = AttributeKey.stringKey("mem.project");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> aliases() {
    return Set.of("mem_alpha_legacy");
  }

  @Override
  public ExporterOwner owner() {
    return OWNER;
  }

  @Override
  public List<SettingSpec> settings() {
    return List.of(
        SettingSpec.builder("project")
            .env("MEM_ALPHA_PROJECT")
            .defaultValue("alpha-default")
            .build());
  }

  @Override
  public Preset create(PresetSettings settings) {
    return Preset.builder(OWNER)
        .exporter(MemoryPresetSupport.inMemory(NAME, OWNER))
        .resourceOverlay(Attributes.of(PROJECT, settings.require("project")))
        .build();
  }
}
