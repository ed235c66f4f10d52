package dev.otelpresets.core;

/**
 * The global OpenTelemetry is held by something otel-presets must not silently replace or split
 * from. The message says who and what to do.
 */
public final class GlobalOpenTelemetryConflictException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public GlobalOpenTelemetryConflictException(String message) {
    super(message);
  }
}
