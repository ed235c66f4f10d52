package dev.otelpresets.core.internal;

import dev.otelpresets.core.LlmRequest;
import dev.otelpresets.core.LlmResponse;
import io.opentelemetry.api.metrics.Meter;

/**
 * Benchmark-only access to the core's package-private {@link GenAiMetrics}, so the metrics of one
 * call can be measured alone. Lives in the bench module (same package name, same class loader on
 * the benchmark classpath); not part of any published jar.
 */
public final class BenchMetricsAccess {
  private final GenAiMetrics metrics;

  public BenchMetricsAccess(Meter meter) {
    this.metrics = new GenAiMetrics(meter);
  }

  /** What {@code RecordedLlmCall.end} records for a streamed, successful call. */
  public void recordCall(
      LlmRequest request, LlmResponse r, double seconds, double ttfc, double perChunk) {
    metrics.record(
        request,
        r.responseModel(),
        null,
        seconds,
        r.inputTokens(),
        r.outputTokens(),
        ttfc,
        perChunk);
  }
}
