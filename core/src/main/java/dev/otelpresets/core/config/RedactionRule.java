package dev.otelpresets.core.config;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One {@code redact:} entry ({@code settings.redact} or {@code presets.<name>.redact}): every match
 * of {@code pattern} in recorded content is replaced by {@code replacement}, taken literally
 * ({@code $} and {@code \} have no special meaning), in the export path of the backends it applies
 * to. {@code toString()} shows where the rule was written, never the replacement or the pattern
 * (a pattern may spell out what it protects).
 */
public record RedactionRule(Pattern pattern, String replacement, ConfigLocation location) {
  /** The replacement when a rule does not give one. */
  public static final String DEFAULT_REPLACEMENT = "[REDACTED]";

  public RedactionRule {
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(replacement, "replacement");
    Objects.requireNonNull(location, "location");
  }

  @Override
  public String toString() {
    return "RedactionRule{" + location + "}";
  }
}
