package dev.otelpresets.presets.langfuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.otelpresets.presets.langfuse.RootContent.Io;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The bounded per-trace state that carries LLM content to a trace's root. */
class RootContentTest {
  private static final String T = "0af7651916cd43dd8448eb211c80319c";
  private final AtomicLong now = new AtomicLong(1_000);

  private RootContent store(int maxEntries, long maxChars, long ttl) {
    return new RootContent(maxEntries, maxChars, ttl, now::get);
  }

  @Test
  void firstStartedInputAndLastEndedOutputReachTheRootThroughNestedSpans() {
    RootContent r = store(100, 10_000, 1_000_000);
    // root "s" > agent "a" > calls "c1", "c2"; a sibling call "c3" directly under the root
    r.forward(T, "c2", "a", "in2", 20, "out2", 30);
    r.forward(T, "c1", "a", "in1", 10, "out1", 15);
    r.forward(T, "a", "s", null, 5, null, 40); // not a call: forwards its descendants only
    r.forward(T, "c3", "s", null, 50, "out3", 25); // no captured input; ended before c2
    assertEquals(1, r.size());
    assertEquals(new Io("in1", "out2"), r.take(T, "s"));
    assertEquals(0, r.size());
    assertEquals(0, r.chars());
    assertNull(r.take(T, "s"), "removed when the root took it");
  }

  @Test
  void sameTraceIdTwoRootsEachGetTheirOwnDescendants() {
    // e.g. a caller that reused another request's traceparent: content follows the parent links
    RootContent r = store(100, 10_000, 1_000_000);
    r.forward(T, "a1", "rootA", "tenant A asks", 1, "tenant A answer", 2);
    r.forward(T, "b1", "rootB", "tenant B asks", 0, "tenant B answer", 3);
    assertEquals(new Io("tenant A asks", "tenant A answer"), r.take(T, "rootA"));
    assertEquals(new Io("tenant B asks", "tenant B answer"), r.take(T, "rootB"));
  }

  @Test
  void rootExportedFirstGetsNothingAndTheLateContentExpires() {
    RootContent r = store(100, 10_000, 1_000);
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
    RootContent r = store(2, 10, 1_000_000);
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
    assertEquals(new Io("1234", null), r.take("c".repeat(32), "s"));
    assertEquals(new Io("123", null), r.take("d".repeat(32), "s"));
    assertEquals(0, r.chars());
  }

  @Test
  void nothingHeldWithoutContent() {
    RootContent r = store(100, 10_000, 1_000_000);
    r.forward(T, "c", "s", null, 1, null, 2); // content capture off: nothing to carry
    assertEquals(0, r.size());
    assertNull(r.take(T, "s"));
  }
}
