package dev.otelpresets.core.testpresets;

import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.Preset;
import dev.otelpresets.spi.PresetProvider;
import dev.otelpresets.spi.PresetSettings;

/** A broken jar: its constructor throws. NOT registered in the test services file. */
public final class ThrowingConstructorProvider implements PresetProvider {
  public ThrowingConstructorProvider() {
    throw new IllegalStateException("broken preset jar: constructor failed");
  }

  @Override
  public String name() {
    return "mem-throwing-ctor";
  }

  @Override
  public ExporterOwner owner() {
    return ExporterOwner.of("mem-throwing-ctor");
  }

  @Override
  public Preset create(PresetSettings settings) {
    throw new AssertionError("unreachable");
  }
}
