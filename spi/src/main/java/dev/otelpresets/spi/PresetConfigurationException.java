package dev.otelpresets.spi;

/**
 * A preset cannot be built from its settings: a required setting is missing or a value is invalid.
 * The message names the YAML key and the environment variable and says how to fix it; it never
 * contains a secret value.
 */
public class PresetConfigurationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PresetConfigurationException(String message) {
    super(message);
  }

  public PresetConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
