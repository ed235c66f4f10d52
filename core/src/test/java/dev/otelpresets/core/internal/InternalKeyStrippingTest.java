package dev.otelpresets.core.internal;

import static dev.otelpresets.core.internal.StageSpans.MODEL;
import static dev.otelpresets.core.internal.StageSpans.TENANT;
import static dev.otelpresets.core.internal.StageSpans.span;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

class InternalKeyStrippingTest {
  private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";

  @Test
  void internalKeysGoOthersStayAndTheSharedSpanIsUntouched() {
    Attributes in =
        Attributes.builder()
            .put(MODEL, "gpt-4o")
            .put(TENANT, "team-a")
            .put(AttributeKey.longKey("otelpresets.internal.other"), 3L)
            .put(AttributeKey.stringKey("otelpresets.internalish"), "kept: not the prefix")
            .build();
    SpanData shared = span(TRACE, in);
    SpanData out = InternalKeyStripping.INSTANCE.apply(shared);
    assertEquals("gpt-4o", out.getAttributes().get(MODEL));
    assertEquals(
        "kept: not the prefix",
        out.getAttributes().get(AttributeKey.stringKey("otelpresets.internalish")));
    assertNull(out.getAttributes().get(TENANT));
    assertEquals(2, out.getAttributes().size());
    assertEquals(2, out.getTotalAttributeCount());
    assertEquals("team-a", shared.getAttributes().get(TENANT), "the shared span keeps its keys");
  }

  @Test
  void aSpanWithoutInternalKeysIsPassedOnAsItIs() {
    SpanData span = span(TRACE, Attributes.of(MODEL, "gpt-4o"));
    assertSame(span, InternalKeyStripping.INSTANCE.apply(span));
  }

  @Test
  void everyBackendGetsTheFanOutSpansOneSnapshotStrippedOnce() {
    SharedContentSpan span = FanOutSpans.endedWithContent("hi", Attributes.of(TENANT, "team-a"));
    SpanData first = span.toSpanData();
    SpanData second = span.toSpanData();
    assertSame(first, second, "one snapshot for every backend");
    SpanData stripped = InternalKeyStripping.INSTANCE.apply(first);
    assertNull(stripped.getAttributes().get(TENANT));
    assertEquals("team-a", first.getAttributes().get(TENANT), "the snapshot keeps its keys");
    assertSame(stripped, InternalKeyStripping.INSTANCE.apply(second), "stripped once");

    SharedContentSpan plain = FanOutSpans.endedWithContent("hi");
    SpanData snapshot = plain.toSpanData();
    assertSame(snapshot, InternalKeyStripping.INSTANCE.apply(snapshot));
  }
}
