package dev.otelpresets.core.config;

import java.util.Optional;

/**
 * A configuration problem: one message naming where (file, line and column, or the environment
 * variable), which key, what was wrong and how to fix it. Never contains a secret value.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient ConfigLocation location;
  private final String key;

  public ConfigException(ConfigLocation location, String key, String problem) {
    super(format(location, key, problem));
    this.location = location;
    this.key = key;
  }

  public ConfigException(String problem) {
    super(problem);
    this.location = null;
    this.key = null;
  }

  private static String format(ConfigLocation location, String key, String problem) {
    StringBuilder sb = new StringBuilder();
    if (location != null) {
      sb.append(location).append(": ");
    }
    if (key != null && !key.isEmpty()) {
      sb.append(key).append(": ");
    }
    return sb.append(problem).toString();
  }

  public Optional<ConfigLocation> location() {
    return Optional.ofNullable(location);
  }

  /** The dotted key, e.g. {@code presets.langfuse.public_key}, or empty. */
  public Optional<String> key() {
    return Optional.ofNullable(key);
  }
}
