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
import dev.otelpresets.support.internal.AttributesInOrder;
import dev.otelpresets.support.internal.BoundedAttributeSet;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

  /** A Weave-like mapper: the copying mapper's output with keys of its own appended last. */
  private static final class Appending implements AttributeMapper {
    private final Copying shared = new Copying();
    private final String value;

    Appending(String value) {
      this.value = value;
    }

    @Override
    public Attributes map(SpanData span, GenAiContent content, int limit) {
      BoundedAttributeSet out = new BoundedAttributeSet(limit, 4); // keeps insertion order
      shared.map(span, content, limit).forEach(out::put);
      out.put(AttributeKey.stringKey("wandb.entity"), value);
      out.put(AttributeKey.longKey("wandb.n"), 7L);
      return out.build();
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

  /** Counts whole serializations and extensions; an extension is the base and what it adds. */
  private final AtomicInteger extensions = new AtomicInteger();

  private final RecordEncoder extending =
      new RecordEncoder() {
        @Override
        public byte[] encode(SpanData span) {
          return encode.encode(span);
        }

        @Override
        public byte[] extend(byte[] base, SpanData span, int shared) {
          extensions.incrementAndGet();
          StringBuilder added = new StringBuilder("+");
          int[] i = {0};
          span.getAttributes()
              .forEach(
                  (k, v) -> {
                    if (i[0]++ >= shared) {
                      added.append(k).append('=').append(v).append(';');
                    }
                  });
          return (new String(base, StandardCharsets.UTF_8) + added)
              .getBytes(StandardCharsets.UTF_8);
        }
      };

  @Test
  void anOutputThatAppendsAttributesToAnotherIsExtendedFromItsBytesNotSerializedAgain() {
    SharedContentSpan span = ended();
    SpanData a = owner("arize", new Copying(), List.of(), "a").map(span.toSpanData());
    SpanData w = owner("weave", new Appending("team"), List.of(), "w").map(span.toSpanData());

    byte[] arize = SharedContentSpan.record(a, extending);
    String weave = new String(SharedContentSpan.record(w, extending), StandardCharsets.UTF_8);
    assertEquals(1, encodes.get(), "one serialization for both");
    assertEquals(1, extensions.get());
    assertEquals(
        new String(arize, StandardCharsets.UTF_8) + "+wandb.entity=team;wandb.n=7;", weave);
    assertTrue(weave.contains(SECRET));

    // a second weave-like backend with the same output shares the extended bytes
    SpanData w2 = owner("weave2", new Appending("team"), List.of(), "w2").map(span.toSpanData());
    assertEquals(
        weave, new String(SharedContentSpan.record(w2, extending), StandardCharsets.UTF_8));
    // one with other appended values extends the longest output it begins with: arize's
    SpanData w3 = owner("weave3", new Appending("other"), List.of(), "w3").map(span.toSpanData());
    assertTrue(
        new String(SharedContentSpan.record(w3, extending), StandardCharsets.UTF_8)
            .endsWith("+wandb.entity=other;wandb.n=7;"));
    assertEquals(1, encodes.get());
    assertEquals(2, extensions.get());
  }

  @Test
  void backendsRacingForOneSpanShareOneSerializationPerDistinctOutput() throws Exception {
    // the memo's look-ups run without its lock; only adding takes it: eight export threads
    // asking at once for the same span must still get one record per distinct output
    int threads = 8;
    List<OwnerScopedSpanExporter> owners = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      owners.add(
          owner(
              "o" + t,
              new Copying(), // a mapper each: equal outputs, not the same instances
              t % 2 == 0 ? List.of() : List.of(REDACTING),
              "r" + t));
    }
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      for (int n = 0; n < 3000; n++) {
        SharedContentSpan span = ended();
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
        List<java.util.concurrent.Future<byte[]>> bytes = new ArrayList<>();
        for (OwnerScopedSpanExporter o : owners) {
          SpanData mapped = o.map(span.toSpanData());
          bytes.add(
              pool.submit(
                  () -> {
                    start.await();
                    return SharedContentSpan.record(mapped, encode);
                  }));
        }
        for (int t = 2; t < threads; t++) {
          assertSame(bytes.get(t % 2).get(), bytes.get(t).get(), "owner " + t + ", span " + n);
        }
        assertNotSame(bytes.get(0).get(), bytes.get(1).get());
        assertEquals(2 * (n + 1), encodes.get(), "two distinct outputs per span, span " + n);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anOutputIsSerializedWholeWhenNoBytesHeldAreOfItsFirstAttributes() {
    // weave first: nothing to extend yet; arize's shorter output is not cut from weave's
    SharedContentSpan span = ended();
    SpanData w = owner("weave", new Appending("team"), List.of(), "w").map(span.toSpanData());
    SpanData a = owner("arize", new Copying(), List.of(), "a").map(span.toSpanData());
    SharedContentSpan.record(w, extending);
    SharedContentSpan.record(a, extending);
    assertEquals(2, encodes.get());
    assertEquals(0, extensions.get());

    // the base's bytes dropped by the collector: serialized whole
    SharedContentSpan other = ended();
    SpanData a2 = owner("arize", new Copying(), List.of(), "a").map(other.toSpanData());
    SharedContentSpan.record(a2, extending);
    SharedContentSpan.dropSoftlyHeld(OwnerSpan.original(a2));
    SpanData w2 = owner("weave", new Appending("team"), List.of(), "w").map(other.toSpanData());
    SharedContentSpan.record(w2, extending);
    assertEquals(4, encodes.get());
    assertEquals(0, extensions.get());
  }

  @Test
  void aBackendWhoseSpanAStageRedactedNeverExtendsAnotherBackendsBytes() {
    for (boolean openFirst : new boolean[] {true, false}) {
      SharedContentSpan span = ended();
      SpanData open = owner("arize", new Copying(), List.of(), "a").map(span.toSpanData());
      SpanData redacted =
          owner("weave", new Appending("team"), List.of(REDACTING), "w").map(span.toSpanData());
      SpanData first = openFirst ? open : redacted;
      SpanData second = openFirst ? redacted : open;
      SharedContentSpan.record(first, extending);
      SharedContentSpan.record(second, extending);
      String weave =
          new String(SharedContentSpan.record(redacted, extending), StandardCharsets.UTF_8);
      assertFalse(weave.contains(SECRET), weave);
      assertTrue(weave.contains("<redacted>"), weave);
      assertEquals(0, extensions.get(), "the redacted output does not begin with the open one");
    }
  }

  @Test
  void attributesThatBeginWithAnotherOutputOnlyAsASetAreNotExtended() {
    Attributes ab = Attributes.builder().put("a", "1").put("b", "2").build();
    BoundedAttributeSet bacSet = new BoundedAttributeSet(8, 3);
    bacSet.put(AttributeKey.stringKey("b"), "2");
    bacSet.put(AttributeKey.stringKey("a"), "1");
    bacSet.put(AttributeKey.stringKey("c"), "3");
    Attributes bac = bacSet.build();
    BoundedAttributeSet abcSet = new BoundedAttributeSet(8, 3);
    abcSet.put(AttributeKey.stringKey("a"), "1");
    abcSet.put(AttributeKey.stringKey("b"), "2");
    abcSet.put(AttributeKey.stringKey("c"), "3");
    Attributes abc = abcSet.build();
    assertTrue(AttributesInOrder.startsWith(abc, ab));
    assertFalse(AttributesInOrder.startsWith(bac, ab));
    assertFalse(AttributesInOrder.startsWith(ab, abc), "longer than the attributes");
    assertTrue(AttributesInOrder.startsWith(ab, Attributes.empty()));
    assertFalse(
        AttributesInOrder.startsWith(abc, Attributes.builder().put("a", "1").put("b", 2L).build()));
  }

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
        AttributesInOrder.same(ab, Attributes.builder().put("a", "1").put("b", "2").build()));
    assertFalse(AttributesInOrder.same(ba, ab));
    assertFalse(AttributesInOrder.same(ab, Attributes.builder().put("a", "1").build()));
    assertFalse(
        AttributesInOrder.same(ab, Attributes.builder().put("a", "1").put("b", 2L).build()));
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
    // extended records are held as the others: they go with their spans
    OwnerScopedSpanExporter weave = owner("weave", new Appending("team"), List.of(), "w");
    for (int i = 0; i < 2000; i++) {
      SharedContentSpan span = ended();
      SharedContentSpan.record(arize.map(span.toSpanData()), extending);
      bytes.add(
          new WeakReference<>(SharedContentSpan.record(weave.map(span.toSpanData()), extending)));
      spans.add(new WeakReference<>(span));
    }
    assertEquals(2000, extensions.get());
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
        new FanOutSpans.Nowhere(),
        AttributeMapper.DEFAULT_ATTRIBUTE_LIMIT,
        modeStages,
        null,
        null);
  }

  /** A fan-out span: one ended SDK span with content, as the fan-out wraps it. */
  private static SharedContentSpan ended() {
    return FanOutSpans.endedWithContent(SECRET);
  }
}
