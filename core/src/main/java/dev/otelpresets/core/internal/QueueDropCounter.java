package dev.otelpresets.core.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InternalTelemetryVersion;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessorBuilder;

/**
 * Counts the spans one backend's batch processor dropped because its queue was full, read from
 * the processor's own self-telemetry through a private meter provider (never exported).
 */
final class QueueDropCounter {
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  private final Reader reader = new Reader();
  private volatile java.util.function.LongSupplier upstream = () -> 0;
  private final SdkMeterProvider meterProvider =
      SdkMeterProvider.builder().registerMetricReader(reader).build();

  /** Wires the processor's self-telemetry to this counter. */
  BatchSpanProcessorBuilder instrument(BatchSpanProcessorBuilder builder) {
    return builder
        .setMeterProvider(meterProvider)
        .setInternalTelemetryVersion(InternalTelemetryVersion.LATEST);
  }

  /** Also counts {@code drops} — spans refused before they reached this backend's queue. */
  void alsoCount(java.util.function.LongSupplier drops) {
    this.upstream = java.util.Objects.requireNonNull(drops, "drops");
  }

  /** Spans dropped so far. */
  long dropped() {
    long total = upstream.getAsLong();
    for (MetricData m : reader.collect()) {
      if (!m.getName().equals("otel.sdk.processor.span.processed")) {
        continue;
      }
      for (LongPointData p : m.getLongSumData().getPoints()) {
        if (p.getAttributes().get(ERROR_TYPE) != null) {
          total += p.getValue();
        }
      }
    }
    return total;
  }

  void shutdown() {
    meterProvider.shutdown();
  }

  /** A pull-only reader: collects when asked, exports nowhere. */
  private static final class Reader implements MetricReader {
    private volatile CollectionRegistration registration = CollectionRegistration.noop();

    @Override
    public void register(CollectionRegistration registration) {
      this.registration = registration;
    }

    java.util.Collection<MetricData> collect() {
      return registration.collectAllMetrics();
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
      return AggregationTemporality.CUMULATIVE;
    }

    @Override
    public CompletableResultCode forceFlush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
