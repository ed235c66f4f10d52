package dev.otelpresets.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class EndedSpanTransformerTest {
  private static final AttributeKey<String> JOINED = AttributeKey.stringKey("joined");

  @Test
  void theTransformedSpanIsWhatTheNextProcessorGetsAThrowingTransformPassesTheSpanOn() {
    InMemorySpanExporter out = InMemorySpanExporter.create();
    List<String> transformed = new ArrayList<>();
    AtomicReference<RuntimeException> fail = new AtomicReference<>();
    EndedSpanTransformer t =
        new EndedSpanTransformer(
            span -> {
              if (fail.get() != null) {
                throw fail.get();
              }
              transformed.add(span.getName());
              return new Renamed(span);
            },
            SimpleSpanProcessor.create(out));
    List<SpanData> spans;
    try (SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(t).build()) {
      provider.get("t").spanBuilder("first").startSpan().end();
      fail.set(new IllegalStateException("transform failed"));
      provider.get("t").spanBuilder("second").startSpan().end();
      spans = out.getFinishedSpanItems(); // before close: the in-memory exporter clears then
    }
    assertEquals(List.of("first"), transformed);
    assertEquals(2, spans.size());
    assertEquals("first", spans.get(0).getName());
    assertEquals("yes", spans.get(0).getAttributes().get(JOINED));
    assertEquals("second", spans.get(1).getName());
    assertEquals(null, spans.get(1).getAttributes().get(JOINED));
  }

  /** A span whose data carries one more attribute. */
  private static final class Renamed implements ReadableSpan {
    private final ReadableSpan span;

    Renamed(ReadableSpan span) {
      this.span = span;
    }

    @Override
    public SpanData toSpanData() {
      SpanData d = span.toSpanData();
      io.opentelemetry.api.common.Attributes a =
          d.getAttributes().toBuilder().put(JOINED, "yes").build();
      return new DelegatingSpanData(d) {
        @Override
        public io.opentelemetry.api.common.Attributes getAttributes() {
          return a;
        }
      };
    }

    @Override
    public io.opentelemetry.api.trace.SpanContext getSpanContext() {
      return span.getSpanContext();
    }

    @Override
    public io.opentelemetry.api.trace.SpanContext getParentSpanContext() {
      return span.getParentSpanContext();
    }

    @Override
    public String getName() {
      return span.getName();
    }

    @Override
    @SuppressWarnings("deprecation")
    public io.opentelemetry.sdk.common.InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
      return span.getInstrumentationLibraryInfo();
    }

    @Override
    public boolean hasEnded() {
      return span.hasEnded();
    }

    @Override
    public long getLatencyNanos() {
      return span.getLatencyNanos();
    }

    @Override
    public io.opentelemetry.api.trace.SpanKind getKind() {
      return span.getKind();
    }

    @Override
    public <T> T getAttribute(AttributeKey<T> key) {
      return span.getAttribute(key);
    }
  }
}
