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
import java.util.Objects;
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
  // the sets used last; racy by design: any thread's last sets are as good as another's
  private volatile AttributeSets last;

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

  /**
   * Records the duration of an operation that reports no usage (an agent, a tool, a retrieval,
   * a failed embeddings call): the dimensions it has, the rest absent.
   */
  void recordDuration(
      String operation,
      String provider,
      String requestModel,
      String serverAddress,
      Integer serverPort,
      String errorType,
      double durationSeconds) {
    record(
        operation,
        provider,
        requestModel,
        null,
        serverAddress,
        serverPort,
        errorType,
        durationSeconds,
        null,
        null,
        null,
        null);
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
    AttributeSets sets =
        attributeSets(
            operation, provider, requestModel, responseModel, serverAddress, serverPort, errorType);
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

  /**
   * The attribute sets of these dimensions: the last ones used when they match (a service calls
   * the same model most of the time; compared field by field, nothing allocated), else from the
   * cache.
   */
  private AttributeSets attributeSets(
      String operation,
      String provider,
      String requestModel,
      String responseModel,
      String serverAddress,
      Integer serverPort,
      String errorType) {
    AttributeSets last = this.last;
    if (last != null
        && last.dimensions.matches(
            operation,
            provider,
            requestModel,
            responseModel,
            serverAddress,
            serverPort,
            errorType)) {
      return last;
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
    this.last = sets;
    return sets;
  }

  /** Attribute sets cached now (for tests). */
  int cachedAttributeSets() {
    return cache.size();
  }

  /**
   * The dimensions that decide a call's metric attributes. Equality and hash written out: a
   * record's generated ones go through method handles, measurably slower on the calling thread.
   */
  private static final class Dimensions {
    final String operation;
    final String provider;
    final String requestModel;
    final String responseModel;
    final String serverAddress;
    final Integer serverPort;
    final String errorType;
    private final int hash;

    Dimensions(
        String operation,
        String provider,
        String requestModel,
        String responseModel,
        String serverAddress,
        Integer serverPort,
        String errorType) {
      this.operation = operation;
      this.provider = provider;
      this.requestModel = requestModel;
      this.responseModel = responseModel;
      this.serverAddress = serverAddress;
      this.serverPort = serverPort;
      this.errorType = errorType;
      int h = Objects.hashCode(operation);
      h = 31 * h + Objects.hashCode(provider);
      h = 31 * h + Objects.hashCode(requestModel);
      h = 31 * h + Objects.hashCode(responseModel);
      h = 31 * h + Objects.hashCode(serverAddress);
      h = 31 * h + Objects.hashCode(serverPort);
      this.hash = 31 * h + Objects.hashCode(errorType);
    }

    boolean matches(
        String operation,
        String provider,
        String requestModel,
        String responseModel,
        String serverAddress,
        Integer serverPort,
        String errorType) {
      return Objects.equals(this.operation, operation)
          && Objects.equals(this.provider, provider)
          && Objects.equals(this.requestModel, requestModel)
          && Objects.equals(this.responseModel, responseModel)
          && Objects.equals(this.serverAddress, serverAddress)
          && Objects.equals(this.serverPort, serverPort)
          && Objects.equals(this.errorType, errorType);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Dimensions d
          && d.hash == hash
          && matches(
              d.operation,
              d.provider,
              d.requestModel,
              d.responseModel,
              d.serverAddress,
              d.serverPort,
              d.errorType);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /** A call's metric attributes, and the token histogram's two variants of them. */
  private static final class AttributeSets {
    final Dimensions dimensions;
    final Attributes base;
    final Attributes input;
    final Attributes output;

    AttributeSets(Dimensions d) {
      dimensions = d;
      base =
          attributes(
              d.operation,
              d.provider,
              d.requestModel,
              d.responseModel,
              d.serverAddress,
              d.serverPort,
              d.errorType);
      input = base.toBuilder().put(GenAiAttributes.TOKEN_TYPE, "input").build();
      output = base.toBuilder().put(GenAiAttributes.TOKEN_TYPE, "output").build();
    }
  }
}
