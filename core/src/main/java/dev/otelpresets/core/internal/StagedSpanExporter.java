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
  /** An array walked by index, as the batch in {@link #export}. */
  private final SpanStage[] stages;

  private final SpanExporter next;

  StagedSpanExporter(List<SpanStage> stages, SpanExporter next) {
    this.stages = stages.toArray(new SpanStage[0]);
    for (SpanStage stage : this.stages) {
      Objects.requireNonNull(stage, "stage");
    }
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

  /** {@link #applyAll(List, SpanData)} over the array the export loop holds. */
  private static SpanData applyAll(SpanStage[] stages, SpanData span) {
    SpanData out = span;
    for (int i = 0; i < stages.length; i++) {
      out = stages[i].apply(out);
    }
    return out;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    // by index over arrays: every backend's chain runs this one compiled loop, and the batch's
    // collection class differs between backends; the JIT hoisted a check of the class it saw first
    // out of the loop, and each other backend's batch failed it (deoptimized, the whole inlined
    // chain compiled again)
    SpanData[] batch = spans.toArray(new SpanData[0]);
    List<SpanData> staged = new ArrayList<>(batch.length);
    for (int i = 0; i < batch.length; i++) {
      staged.add(applyAll(stages, batch[i]));
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
    return "StagedSpanExporter{" + stages.length + " stages}";
  }
}
