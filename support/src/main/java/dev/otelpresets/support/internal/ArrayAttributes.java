package dev.otelpresets.support.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Immutable attributes over an array of unique-named keys and their values ({@code key0, value0,
 * key1, value1, ...}), in insertion order; made only by {@link BoundedAttributeSet#build()}, which
 * guarantees names are unique, values are non-null and the array is not touched afterwards.
 *
 * <p>Equality is by content with any {@link Attributes} ({@code asMap()} equal), so {@code
 * mapped.equals(Attributes.of(...))} works; the SDK's own implementation only equals its own
 * class, so compare in that direction (or with {@code asMap()}).
 */
final class ArrayAttributes implements Attributes {
  private final Object[] data;
  private final int size;

  ArrayAttributes(Object[] data, int size) {
    this.data = data;
    this.size = size;
  }

  private AttributeKey<?> key(int i) {
    return (AttributeKey<?>) data[2 * i];
  }

  private Object value(int i) {
    return data[2 * i + 1];
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T get(AttributeKey<T> key) {
    if (key == null) {
      return null;
    }
    for (int i = 0; i < size; i++) {
      Object k = data[2 * i];
      if (k == key || k.equals(key)) {
        return (T) data[2 * i + 1];
      }
    }
    return null;
  }

  @Override
  public void forEach(BiConsumer<? super AttributeKey<?>, ? super Object> consumer) {
    for (int i = 0; i < size; i++) {
      consumer.accept(key(i), value(i));
    }
  }

  /**
   * Whether this set's first attributes are {@code prefix}'s, equal keys and values in order: the
   * arrays compared directly (a backend's output that extends another's holds the same key and
   * value objects, so most pairs are the same references).
   */
  boolean startsWith(ArrayAttributes prefix) {
    int n = 2 * prefix.size;
    if (prefix.size > size) {
      return false;
    }
    Object[] mine = data;
    Object[] theirs = prefix.data;
    for (int i = 0; i < n; i++) {
      Object x = mine[i];
      Object y = theirs[i];
      if (x != y && !x.equals(y)) {
        return false;
      }
    }
    return true;
  }

  /** Whether this set's first attributes are {@code prefix}'s: one pass over it, nothing copied. */
  boolean startsWith(Attributes prefix) {
    return prefix.size() <= size && matchesFirstPairs(prefix, prefix.size());
  }

  /** Whether {@code other}'s first attributes are this set's: one pass over it, nothing copied. */
  boolean isPrefixOf(Attributes other) {
    return size <= other.size() && matchesFirstPairs(other, size);
  }

  /** Whether {@code other}'s first {@code n} attributes equal this array's first {@code n}. */
  private boolean matchesFirstPairs(Attributes other, int n) {
    PrefixCheck check = new PrefixCheck(data, 2 * n);
    other.forEach(check);
    return check.same;
  }

  /** Compares the attributes handed to it with the array's first pairs, until they differ. */
  private static final class PrefixCheck implements BiConsumer<AttributeKey<?>, Object> {
    private final Object[] pairs;
    private final int end;
    private int i;
    boolean same = true;

    PrefixCheck(Object[] pairs, int end) {
      this.pairs = pairs;
      this.end = end;
    }

    @Override
    public void accept(AttributeKey<?> k, Object v) {
      if (same && i < end) {
        Object pk = pairs[i++];
        Object pv = pairs[i++];
        same = (k == pk || k.equals(pk)) && (v == pv || v.equals(pv));
      }
    }
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean isEmpty() {
    return size == 0;
  }

  @Override
  public Map<AttributeKey<?>, Object> asMap() {
    Map<AttributeKey<?>, Object> m = new LinkedHashMap<>(size * 2);
    for (int i = 0; i < size; i++) {
      m.put(key(i), value(i));
    }
    return Collections.unmodifiableMap(m);
  }

  @Override
  @SuppressWarnings("unchecked")
  public AttributesBuilder toBuilder() {
    AttributesBuilder b = Attributes.builder();
    for (int i = 0; i < size; i++) {
      b.put((AttributeKey<Object>) key(i), value(i));
    }
    return b;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Attributes other) || other.size() != size) {
      return false;
    }
    for (int i = 0; i < size; i++) {
      if (!value(i).equals(other.get(key(i)))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 0;
    for (int i = 0; i < size; i++) {
      h += key(i).hashCode() ^ value(i).hashCode(); // Map.hashCode's definition
    }
    return h;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < size; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(key(i)).append('=');
      if (value(i) instanceof String s) {
        sb.append('"').append(s).append('"');
      } else {
        sb.append(value(i));
      }
    }
    return sb.append('}').toString();
  }
}
