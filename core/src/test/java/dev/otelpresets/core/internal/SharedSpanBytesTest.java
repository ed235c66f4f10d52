package dev.otelpresets.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.internal.otlp.RecordEncoder;
import dev.otelpresets.spi.AttributeMapper;
import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.spi.genai.GenAiContent;
import dev.otelpresets.support.internal.BoundedAttributeSet;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What backends share of one fan-out span beyond its content: a mapping, when their mappers are
 * the same and they hand it the same span, and the OTLP bytes of equal outputs, however made. A
 * backend whose span a stage changed (a content policy) never gets another backend's mapping or
 * bytes; a span that did not pass the fan-out is serialized for each caller; the shared bytes live
 * as long as the span.
 */
class SharedSpanBytesTest {
  private static final String SECRET = "SECRET-4f2 the user's card 4111";
  private static final AttributeKey<String> READ = AttributeKey.stringKey("input.value");

  /** An OpenInference-like mapper: copies the input messages to {@code input.value}. */
  private static final class Copying implements AttributeMapper {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public Attributes map(SpanData span, GenAiContent content, int limit) {
      calls.incrementAndGet();
      String in = span.getAttributes().get(GenAiAttributes.INPUT_MESSAGES);
      return Attributes.builder()
          .put("openinference.span.kind", "LLM")
          .put(READ, in == null ? "" : in)
          .build();
    }
  }

  /** A content policy as a stage: the input messages redacted for its backend alone. */
  private static final SpanStage REDACTING =
      new SpanStage() {
        @Override
        public SpanData apply(SpanData span) {
          return OwnerSpan.withAttributes(
              span,
              span.getAttributes().toBuilder()
                  .put(GenAiAttributes.INPUT_MESSAGES, "<redacted>")
                  .build());
        }

        @Override
        public String describe() {
          return "redact";
        }
      };

  private final AtomicInteger encodes = new AtomicInteger();
  private final RecordEncoder encode =
      s -> {
        encodes.incrementAndGet();
        return (s.getName() + s.getAttributes()).getBytes(StandardCharsets.UTF_8);
      };

  @Test
  void equalOutputsOfTwoBackendsAreSerializedOnceWhateverTheirResources() {
    SharedContentSpan span = ended();
    OwnerScopedSpanExporter arize = owner("arize", new Copying(), List.of(), "arize-space");
    OwnerScopedSpanExporter phoenix = owner("phoenix", new Copying(), List.of(), "phoenix-proj");

    SpanData a = arize.map(span.toSpanData());
    SpanData p = phoenix.map(span.toSpanData());
    assertNotSame(a.getAttributes(), p.getAttributes(), "mapped by two mappers");
    assertNotEquals(a.getResource(), p.getResource());

    byte[] first = SharedContentSpan.record(a, encode);
    byte[] second = SharedContentSpan.record(p, encode);
    assertSame(first, second);
    assertEquals(1, encodes.get());
  }

  @Test
  void bytesTheCollectorDroppedAreMadeAgainForTheNextBackend() {
    SharedContentSpan span = ended();
    OwnerScopedSpanExporter arize = owner("arize", new Copying(), List.of(), "arize-space");
    OwnerScopedSpanExporter phoenix = owner("phoenix", new Copying(), List.of(), "phoenix-proj");

    SpanData a = arize.map(span.toSpanData());
    byte[] first = SharedContentSpan.record(a, encode);
    // held softly: a backend that hangs with a full queue must not pin the others' bytes
    SharedContentSpan.dropSoftlyHeld(OwnerSpan.original(a));
    byte[] second = SharedContentSpan.record(phoenix.map(span.toSpanData()), encode);

    assertNotSame(first, second);
    assertArrayEquals(first, second);
    assertEquals(2, encodes.get());
  }

  @Test
  void theSameMapperHandedTheSameSpanMapsItOnceForBoth() {
    SharedContentSpan span = ended();
    Copying mapper = new Copying();
    SpanData a = owner("arize", mapper, List.of(), "a").map(span.toSpanData());
    SpanData p = owner("phoenix", mapper, List.of(), "p").map(span.toSpanData());
    assertEquals(1, mapper.calls.get());
    assertSame(a.getAttributes(), p.getAttributes());
    assertNotEquals(a.getResource(), p.getResource(), "each keeps its own resource");
  }

  @Test
  void aBackendWhoseSpanAStageRedactedGetsItsOwnMappingAndBytes() {
    SharedContentSpan span = ended();
    Copying mapper = new Copying(); // even one mapper instance for both
    SpanData open = owner("arize", mapper, List.of(), "a").map(span.toSpanData());
    SpanData redacted = owner("phoenix", mapper, List.of(REDACTING), "p").map(span.toSpanData());
    assertEquals(2, mapper.calls.get(), "other input, other mapping");

    String openBytes = new String(SharedContentSpan.record(open, encode), StandardCharsets.UTF_8);
    String redactedBytes =
        new String(SharedContentSpan.record(redacted, encode), StandardCharsets.UTF_8);
    assertEquals(2, encodes.get());
    assertTrue(openBytes.contains(SECRET));
    assertFalse(redactedBytes.contains(SECRET), redactedBytes);
    assertTrue(redactedBytes.contains("<redacted>"));

    // whichever asks first: the redacting backend first, then the open one
    SharedContentSpan other = ended();
    SpanData r2 = owner("phoenix", mapper, List.of(REDACTING), "p").map(other.toSpanData());
    SpanData o2 = owner("arize", mapper, List.of(), "a").map(other.toSpanData());
    assertFalse(
        new String(SharedContentSpan.record(r2, encode), StandardCharsets.UTF_8).contains(SECRET));
    assertTrue(
        new String(SharedContentSpan.record(o2, encode), StandardCharsets.UTF_8).contains(SECRET));
  }

