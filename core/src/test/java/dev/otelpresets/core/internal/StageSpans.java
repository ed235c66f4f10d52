package dev.otelpresets.core.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/** Spans and exporters for the export stages' unit tests. */
final class StageSpans {
  static final AttributeKey<String> TENANT = TenantRouter.TENANT_ID;
  static final AttributeKey<String> MODEL = AttributeKey.stringKey("gen_ai.request.model");

  private StageSpans() {}

  static SpanData span(String traceId, Attributes attributes) {
    return span(traceId, attributes, Resource.getDefault());
  }

  static SpanData span(String traceId, Attributes attributes, Resource resource) {
    return TestSpanData.builder()
        .setName("chat gpt-4o")
        .setKind(SpanKind.CLIENT)
        .setSpanContext(
            SpanContext.create(
                traceId, "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault()))
        .setStartEpochNanos(1)
        .setEndEpochNanos(2)
        .setHasEnded(true)
        .setStatus(StatusData.unset())
        .setAttributes(attributes)
        .setTotalAttributeCount(attributes.size())
        .setResource(resource)
        .build();
  }

  /** An exporter answering each batch with {@code answer} and keeping what it was given. */
  static final class Recording implements SpanExporter {
    final List<List<SpanData>> batches = new ArrayList<>();
    private final Function<Collection<SpanData>, CompletableResultCode> answer;
    int shutdowns;

    Recording(Function<Collection<SpanData>, CompletableResultCode> answer) {
      this.answer = answer;
    }

    static Recording succeeding() {
      return new Recording(s -> CompletableResultCode.ofSuccess());
    }

    @Override
    public synchronized CompletableResultCode export(Collection<SpanData> spans) {
      batches.add(List.copyOf(spans));
      return answer.apply(spans);
    }

    synchronized List<SpanData> all() {
      return batches.stream().flatMap(List::stream).toList();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public synchronized CompletableResultCode shutdown() {
      shutdowns++;
      return CompletableResultCode.ofSuccess();
    }
  }
}
