package dev.otelpresets.presets.agentops;

import dev.otelpresets.spi.PresetConfigurationException;
import dev.otelpresets.spi.PresetProvider;
import dev.otelpresets.spi.PresetSettings;
import dev.otelpresets.spi.SettingSpec;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves a provider's declared settings the way the core does (YAML > env in order > default,
 * blank = unset), for unit tests that run without the core.
 */
final class FakePresetSettings implements PresetSettings {
  private final PresetProvider provider;
  private final Map<String, String> yaml;
  private final Map<String, String> env;

  FakePresetSettings(PresetProvider provider, Map<String, String> yaml, Map<String, String> env) {
    this.provider = provider;
    this.yaml = yaml;
    this.env = env;
  }

  static FakePresetSettings env(PresetProvider provider, Map<String, String> env) {
    return new FakePresetSettings(provider, Map.of(), env);
  }

  private SettingSpec spec(String key) {
    return provider.settings().stream()
        .filter(s -> s.key().equals(key))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("undeclared setting " + key));
  }

  @Override
  public String presetName() {
    return provider.name();
  }

  @Override
  public Optional<String> get(String key) {
    SettingSpec s = spec(key);
    String v = yaml.get(key);
    if (v != null && !v.isBlank()) {
      return Optional.of(v);
    }
    for (String e : s.envVars()) {
      String ev = env.get(e);
      if (ev != null && !ev.isBlank()) {
        return Optional.of(ev);
      }
    }
    return s.defaultValue();
  }

  @Override
  public String require(String key) {
    return get(key).orElseThrow(() -> new PresetConfigurationException(
        "missing required setting " + describe(key)));
  }

  @Override
  public String describe(String key) {
    return "presets." + provider.name() + "." + key + " (" + String.join(", ", spec(key).envVars())
        + ")";
  }
}
