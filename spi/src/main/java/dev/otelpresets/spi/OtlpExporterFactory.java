package dev.otelpresets.spi;

import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Builds the framework's standard OTLP span exporter for a spec, for a {@link
 * CustomExporterFactory} to wrap. Implemented by the core; preset authors only call it.
 * @since 0.1
 */
public interface OtlpExporterFactory {
  /** Returns a new OTLP exporter sending to the spec's endpoint with the spec's headers. */
  SpanExporter create(ExporterSpec spec);

  /** A new OTLP exporter adding {@code dynamicHeaders} to the spec's headers; called on the export
   * thread before every export (a refreshed token, say), the supplier must not block for long. */
  SpanExporter create(ExporterSpec spec, Supplier<Map<String, String>> dynamicHeaders);
}
