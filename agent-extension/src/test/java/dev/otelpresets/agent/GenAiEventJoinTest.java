package dev.otelpresets.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.internal.ContentAttributes;
import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.testkit.LogCapture;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The join's bounds and edge cases, fed through a real SDK logger provider. */
class GenAiEventJoinTest {
  private static final AttributeKey<String> EVENT_NAME = AttributeKey.stringKey("event.name");

  private SdkLoggerProvider provider;

  @AfterEach
  void stop() {
    if (provider != null) {
      provider.close();
    }
  }

  private Logger events(GenAiEventJoin join) {
    provider = SdkLoggerProvider.builder().addLogRecordProcessor(join).build();
    return provider.get("io.opentelemetry.openai-java-1.1");
  }

  private static SpanContext span(long n, boolean sampled) {
    return SpanContext.create(
        String.format("%032x", n + 1),
        String.format("%016x", n + 1),
        sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(),
        TraceState.getDefault());
  }

  private static void emit(Logger events, SpanContext span, String name, String content) {
    events
        .logRecordBuilder()
        .setAttribute(EVENT_NAME, name)
        .setContext(Context.root().with(Span.wrap(span)))
        .setBody(Value.of(Map.of("content", Value.of(content))))
        .emit();
  }

  @Test
  void aBurstOfEventsForSpansThatNeverEndStaysWithinTheBoundsAndIsCountedAndLoggedOnce() {
    int maxEvents = 1_000;
    long maxBytes = 256 * 1024;
    GenAiEventJoin join = new GenAiEventJoin(new ContentAttributes(4096), maxEvents, maxBytes);
    Logger events = events(join);
    int spans = 20_000;
    long emitted = 0;
    int maxHeld = 0;
    long maxHeldBytes = 0;
    try (LogCapture logs = new LogCapture()) {
      for (int i = 0; i < spans; i++) {
        SpanContext s = span(i, true);
        // a short prompt, and every 10th span a long one: both bounds come into play
        emit(events, s, "gen_ai.user.message", i % 10 == 0 ? "x".repeat(2_000) : "hello " + i);
        emit(events, s, "gen_ai.assistant.message", "earlier answer " + i);
        emitted += 2;
        maxHeld = Math.max(maxHeld, join.heldEvents());
        maxHeldBytes = Math.max(maxHeldBytes, join.heldBytes());
      }
      assertTrue(maxHeld <= maxEvents, "held " + maxHeld);
      assertTrue(maxHeldBytes <= maxBytes, "held " + maxHeldBytes + " bytes");
      assertEquals(
          emitted,
          join.heldEvents() + join.droppedEvents(),
          "every event is held or counted as dropped");
      assertTrue(join.droppedEvents() > emitted - maxEvents - 1, "dropped " + join.droppedEvents());
      assertEquals(
          1,
          logs.lines().stream()
              .filter(l -> l.startsWith("[JUL") && l.contains("than the bound"))
              .count(),
          logs.text());
    }
    // the newest spans' events are the ones kept: the last span still joins
    Attributes last = join.take(span(spans - 1, true), System.nanoTime(), false);
    assertTrue(
        last.get(GenAiAttributes.INPUT_MESSAGES).contains("hello " + (spans - 1)), last.toString());
    System.out.printf(
        "GenAiEventJoinTest: %d events for %d never-ending spans: at most %d"
            + " events / %d bytes held (bounds %d / %d), %d dropped%n",
        emitted, spans, maxHeld, maxHeldBytes, maxEvents, maxBytes, join.droppedEvents());
  }

