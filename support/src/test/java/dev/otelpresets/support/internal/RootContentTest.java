package dev.otelpresets.support.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.otelpresets.support.internal.RootContent.Io;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The bounded per-trace state that carries LLM content to a trace's root. */
class RootContentTest {
  private static final String T = "0af7651916cd43dd8448eb211c80319c";
  private final AtomicLong now = new AtomicLong(1_000);

  private RootContent<String> store(int maxEntries, long maxChars, long ttl) {
    return new RootContent<>(maxEntries, maxChars, ttl, now::get, String::length);
  }

  @Test
  void firstStartedInputAndLastEndedOutputReachTheRootThroughNestedSpans() {
    RootContent<String> r = store(100, 10_000, 1_000_000);
    // root "s" > agent "a" > calls "c1", "c2"; a sibling call "c3" directly under the root
    r.forward(T, "c2", "a", "in2", 20, "out2", 30);
    r.forward(T, "c1", "a", "in1", 10, "out1", 15);
    r.forward(T, "a", "s", null, 5, null, 40); // not a call: forwards its descendants only
    r.forward(T, "c3", "s", null, 50, "out3", 25); // no captured input; ended before c2
    assertEquals(1, r.size());
    assertEquals(new Io<>("in1", "out2"), r.take(T, "s"));
    assertEquals(0, r.size());
    assertEquals(0, r.chars());
    assertNull(r.take(T, "s"), "removed when the root took it");
  }

  @Test
  void sameTraceIdTwoRootsEachGetTheirOwnDescendants() {
    // e.g. a caller that reused another request's traceparent: content follows the parent links
    RootContent<String> r = store(100, 10_000, 1_000_000);
    r.forward(T, "a1", "rootA", "tenant A asks", 1, "tenant A answer", 2);
    r.forward(T, "b1", "rootB", "tenant B asks", 0, "tenant B answer", 3);
    assertEquals(new Io<>("tenant A asks", "tenant A answer"), r.take(T, "rootA"));
    assertEquals(new Io<>("tenant B asks", "tenant B answer"), r.take(T, "rootB"));
  }

  @Test
  void rootExportedFirstGetsNothingAndTheLateContentExpires() {
    RootContent<String> r = store(100, 10_000, 1_000);
    assertNull(r.take(T, "s"));
    r.forward(T, "c", "s", "late", 1, "late out", 2);
    assertEquals(1, r.size());
    now.addAndGet(1_000);
    r.forward("1".repeat(32), "x", "y", "other", 1, null, 2); // any later use expires it
    assertEquals(1, r.size());
    assertEquals(1, r.evicted());
    assertNull(r.take(T, "s"));
  }

  @Test
  void boundedByEntriesAndCharacters() {
    RootContent<String> r = store(2, 10, 1_000_000);
    r.forward("a".repeat(32), "c", "s", "1234", 1, null, 1);
    r.forward("b".repeat(32), "c", "s", "1234", 1, null, 1);
    r.forward("c".repeat(32), "c", "s", "1234", 1, null, 1); // third entry: the oldest goes
    assertEquals(2, r.size());
    assertEquals(8, r.chars());
    assertNull(r.take("a".repeat(32), "s"));
    r.forward("d".repeat(32), "c", "s", "123", 1, null, 1); // 11 chars: the oldest goes
    assertEquals(2, r.size());
    assertEquals(7, r.chars());
    assertNull(r.take("b".repeat(32), "s"));
    // larger than the whole budget: never held
    r.forward("e".repeat(32), "c", "s", "12345678901", 1, null, 1);
    assertNull(r.take("e".repeat(32), "s"));
    assertEquals(7, r.chars());
    assertEquals(3, r.evicted());
    assertEquals(new Io<>("1234", null), r.take("c".repeat(32), "s"));
    assertEquals(new Io<>("123", null), r.take("d".repeat(32), "s"));
    assertEquals(0, r.chars());
  }

  @Test
  void nothingHeldWithoutContent() {
    RootContent<String> r = store(100, 10_000, 1_000_000);
    r.forward(T, "c", "s", null, 1, null, 2); // content capture off: nothing to carry
    assertEquals(0, r.size());
    assertNull(r.take(T, "s"));
  }

  /** A value carried with its type, as the OpenInference mapper carries input.value and mime. */
  private record Typed(String value, String mimeType) {}

  @Test
  void carryTakesAtLocalRootsAndForwardsFromChildrenWithAnyCarriedType() {
    RootContent<Typed> r = new RootContent<>(100, 6, 1_000_000, now::get, t -> t.value().length());
    SpanContext server = context("00f067aa0ba902b7", false);
    SpanContext remoteCaller = context("0000000000000001", true);
    Typed in = new Typed("abc", "application/json");
    Typed out = new Typed("def", "text/plain");
    assertNull(
        r.carry(span(context("b7ad6b7169203331", false), server, 10, 20), in, out),
        "a child gets nothing back");
    assertEquals(6, r.chars(), "weighed by the value only");
    assertEquals(
        new Io<>(in, out),
        r.carry(span(server, remoteCaller, 0, 30), null, null),
        "a root under a remote parent is the local root");
    assertEquals(0, r.size());
    assertNull(
        r.carry(span(server, SpanContext.getInvalid(), 0, 30), in, out),
        "a root's own content is not carried anywhere");
    assertEquals(0, r.size());
  }

  private static SpanContext context(String spanId, boolean remote) {
    return remote
        ? SpanContext.createFromRemoteParent(
            T, spanId, TraceFlags.getSampled(), TraceState.getDefault())
        : SpanContext.create(T, spanId, TraceFlags.getSampled(), TraceState.getDefault());
  }

  private static SpanData span(SpanContext self, SpanContext parent, long start, long end) {
    return TestSpanData.builder()
        .setName("s")
        .setKind(SpanKind.INTERNAL)
        .setSpanContext(self)
        .setParentSpanContext(parent)
        .setStartEpochNanos(start)
        .setEndEpochNanos(end)
        .setHasEnded(true)
        .setStatus(StatusData.unset())
        .build();
  }
}
