package dev.otelpresets.bench;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.atomic.LongAdder;

/**
 * A transport that drops every batch and counts the spans it was handed. By default it drops at
 * once. {@code -Dbench.exportCpuNanosPerSpan=N} makes it spin N ns of CPU per span first: a
 * diagnostic that gives the bare SDK's export threads work comparable to a vocabulary mapping, to
 * tell CPU contention from the export threads apart from work on the calling thread.
 */
public final class DiscardingSpanExporter implements SpanExporter {
  private static final long SPIN_NANOS_PER_SPAN = Long.getLong("bench.exportCpuNanosPerSpan", 0L);

  private final LongAdder spans = new LongAdder();

  @Override
  public CompletableResultCode export(Collection<SpanData> batch) {
    spans.add(batch.size());
    if (SPIN_NANOS_PER_SPAN > 0) {
      long until = System.nanoTime() + SPIN_NANOS_PER_SPAN * batch.size();
      while (System.nanoTime() < until) {
        Thread.onSpinWait();
      }
    }
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