  @Test
  void takingRemovesEverythingAndALateEventIsDroppedNotHeld() {
    GenAiEventJoin join = new GenAiEventJoin(new ContentAttributes(4096));
    Logger events = events(join);
    SpanContext s = span(1, true);
    emit(events, s, "gen_ai.user.message", "Say hello");
    emit(events, s, "gen_ai.system.message", "Be brief.");
    assertEquals(2, join.heldEvents());
    // no choice and the grace long past: the input alone, nothing held afterwards
    Attributes a = join.take(s, System.nanoTime() - GenAiEventJoin.OUTPUT_GRACE_NANOS, true);
    assertEquals(
        "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Say hello\"}]}]",
        a.get(GenAiAttributes.INPUT_MESSAGES));
    assertEquals(
        "[{\"type\":\"text\",\"content\":\"Be brief.\"}]",
        a.get(GenAiAttributes.SYSTEM_INSTRUCTIONS));
    assertEquals(null, a.get(GenAiAttributes.OUTPUT_MESSAGES));
    assertEquals(0, join.heldEvents());
    assertEquals(0, join.heldBytes());
    events
        .logRecordBuilder()
        .setAttribute(EVENT_NAME, "gen_ai.choice")
        .setContext(Context.root().with(Span.wrap(s)))
        .setBody(
            Value.of(
                Map.of(
                    "index",
                    Value.of(0L),
                    "message",
                    Value.of(Map.of("content", Value.of("late"))))))
        .emit();
    assertEquals(0, join.heldEvents(), "an event for an exported span is not held");
    assertEquals(1, join.droppedEvents());
  }

  @Test
  void unsampledSpansOtherEventsAndUnknownShapesAreIgnoredAndOneOversizedEventIsDropped() {
    GenAiEventJoin join = new GenAiEventJoin(new ContentAttributes(4096), 10, 1_000);
    Logger events = events(join);
    emit(events, span(1, false), "gen_ai.user.message", "not sampled");
    emit(events, span(2, true), "http.request", "not a GenAI event");
    events
        .logRecordBuilder()
        .setAttribute(EVENT_NAME, "gen_ai.user.message")
        .setContext(Context.root().with(Span.wrap(span(3, true))))
        .setBody(Value.of("a plain string body"))
        .emit();
    events
        .logRecordBuilder()
        .setAttribute(EVENT_NAME, "gen_ai.user.message")
        .setBody(Value.of(Map.of("content", Value.of("no span"))))
        .emit();
    assertEquals(0, join.heldEvents());
    assertEquals(0, join.droppedEvents());
    emit(events, span(4, true), "gen_ai.user.message", "y".repeat(1_000));
    assertEquals(0, join.heldEvents());
    assertEquals(1, join.droppedEvents());
  }

  @Test
  void choicesAreOrderedByIndexWithToolCallsAndFinishReasons() {
    GenAiEventJoin join = new GenAiEventJoin(new ContentAttributes(4096));
    Logger events = events(join);
    SpanContext s = span(1, true);
    events
        .logRecordBuilder()
        .setAttribute(EVENT_NAME, "gen_ai.choice")
        .setContext(Context.root().with(Span.wrap(s)))
        .setBody(
            Value.of(
                Map.of(
                    "index",
                    Value.of(1L),
                    "finish_reason",
                    Value.of("tool_calls"),
                    "message",
                    Value.of(
                        Map.of(
                            "tool_calls",
                            Value.of(
                                Value.of(
                                    Map.of(
                                        "id",
                                        Value.of("c1"),
                                        "type",
                                        Value.of("function"),
                                        "function",
                                        Value.of(
                                            Map.of(
                                                "name",
                                                Value.of("weather"),
                                                "arguments",
                                                Value.of("{not json")))))))))))
        .emit();
    events
        .logRecordBuilder()
        .setEventName("gen_ai.choice")
        .setContext(Context.root().with(Span.wrap(s)))
        .setBody(
            Value.of(
                Map.of(
                    "index",
                    Value.of(0L),
                    "finish_reason",
                    Value.of("stop"),
                    "message",
                    Value.of(Map.of("content", Value.of("Hi"))))))
        .emit();
    Attributes a = join.take(s, System.nanoTime(), true);
    assertEquals(
        "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Hi\"}],"
            + "\"finish_reason\":\"stop\"},{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\","
            + "\"id\":\"c1\",\"name\":\"weather\",\"arguments\":\"{not json\"}],"
            + "\"finish_reason\":\"tool_calls\"}]",
        a.get(GenAiAttributes.OUTPUT_MESSAGES));
  }

  @BeforeEach
  void noProvider() {
    provider = null;
  }
}
