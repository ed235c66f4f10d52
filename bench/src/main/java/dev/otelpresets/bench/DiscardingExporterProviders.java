package dev.otelpresets.bench;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.metrics.ConfigurableMetricExporterProvider;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;

/**
 * {@code OTEL_TRACES_EXPORTER=bench-discard} / {@code OTEL_METRICS_EXPORTER=bench-discard}: the
 * {@code otel} callback's exporters, built by autoconfigure as in production, but discarding. The
 * core still wraps the span exporter in the {@code otel} owner's pipeline and gives it its own
 * batch processor, exactly as it does for {@code otlp}.
 */
public final class DiscardingExporterProviders {
  public static final String NAME = "bench-discard";

  private DiscardingExporterProviders() {}

  /** Registered in META-INF/services. */
  public static final class Spans implements ConfigurableSpanExporterProvider {
    @Override
    public SpanExporter createExporter(ConfigProperties config) {
      return new DiscardingSpanExporter();
    }

    @Override
    public String getName() {
      return NAME;
    }
  }

  /** Registered in META-INF/services. */
  public static final class Metrics implements ConfigurableMetricExporterProvider {
    @Override
    public MetricExporter createExporter(ConfigProperties config) {
      return new DiscardingMetricExporter();
    }

    @Override
    public String getName() {
      return NAME;
    }
  }

  /** Drops every metric batch. */
  public static final class DiscardingMetricExporter implements MetricExporter {
    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
      return AggregationTemporality.CUMULATIVE;
    }

    @Override
    public MemoryMode getMemoryMode() {
      return MemoryMode.REUSABLE_DATA;
    }

    @Override
    public CompletableResultCode export(Collection<MetricData> metrics) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
