package dev.otelpresets.core.internal;

import dev.otelpresets.core.config.OtelPresetsConfig;
import dev.otelpresets.spi.AttributeMapper;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessorBuilder;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.function.Function;

/**
 * The batch processor of one preset exporter: YAML {@code settings.*} win, else the standard
 * {@code OTEL_BSP_*} variables, else the SDK's defaults. Shared by the framework's own SDK and the
 * autoconfigure/agent integration, so both size queues the same way.
 */
public final class BatchProcessors {
  private BatchProcessors() {}

  /**
   * Requests one backend may have unanswered at once unless {@code settings.max_requests_in_flight}
   * says otherwise: the processor maps and encodes its next batch while the last one is sent
   * ({@link PipelinedSpanExporter}).
   */
  public static final int DEFAULT_MAX_REQUESTS_IN_FLIGHT = 2;

  /** Requests one backend may have unanswered at once: YAML, else the default (2). */
  public static int maxRequestsInFlight(OtelPresetsConfig config) {
    return config.maxRequestsInFlight().orElse(DEFAULT_MAX_REQUESTS_IN_FLIGHT);
  }

  /** A builder for {@code exporter}'s processor; callers may add self-telemetry, then build. */
  public static BatchSpanProcessorBuilder builder(
      SpanExporter exporter, OtelPresetsConfig config, ConfigProperties props) {
    return BatchSpanProcessor.builder(exporter)
        .setMaxQueueSize(maxQueueSize(config, props))
        .setMaxExportBatchSize(maxExportBatchSize(config, props))
        .setScheduleDelay(scheduleDelay(config, props))
        .setExporterTimeout(exportTimeout(config, props));
  }

  /** The largest batch of each preset exporter: YAML, else {@code OTEL_BSP_MAX_EXPORT_BATCH_SIZE}. */
  public static int maxExportBatchSize(OtelPresetsConfig config, ConfigProperties props) {
    return config
        .maxExportBatchSize()
        .orElseGet(() -> positive(props, "otel.bsp.max.export.batch.size", 512));
  }

  /** How long a batch waits for more spans: YAML, else {@code OTEL_BSP_SCHEDULE_DELAY}. */
  public static Duration scheduleDelay(OtelPresetsConfig config, ConfigProperties props) {
    return config
        .scheduleDelay()
        .orElseGet(() -> notNegative(props, "otel.bsp.schedule.delay", Duration.ofMillis(5000)));
  }

  /** How long the processor waits for an export: YAML, else {@code OTEL_BSP_EXPORT_TIMEOUT}. */
  public static Duration exportTimeout(OtelPresetsConfig config, ConfigProperties props) {
    return config
        .exportTimeout()
        .orElseGet(() -> notNegative(props, "otel.bsp.export.timeout", Duration.ofMillis(30000)));
  }

  /** The queue bound of each preset exporter: YAML, else {@code OTEL_BSP_MAX_QUEUE_SIZE}. */
  public static int maxQueueSize(OtelPresetsConfig config, ConfigProperties props) {
    return config.maxQueueSize().orElseGet(() -> positive(props, "otel.bsp.max.queue.size", 2048));
  }

  /**
   * Refuses a batch processor setting the SDK's builders would refuse (a queue or batch size of
   * zero or less, a negative delay or timeout), naming the property: the builders' own message
   * names none, and autoconfigure reports it as an "unexpected configuration error". {@code
   * value} gives a property's effective value, or null; malformed values are autoconfigure's to
   * report.
   */
  static void checkStandardValues(Function<String, String> value) {
    for (String signal : new String[] {"bsp", "blrp"}) {
      for (String key : new String[] {"max.queue.size", "max.export.batch.size"}) {
        String property = "otel." + signal + "." + key;
        String v = value.apply(property);
        try {
          if (v != null && Integer.parseInt(v.trim()) <= 0) {
            throw invalid(property, v.trim(), "be positive");
          }
        } catch (NumberFormatException e) {
          // autoconfigure names it
        }
      }
      for (String key : new String[] {"schedule.delay", "export.timeout"}) {
        String property = "otel." + signal + "." + key;
        String v = value.apply(property);
        if (v != null && v.trim().startsWith("-")) {
          throw invalid(property, v.trim(), "not be negative");
        }
      }
    }
  }

  // checked here too: under the Java agent or another autoconfigure host no checkStandardValues ran
  private static int positive(ConfigProperties props, String key, int defaultValue) {
    int value = props.getInt(key, defaultValue);
    if (value <= 0) {
      throw invalid(key, String.valueOf(value), "be positive");
    }
    return value;
  }

  private static Duration notNegative(ConfigProperties props, String key, Duration defaultValue) {
    Duration value = props.getDuration(key, defaultValue);
    if (value.isNegative()) {
      throw invalid(key, value.toMillis() + "ms", "not be negative");
    }
    return value;
  }

  /** As autoconfigure words a bad value, so {@code StandardOverrides} names its variable. */
  private static ConfigurationException invalid(String property, String value, String must) {
    return new ConfigurationException(
        "Invalid value for property " + property + "=" + value + ". Must " + must + ".");
  }

  /** {@code OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT}, the limit mappers must stay within. */
  public static int attributeLimit(ConfigProperties props) {
    return props.getInt("otel.span.attribute.count.limit", AttributeMapper.DEFAULT_ATTRIBUTE_LIMIT);
  }
}
