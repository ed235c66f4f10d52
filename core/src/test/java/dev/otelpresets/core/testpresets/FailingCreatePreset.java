package dev.otelpresets.core.testpresets;

import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.Preset;
import dev.otelpresets.spi.PresetConfigurationException;
import dev.otelpresets.spi.PresetProvider;
import dev.otelpresets.spi.PresetSettings;
import dev.otelpresets.spi.SettingSpec;
import java.util.List;

/**
 * Test preset {@code mem-failing-create}: create() throws, with a secret in the message, the
 * exception its {@code failure} setting names: {@code state} (the default) an
 * IllegalStateException, {@code argument} an IllegalArgumentException (as an SPI builder does for
 * a value it refuses), {@code config} a PresetConfigurationException without the secret.
 */
public final class FailingCreatePreset implements PresetProvider {
  public static final String NAME = "mem-failing-create";
  public static final String SECRET_IN_MESSAGE = "sk-leak-999";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ExporterOwner owner() {
    return ExporterOwner.of("mem-failing-create");
  }

  @Override
  public List<SettingSpec> settings() {
    return List.of(
        SettingSpec.builder("failure")
            .defaultValue("state")
            .description("state, argument or config")
            .build());
  }

  @Override
  public Preset create(PresetSettings settings) {
    switch (settings.require("failure")) {
      case "argument" -> throw new IllegalArgumentException("bad token " + SECRET_IN_MESSAGE);
      case "config" ->
          throw new PresetConfigurationException(
              settings.describe("failure") + " asks for a configuration error; set it to 'state'");
      default -> throw new IllegalStateException("could not use token " + SECRET_IN_MESSAGE);
    }
  }
}
