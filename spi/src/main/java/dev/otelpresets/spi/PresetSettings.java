package dev.otelpresets.spi;

import java.util.Optional;

/**
 * A preset's resolved settings: for each declared {@link SettingSpec}, the YAML value under {@code
 * presets.<preset>.<key>} if present, else the first of its environment variables that is set, else
 * its default. Implemented by the framework; required settings are checked before {@link
 * PresetProvider#create} is called.
 * @since 0.1
 */
public interface PresetSettings {

  /** The preset's name, as in {@code callbacks:}. */
  String presetName();

  /** The value of a declared setting, if any source set it (blank values count as unset). */
  Optional<String> get(String key);

  /** The value of a declared setting.
   * @throws PresetConfigurationException naming the YAML key and the environment variable(s) */
  String require(String key);

  /** {@code presets.<preset>.<key>}, plus its env vars, for messages: never the value. */
  String describe(String key);
}
