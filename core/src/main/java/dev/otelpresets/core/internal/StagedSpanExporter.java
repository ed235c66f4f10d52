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
  /**
   * An array, not a list: every backend's chain runs this class's compiled code, and {@code
   * List.copyOf} gives a chain of one or two stages another list class than a longer one. A check
   * of the class seen first, hoisted by the JIT out of the loop over the batch, fails on another
   * backend's batch, and the loop is compiled again.
   */
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
    // by index over an array, as the stages: the batch's collection class differs from backend to
    // backend too, and a check of its iterator's class hoisted out of the loop failed the same way
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
