package dev.otelpresets.core.internal.otlp;

import io.opentelemetry.exporter.internal.marshal.Marshaler;
import io.opentelemetry.exporter.otlp.internal.HttpExporter;
import io.opentelemetry.exporter.otlp.internal.HttpExporterBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * OTLP/HTTP protobuf span export on the SDK's own HTTP exporter (sender, retries, compression,
 * headers, failure logging and exporter metrics are the SDK's), writing each request from spans
 * serialized one by one: a span's bytes are made once and, through the {@link RecordSource}, shared
 * by every backend whose span serializes the same. The request's size is then known from the bytes
 * (no separate size pass), and the size bound before this exporter cuts batches by exact sizes
 * ({@link #encode}). Internal.
 */
public final class OtlpHttpRecordSpanExporter implements SpanExporter {
  private final HttpExporterBuilder builder;
  private final HttpExporter http;
  private final RecordSource source;
  private final AtomicReference<SpanRecordEncoder> spare = new AtomicReference<>();
  private final RecordEncoder encoder =
      new RecordEncoder() {
        @Override
        public byte[] encode(SpanData span) {
          SpanRecordEncoder e = take();
          try {
            return e.encode(span);
          } finally {
            spare.set(e);
          }
        }

        @Override
        public byte[] extend(byte[] base, SpanData span, int shared) {
          SpanRecordEncoder e = take();
          try {
            return e.extend(base, span, shared);
          } finally {
            spare.set(e);
          }
        }
      };

  /** An exporter sending through {@code builder}'s exporter (built here). */
  public OtlpHttpRecordSpanExporter(HttpExporterBuilder builder, RecordSource source) {
    this.builder = Objects.requireNonNull(builder, "builder");
    this.source = Objects.requireNonNull(source, "source");
    this.http = builder.build();
  }

  /** {@code span} with its bytes, from the shared source or made now. */
  public SpanRecord encode(SpanData span) {
    if (span instanceof SpanRecord r) {
      return r;
    }
    return new SpanRecord(span, source.record(span, encoder));
  }

  /** The request body this exporter sends for {@code records} (for benchmarks). */
  public static Marshaler body(Collection<SpanRecord> records) {
    return TraceRequestBody.of(records);
  }

  /** What a request adds around the spans of one resource and scope, at most. */
  public static int overhead(SpanData span) {
    return TraceRequestBody.overhead(span.getResource(), span.getInstrumentationScopeInfo());
  }

  private SpanRecordEncoder take() {
    SpanRecordEncoder e = spare.getAndSet(null); // the common case: this thread alone
    return e == null ? new SpanRecordEncoder() : e;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    List<SpanRecord> records = new ArrayList<>(spans.size());
    for (SpanData span : spans) {
      records.add(encode(span));
    }
    return http.export(TraceRequestBody.of(records), records.size());
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return http.shutdown();
  }

  @Override
  public String toString() {
    // the SDK's description: endpoint, timeouts, compression; header values obfuscated
    return "OtlpHttpRecordSpanExporter{" + builder.toString(false) + "}";
  }
}
