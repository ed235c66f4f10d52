package dev.otelpresets.spi;

import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Optional;

/**
 * Builds a preset's own exporter when plain OTLP with static headers is not enough (for example a
 * token that has to be fetched and refreshed). Must do no network I/O: called at build time, it only
 * wires things; anything fetched is fetched lazily on the export thread.
 * @since 0.1
 */
@FunctionalInterface
public interface CustomExporterFactory {
  /**
   * Returns the exporter for {@code spec}.
   *
   * @param spec the spec this factory is attached to (endpoint, static headers, timeout)
   * @param otlp builds the standard OTLP exporter, for wrapping
   * @since 0.1
   */
  SpanExporter create(ExporterSpec spec, OtlpExporterFactory otlp);

  /**
   * How the exporter authenticates, in words, for diagnostics ({@code otel-presets doctor}) — for
   * example where a token is fetched from: {@code "Bearer JWT fetched at export time from
   * https://api.example.com/v3/auth/token"}. Never a secret. Empty (the default) when there is
   * nothing to add to the spec's endpoint and headers.
   */
  default Optional<String> authDescription() {
    return Optional.empty();
  }
}
