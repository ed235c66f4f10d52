package dev.otelpresets.core.internal.otlp;

import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * Makes a span's protobuf bytes (a {@link SpanRecord}'s): the whole span, or from the bytes of a
 * span that differs from it only in attributes it lacks at the end. Internal.
 */
@FunctionalInterface
public interface RecordEncoder {
  /** {@code span}'s bytes, serialized whole. */
  byte[] encode(SpanData span);

  /**
   * {@code span}'s bytes made from {@code base}: the bytes of a span that serializes as {@code
   * span} does in every field but its attributes, which are the first {@code shared} of {@code
   * span}'s, in the same order (and the same dropped-attributes count). The result decodes to
   * {@code span}: its other attributes follow as more entries of the repeated field, which a
   * protobuf parser appends in order. This default serializes the span whole.
   */
  default byte[] extend(byte[] base, SpanData span, int shared) {
    return encode(span);
  }
}
