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

  /** @since 0.1 */
  public PresetConfigurationException(String message) {
    super(message);
  }

  /** @since 0.1 */
  public PresetConfigurationException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
