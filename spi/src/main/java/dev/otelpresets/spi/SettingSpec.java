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

  private SettingSpec(Builder b) {
    this.key = b.key;
    this.envVars = Collections.unmodifiableList(new ArrayList<>(b.envVars));
    this.required = b.required;
    this.secret = b.secret;
    this.description = b.description;
    this.defaultValue = b.defaultValue;
  }

  /** A builder for the setting {@code key} (lower snake case, e.g. {@code public_key}).
   * @since 0.1 */
  public static Builder builder(String key) {
    Objects.requireNonNull(key, "key");
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException(
          "setting key '" + key + "' must be lower snake case, e.g. 'api_key'");
    }
    return new Builder(key);
  }

  /** @since 0.1 */
  public String key() {
    return key;
  }

  /** Environment variables supplying the value when the YAML does not, in priority order.
   * @since 0.1 */
  public List<String> envVars() {
    return envVars;
  }

  /** @since 0.1 */
  public boolean required() {
    return required;
  }

  /** A secret's value is never printed, logged or put in an exception.
   * @since 0.1 */
  public boolean secret() {
    return secret;
  }

  /** @since 0.1 */
  public String description() {
    return description;
  }

  /** @since 0.1 */
  public Optional<String> defaultValue() {
    return Optional.ofNullable(defaultValue);
  }

  @Override
  public String toString() {
    return "SettingSpec{" + key + ", env=" + envVars + (required ? ", required" : "")
        + (secret ? ", secret" : "") + "}";
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

    private Builder(String key) {
      this.key = key;
    }

    /** Adds an environment variable that supplies the value (call again for fallbacks).
     * @since 0.1 */
    public Builder env(String envVar) {
      envVars.add(Objects.requireNonNull(envVar, "envVar"));
      return this;
    }

    /** @since 0.1 */
    public Builder required() {
      this.required = true;
      return this;
    }

    /** @since 0.1 */
    public Builder secret() {
      this.secret = true;
      return this;
    }

    /** @since 0.1 */
    public Builder description(String description) {
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    /** The value used when neither YAML nor environment sets one.
     * @since 0.1 */
    public Builder defaultValue(String defaultValue) {
      this.defaultValue = Objects.requireNonNull(defaultValue, "defaultValue");
      return this;
    }

    /** @since 0.1 */
    public SettingSpec build() {
      return new SettingSpec(this);
    }
  }
}
