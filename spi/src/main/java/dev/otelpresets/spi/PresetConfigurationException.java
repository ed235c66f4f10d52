package dev.otelpresets.spi;

import org.jspecify.annotations.Nullable;

/**
 * A preset cannot be built from its settings: a required setting is missing or a value is invalid.
 * The message names the YAML key and the environment variable and says how to fix it; it never
 * contains a secret value.
 * @since 0.1
 */
public class PresetConfigurationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** {@code message} is shown to the user as is: names the setting and the fix, never a secret. */
  public PresetConfigurationException(String message) {
    super(message);
  }

  /** With the underlying {@code cause} (null if none), which is not shown to the user. */
  public PresetConfigurationException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
