package dev.otelpresets.support.internal;

import static io.opentelemetry.api.common.AttributeKey.booleanKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BoundedAttributeSetTest {

  @Test
  void keepsInsertionOrderAndReplacesByNameInPlace() {
    BoundedAttributeSet set = new BoundedAttributeSet(10, 2);
    set.put(stringKey("b"), "1");
    set.put(stringKey("a"), "2");
    set.put(stringKey("b"), "3");
    set.put(longKey("a"), 4L); // same name, other type: replaces, keeps the slot
    Attributes out = set.build();
    List<String> names = new ArrayList<>();
    out.forEach((k, v) -> names.add(k.getKey() + "=" + v));
    assertEquals(List.of("b=3", "a=4"), names);
    assertEquals(2, out.size());
    assertEquals(4L, out.get(longKey("a")));
    assertNull(out.get(stringKey("a")), "typed look-up, as the SDK's Attributes");
  }

  @Test
  void neverGrowsPastTheLimit() {
    BoundedAttributeSet set = new BoundedAttributeSet(3, 1);
    assertTrue(set.put(stringKey("a"), "1"));
    assertTrue(set.append(stringKey("b"), "2"));
    assertTrue(set.putIfAbsent(stringKey("c"), "3"));
    assertTrue(set.full());
    assertFalse(set.put(stringKey("d"), "4"));
    assertFalse(set.append(stringKey("e"), "5"));
    assertFalse(set.putIfAbsent(stringKey("f"), "6"));
    assertTrue(set.put(stringKey("a"), "7"), "replacing needs no room");
    assertEquals(0, set.remaining());
    Attributes out = set.build();
    assertEquals(3, out.size());
    assertEquals("7", out.get(stringKey("a")));
  }

  @Test
  void putIfAbsentNeverReplaces() {
    BoundedAttributeSet set = new BoundedAttributeSet(5, 5);
    set.put(stringKey("a"), "1");
    assertFalse(set.putIfAbsent(stringKey("a"), "2"));
    assertTrue(set.contains("a"));
    assertFalse(set.contains("b"));
    assertEquals("1", set.build().get(stringKey("a")));
  }

  @Test
  void ignoresNullsAndEmptyNamesAsTheSdkBuilderDoes() {
    BoundedAttributeSet set = new BoundedAttributeSet(5, 5);
    assertFalse(set.put(stringKey("a"), null));
    assertFalse(set.put(null, "x"));
    assertFalse(set.put(stringKey(""), "x"));
    assertFalse(set.append(stringKey(""), "x"));
    assertFalse(set.putIfAbsent(stringKey(""), "x"));
    assertSame(Attributes.empty(), set.build());
  }

  @Test
  void cannotChangeAfterBuild() {
    BoundedAttributeSet set = new BoundedAttributeSet(5, 5);
    set.put(stringKey("a"), "1");
    set.build();
    assertThrows(IllegalStateException.class, () -> set.put(stringKey("b"), "2"));
    assertThrows(IllegalStateException.class, set::build);
  }

  @Test
  void equalsTheSdkAttributesOfTheSameContent() {
    BoundedAttributeSet set = new BoundedAttributeSet(5, 5);
    set.put(stringKey("z"), "1");
    set.put(longKey("a"), 2L);
    set.put(booleanKey("m"), true);
    Attributes ours = set.build();
    Attributes sdk =
        Attributes.builder()
            .put(longKey("a"), 2L)
            .put(booleanKey("m"), true)
            .put(stringKey("z"), "1")
            .build();
    assertEquals(ours, sdk);
    assertEquals(sdk.asMap(), ours.asMap());
    assertEquals(sdk.asMap().hashCode(), ours.hashCode());
    assertEquals(sdk, ours.toBuilder().build());
    assertFalse(ours.equals(Attributes.of(stringKey("z"), "1")));
    assertEquals("{z=\"1\", a=2, m=true}", ours.toString());
  }

  /** Random operations against a LinkedHashMap model (the implementation this replaced). */
  @Test
  void behavesLikeTheLinkedHashMapItReplaced() {
    SplittableRandom r = new SplittableRandom(7);
    for (int round = 0; round < 2_000; round++) {
      int limit = r.nextInt(0, 40);
      BoundedAttributeSet set = new BoundedAttributeSet(limit, r.nextInt(0, 50));
      Map<String, Object[]> model = new LinkedHashMap<>();
      int ops = r.nextInt(0, 80);
      for (int i = 0; i < ops; i++) {
        AttributeKey<String> key = stringKey("k" + r.nextInt(0, 60));
        String value = "v" + i;
        String name = key.getKey();
        boolean present = model.containsKey(name);
        if (r.nextBoolean()) {
          boolean added = set.put(key, value);
          boolean expected = present || model.size() < limit;
          assertEquals(expected, added);
          if (expected) {
            model.put(name, new Object[] {key, value});
          }
        } else {
          boolean added = set.putIfAbsent(key, value);
          boolean expected = !present && model.size() < limit;
          assertEquals(expected, added);
          if (expected) {
            model.put(name, new Object[] {key, value});
          }
        }
        assertEquals(model.size(), set.size());
        assertEquals(present || model.containsKey(name), set.contains(name));
      }
      Attributes out = set.build();
      List<String> actual = new ArrayList<>();
      out.forEach((k, v) -> actual.add(k.getKey() + "=" + v));
      List<String> expected = new ArrayList<>();
      model.forEach((k, v) -> expected.add(k + "=" + v[1]));
      assertEquals(expected, actual);
    }
  }
}
