package dev.otelpresets.core.internal;

import dev.otelpresets.core.ContentCapture;
import dev.otelpresets.core.Environment;
import dev.otelpresets.core.config.ConfigException;
import dev.otelpresets.core.config.ConfigLoader;
import dev.otelpresets.core.config.ConfigNode;
import dev.otelpresets.core.config.RedactionRule;
import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.spi.PresetConfigurationException;
import dev.otelpresets.spi.PresetProvider;
import dev.otelpresets.spi.PresetSettings;
import dev.otelpresets.spi.SettingSpec;
import dev.otelpresets.support.internal.HeaderValues;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A preset's settings resolved from {@code presets.<name>.<key>} (wins), then its environment
 * variables in order, then its default. Remembers where each value came from for diagnostics.
 * {@link #toString()} never shows a value.
 *
 * <p>Values lose surrounding whitespace (a key read from a file or written with {@code echo} ends
 * in a newline). A value with a line break or another control character inside, or a secret with a
 * character outside printable ASCII, is refused here, when the configuration is loaded, with one
 * message naming the setting and where it was set — never the value.
 */
public final class ResolvedPresetSettings implements PresetSettings {
  /** Where a value came from. */
  public enum Source {
    YAML,
    ENV,
    DEFAULT
  }

  /** A resolved value with its origin (the env var name or YAML location). */
  public record Value(String value, Source source, String origin) {
    @Override
    public String toString() {
      return source + "(" + origin + ")";
    }
  }

  private final String presetName;
  private final Map<String, SettingSpec> specs;
  private final Map<String, Value> values;
  private final double sampleRatio;
  private final ContentCapture contentCapture; // null: the global mode
  private final java.util.List<RedactionRule> redactionRules;
  private final String compression; // null: the preset's own choice

  private ResolvedPresetSettings(
      String presetName,
      Map<String, SettingSpec> specs,
      Map<String, Value> values,
      double sampleRatio,
      ContentCapture contentCapture,
      java.util.List<RedactionRule> redactionRules,
      String compression) {
    this.presetName = presetName;
    this.specs = specs;
    this.values = values;
    this.sampleRatio = sampleRatio;
    this.contentCapture = contentCapture;
    this.redactionRules = redactionRules;
    this.compression = compression;
  }

  /**
   * Resolves every declared setting; unknown YAML keys are errors listing the valid ones.
   *
   * @param section the {@code presets.<name>:} mapping, or null
   */
  public static ResolvedPresetSettings resolve(
      PresetProvider provider, ConfigNode.MapNode section, Environment env) {
    Map<String, SettingSpec> specs = new LinkedHashMap<>();
    provider.settings().forEach(s -> specs.put(s.key(), s));
    for (String generic : ConfigLoader.PRESET_KEYS) {
      if (specs.containsKey(generic)) {
        throw new ConfigException(
            null,
            "presets." + provider.name() + "." + generic,
            "preset '"
                + provider.name()
                + "' declares a setting '"
                + generic
                + "', a key every"
                + " preset section has ("
                + String.join(", ", ConfigLoader.PRESET_KEYS)
                + "). This is a bug in the preset; rename its setting.");
      }
    }
    Map<String, Value> values = new LinkedHashMap<>();
    double sampleRatio = 1.0;
    ContentCapture contentCapture = null;
    java.util.List<RedactionRule> redactionRules = java.util.List.of();
    String compression = null;
    if (section != null) {
      for (Map.Entry<String, ConfigNode> e : section.entries().entrySet()) {
        if (e.getKey().equals(ConfigLoader.SAMPLE_RATIO)) {
          sampleRatio = ConfigLoader.sampleRatio(e.getValue());
          continue;
        }
        if (e.getKey().equals(ConfigLoader.CAPTURE_MESSAGE_CONTENT)) {
          contentCapture = ConfigLoader.contentCapture(e.getValue());
          continue;
        }
        if (e.getKey().equals(ConfigLoader.REDACT)) {
          redactionRules = ConfigLoader.redactionRules(e.getValue());
          continue;
        }
        if (e.getKey().equals(ConfigLoader.COMPRESSION)) {
          compression = ConfigLoader.compression(e.getValue());
          continue;
        }
        if (!specs.containsKey(e.getKey())) {
          java.util.List<String> valid = new java.util.ArrayList<>(specs.keySet());
          valid.addAll(ConfigLoader.PRESET_KEYS);
          throw ConfigLoader.unknownKey(
              section, e.getKey(), valid, "for preset '" + provider.name() + "'");
        }
        ConfigNode node = e.getValue();
        if (node instanceof ConfigNode.ScalarNode s && !s.isNull() && !s.text().isBlank()) {
          String text = s.text().trim();
          problem(specs.get(e.getKey()), text)
              .ifPresent(
                  p -> {
                    throw node.error("the value " + p + "; " + fix(specs.get(e.getKey())));
                  });
          values.put(e.getKey(), new Value(text, Source.YAML, node.location().toString()));
        } else if (!(node instanceof ConfigNode.ScalarNode)) {
          throw node.error("expected a single value but found " + node.kind());
        }
      }
    }
    for (SettingSpec spec : specs.values()) {
      if (values.containsKey(spec.key())) {
        continue;
      }
      for (String var : spec.envVars()) {
        Optional<String> v = env.get(var).map(String::trim);
        if (v.isPresent()) {
          problem(spec, v.get())
              .ifPresent(
                  p -> {
                    throw new ConfigException(
                        null,
                        "presets." + provider.name() + "." + spec.key(),
                        "environment variable " + var + " " + p + "; " + fix(spec));
                  });
          values.put(spec.key(), new Value(v.get(), Source.ENV, var));
          break;
        }
      }
      if (!values.containsKey(spec.key()) && spec.defaultValue().isPresent()) {
        values.put(spec.key(), new Value(spec.defaultValue().get(), Source.DEFAULT, "default"));
      }
    }
    return new ResolvedPresetSettings(
        provider.name(),
        Collections.unmodifiableMap(specs),
        Collections.unmodifiableMap(values),
        sampleRatio,
        contentCapture,
        redactionRules,
        compression);
  }

  /**
   * {@code presets.<name>.capture_message_content}: this backend's content mode, overriding the
   * global one; empty when not set.
   */
  public Optional<ContentCapture> contentCapture() {
    return Optional.ofNullable(contentCapture);
  }

  /** {@code presets.<name>.redact}: this backend's own redaction rules (after the global ones). */
  public java.util.List<RedactionRule> redactionRules() {
    return redactionRules;
  }

  /** {@code presets.<name>.sample_ratio}: the share of traces this backend gets (default 1). */
  public double sampleRatio() {
    return sampleRatio;
  }

  /**
   * {@code presets.<name>.compression} ({@code gzip} or {@code none}); empty when not set, so
   * each exporter keeps the compression its preset chose (gzip by default).
   */
  public Optional<String> compression() {
    return Optional.ofNullable(compression);
  }

  /** {@code spec} with this backend's {@link #compression()} when one is set. */
  public ExporterSpec applyTo(ExporterSpec spec) {
    if (compression == null || compression.equals(spec.compression())) {
      return spec;
    }
    return spec.toBuilder().compression(compression).build();
  }

  /**
   * What makes a (trimmed) value unusable: a secret travels in a header or a token request, so it
   * must pass {@link HeaderValues}; no setting may hold a line break or another control character.
   */
  private static Optional<String> problem(SettingSpec spec, String value) {
    if (spec.secret()) {
      return HeaderValues.problem(value);
    }
    return HeaderValues.hasControlCharacter(value)
        ? Optional.of("contains a line break or another control character")
        : Optional.empty();
  }

  /** How to fix a refused value: a secret travels in a header, another setting is one line. */
  private static String fix(SettingSpec spec) {
    return spec.secret()
        ? HeaderValues.FIX
        : "a setting is one line: set it again without that character (the value is not shown)";
  }

  @Override
  public String presetName() {
    return presetName;
  }

  @Override
  public Optional<String> get(String key) {
    requireDeclared(key);
    Value v = values.get(key);
    return v == null ? Optional.empty() : Optional.of(v.value());
  }

  @Override
  public String require(String key) {
    return get(key).orElseThrow(() -> new PresetConfigurationException(missingMessage(key)));
  }

  @Override
  public String describe(String key) {
    SettingSpec spec = requireDeclared(key);
    String yaml = "presets." + presetName + "." + key;
    return spec.envVars().isEmpty()
        ? yaml
        : yaml + " (or environment variable " + String.join(" / ", spec.envVars()) + ")";
  }

  /** The message for a missing required setting. */
  public String missingMessage(String key) {
    return "preset '"
        + presetName
        + "' needs "
        + describe(key)
        + ", which is not set. Set it in the config file or the environment.";
  }

  /**
   * Why the configuration lacks {@code spec}, or empty when it does not: a {@link
   * SettingSpec#required()} setting that is not set, or a {@link SettingSpec#requiredUnless()}
   * setting that is not set while the setting it names is not set either (a default does not
   * count).
   *
   * @throws ConfigException when {@code requiredUnless} names a setting the preset did not declare
   */
  public Optional<String> missing(SettingSpec spec) {
    if (values.containsKey(spec.key())) {
      return Optional.empty();
    }
    if (spec.required()) {
      return Optional.of(missingMessage(spec.key()));
    }
    Optional<String> unless = spec.requiredUnless();
    if (unless.isEmpty()) {
      return Optional.empty();
    }
    if (!specs.containsKey(unless.get())) {
      throw new ConfigException(
          null,
          "presets." + presetName + "." + spec.key(),
          "preset '"
              + presetName
              + "' declares setting '"
              + spec.key()
              + "' required unless '"
              + unless.get()
              + "' is set, but declares no setting '"
              + unless.get()
              + "'. This is a bug in the preset.");
    }
    if (isExplicitlySet(unless.get())) {
      return Optional.empty();
    }
    return Optional.of(
        "preset '"
            + presetName
            + "' needs "
            + describe(spec.key())
            + ", which is not set; it is required unless "
            + describe(unless.get())
            + " is set. Set the first for the hosted service, or the second for your own server.");
  }

  /** Where each set value came from; never the values. */
  public Map<String, Value> values() {
    return values;
  }

  /** The declared settings. */
  public Map<String, SettingSpec> specs() {
    return specs;
  }

  /** Whether a setting is set in YAML or env (defaults do not count). */
  public boolean isExplicitlySet(String key) {
    Value v = values.get(key);
    return v != null && v.source() != Source.DEFAULT;
  }

  private SettingSpec requireDeclared(String key) {
    SettingSpec spec = specs.get(key);
    if (spec == null) {
      throw new IllegalArgumentException(
          "preset '"
              + presetName
              + "' did not declare setting '"
              + key
              + "' in settings(); declared: "
              + specs.keySet());
    }
    return spec;
  }

  @Override
  public String toString() {
    return "ResolvedPresetSettings{" + presetName + ", " + values + "}";
  }
}
