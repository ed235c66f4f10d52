package dev.otelpresets.core.internal;

import static dev.otelpresets.core.internal.StageSpans.MODEL;
import static dev.otelpresets.core.internal.StageSpans.span;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.otelpresets.spi.ExporterOwner;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class VocabularyMappingTest {
  private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final ExporterOwner OWNER = ExporterOwner.of("vocab");
  private static final AttributeKey<String> MODEL_NAME = AttributeKey.stringKey("llm.model_name");

  @Test
  void theMapperSeesTheSpanAndTheLimitAndItsOutputReplacesTheAttributes() {
    AtomicInteger limitSeen = new AtomicInteger();
    VocabularyMapping m =
        new VocabularyMapping(
            OWNER,
            (s, c, limit) -> {
              limitSeen.set(limit);
              return Attributes.of(MODEL_NAME, s.getAttributes().get(MODEL));
            },
            17);
    SpanData out = m.apply(span(TRACE, Attributes.of(MODEL, "gpt-4o")));
    assertEquals(Attributes.of(MODEL_NAME, "gpt-4o"), out.getAttributes());
    assertEquals(17, limitSeen.get());
    assertEquals(0, m.failures());
    assertEquals("map:vocab", m.describe());
  }

  @Test
  void aThrowingOrNullMapperCostsTheVocabularyNeverTheSpan() {
    SpanData in = span(TRACE, Attributes.of(MODEL, "gpt-4o"));
    VocabularyMapping throwing =
        new VocabularyMapping(
            OWNER,
            (s, c, l) -> {
              throw new IllegalStateException("broken mapper");
            },
            128);
    assertSame(in, throwing.apply(in));
    VocabularyMapping nulls = new VocabularyMapping(OWNER, (s, c, l) -> null, 128);
    assertSame(in, nulls.apply(in));
    VocabularyMapping deep =
        new VocabularyMapping(
            OWNER,
            (s, c, l) -> {
              throw new StackOverflowError();
            },
            128);
    assertSame(in, deep.apply(in));
    assertEquals(1, throwing.failures());
    assertEquals(1, nulls.failures());
    assertEquals(1, deep.failures());
  }
}
