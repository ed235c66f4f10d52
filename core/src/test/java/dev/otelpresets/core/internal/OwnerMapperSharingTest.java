package dev.otelpresets.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.spi.AttributeMapper;
import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.spi.genai.GenAiContent;
import dev.otelpresets.support.internal.OwnerMapper;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Owners whose {@link OwnerMapper}s have one stateless part share one call of it per fan-out span,
 * while each owner's own step runs for that owner alone: a step that throws costs its owner's
 * vocabulary only, a shared part that throws for one owner is made again for the next, and an owner
 * whose stage changed the span gets a shared mapping of its own.
 */
class OwnerMapperSharingTest {
  private static final AttributeKey<String> VALUE = AttributeKey.stringKey("input.value");
  private static final AttributeKey<String> OWNER = AttributeKey.stringKey("owned.by");
  private static final String SECRET = "SECRET-8d1";

  /** The stateless part: copies the input messages; may be told to throw on its next calls. */
  private static final class Shared implements AttributeMapper {
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger throwing = new AtomicInteger();

    @Override
    public Attributes map(SpanData span, GenAiContent content, int limit) {
      calls.incrementAndGet();
      if (throwing.getAndDecrement() > 0) {
        throw new IllegalStateException("shared part broke");
      }
      String in = span.getAttributes().get(GenAiAttributes.INPUT_MESSAGES);
      return Attributes.of(VALUE, in == null ? "" : in);
    }
  }

  /** One owner's step: the shared output plus its own name; may throw. */
  private static final class Owned implements OwnerMapper {
    final Shared shared;
    final String name;
    final boolean throwing;
    final AtomicInteger steps = new AtomicInteger();

    Owned(Shared shared, String name, boolean throwing) {
      this.shared = shared;
      this.name = name;
      this.throwing = throwing;
    }

    @Override
    public AttributeMapper shared() {
      return shared;
    }

    @Override
    public Attributes map(
        SpanData span, GenAiContent content, int limit, Supplier<Attributes> sharedOutput) {
      steps.incrementAndGet();
      Attributes out = sharedOutput.get();
      if (throwing) {
        throw new IllegalStateException("owner step broke");
      }
      return out.toBuilder().put(OWNER, name).build();
    }
  }

  @Test
  void threeOwnersShareOneCallOfTheStatelessPartAndEachRunsItsOwnStep() {
    Shared shared = new Shared();
    List<Owned> mappers =
        List.of(
            new Owned(shared, "arize", false),
            new Owned(shared, "phoenix", false),
            new Owned(shared, "weave", false));
    SharedContentSpan span = ended();
    for (Owned m : mappers) {
      SpanData out = owner(m.name, m, List.of()).map(span.toSpanData());
      assertEquals(m.name, out.getAttributes().get(OWNER));
      assertTrue(out.getAttributes().get(VALUE).contains(SECRET));
      assertEquals(1, m.steps.get());
    }
    assertEquals(1, shared.calls.get(), "one stateless mapping for three owners");
  }

  @Test
  void anOwnerStepThatThrowsCostsThatOwnerItsVocabularyOnly() {
    Shared shared = new Shared();
    Owned broken = new Owned(shared, "arize", true);
    Owned healthy = new Owned(shared, "phoenix", false);
    SharedContentSpan span = ended();
    SpanData a = owner("arize", broken, List.of()).map(span.toSpanData());
    SpanData p = owner("phoenix", healthy, List.of()).map(span.toSpanData());
    assertNull(a.getAttributes().get(OWNER), "the canonical span goes on");
    assertTrue(a.getAttributes().get(GenAiAttributes.INPUT_MESSAGES).contains(SECRET));
    assertEquals("phoenix", p.getAttributes().get(OWNER));
    assertEquals(1, shared.calls.get(), "the other owner still used the shared output");
  }

  @Test
  void aSharedPartThatThrowsForOneOwnerIsMadeAgainForTheNext() {
    Shared shared = new Shared();
    shared.throwing.set(1);
    SharedContentSpan span = ended();
    SpanData a =
        owner("arize", new Owned(shared, "arize", false), List.of()).map(span.toSpanData());
    SpanData p =
        owner("phoenix", new Owned(shared, "phoenix", false), List.of()).map(span.toSpanData());
    assertNull(a.getAttributes().get(OWNER));
    assertEquals("phoenix", p.getAttributes().get(OWNER));
    assertTrue(p.getAttributes().get(VALUE).contains(SECRET));
    assertEquals(2, shared.calls.get());
  }

  @Test
  void anOwnerWhoseStageRemovedTheContentGetsASharedMappingOfItsOwn() {
    Shared shared = new Shared();
    SharedContentSpan span = ended();
    SpanStage noContent =
        new SpanStage() {
          @Override
          public SpanData apply(SpanData s) {
            return OwnerSpan.withAttributes(
                s, s.getAttributes().toBuilder().remove(GenAiAttributes.INPUT_MESSAGES).build());
          }

          @Override
          public String describe() {
            return "no_content";
          }
        };
    SpanData open =
        owner("arize", new Owned(shared, "arize", false), List.of()).map(span.toSpanData());
    SpanData stripped =
        owner("phoenix", new Owned(shared, "phoenix", false), List.of(noContent))
            .map(span.toSpanData());
    assertEquals(2, shared.calls.get());
    assertTrue(open.getAttributes().get(VALUE).contains(SECRET));
    assertEquals("", stripped.getAttributes().get(VALUE));
    assertFalse(stripped.getAttributes().toString().contains(SECRET));
  }

  @Test
  void withoutTheFanOutEachCallMapsOnItsOwn() {
    Shared shared = new Shared();
    Owned m = new Owned(shared, "arize", false);
    SpanData notShared = ended().toSpanData();
    SpanData plain = new io.opentelemetry.sdk.trace.data.DelegatingSpanData(notShared) {};
    OwnerScopedSpanExporter e = owner("arize", m, List.of());
    Attributes first = e.map(plain).getAttributes();
    Attributes second = e.map(plain).getAttributes();
    assertEquals(first, second);
    assertEquals(2, shared.calls.get());
    assertSame(first.get(OWNER), second.get(OWNER));
  }

  private static OwnerScopedSpanExporter owner(
      String id, AttributeMapper mapper, List<SpanStage> modeStages) {
    return new OwnerScopedSpanExporter(
        ExporterOwner.of(id),
        mapper,
        Attributes.empty(),
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
