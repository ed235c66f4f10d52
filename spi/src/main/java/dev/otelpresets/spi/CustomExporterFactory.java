package dev.otelpresets.spi;

import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Optional;

/**
 * Builds a preset's own exporter when OTLP with static headers is not enough (a token fetched and
 * refreshed, say). No network I/O: anything fetched is fetched lazily on the export thread.
 * @since 0.1
 */
@FunctionalInterface
public interface CustomExporterFactory {
  /** Returns the exporter for {@code spec}.
   * @param spec the spec this factory is attached to (endpoint, static headers, timeout)
   * @param otlp builds the standard OTLP exporter, for wrapping */
  SpanExporter create(ExporterSpec spec, OtlpExporterFactory otlp);

  /** How the exporter authenticates, in words, for {@code otel-presets doctor} (e.g. {@code "Bearer
   * JWT fetched at export time from https://api.example.com/v3/auth/token"}); never a secret. Empty
   * (the default) when there is nothing to add to the spec's endpoint and headers. */
  default Optional<String> authDescription() {
    return Optional.empty();
  }
}
