package dev.otelpresets.support.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AttributesInOrderTest {

  /** The answer from first principles: both sets' pairs as lists, one compared with the other. */
  private static boolean reference(Attributes a, Attributes b) {
    List<Object> x = pairs(a);
    List<Object> y = pairs(b);
    return y.size() <= x.size() && x.subList(0, y.size()).equals(y);
  }

  private static List<Object> pairs(Attributes a) {
    List<Object> out = new ArrayList<>();
    a.forEach(
        (k, v) -> {
          out.add(k);
          out.add(v);
        });
    return out;
  }

  private static Attributes ours(List<Object[]> pairs) {
    BoundedAttributeSet s = new BoundedAttributeSet(1000, pairs.size());
    for (Object[] p : pairs) {
      s.put((AttributeKey<?>) p[0], p[1]);
    }
    return s.build();
  }

  @SuppressWarnings("unchecked")
  private static Attributes sdk(List<Object[]> pairs) {
    var b = Attributes.builder();
    for (Object[] p : pairs) {
      b.put((AttributeKey<Object>) p[0], p[1]);
    }
    return b.build();
  }

  private static Object[] pair(Random r, int i) {
    String name = "k" + r.nextInt(6);
    return switch (r.nextInt(4)) {
      case 0 -> new Object[] {AttributeKey.stringKey(name), "v" + r.nextInt(3)};
      case 1 -> new Object[] {AttributeKey.longKey(name), (long) r.nextInt(3)};
      case 2 -> new Object[] {AttributeKey.booleanKey(name), r.nextBoolean()};
      default -> new Object[] {AttributeKey.stringArrayKey(name), List.of("a", "b" + r.nextInt(2))};
    };
  }

  @Test
  void theArrayComparisonAnswersAsTheReferenceOverRandomSets() {
    Random r = new Random(20261203);
    int prefixes = 0;
    for (int n = 0; n < 20_000; n++) {
      List<Object[]> base = new ArrayList<>();
      int size = r.nextInt(8);
      for (int i = 0; i < size; i++) {
        base.add(pair(r, i));
      }
      List<Object[]> other = new ArrayList<>();
      switch (r.nextInt(4)) {
        case 0 -> other.addAll(base.subList(0, r.nextInt(base.size() + 1))); // same objects
        case 1 -> { // equal values in new objects
          for (Object[] p : base.subList(0, r.nextInt(base.size() + 1))) {
            Object v = p[1] instanceof String s ? new String(s) : p[1];
            other.add(new Object[] {p[0], v});
          }
        }
        case 2 -> { // a prefix with one pair changed
          other.addAll(base.subList(0, r.nextInt(base.size() + 1)));
          if (!other.isEmpty()) {
            other.set(r.nextInt(other.size()), pair(r, 0));
          }
        }
        default -> {
          for (int i = 0; i < r.nextInt(8); i++) {
            other.add(pair(r, i));
          }
        }
      }
      Attributes a = ours(base);
      Attributes b = ours(other);
      boolean expected = reference(a, b);
      prefixes += expected ? 1 : 0;
      assertEquals(expected, AttributesInOrder.startsWith(a, b), a + " starts with " + b);
      assertEquals(expected, AttributesInOrder.startsWithByIteration(a, b), a + " / " + b);
      assertEquals(
          reference(a, b) && reference(b, a), AttributesInOrder.same(a, b), a + " same " + b);
      // mixed and SDK-only implementations answer the same
      Attributes sdkA = sdk(base);
      Attributes sdkB = sdk(other);
      assertEquals(reference(a, sdkB), AttributesInOrder.startsWith(a, sdkB), a + " / " + sdkB);
      assertEquals(reference(sdkA, b), AttributesInOrder.startsWith(sdkA, b), sdkA + " / " + b);
      assertEquals(
          reference(sdkA, sdkB), AttributesInOrder.startsWith(sdkA, sdkB), sdkA + " / " + sdkB);
      assertEquals(
          reference(sdkA, b) && reference(b, sdkA),
          AttributesInOrder.same(sdkA, b),
          sdkA + " same " + b);
    }
    assertTrue(prefixes > 2_000, "the cases hold enough prefixes: " + prefixes);
  }

  @Test
  void aKeyOfTheSameNameAndAnotherTypeDiffers() {
    Attributes a = ours(List.<Object[]>of(new Object[] {AttributeKey.stringKey("x"), "1"}));
    Attributes b = ours(List.<Object[]>of(new Object[] {AttributeKey.longKey("x"), 1L}));
    assertFalse(AttributesInOrder.startsWith(a, b));
    assertFalse(AttributesInOrder.same(a, b));
  }

  @Test
  void orderMatters() {
    Object[] x = {AttributeKey.stringKey("x"), "1"};
    Object[] y = {AttributeKey.stringKey("y"), "2"};
    Attributes xy = ours(List.of(x, y));
    Attributes yx = ours(List.of(y, x));
    assertEquals(xy, yx, "equal as sets");
    assertFalse(AttributesInOrder.same(xy, yx));
    assertTrue(AttributesInOrder.startsWith(xy, ours(List.<Object[]>of(x))));
    assertFalse(AttributesInOrder.startsWith(yx, ours(List.<Object[]>of(x))));
    assertTrue(AttributesInOrder.startsWith(xy, Attributes.empty()));
    assertFalse(AttributesInOrder.startsWith(ours(List.<Object[]>of(x)), xy), "longer prefix");
  }
}
