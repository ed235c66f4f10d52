package dev.otelpresets.core.internal;

import dev.otelpresets.core.config.OtelPresetsConfig;
import dev.otelpresets.spi.AttributeMapper;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessorBuilder;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;

/**
 * The batch processor of one preset exporter: YAML {@code settings.*} win, else the standard
 * {@code OTEL_BSP_*} variables, else the SDK's defaults. Shared by the framework's own SDK and the
 * autoconfigure/agent integration, so both size queues the same way.
 */
public final class BatchProcessors {
  private BatchProcessors() {}

  /** A builder for {@code exporter}'s processor; callers may add self-telemetry, then build. */
  public static BatchSpanProcessorBuilder builder(
      SpanExporter exporter, OtelPresetsConfig config, ConfigProperties props) {
    return BatchSpanProcessor.builder(exporter)
        .setMaxQueueSize(maxQueueSize(config, props))
        .setMaxExportBatchSize(
            config.maxExportBatchSize().orElse(props.getInt("otel.bsp.max.export.batch.size", 512)))
        .setScheduleDelay(
            config
                .scheduleDelay()
                .orElse(props.getDuration("otel.bsp.schedule.delay", Duration.ofMillis(5000))))
        .setExporterTimeout(
            config
                .exportTimeout()
                .orElse(props.getDuration("otel.bsp.export.timeout", Duration.ofMillis(30000))));
  }

  /** The queue bound of each preset exporter: YAML, else {@code OTEL_BSP_MAX_QUEUE_SIZE}. */
  public static int maxQueueSize(OtelPresetsConfig config, ConfigProperties props) {
    return config.maxQueueSize().orElse(props.getInt("otel.bsp.max.queue.size", 2048));
  }

  /** {@code OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT}, the limit mappers must stay within. */
  public static int attributeLimit(ConfigProperties props) {
    return props.getInt("otel.span.attribute.count.limit", AttributeMapper.DEFAULT_ATTRIBUTE_LIMIT);
  }
}
