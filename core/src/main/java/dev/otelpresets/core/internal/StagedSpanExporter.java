package dev.otelpresets.core.internal;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** Runs each span of a batch through the owner's {@link SpanStage}s, then exports the results. */
final class StagedSpanExporter implements SpanExporter {
  private final List<SpanStage> stages;
  private final SpanExporter next;

  StagedSpanExporter(List<SpanStage> stages, SpanExporter next) {
    this.stages = List.copyOf(stages);
    this.next = Objects.requireNonNull(next, "next");
  }

  /** The span as this chain's stages turn it out. */
  static SpanData applyAll(List<SpanStage> stages, SpanData span) {
    SpanData out = span;
    for (SpanStage stage : stages) {
      out = stage.apply(out);
    }
    return out;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    List<SpanData> staged = new ArrayList<>(spans.size());
    for (SpanData span : spans) {
      staged.add(applyAll(stages, span));
    }
    return next.export(staged);
  }

  @Override
  public CompletableResultCode flush() {
    return next.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return next.shutdown();
  }

  @Override
  public String toString() {
    return "StagedSpanExporter{" + stages.size() + " stages}";
  }
}
