package dev.otelpresets.spi;

import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Builds the framework's standard OTLP span exporter for a spec. Handed to a {@link
 * CustomExporterFactory} so a preset can wrap the standard exporter instead of re-implementing OTLP.
 * Implemented by the core; preset authors only call it.
 * @since 0.1
 */
public interface OtlpExporterFactory {
  /** Returns a new OTLP exporter sending to the spec's endpoint with the spec's headers.
   * @since 0.1 */
  SpanExporter create(ExporterSpec spec);

  /**
   * Returns a new OTLP exporter whose headers are the spec's static headers plus those returned by
   * {@code dynamicHeaders}, which is called on the export thread before every export (a token that
   * is fetched lazily and refreshed, say). The supplier must not block for long.
   * @since 0.1
   */
  SpanExporter create(ExporterSpec spec, Supplier<Map<String, String>> dynamicHeaders);
}
