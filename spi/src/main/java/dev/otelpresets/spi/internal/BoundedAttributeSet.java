package dev.otelpresets.spi.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.Arrays;

/**
 * An insertion-ordered attribute set that never grows past a limit, built for the export-time
 * mappers: keys are unique by name (a later {@link #put} of a name already present replaces its
 * value in place), a new key beyond the limit is refused, and {@link #build()} hands the arrays to
 * an immutable {@link Attributes} without copying or sorting them.
 *
 * <p>Why not {@code Attributes.builder()}: its {@code build()} merge-sorts and de-duplicates the
 * pairs, and with a {@code LinkedHashMap} in front of it to keep names unique and count against
 * the limit, that was about a third of the OpenInference mapper's cost per span. Here the name
 * index is a small open-addressing table of ints, and the result is the arrays themselves.
 *
 * <p>Null values and keys with an empty name are ignored, as {@code AttributesBuilder} does. Not
 * thread-safe: one per map call. Unstable internal API of the built-in presets, not part of the
 * SPI's compatibility promise.
 */
public final class BoundedAttributeSet {
  private final int limit;
  private AttributeKey<?>[] keys;
  private Object[] values;
  private int size;
  /** Open addressing on the key name's hash: 0 is empty, else index + 1. */
  private int[] slots;
  private boolean built;

  /**
   * @param limit the most attributes the set may hold
   * @param expected how many keys the caller expects to add (sizes the arrays; they grow if needed)
   */
  public BoundedAttributeSet(int limit, int expected) {
    this.limit = Math.max(0, limit);
    int cap = Math.max(4, Math.min(this.limit, expected));
    this.keys = new AttributeKey<?>[cap];
    this.values = new Object[cap];
    this.slots = new int[tableSize(cap)];
  }

  private static int tableSize(int capacity) {
    int n = Integer.highestOneBit(Math.max(4, capacity) - 1) << 2; // load factor <= 0.5
    return Math.max(8, n);
  }

  public int size() {
    return size;
  }

  public int remaining() {
    return limit - size;
  }

  public boolean full() {
    return size >= limit;
  }

  /** Whether a key of this name is present (whatever its type). */
  public boolean contains(String name) {
    return indexOf(name) >= 0;
  }

  /** Adds or replaces; returns false when the value is null or the key is new and there is no room. */
  public boolean put(AttributeKey<?> key, Object value) {
    checkNotBuilt();
    if (value == null || key == null) {
      return false;
    }
    String name = key.getKey();
    if (name.isEmpty()) {
      return false;
    }
    int mask = slots.length - 1;
    int h = mix(name.hashCode()) & mask;
    while (true) {
      int s = slots[h];
      if (s == 0) {
        break;
      }
      if (keys[s - 1].getKey().equals(name)) {
        keys[s - 1] = key;
        values[s - 1] = value;
        return true;
      }
      h = (h + 1) & mask;
    }
    if (size >= limit) {
      return false;
    }
    append(key, value, h);
    return true;
  }

  /** Adds unless the value is null, a key of that name is present, or the set is full. */
  public boolean putIfAbsent(AttributeKey<?> key, Object value) {
    checkNotBuilt();
    if (value == null || key == null || size >= limit) {
      return false;
    }
    String name = key.getKey();
    if (name.isEmpty()) {
      return false;
    }
    int mask = slots.length - 1;
    int h = mix(name.hashCode()) & mask;
    while (true) {
      int s = slots[h];
      if (s == 0) {
        break;
      }
      if (keys[s - 1].getKey().equals(name)) {
        return false;
      }
      h = (h + 1) & mask;
    }
    append(key, value, h);
    return true;
  }

  private void append(AttributeKey<?> key, Object value, int slot) {
    if (size == keys.length) {
      int cap = Math.min(limit, Math.max(size * 2, 8));
      keys = Arrays.copyOf(keys, cap);
      values = Arrays.copyOf(values, cap);
    }
    keys[size] = key;
    values[size] = value;
    size++;
    slots[slot] = size;
    if (size * 2 > slots.length) {
      rehash();
    }
  }

  private void rehash() {
    int[] table = new int[slots.length * 2];
    int mask = table.length - 1;
    for (int i = 0; i < size; i++) {
      int h = mix(keys[i].getKey().hashCode()) & mask;
      while (table[h] != 0) {
        h = (h + 1) & mask;
      }
      table[h] = i + 1;
    }
    slots = table;
  }

  private int indexOf(String name) {
    int mask = slots.length - 1;
    int h = mix(name.hashCode()) & mask;
    while (true) {
      int s = slots[h];
      if (s == 0) {
        return -1;
      }
      if (keys[s - 1].getKey().equals(name)) {
        return s - 1;
      }
      h = (h + 1) & mask;
    }
  }

  private static int mix(int h) {
    return h ^ (h >>> 16);
  }

  private void checkNotBuilt() {
    if (built) {
      throw new IllegalStateException("already built");
    }
  }

  /** The attributes, in insertion order. The set cannot be changed afterwards. */
  public Attributes build() {
    checkNotBuilt();
    built = true;
    if (size == 0) {
      return Attributes.empty();
    }
    return new ArrayAttributes(keys, values, size);
  }
}
