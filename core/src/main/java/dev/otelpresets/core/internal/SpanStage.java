package dev.otelpresets.core.internal;

import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * One single-purpose step of an owner's export chain, applied to each span on that owner's export
 * thread: it returns the span as the next step should see it and never changes the shared span.
 * An owner's steps are listed, in order, in {@link OwnerStages#of} only.
 */
interface SpanStage {
  /** The span as the next stage sees it (may be {@code span} itself when nothing changes). */
  SpanData apply(SpanData span);

  /** A short name for chain descriptions ({@code "map:langfuse"}); no values, no secrets. */
  String describe();
}
