package dev.otelpresets.core.discovery;

/** The classpath holds conflicting presets (two claim one name or owner). */
public final class PresetDiscoveryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PresetDiscoveryException(String message) {
    super(message);
  }
}
