package dev.otelpresets.core.internal;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * One backend's {@code sample_ratio}: passes a span on to the backend's processor only when its
 * trace id falls in the ratio, so the backend gets whole traces or nothing. The decision is the
 * SDK's {@code TraceIdRatioBased} one (the trace id's random part against a bound), so it depends
 * on the trace id alone: backends at the same ratio keep the same traces, and one at a lower ratio
 * keeps a subset of them. It sits before the backend's queue, so a span left out costs no queue
 * space; it is counted here, at once, which keeps the backend's account exact.
 */
public final class TraceRatioSpanProcessor implements SpanProcessor {
  private final SpanProcessor backend;
  private final Sampler sampler;
  private final LongAdder sampledOut = new LongAdder();

  /**
   * {@code backend} itself at a ratio of 1, else it behind the ratio, with the spans left out
   * counted in {@code exporter}'s stats.
   */
  public static SpanProcessor wrap(
      SpanProcessor backend, double ratio, OwnerScopedSpanExporter exporter) {
    Objects.requireNonNull(exporter, "exporter");
    if (ratio >= 1.0) {
      return Objects.requireNonNull(backend, "backend");
    }
    TraceRatioSpanProcessor sampled = new TraceRatioSpanProcessor(backend, ratio);
    exporter.countSampledOutWith(sampled::sampledOut);
    return sampled;
  }

  TraceRatioSpanProcessor(SpanProcessor backend, double ratio) {
    this.backend = Objects.requireNonNull(backend, "backend");
    if (!(ratio >= 0.0 && ratio <= 1.0)) {
      throw new IllegalArgumentException("ratio must be between 0 and 1: " + ratio);
    }
    this.sampler = Sampler.traceIdRatioBased(ratio);
  }

  /** Whether a trace with this id is kept. */
  boolean keeps(String traceId) {
    return sampler
            .shouldSample(
                Context.root(), traceId, "", SpanKind.INTERNAL, Attributes.empty(), List.of())
            .getDecision()
        != SamplingDecision.DROP;
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    if (!span.getSpanContext().isSampled()) {
      return;
    }
    if (keeps(span.getSpanContext().getTraceId())) {
      backend.onEnd(span);
    } else {
      sampledOut.increment();
    }
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  /** Spans left out by the ratio so far. */
  long sampledOut() {
    return sampledOut.sum();
  }

  @Override
  public CompletableResultCode forceFlush() {
    return backend.forceFlush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return backend.shutdown();
  }

  @Override
  public String toString() {
    return "TraceRatioSpanProcessor{" + sampler.getDescription() + ", backend=" + backend + "}";
  }
}