  @Test
  void aSpanThatDidNotPassTheFanOutIsSerializedForEachCaller() {
    SpanData notShared = new DelegatingSpanData(ended().toSpanData()) {}; // e.g. a test's span
    OwnerScopedSpanExporter arize = owner("arize", new Copying(), List.of(), "a");
    SpanData a1 = arize.map(notShared);
    SpanData a2 = arize.map(notShared);
    SharedContentSpan.record(a1, encode);
    SharedContentSpan.record(a2, encode);
    assertEquals(2, encodes.get());
  }

  @Test
  void attributesInAnotherOrderAreNotTheSameBytes() {
    Attributes ab = Attributes.builder().put("a", "1").put("b", "2").build();
    BoundedAttributeSet reversed = new BoundedAttributeSet(8, 2); // keeps insertion order
    reversed.put(AttributeKey.stringKey("b"), "2");
    reversed.put(AttributeKey.stringKey("a"), "1");
    Attributes ba = reversed.build();
    assertEquals(ba, ab, "equal as sets");
    assertTrue(
        SharedContentSpan.sameInOrder(
            ab, Attributes.builder().put("a", "1").put("b", "2").build()));
    assertFalse(SharedContentSpan.sameInOrder(ba, ab));
    assertFalse(SharedContentSpan.sameInOrder(ab, Attributes.builder().put("a", "1").build()));
    assertFalse(
        SharedContentSpan.sameInOrder(ab, Attributes.builder().put("a", "1").put("b", 2L).build()));
  }

  @Test
  void theSharedBytesAreReleasedWithTheirSpans() throws InterruptedException {
    OwnerScopedSpanExporter arize = owner("arize", new Copying(), List.of(), "a");
    OwnerScopedSpanExporter phoenix = owner("phoenix", new Copying(), List.of(), "p");
    List<WeakReference<byte[]>> bytes = new ArrayList<>();
    List<WeakReference<SharedContentSpan>> spans = new ArrayList<>();
    for (int batch = 0; batch < 50; batch++) {
      for (int i = 0; i < 100; i++) {
        SharedContentSpan span = ended();
        byte[] b = SharedContentSpan.record(arize.map(span.toSpanData()), encode);
        assertSame(b, SharedContentSpan.record(phoenix.map(span.toSpanData()), encode));
        bytes.add(new WeakReference<>(b));
        spans.add(new WeakReference<>(span));
      }
    }
    assertEquals(5000, encodes.get(), "one serialization per span for both backends");
    for (int i = 0; i < 50 && bytes.stream().anyMatch(r -> r.get() != null); i++) {
      System.gc();
      Thread.sleep(20);
    }
    assertEquals(0, bytes.stream().filter(r -> r.get() != null).count(), "bytes still held");
    assertEquals(0, spans.stream().filter(r -> r.get() != null).count(), "spans still held");
  }

  private static OwnerScopedSpanExporter owner(
      String id, AttributeMapper mapper, List<SpanStage> modeStages, String resourceValue) {
    return new OwnerScopedSpanExporter(
        ExporterOwner.of(id),
        mapper,
        Attributes.of(AttributeKey.stringKey("owner.resource"), resourceValue),
        new Nowhere(),
        AttributeMapper.DEFAULT_ATTRIBUTE_LIMIT,
        modeStages,
        null,
        null);
  }

  /** A fan-out span: one ended SDK span with content, as the fan-out wraps it. */
  private static SharedContentSpan ended() {
    ReadableSpan[] ended = new ReadableSpan[1];
    try (SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .addSpanProcessor(
                new io.opentelemetry.sdk.trace.SpanProcessor() {
                  @Override
                  public void onStart(
                      io.opentelemetry.context.Context parent,
                      io.opentelemetry.sdk.trace.ReadWriteSpan span) {}

                  @Override
                  public boolean isStartRequired() {
                    return false;
                  }

                  @Override
                  public void onEnd(ReadableSpan span) {
                    ended[0] = span;
                  }

                  @Override
                  public boolean isEndRequired() {
                    return true;
                  }
                })
            .build()) {
      provider
          .get("test")
          .spanBuilder("chat gpt-4o")
          .setAttribute(
              GenAiAttributes.INPUT_MESSAGES,
              "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\""
                  + SECRET
                  + "\"}]}]")
          .startSpan()
          .end();
    }
    return new SharedContentSpan(ended[0]);
  }

  /** A transport that is never reached here. */
  private static final class Nowhere implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return CompletableResultCode.ofFailure();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
