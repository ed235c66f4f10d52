package dev.otelpresets.core.internal;

import dev.otelpresets.spi.AttributeMapper;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What a mode may add to the one export pipeline without assembling its own: span processors that
 * run before the hand-off to the backends (e.g. one that binds a trace to a tenant from a span
 * attribute), a transform of each ended span before the fan-out (every backend then sees the
 * transformed span), span stages each owner's chain runs before the vocabulary mapping, and a
 * decorator of each preset's mapper. Immutable; {@link #NONE} adds nothing.
 */
public final class PipelineHooks {
  public static final PipelineHooks NONE = builder().build();

  private final List<SpanProcessor> processors;
  private final UnaryOperator<ReadableSpan> endedSpanTransform;
  private final UnaryOperator<AttributeMapper> mapperDecorator;
  private final List<SpanStage> stagesBeforeMapping;

  private PipelineHooks(Builder b) {
    this.processors = List.copyOf(b.processors);
    this.stagesBeforeMapping = List.copyOf(b.stagesBeforeMapping);
    this.endedSpanTransform = b.endedSpanTransform;
    this.mapperDecorator = b.mapperDecorator;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Processors added after the trace-scoped attributes and before the hand-off, in order. */
  public List<SpanProcessor> processors() {
    return processors;
  }

  /** Applied to each ended span once, before it is handed to every backend; null for none. */
  public UnaryOperator<ReadableSpan> endedSpanTransform() {
    return endedSpanTransform;
  }

  /** Applied to each preset's mapper when its chain is built. */
  public UnaryOperator<AttributeMapper> mapperDecorator() {
    return mapperDecorator;
  }

  /** The mode's stages, run in each owner's chain before its vocabulary mapping. */
  List<SpanStage> stagesBeforeMapping() {
    return stagesBeforeMapping;
  }

  /** Builder of {@link PipelineHooks}. */
  public static final class Builder {
    private final List<SpanProcessor> processors = new ArrayList<>();
    private UnaryOperator<ReadableSpan> endedSpanTransform;
    private UnaryOperator<AttributeMapper> mapperDecorator = UnaryOperator.identity();
    private final List<SpanStage> stagesBeforeMapping = new ArrayList<>();

    private Builder() {}

    public Builder addProcessor(SpanProcessor processor) {
      processors.add(Objects.requireNonNull(processor, "processor"));
      return this;
    }

    public Builder endedSpanTransform(UnaryOperator<ReadableSpan> transform) {
      this.endedSpanTransform = Objects.requireNonNull(transform, "transform");
      return this;
    }

    /**
     * Adds a span stage, named {@code name} in chain descriptions, that every owner's chain runs
     * on its export thread before the vocabulary mapping (one that throws or returns null passes
     * the span on unchanged).
     */
    public Builder stageBeforeMapping(String name, UnaryOperator<SpanData> stage) {
      stagesBeforeMapping.add(new NamedSpanStage(name, stage));
      return this;
    }

    public Builder mapperDecorator(UnaryOperator<AttributeMapper> decorator) {
      this.mapperDecorator = Objects.requireNonNull(decorator, "decorator");
      return this;
    }

    public PipelineHooks build() {
      return new PipelineHooks(this);
    }
  }
}
