package dev.otelpresets.spi.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Immutable attributes over arrays of unique-named keys and their values, in insertion order; made
 * only by {@link BoundedAttributeSet#build()}, which guarantees names are unique, values are
 * non-null and the arrays are not touched afterwards.
 *
 * <p>Equality is by content with any {@link Attributes} ({@code asMap()} equal), so {@code
 * mapped.equals(Attributes.of(...))} works; the SDK's own implementation only equals its own
 * class, so compare in that direction (or with {@code asMap()}).
 */
final class ArrayAttributes implements Attributes {
  private final AttributeKey<?>[] keys;
  private final Object[] values;
  private final int size;

  ArrayAttributes(AttributeKey<?>[] keys, Object[] values, int size) {
    this.keys = keys;
    this.values = values;
    this.size = size;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T get(AttributeKey<T> key) {
    if (key == null) {
      return null;
    }
    for (int i = 0; i < size; i++) {
      if (keys[i] == key || keys[i].equals(key)) {
        return (T) values[i];
      }
    }
    return null;
  }

  @Override
  public void forEach(BiConsumer<? super AttributeKey<?>, ? super Object> consumer) {
    for (int i = 0; i < size; i++) {
      consumer.accept(keys[i], values[i]);
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
      m.put(keys[i], values[i]);
    }
    return Collections.unmodifiableMap(m);
  }

  @Override
  @SuppressWarnings("unchecked")
  public AttributesBuilder toBuilder() {
    AttributesBuilder b = Attributes.builder();
    for (int i = 0; i < size; i++) {
      b.put((AttributeKey<Object>) keys[i], values[i]);
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
      if (!values[i].equals(other.get(keys[i]))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 0;
    for (int i = 0; i < size; i++) {
      h += keys[i].hashCode() ^ values[i].hashCode(); // Map.hashCode's definition
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
      sb.append(keys[i]).append('=');
      if (values[i] instanceof String s) {
        sb.append('"').append(s).append('"');
      } else {
        sb.append(values[i]);
      }
    }
    return sb.append('}').toString();
  }
}
