package dev.otelpresets.presets.arize;

import dev.otelpresets.spi.ExporterSpec;
import java.util.List;

/**
 * The Arize AX OTLP auth headers. Names as Arize's own {@code arize-otel} client sends them: {@code
 * authorization} (the API key, no scheme) and {@code arize-space-id}, plus the deprecated {@code
 * api_key} and {@code space_id} that older Arize ingestion reads; and {@code arize-api-key}, the
 * name Arize's documentation gives with {@code arize-space-id} in its OTLP examples (Arize's client
 * does not send it). Lower-case names, as gRPC metadata requires. Every value is marked secret (the
 * space id is a tenant credential too).
 *
 * <p>Arize's client also sends {@code arize-interface: otel} ({@code _get_arize_auth_headers} in
 * arize-otel-python {@code src/arize/otel/otel.py}), which tells Arize the spans come through its
 * OpenTelemetry interface; we send it too, as a plain (not secret) header. A tenant's variant of
 * the exporter keeps it: only the auth headers are replaced.
 */
final class ArizeHeaders {
  static final String AUTHORIZATION = "authorization";
  static final String API_KEY = "api_key";
  static final String ARIZE_API_KEY = "arize-api-key";
  static final String SPACE_ID = "arize-space-id";
  static final String SPACE_ID_LEGACY = "space_id";
  static final List<String> ALL =
      List.of(AUTHORIZATION, API_KEY, ARIZE_API_KEY, SPACE_ID, SPACE_ID_LEGACY);
  static final String INTERFACE = "arize-interface";
  static final String INTERFACE_OTEL = "otel";

  private ArizeHeaders() {}

  /** Sets (or replaces) the auth headers on {@code b}. */
  static ExporterSpec.Builder apply(ExporterSpec.Builder b, String spaceId, String apiKey) {
    return b.secretHeader(AUTHORIZATION, apiKey)
        .secretHeader(API_KEY, apiKey)
        .secretHeader(ARIZE_API_KEY, apiKey)
        .secretHeader(SPACE_ID, spaceId)
        .secretHeader(SPACE_ID_LEGACY, spaceId);
  }
}
