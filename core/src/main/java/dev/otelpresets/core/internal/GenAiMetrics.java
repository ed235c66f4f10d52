package dev.otelpresets.core.internal;

import dev.otelpresets.core.LlmRequest;
import dev.otelpresets.spi.GenAiAttributes;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterProvider;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The GenAI client metrics of the semantic conventions, with their bucket advice. Recorded once
 * per call, whatever the number of backends. Attributes are bounded: never ids, users or metadata.
 */
final class GenAiMetrics {
  static final List<Double> DURATION_BUCKETS =
      List.of(
          0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);
  static final List<Long> TOKEN_BUCKETS =
      List.of(
          1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L, 262144L, 1048576L, 4194304L,
          16777216L, 67108864L);
  static final List<Double> TTFC_BUCKETS =
      List.of(
          0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5,
          10.0);
  static final List<Double> TPOC_BUCKETS =
      List.of(0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5);

  /** Distinct metric attribute sets kept; beyond it the cache starts over (they are bounded). */
  static final int MAX_CACHED_ATTRIBUTE_SETS = 1024;

  private final boolean enabled;
  private final DoubleHistogram duration;
  private final LongHistogram tokenUsage;
  private final DoubleHistogram timeToFirstChunk;
  private final DoubleHistogram timePerOutputChunk;
  private final ConcurrentHashMap<Dimensions, AttributeSets> cache = new ConcurrentHashMap<>();

  GenAiMetrics(Meter meter) {
    // a provider without readers hands out the API's no-op meter: then recording would only
    // build attribute sets for nothing, on the calling thread
    enabled = meter.getClass() != MeterProvider.noop().get("dev.otelpresets").getClass();
    duration =
        meter
            .histogramBuilder("gen_ai.client.operation.duration")
            .setDescription("GenAI operation duration")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
            .build();
    tokenUsage =
        meter
            .histogramBuilder("gen_ai.client.token.usage")
            .setDescription("Number of input and output tokens used")
            .setUnit("{token}")
            .ofLongs()
            .setExplicitBucketBoundariesAdvice(TOKEN_BUCKETS)
            .build();
    timeToFirstChunk =
        meter
            .histogramBuilder("gen_ai.client.operation.time_to_first_chunk")
            .setDescription("Time to receive the first chunk of a streamed response")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(TTFC_BUCKETS)
            .build();
    timePerOutputChunk =
        meter
            .histogramBuilder("gen_ai.client.operation.time_per_output_chunk")
            .setDescription("Time between consecutive chunks of a streamed response")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(TPOC_BUCKETS)
            .build();
  }

  /** Whether recording reaches a metric reader at all. */
  boolean enabled() {
    return enabled;
  }

  /** The bounded metric attributes of a call. */
  static Attributes attributes(
      String operation,
      String provider,
      String requestModel,
      String responseModel,
      String serverAddress,
      Integer serverPort,
      String errorType) {
    AttributesBuilder b = Attributes.builder();
    b.put(GenAiAttributes.OPERATION_NAME, operation);
    putIfNotNull(b, GenAiAttributes.PROVIDER_NAME, provider);
    putIfNotNull(b, GenAiAttributes.REQUEST_MODEL, requestModel);
    putIfNotNull(b, GenAiAttributes.RESPONSE_MODEL, responseModel);
    putIfNotNull(b, GenAiAttributes.SERVER_ADDRESS, serverAddress);
    if (serverPort != null) {
      b.put(GenAiAttributes.SERVER_PORT, serverPort.longValue());
    }
    putIfNotNull(b, GenAiAttributes.ERROR_TYPE, errorType);
    return b.build();
  }

  private static void putIfNotNull(
      AttributesBuilder b, io.opentelemetry.api.common.AttributeKey<String> k, String v) {
    if (v != null) {
      b.put(k, v);
    }
  }

  /**
   * Records one call. {@code errorType} non-null means it failed: a failed call records only its
   * duration. The attribute sets of a dimension combination are built once and reused — they are
   * low-cardinality by design, and the cache starts over if a host puts unbounded values in them.
   */
  void record(
      LlmRequest request,
      String responseModel,
      String errorType,
      double durationSeconds,
      Long inputTokens,
      Long outputTokens,
      Double ttfcSeconds,
      Double perChunkSeconds) {
    record(
        request.operation(),
        request.provider(),
        request.requestModel(),
        responseModel,
        request.serverAddress(),
        request.serverPort(),
        errorType,
        durationSeconds,
        inputTokens,
        outputTokens,
        ttfcSeconds,
        perChunkSeconds);
  }

  /** Records one operation given its dimensions (embeddings calls have no {@link LlmRequest}). */
  void record(
      String operation,
      String provider,
      String requestModel,
      String responseModel,
      String serverAddress,
      Integer serverPort,
      String errorType,
      double durationSeconds,
      Long inputTokens,
      Long outputTokens,
      Double ttfcSeconds,
      Double perChunkSeconds) {
    if (!enabled) {
      return;
    }
    Dimensions d =
        new Dimensions(
            operation, provider, requestModel, responseModel, serverAddress, serverPort, errorType);
    AttributeSets sets = cache.get(d);
    if (sets == null) {
      if (cache.size() >= MAX_CACHED_ATTRIBUTE_SETS) {
        cache.clear();
      }
      sets = cache.computeIfAbsent(d, AttributeSets::new);
    }
    duration.record(durationSeconds, sets.base);
    if (errorType != null) {
      return;
    }
    if (inputTokens != null) {
      tokenUsage.record(inputTokens, sets.input);
    }
    if (outputTokens != null) {
      tokenUsage.record(outputTokens, sets.output);
    }
    if (ttfcSeconds != null) {
      timeToFirstChunk.record(ttfcSeconds, sets.base);
    }
    if (perChunkSeconds != null) {
      timePerOutputChunk.record(perChunkSeconds, sets.base);
    }
  }

  /** Attribute sets cached now (for tests). */
  int cachedAttributeSets() {
    return cache.size();
  }

  /** The dimensions that decide a call's metric attributes. */
  private record Dimensions(
      String operation,
      String provider,
      String requestModel,
      String responseModel,
      String serverAddress,
      Integer serverPort,
      String errorType) {}

  /** A call's metric attributes, and the token histogram's two variants of them. */
  private static final class AttributeSets {
    final Attributes base;
    final Attributes input;
    final Attributes output;

    AttributeSets(Dimensions d) {
      base =
          attributes(
              d.operation(),
              d.provider(),
              d.requestModel(),
              d.responseModel(),
              d.serverAddress(),
              d.serverPort(),
              d.errorType());
      input = base.toBuilder().put(GenAiAttributes.TOKEN_TYPE, "input").build();
      output = base.toBuilder().put(GenAiAttributes.TOKEN_TYPE, "output").build();
    }
  }
}
