package dev.otelpresets.bench;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.atomic.LongAdder;

/** A transport that drops every batch at once and counts the spans it was handed. */
public final class DiscardingSpanExporter implements SpanExporter {
  private final LongAdder spans = new LongAdder();

  @Override
  public CompletableResultCode export(Collection<SpanData> batch) {
    spans.add(batch.size());
    return CompletableResultCode.ofSuccess();
  }

  /** Spans handed to this exporter so far. */
  public long spans() {
    return spans.sum();
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public String toString() {
    return "DiscardingSpanExporter";
  }
}
