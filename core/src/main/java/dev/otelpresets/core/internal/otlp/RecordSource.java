package dev.otelpresets.core.internal.otlp;

import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * Where a span's protobuf bytes come from: encoded for the caller, or shared with every other
 * backend whose span serializes to the same bytes (the fan-out's per-span cache). Internal.
 */
@FunctionalInterface
public interface RecordSource {
  /** Every span encoded for the caller: no sharing. */
  RecordSource UNSHARED = (span, encoder) -> encoder.encode(span);

  /**
   * {@code span}'s bytes: made by {@code encoder}, whole or extended from the bytes of a span that
   * serializes as a prefix of {@code span}, or the same bytes made earlier for a span that
   * serializes exactly as {@code span} does.
   */
  byte[] record(SpanData span, RecordEncoder encoder);
}
