package dev.otelpresets.core.testpresets;

import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.Preset;
import dev.otelpresets.spi.PresetProvider;
import dev.otelpresets.spi.PresetSettings;
import dev.otelpresets.spi.SettingSpec;
import java.util.List;

/**
 * Test preset {@code mem-self-hosted}: its secret {@code api_key} (env MEM_SELF_HOSTED_API_KEY) is
 * required unless {@code endpoint} (env MEM_SELF_HOSTED_ENDPOINT, default the "cloud") is set.
 */
public final class SelfHostedPreset implements PresetProvider {
  public static final String NAME = "mem-self-hosted";
  public static final ExporterOwner OWNER = ExporterOwner.of("mem-self-hosted");

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
        SettingSpec.builder("api_key")
            .env("MEM_SELF_HOSTED_API_KEY")
            .secret()
            .requiredUnless("endpoint")
            .description("the cloud's key")
            .build(),
        SettingSpec.builder("endpoint")
            .env("MEM_SELF_HOSTED_ENDPOINT")
            .defaultValue("https://cloud.example")
            .description("a self-hosted server")
            .build());
  }

  @Override
  public Preset create(PresetSettings settings) {
    return Preset.builder(OWNER).exporter(MemoryPresetSupport.inMemory(NAME, OWNER)).build();
  }
}
