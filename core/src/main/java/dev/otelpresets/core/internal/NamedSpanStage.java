package dev.otelpresets.core.internal;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A mode's own span stage (e.g. the agent's normalisation of older GenAI keys), run before the
 * vocabulary mapping; one that throws or returns null passes the span on unchanged.
 */
final class NamedSpanStage implements SpanStage {
  private final String name;
  private final UnaryOperator<SpanData> function;

  NamedSpanStage(String name, UnaryOperator<SpanData> function) {
    this.name = Objects.requireNonNull(name, "name");
    this.function = Objects.requireNonNull(function, "function");
  }

  @Override
  public SpanData apply(SpanData span) {
    SpanData out;
    try {
      out = function.apply(span);
    } catch (RuntimeException e) {
      return span;
    }
    return out == null ? span : out;
  }

  @Override
  public String describe() {
    return name;
  }
}
