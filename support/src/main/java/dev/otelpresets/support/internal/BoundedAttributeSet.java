package dev.otelpresets.support.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.Arrays;

/**
 * An insertion-ordered attribute set that never grows past a limit, built for the export-time
 * mappers: keys are unique by name (a later {@link #put} of a name already present replaces its
 * value in place), a new key beyond the limit is refused, and {@link #build()} hands the array to
 * an immutable {@link Attributes} without copying or sorting it.
 *
 * <p>Why not {@code Attributes.builder()}: its {@code build()} merge-sorts and de-duplicates the
 * pairs, and with a {@code LinkedHashMap} in front of it to keep names unique and count against
 * the limit, that was about a third of the OpenInference mapper's cost per span. Here the pairs
 * sit in one array, next to an array of the names' hashes that name look-ups scan (a mapper's
 * span holds a few dozen keys: a scan of ints beats a hash table it would have to allocate), behind
 * a 128-bit filter of those hashes that answers most look-ups of absent names at once.
 * {@link #append} skips the look-up for keys the caller knows are new.
 *
 * <p>Null values and keys with an empty name are ignored, as {@code AttributesBuilder} does. Not
 * thread-safe: one per map call. Unstable internal API of the built-in presets, not part of the
 * SPI's compatibility promise.
 */
public final class BoundedAttributeSet {
  private final int limit;

  /** key0, value0, key1, value1, ... */
  private Object[] data;

  private int[] hashes;

  /** 128-bit filter of the names' hashes: most look-ups of an absent name end here. */
  private long filterLow;

  private long filterHigh;
  private int size;
  private boolean built;

  /**
   * @param limit the most attributes the set may hold
   * @param expected how many keys the caller expects to add (sizes the arrays; they grow if needed)
   */
  public BoundedAttributeSet(int limit, int expected) {
    this.limit = Math.max(0, limit);
    int cap = Math.max(1, Math.min(this.limit, expected));
    this.data = new Object[2 * cap];
    this.hashes = new int[cap];
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
    return indexOf(name, name.hashCode()) >= 0;
  }

  /** Whether a key whose name starts with {@code prefix} is present. */
  public boolean anyKeyStartsWith(String prefix) {
    for (int i = 0; i < size; i++) {
      if (((AttributeKey<?>) data[2 * i]).getKey().startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** Adds or replaces; false when the value is null or the key is new and there is no room. */
  public boolean put(AttributeKey<?> key, Object value) {
    checkNotBuilt();
    if (value == null || key == null) {
      return false;
    }
    String name = key.getKey();
    int hash = name.hashCode();
    int i = indexOf(name, hash);
    if (i >= 0) {
      data[2 * i] = key;
      data[2 * i + 1] = value;
      return true;
    }
    return add(key, value, name, hash);
  }

  /** Adds unless the value is null, a key of that name is present, or the set is full. */
  public boolean putIfAbsent(AttributeKey<?> key, Object value) {
    checkNotBuilt();
    if (value == null || key == null || size >= limit) {
      return false;
    }
    String name = key.getKey();
    int hash = name.hashCode();
    return indexOf(name, hash) < 0 && add(key, value, name, hash);
  }

  /**
   * Adds a key the caller knows is not present yet (no look-up): the mapper's own distinct keys,
   * written before anything that could hold the same name. Returns false when the value is null
   * or the set is full.
   */
  public boolean append(AttributeKey<?> key, Object value) {
    checkNotBuilt();
    if (value == null || key == null) {
      return false;
    }
    String name = key.getKey();
    return add(key, value, name, name.hashCode());
  }

  private boolean add(AttributeKey<?> key, Object value, String name, int hash) {
    if (size >= limit || name.isEmpty()) {
      return false;
    }
    if (size == hashes.length) {
      int cap = Math.min(limit, Math.max(size * 2, 8));
      data = Arrays.copyOf(data, 2 * cap);
      hashes = Arrays.copyOf(hashes, cap);
    }
    data[2 * size] = key;
    data[2 * size + 1] = value;
    hashes[size] = hash;
    size++;
    long bit = 1L << hash; // the low 6 bits
    if ((hash & 64) == 0) {
      filterLow |= bit;
    } else {
      filterHigh |= bit;
    }
    return true;
  }

  private int indexOf(String name, int hash) {
    long filter = (hash & 64) == 0 ? filterLow : filterHigh;
    if ((filter & (1L << hash)) == 0) {
      return -1;
    }
    int[] h = hashes;
    for (int i = 0, n = size; i < n; i++) {
      if (h[i] == hash && ((AttributeKey<?>) data[2 * i]).getKey().equals(name)) {
        return i;
      }
    }
    return -1;
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
    return new ArrayAttributes(data, size);
  }
}
