package dev.otelpresets.presets.agentops;

import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.spi.OtlpExporterFactory;
import dev.otelpresets.support.internal.AuthHeaders;
import dev.otelpresets.support.internal.ForwardingSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The standard OTLP exporter with {@code Authorization: Bearer <jwt>} from an {@link
 * AgentOpsTokenProvider}. Each export first obtains a token on the export thread (fetching it when
 * needed); without one the batch fails at once rather than going out unauthenticated. A failed
 * export makes the provider refetch before the next one, since the OTLP result does not say
 * whether the receiver answered 401.
 */
final class AgentOpsSpanExporter implements ForwardingSpanExporter {
  private final AgentOpsTokenProvider tokens;
  private final SpanExporter delegate;
  private volatile boolean shutdown;

  AgentOpsSpanExporter(ExporterSpec spec, OtlpExporterFactory otlp, AgentOpsTokenProvider tokens) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(otlp, "otlp");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    // The header supplier only reads the cached token: it runs inside the OTLP send and must not
    // block. export() below has made sure the token is there.
    this.delegate =
        otlp.create(
            spec,
            () ->
                tokens
                    .cached()
                    .map(t -> Map.of(AuthHeaders.AUTHORIZATION, AuthHeaders.bearer(t)))
                    .orElse(Map.of()));
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    if (shutdown) {
      return CompletableResultCode.ofFailure();
    }
    Optional<String> token = tokens.token();
    if (token.isEmpty()) {
      return CompletableResultCode.ofFailure();
    }
    String used = token.get();
    CompletableResultCode result = delegate.export(spans);
    result.whenComplete(
        () -> {
          if (result.isSuccess()) {
            tokens.accepted(used);
          } else {
            tokens.rejected(used);
          }
        });
    return result;
  }

  @Override
  public SpanExporter forwardsTo() {
    return delegate;
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    shutdown = true;
    return delegate.shutdown();
  }

  @Override
  public String toString() {
    return "AgentOpsSpanExporter{" + delegate + "}";
  }
}
