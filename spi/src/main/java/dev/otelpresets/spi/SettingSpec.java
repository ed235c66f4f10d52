package dev.otelpresets.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One setting a preset reads: its YAML key (under {@code presets.<preset>.}), the environment
 * variables that supply it when the YAML does not (first one set wins), whether it is required and
 * whether its value is secret. Tools list these and validate configs against them.
 * @since 0.1
 */
public final class SettingSpec {
  private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]*");

  private final String key;
  private final List<String> envVars;
  private final boolean required;
  private final boolean secret;
  private final String description;
  private final String defaultValue;
  private final String requiredUnless;

  private SettingSpec(Builder b) {
    this.key = b.key;
    this.envVars = Collections.unmodifiableList(new ArrayList<>(b.envVars));
    this.required = b.required;
    this.secret = b.secret;
    this.description = b.description;
    this.defaultValue = b.defaultValue;
    this.requiredUnless = b.requiredUnless;
  }

  /** A builder for the setting {@code key} (lower snake case, e.g. {@code public_key}). */
  public static Builder builder(String key) {
    Objects.requireNonNull(key, "key");
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException(
          "setting key '" + key + "' must be lower snake case, e.g. 'api_key'");
    }
    return new Builder(key);
  }

  /** The setting's key, as written under {@code presets.<preset>.}, in lower snake case. */
  public String key() {
    return key;
  }

  /** Environment variables supplying the value when the YAML does not, in priority order. */
  public List<String> envVars() {
    return envVars;
  }

  /** Whether the setting must always be set (see also {@link #requiredUnless()}). */
  public boolean required() {
    return required;
  }

  /** The key of another setting of the preset that, set in the YAML or the environment (not by
   * its default), makes this one optional: e.g. an API key only the hosted service needs, unless a
   * self-hosted {@code endpoint} is given. Empty when always required or always optional. */
  public Optional<String> requiredUnless() {
    return Optional.ofNullable(requiredUnless);
  }

  /** A secret's value is never printed, logged or put in an exception. */
  public boolean secret() {
    return secret;
  }

  /** What the setting holds, in one line for people reading the settings; empty unless set. */
  public String description() {
    return description;
  }

  /** The value used when neither the YAML nor an environment variable sets one; empty if none. */
  public Optional<String> defaultValue() {
    return Optional.ofNullable(defaultValue);
  }

  @Override
  public String toString() {
    return "SettingSpec{"
        + key
        + ", env="
        + envVars
        + (required ? ", required" : "")
        + (requiredUnless != null ? ", required unless " + requiredUnless + " is set" : "")
        + (secret ? ", secret" : "")
        + "}";
  }

  /** Builder for {@link SettingSpec}.
   * @since 0.1 */
  public static final class Builder {
    private final String key;
    private final List<String> envVars = new ArrayList<>();
    private boolean required;
    private boolean secret;
    private String description = "";
    private String defaultValue;
    private String requiredUnless;

    private Builder(String key) {
      this.key = key;
    }

    /** Adds an environment variable that supplies the value (call again for fallbacks). */
    public Builder env(String envVar) {
      envVars.add(Objects.requireNonNull(envVar, "envVar"));
      return this;
    }

    /** Makes the setting required: a configuration leaving it without a value is refused. */
    public Builder required() {
      this.required = true;
      return this;
    }

    /** Makes the setting required unless the setting {@code otherKey} of the same preset is set in
     * the YAML or the environment (a default does not count). The core refuses a configuration
     * that sets neither, naming both; {@code presets} and {@code doctor} show the condition.
     * @throws IllegalArgumentException if {@code otherKey} is not a valid key or is this key */
    public Builder requiredUnless(String otherKey) {
      Objects.requireNonNull(otherKey, "otherKey");
      if (!KEY.matcher(otherKey).matches() || otherKey.equals(key)) {
        throw new IllegalArgumentException(
            String.format(
                "setting '%s': requiredUnless('%s') must name another setting of the preset,"
                    + " in lower snake case",
                key, otherKey));
      }
      this.requiredUnless = otherKey;
      return this;
    }

    /** Marks the value secret; it must then also pass {@link ExporterSpec#headerValueProblem}. */
    public Builder secret() {
      this.secret = true;
      return this;
    }

    /** Sets the one-line {@link SettingSpec#description()} (default empty). */
    public Builder description(String description) {
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    /** The value used when neither YAML nor environment sets one. */
    public Builder defaultValue(String defaultValue) {
      this.defaultValue = Objects.requireNonNull(defaultValue, "defaultValue");
      return this;
    }

    /** Builds the setting.
     * @throws IllegalStateException if the setting is both {@link #required()} and {@link
     *     #requiredUnless(String)} */
    public SettingSpec build() {
      if (required && requiredUnless != null) {
        throw new IllegalStateException(
            String.format(
                "setting '%s' is required() and requiredUnless('%s'): keep one",
                key, requiredUnless));
      }
      return new SettingSpec(this);
    }
  }
}
