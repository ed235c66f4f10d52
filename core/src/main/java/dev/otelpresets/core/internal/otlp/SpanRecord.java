package dev.otelpresets.core.internal.otlp;

import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Objects;

/**
 * A span with its OTLP protobuf bytes: the {@code spans} field of a {@code ScopeSpans} message
 * (tag, length and the {@code Span} message), as {@link OtlpHttpRecordSpanExporter} writes it into
 * a request. The resource and scope are not in these bytes: they come from the span's {@link
 * #getResource()} and {@link #getInstrumentationScopeInfo()} when the request is written. Made by
 * {@link OtlpHttpRecordSpanExporter#encode}; the bytes are never changed. Internal.
 */
public final class SpanRecord extends DelegatingSpanData {
  private final byte[] bytes;

  SpanRecord(SpanData span, byte[] bytes) {
    super(span);
    this.bytes = Objects.requireNonNull(bytes, "bytes");
  }

  /** How many bytes this span adds to a request body (its resource and scope aside). */
  public int size() {
    return bytes.length;
  }

  byte[] bytes() {
    return bytes;
  }
}
