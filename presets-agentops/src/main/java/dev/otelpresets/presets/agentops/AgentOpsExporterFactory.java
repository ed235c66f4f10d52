package dev.otelpresets.presets.agentops;

import dev.otelpresets.spi.CustomExporterFactory;
import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.spi.OtlpExporterFactory;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds the AgentOps exporter: the standard OTLP exporter authenticated with a JWT that is fetched
 * from {@code {api}/v3/auth/token} lazily on the export thread, cached and refreshed. Building does
 * no I/O.
 */
public final class AgentOpsExporterFactory implements CustomExporterFactory {
  static final Duration BASE_BACKOFF = Duration.ofSeconds(1);
  static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

  private final URI tokenUrl;
  private final String apiKey;
  private final Clock clock;
  private final Duration baseBackoff;
  private final Duration maxBackoff;

  /**
   * @param tokenUrl the full token URL, {@code {api}/v3/auth/token}
   * @param apiKey the AgentOps API key exchanged for the JWT; never shown
   */
  public AgentOpsExporterFactory(URI tokenUrl, String apiKey) {
    this(tokenUrl, apiKey, Clock.systemUTC(), BASE_BACKOFF, MAX_BACKOFF);
  }

  AgentOpsExporterFactory(
      URI tokenUrl, String apiKey, Clock clock, Duration baseBackoff, Duration maxBackoff) {
    this.tokenUrl = Objects.requireNonNull(tokenUrl, "tokenUrl");
    this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.baseBackoff = Objects.requireNonNull(baseBackoff, "baseBackoff");
    this.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff");
  }

  @Override
  public SpanExporter create(ExporterSpec spec, OtlpExporterFactory otlp) {
    AgentOpsTokenProvider tokens =
        new AgentOpsTokenProvider(
            new AgentOpsTokenClient(tokenUrl, apiKey, spec.timeout()),
            clock,
            baseBackoff,
            maxBackoff);
    return new AgentOpsSpanExporter(spec, otlp, tokens);
  }

  /**
   * Exchanges the API key for a JWT once, now, without redirects: for diagnostics ({@code
   * otel-presets doctor --probe}), which must never show the token or the key.
   *
   * @throws AgentOpsTokenException when the endpoint answers with a status other than 2xx
   * @throws IOException when it cannot be reached or answers without a token
   */
  public String exchangeToken(Duration timeout) throws IOException {
    return new AgentOpsTokenClient(tokenUrl, apiKey, timeout).fetch();
  }

  /** The token URL, for diagnostics. */
  public URI tokenUrl() {
    return tokenUrl;
  }

  @Override
  public Optional<String> authDescription() {
    return Optional.of(
        "Bearer JWT fetched at export time (cached, refreshed) from POST " + tokenUrl);
  }

  @Override
  public String toString() {
    return "AgentOpsExporterFactory{tokenUrl=" + tokenUrl + ", apiKey=<redacted>}";
  }
}
