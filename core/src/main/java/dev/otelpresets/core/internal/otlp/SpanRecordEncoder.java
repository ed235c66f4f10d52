package dev.otelpresets.core.internal.otlp;

import io.opentelemetry.exporter.internal.otlp.traces.LowAllocationTraceRequestMarshaler;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Serializes one span the SDK's way: the SDK's marshaler writes a request holding only that span
 * (under an empty resource and scope, which are not part of a span's bytes), and the span's field
 * is cut out of it. Not thread-safe: one encoder per thread at a time.
 */
final class SpanRecordEncoder {
  private final LowAllocationTraceRequestMarshaler marshaler =
      new LowAllocationTraceRequestMarshaler();
  private final Buffer buffer = new Buffer();
  private final List<SpanData> one = new ArrayList<>(1);

  /** The span's {@code ScopeSpans.spans} field: tag, length and message. */
  byte[] encode(SpanData span) {
    one.add(new Bare(span));
    try {
      marshaler.initialize(one);
      buffer.reset();
      marshaler.writeBinaryTo(buffer);
      return buffer.spanField();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array stream does not fail
    } finally {
      marshaler.reset();
      one.clear();
      buffer.release();
    }
  }

  /** The span without resource and scope, so every span encodes into one group. */
  private static final class Bare extends DelegatingSpanData {
    Bare(SpanData span) {
      super(span);
    }

    @Override
    public Resource getResource() {
      return Resource.empty();
    }

    @Override
    public InstrumentationScopeInfo getInstrumentationScopeInfo() {
      return InstrumentationScopeInfo.empty();
    }
  }

  /** A reusable buffer that finds the span's field in the request written into it. */
  private static final class Buffer extends ByteArrayOutputStream {
    /** Larger buffers are dropped after use, so one huge span does not stay referenced. */
    private static final int KEEP_BYTES = 64 * 1024;

    Buffer() {
      super(8192);
    }

    void release() {
      if (buf.length > KEEP_BYTES) {
        buf = new byte[8192];
      }
      count = 0;
    }

    /**
     * ExportTraceServiceRequest.resource_spans(1) → ResourceSpans.scope_spans(2) →
     * ScopeSpans.spans(2): the span's field, from its tag to the end of its message.
     */
    byte[] spanField() {
      long resourceSpans = Protobuf.field(buf, 0, count, 1);
      long scopeSpans =
          Protobuf.field(
              buf, Protobuf.payloadStart(buf, resourceSpans), Protobuf.end(resourceSpans), 2);
      long span =
          Protobuf.field(buf, Protobuf.payloadStart(buf, scopeSpans), Protobuf.end(scopeSpans), 2);
      return Arrays.copyOfRange(buf, Protobuf.start(span), Protobuf.end(span));
    }
  }
}
