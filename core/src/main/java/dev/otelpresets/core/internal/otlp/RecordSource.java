package dev.otelpresets.core.internal.otlp;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.function.Function;

/**
 * Where a span's protobuf bytes come from: encoded for the caller, or shared with every other
 * backend whose span serializes to the same bytes (the fan-out's per-span cache). Internal.
 */
@FunctionalInterface
public interface RecordSource {
  /** Every span encoded for the caller: no sharing. */
  RecordSource UNSHARED = (span, encode) -> encode.apply(span);

  /**
   * {@code span}'s bytes: {@code encode.apply(span)}, or the same bytes made earlier for a span
   * that serializes exactly as {@code span} does.
   */
  byte[] record(SpanData span, Function<SpanData, byte[]> encode);
}
