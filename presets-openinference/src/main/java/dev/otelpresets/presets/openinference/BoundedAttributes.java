package dev.otelpresets.presets.openinference;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An insertion-ordered attribute set that never grows past a limit: callers add keys in order of
 * importance and whatever does not fit is refused. Keys are unique by name (a later put of an
 * existing name replaces the value in place and costs nothing). Not thread-safe; one per map call.
 */
final class BoundedAttributes {
  private final int limit;
  private final Map<String, Entry> entries = new LinkedHashMap<>();

  private record Entry(AttributeKey<?> key, Object value) {}

  BoundedAttributes(int limit) {
    this.limit = limit;
  }

  int size() {
    return entries.size();
  }

  int remaining() {
    return limit - entries.size();
  }

  boolean contains(String name) {
    return entries.containsKey(name);
  }

  /** Adds or replaces; returns false when the key is new and there is no room. */
  boolean put(AttributeKey<?> key, Object value) {
    if (value == null) {
      return false;
    }
    String name = key.getKey();
    if (!entries.containsKey(name) && entries.size() >= limit) {
      return false;
    }
    entries.put(name, new Entry(key, value));
    return true;
  }

  boolean putString(String key, String value) {
    return value != null && put(AttributeKey.stringKey(key), Strings.sanitize(value));
  }

  boolean putLong(String key, Long value) {
    return value != null && put(AttributeKey.longKey(key), value);
  }

  boolean putDouble(String key, Double value) {
    return value != null && put(AttributeKey.doubleKey(key), value);
  }

  boolean putStrings(String key, List<String> value) {
    if (value == null) {
      return false;
    }
    return put(AttributeKey.stringArrayKey(key), value.stream().map(Strings::sanitize).toList());
  }

  @SuppressWarnings("unchecked")
  Attributes build() {
    AttributesBuilder b = Attributes.builder();
    for (Entry e : entries.values()) {
      b.put((AttributeKey<Object>) e.key(), e.value());
    }
    return b.build();
  }
}
