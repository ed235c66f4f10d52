package dev.otelpresets.presets.langfuse;

import dev.otelpresets.support.internal.Endpoints;
import java.util.Objects;

/**
 * Langfuse's OTLP endpoint rule, shared by the static settings and the tenant rule: a host (with or
 * without scheme, with or without the OTel path) becomes {@code {host}/api/public/otel/v1/traces}.
 */
final class LangfuseEndpoints {
  /** Langfuse Cloud (EU), the default host. */
  static final String DEFAULT_HOST = "https://cloud.langfuse.com";

  static final String OTEL_BASE_PATH = "/api/public/otel";

  private LangfuseEndpoints() {}

  /**
   * Builds the traces URL from a host. {@code cloud.langfuse.com}, {@code https://h/}, {@code
   * https://h/api/public/otel} and {@code https://h/api/public/otel/v1/traces} all give {@code
   * https://h/api/public/otel/v1/traces}; a path prefix (self-hosted behind a proxy) is kept.
   *
   * @param what names the value in the error message, e.g. the YAML key and env var
   * @throws IllegalArgumentException if the result is not an absolute http(s) URL
   */
  static String tracesUrl(String host, String what) {
    Objects.requireNonNull(host, "host");
    // LiteLLM documented LANGFUSE_OTEL_HOST values ending in /api/public/otel; they are accepted.
    return Endpoints.tracesUrl(Endpoints.withDefaultScheme(host), OTEL_BASE_PATH, what);
  }
}
