package dev.otelpresets.core.internal;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import dev.otelpresets.core.Environment;
import dev.otelpresets.core.config.OtelPresetsConfig;
import dev.otelpresets.core.discovery.PresetRegistry;
import dev.otelpresets.spi.PresetProvider;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The root's presets: those found by {@link java.util.ServiceLoader} (or given explicitly) plus
 * those a host contributes with {@code Multibinder.newSetBinder(binder(),
 * PresetProvider.class).addBinding()...}, then the configured callbacks resolved and built
 * against them — once, before any SDK exists.
 */
final class DiscoveryModule extends AbstractModule {
  private final Supplier<PresetRegistry> discovered;

  DiscoveryModule(Supplier<PresetRegistry> discovered) {
    this.discovered = Objects.requireNonNull(discovered, "discovered");
  }

  @Override
  protected void configure() {
    Multibinder.newSetBinder(binder(), PresetProvider.class); // empty unless a host adds some
  }

  @Provides
  @Singleton
  PresetRegistry registry(Set<PresetProvider> contributed) {
    return discovered.get().plus(contributed);
  }

  @Provides
  @Singleton
  PresetSelection selection(OtelPresetsConfig config, PresetRegistry registry, Environment env) {
    PresetSelection selection = PresetSelection.resolve(config, registry, env);
    // tenants.credentials names only selected backends and their own keys, in every mode
    TenantCredentialCheck.check(config, selection);
    return selection;
  }
}
