package dev.otelpresets.spi;

import java.util.List;
import java.util.Set;

/**
 * The entry point of a preset jar, a {@link java.util.ServiceLoader} service registered in {@code
 * META-INF/services/dev.otelpresets.spi.PresetProvider} and selected by {@link #name()} or an
 * {@link #aliases() alias} in {@code callbacks:}. Needs a public no-argument constructor, is cheap
 * to construct and does no I/O in any method: tokens and connections are made lazily on the export
 * thread. New methods are added to this interface only as {@code default} methods.
 * @since 0.1
 */
public interface PresetProvider {

  /** The callback name, lower case, unique across the classpath (e.g. {@code langfuse}). */
  String name();

  /** Other names that select this preset (e.g. {@code langfuse_otel}). */
  default Set<String> aliases() {
    return Set.of();
  }

  /** The owner of this preset's exporters: the one whose id is {@link #name()}, unless overridden
   * to share a built-in owner's identity. */
  default ExporterOwner owner() {
    return ExporterOwner.of(name());
  }

  /** One line saying what the backend is, for {@code otel-presets presets}. */
  default String description() {
    return "";
  }

  /** The settings {@link #create} reads, for listing and validation. */
  default List<SettingSpec> settings() {
    return List.of();
  }

  /** Builds the preset from its resolved settings. No network I/O.
   * @throws PresetConfigurationException when a setting is missing or invalid; the message names
   *     the YAML key and env var, never a secret value */
  Preset create(PresetSettings settings);
}
