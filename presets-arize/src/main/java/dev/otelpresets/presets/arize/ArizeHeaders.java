package dev.otelpresets.presets.arize;

import dev.otelpresets.spi.ExporterSpec;
import java.util.List;

/**
 * The Arize AX OTLP auth headers. Names as Arize's own {@code arize-otel} client sends them: {@code
 * authorization} (the API key, no scheme) and {@code arize-space-id}, plus the deprecated {@code
 * api_key} and {@code space_id} that older Arize ingestion reads. Sending both generations is what
 * Arize's client does; there is no {@code arize-api-key} header in it. Lower-case names, as gRPC
 * metadata requires. Every value is marked secret (the space id is a tenant credential too).
 */
final class ArizeHeaders {
  static final String AUTHORIZATION = "authorization";
  static final String API_KEY = "api_key";
  static final String SPACE_ID = "arize-space-id";
  static final String SPACE_ID_LEGACY = "space_id";
  static final List<String> ALL = List.of(AUTHORIZATION, API_KEY, SPACE_ID, SPACE_ID_LEGACY);

  private ArizeHeaders() {}

  /** Sets (or replaces) the auth headers on {@code b}. */
  static ExporterSpec.Builder apply(ExporterSpec.Builder b, String spaceId, String apiKey) {
    return b.secretHeader(AUTHORIZATION, apiKey)
        .secretHeader(API_KEY, apiKey)
        .secretHeader(SPACE_ID, spaceId)
        .secretHeader(SPACE_ID_LEGACY, spaceId);
  }
}
