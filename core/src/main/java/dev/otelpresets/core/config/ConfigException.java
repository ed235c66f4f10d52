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
   * forge a second line; they are written as Java escapes (a backslash and n, r, t or u0000).
   */
  private static String oneLine(String message) {
    if (message == null) {
      return null;
    }
    StringBuilder sb = null;
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      boolean control = c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029;
      if (control && sb == null) {
        sb = new StringBuilder(message.length() + 8).append(message, 0, i);
      }
      if (sb == null) {
        continue;
      }
      if (!control) {
        sb.append(c);
      } else if (c == '\n') {
        sb.append("\\n");
      } else if (c == '\r') {
        sb.append("\\r");
      } else if (c == '\t') {
        sb.append("\\t");
      } else {
        sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      }
    }
    return sb == null ? message : sb.toString();
  }

  public Optional<ConfigLocation> location() {
    return Optional.ofNullable(location);
  }

  /** The dotted key, e.g. {@code presets.langfuse.public_key}, or empty. */
  public Optional<String> key() {
    return Optional.ofNullable(key);
  }
}
