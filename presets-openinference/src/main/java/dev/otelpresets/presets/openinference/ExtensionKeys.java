package dev.otelpresets.presets.openinference;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.Arrays;
import java.util.function.Predicate;

/**
 * The {@link AttributesBuilder} an {@link OpenInferenceExtension} writes into: it only records the
 * pairs (no sorting, no {@code Attributes} built), and the mapper copies them into its output once
 * the extension has returned, so a throwing extension still costs only its own keys. Same rules as
 * the SDK's builder: null keys or values and empty names are ignored, a later put of a name
 * replaces the earlier one (when copied), {@code remove}/{@code removeIf} work.
 */
final class ExtensionKeys implements AttributesBuilder {
  private Object[] data = new Object[16]; // key0, value0, ...
  private int size;

  void clear() {
    Arrays.fill(data, 0, 2 * size, null);
    size = 0;
  }

  int size() {
    return size;
  }

  AttributeKey<?> key(int i) {
    return (AttributeKey<?>) data[2 * i];
  }

  Object value(int i) {
    return data[2 * i + 1];
  }

  @Override
  public <T> AttributesBuilder put(AttributeKey<T> key, T value) {
    if (key == null || value == null || key.getKey().isEmpty()) {
      return this;
    }
    if (2 * size == data.length) {
      data = Arrays.copyOf(data, data.length * 2);
    }
    data[2 * size] = key;
    data[2 * size + 1] = value;
    size++;
    return this;
  }

  @Override
  public <T> AttributesBuilder put(AttributeKey<Long> key, int value) {
    return put(key, (long) value);
  }

  @Override
  @SuppressWarnings("unchecked")
  public AttributesBuilder putAll(Attributes attributes) {
    if (attributes != null) {
      attributes.forEach((k, v) -> put((AttributeKey<Object>) k, v));
    }
    return this;
  }

  @Override
  public <T> AttributesBuilder remove(AttributeKey<T> key) {
    if (key == null) {
      return this;
    }
    return removeIf(k -> k.getKey().equals(key.getKey()) && k.getType() == key.getType());
  }

  @Override
  public AttributesBuilder removeIf(Predicate<AttributeKey<?>> filter) {
    if (filter == null) {
      return this;
    }
    int kept = 0;
    for (int i = 0; i < size; i++) {
      if (!filter.test(key(i))) {
        data[2 * kept] = data[2 * i];
        data[2 * kept + 1] = data[2 * i + 1];
        kept++;
      }
    }
    Arrays.fill(data, 2 * kept, 2 * size, null);
    size = kept;
    return this;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Attributes build() {
    AttributesBuilder b = Attributes.builder();
    for (int i = 0; i < size; i++) {
      b.put((AttributeKey<Object>) key(i), value(i));
    }
    return b.build();
  }
}
