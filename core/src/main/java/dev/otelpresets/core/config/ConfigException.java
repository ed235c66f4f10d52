package dev.otelpresets.core.config;

import dev.otelpresets.support.internal.OneLine;
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
    super(oneLine(problem));
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
    return oneLine(sb.append(problem).toString());
  }

  /**
   * The message on one line: a key or value quoted in it may hold a line break or another control
   * character (a quoted YAML key, a variable's value), which would split the one-line error or
   * forge a second line.
   */
  private static String oneLine(String message) {
    return OneLine.escape(message);
  }

  public Optional<ConfigLocation> location() {
    return Optional.ofNullable(location);
  }

  /** The dotted key, e.g. {@code presets.langfuse.public_key}, or empty. */
  public Optional<String> key() {
    return Optional.ofNullable(key);
  }
}
