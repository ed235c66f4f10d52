package dev.otelpresets.core.internal;

import static dev.otelpresets.core.internal.StageSpans.MODEL;
import static dev.otelpresets.core.internal.StageSpans.span;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StagedSpanExporterTest {
  private static final AttributeKey<String> ORDER = AttributeKey.stringKey("order");

  private static SpanStage appending(String name, List<String> log) {
    return new SpanStage() {
      @Override
      public SpanData apply(SpanData span) {
        log.add(name);
        String before = span.getAttributes().get(ORDER);
        return OwnerSpan.withAttributes(
            span,
            span.getAttributes().toBuilder()
                .put(ORDER, (before == null ? "" : before) + name)
                .build());
      }

      @Override
      public String describe() {
        return name;
      }
    };
  }

  @Test
  void everySpanPassesEveryStageInOrderThenTheNextExporterGetsTheBatch() {
    List<String> log = new ArrayList<>();
    StageSpans.Recording next = StageSpans.Recording.succeeding();
    StagedSpanExporter e =
        new StagedSpanExporter(
            List.of(appending("a", log), appending("b", log), appending("c", log)), next);
    e.export(
        List.of(
            span("0af7651916cd43dd8448eb211c80319c", Attributes.of(MODEL, "x")),
            span("0af7651916cd43dd8448eb211c80319d", Attributes.of(MODEL, "y"))));
    assertEquals(1, next.batches.size());
    assertEquals(
        List.of("abc", "abc"), next.all().stream().map(s -> s.getAttributes().get(ORDER)).toList());
    assertEquals(List.of("a", "b", "c", "a", "b", "c"), log);
    e.shutdown();
    assertEquals(1, next.shutdowns);
  }

  @Test
  void theChainIsFixedWhenBuiltAndHasNoNullStage() {
    List<String> log = new ArrayList<>();
    List<SpanStage> stages = new ArrayList<>(List.of(appending("a", log)));
    StageSpans.Recording next = StageSpans.Recording.succeeding();
    StagedSpanExporter e = new StagedSpanExporter(stages, next);
    stages.add(appending("late", log)); // the caller's list changed after the chain was built
    stages.set(0, appending("replaced", log));
    e.export(List.of(span("0af7651916cd43dd8448eb211c80319c", Attributes.of(MODEL, "x"))));
    assertEquals(List.of("a"), log);
    assertEquals("StagedSpanExporter{1 stages}", e.toString());
    List<SpanStage> withNull = new ArrayList<>();
    withNull.add(null);
    assertThrows(NullPointerException.class, () -> new StagedSpanExporter(withNull, next));
  }

  @Test
  void theOwnerStagesStripThenMapThenOverlay() {
    List<String> names =
        OwnerStages.of(
                dev.otelpresets.spi.ExporterOwner.of("o"),
                (s, c, l) -> s.getAttributes(),
                Attributes.empty(),
                128)
            .stream()
            .map(SpanStage::describe)
            .toList();
    assertEquals(List.of("strip-internal-keys", "map:o", "resource-overlay"), names);
  }
}
