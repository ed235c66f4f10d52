package dev.otelpresets.spi;

import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Builds the framework's standard OTLP span exporter for a spec. Handed to a {@link
 * CustomExporterFactory} so a preset can wrap the standard exporter instead of re-implementing OTLP.
 * Implemented by the core; preset authors only call it.
 */
@FunctionalInterface
public interface OtlpExporterFactory {
  /** Returns a new OTLP exporter sending to the spec's endpoint with the spec's headers. */
  SpanExporter create(ExporterSpec spec);
}
