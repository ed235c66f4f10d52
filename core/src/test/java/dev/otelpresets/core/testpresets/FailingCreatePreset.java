package dev.otelpresets.core.testpresets;

import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.Preset;
import dev.otelpresets.spi.PresetProvider;
import dev.otelpresets.spi.PresetSettings;

/** Test preset {@code mem-failing-create}: create() throws a RuntimeException with a secret. */
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
  public Preset create(PresetSettings settings) {
    throw new IllegalStateException("could not use token " + SECRET_IN_MESSAGE);
  }
}
