package dev.otelpresets.support.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import org.junit.jupiter.api.Test;

class IndexedKeysTest {
  private final IndexedKeys keys = new IndexedKeys("p.", 2, "role", "content");

  @Test
  void keysBelowTheBoundAreBuiltOnceAndShared() {
    AttributeKey<String> k = keys.get(1, 1);
    assertEquals("p.1.content", k.getKey());
    assertSame(k, keys.get(1, 1));
    assertEquals("p.0.role", keys.get(0, 0).getKey());
  }

  @Test
  void keysPastTheBoundAreBuiltPerCallWithTheSameName() {
    assertEquals("p.2.role", keys.get(2, 0).getKey());
    assertEquals("p.1000.content", keys.get(1000, 1).getKey());
    assertEquals(keys.get(2, 0), keys.get(2, 0));
  }

  @Test
  void aSetTellsWhetherAKeyHasAPrefix() {
    BoundedAttributeSet set = new BoundedAttributeSet(4, 4);
    set.put(AttributeKey.stringKey("a.b"), "x");
    assertTrue(set.anyKeyStartsWith("a."));
    assertFalse(set.anyKeyStartsWith("b."));
    assertFalse(new BoundedAttributeSet(4, 4).anyKeyStartsWith(""));
  }
}
