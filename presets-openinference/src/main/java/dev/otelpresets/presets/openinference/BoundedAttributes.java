package dev.otelpresets.presets.openinference;

import dev.otelpresets.spi.internal.BoundedAttributeSet;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.List;

/**
 * An insertion-ordered attribute set that never grows past a limit: callers add keys in order of
 * importance and whatever does not fit is refused. Keys are unique by name (a later put of an
 * existing name replaces the value in place and costs nothing). String values are sanitized
 * ({@link Strings#sanitize}). Not thread-safe; one per map call.
 */
final class BoundedAttributes {
  private final BoundedAttributeSet set;

  BoundedAttributes(int limit, int expected) {
    this.set = new BoundedAttributeSet(limit, expected);
  }

  BoundedAttributes(int limit) {
    this(limit, 32);
  }

  int size() {
    return set.size();
  }

  int remaining() {
    return set.remaining();
  }

  boolean contains(String name) {
    return set.contains(name);
  }

  /** Adds or replaces; returns false when the key is new and there is no room. */
  boolean put(AttributeKey<?> key, Object value) {
    return set.put(key, value);
  }

  boolean putString(AttributeKey<String> key, String value) {
    return value != null && set.put(key, Strings.sanitize(value));
  }

  boolean putString(String key, String value) {
    return value != null && set.put(AttributeKey.stringKey(key), Strings.sanitize(value));
  }

  boolean putLong(AttributeKey<Long> key, Long value) {
    return set.put(key, value);
  }

  boolean putDouble(AttributeKey<Double> key, Double value) {
    return set.put(key, value);
  }

  boolean putStrings(AttributeKey<List<String>> key, List<String> value) {
    return value != null && set.put(key, Strings.sanitize(value));
  }

  Attributes build() {
    return set.build();
  }
}
