package dev.otelpresets.support.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.function.BiConsumer;

/**
 * Order-sensitive comparisons of attribute sets: two sets with the same keys and values in the
 * same order serialize to the same bytes ({@code Attributes.equals} ignores order). The export
 * threads ask this for every span and backend before they share a span's bytes, so two outputs
 * of {@link BoundedAttributeSet#build()} are compared over their arrays, and one of them with any
 * other set in one pass over that set, neither side copied. Unstable internal API of the built-in presets and the core,
 * not part of the SPI's compatibility promise.
 */
public final class AttributesInOrder {
  private AttributesInOrder() {}

  /** Whether {@code a} and {@code b} hold equal keys and values in the same order. */
  public static boolean same(Attributes a, Attributes b) {
    return a.size() == b.size() && startsWith(a, b);
  }

  /** Whether {@code a}'s first attributes are {@code b}'s: equal keys and values, in order. */
  public static boolean startsWith(Attributes a, Attributes b) {
    if (b.size() > a.size()) {
      return false;
    }
    if (a instanceof ArrayAttributes x) {
      return b instanceof ArrayAttributes y ? x.startsWith(y) : x.startsWith(b);
    }
    if (b instanceof ArrayAttributes y) {
      return y.isPrefixOf(a);
    }
    return startsWithByIteration(a, b);
  }

  /**
   * The same answer for any two implementations: {@code b}'s pairs copied into an array, then the
   * array's prefix check over {@code a}. Package-private for the tests.
   */
  static boolean startsWithByIteration(Attributes a, Attributes b) {
    int n = b.size();
    if (n > a.size()) {
      return false;
    }
    Object[] pairs = new Object[2 * n];
    b.forEach(
        new BiConsumer<AttributeKey<?>, Object>() {
          private int i;

          @Override
          public void accept(AttributeKey<?> k, Object v) {
            pairs[i++] = k;
            pairs[i++] = v;
          }
        });
    return new ArrayAttributes(pairs, n).isPrefixOf(a);
  }
}
