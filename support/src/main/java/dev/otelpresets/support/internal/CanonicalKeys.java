package dev.otelpresets.support.internal;

import io.opentelemetry.api.common.AttributeKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The canonical attribute keys a mapping reads, as an immutable table built once per mapping, for
 * {@link CanonicalValues} to read a span's attributes in one pass (one cheap probe per attribute)
 * instead of an {@code Attributes.get} per key: each {@code get} inlines a scan or a hash look-up of
 * the attributes, and a few dozen of them made the mappings among the largest and slowest
 * compilations of the export path.
 *
 * <p>Built with {@link #builder()}: each {@link Builder#add} gives the typed {@link Slot} the
 * mapping reads the value with, then {@link Builder#build()} freezes the table. Names are found by
 * open addressing; a name may be in the table under several types.
 *
 * <p>Thread-safe once built. Unstable internal API of the built-in presets, not part of the SPI.
 */
public final class CanonicalKeys {

  /** A key of one table, with its index among the values read. */
  public static final class Slot<T> {
    private final AttributeKey<T> key;
    private final int index;
    private final Object table;

    private Slot(AttributeKey<T> key, int index, Object table) {
      this.key = key;
      this.index = index;
      this.table = table;
    }

    /** The key whose value this slot holds. */
    public AttributeKey<T> key() {
      return key;
    }

    /** Its place in the table's {@link CanonicalKeys#slots()}. */
    public int index() {
      return index;
    }

    @Override
    public String toString() {
      return "Slot{" + key.getKey() + ':' + key.getType() + '}';
    }
  }

  /** Adds the keys of a table; {@link #build()} once, after the last {@link #add}. */
  public static final class Builder {
    private final Object table = new Object();
    private final List<Slot<?>> slots = new ArrayList<>();
    private boolean built;

    private Builder() {}

    /**
     * A slot for {@code key}; a key equal to one already added (same name and type) gets that
     * slot.
     */
    @SuppressWarnings("unchecked") // an equal key has the same type
    public <T> Slot<T> add(AttributeKey<T> key) {
      Objects.requireNonNull(key, "key");
      if (built) {
        throw new IllegalStateException("already built");
      }
      for (Slot<?> s : slots) {
        if (s.key.equals(key)) {
          return (Slot<T>) s;
        }
      }
      Slot<T> s = new Slot<>(key, slots.size(), table);
      slots.add(s);
      return s;
    }

    /** The table of the keys added. */
    public CanonicalKeys build() {
      built = true;
      return new CanonicalKeys(table, List.copyOf(slots));
    }
  }

  private final Object table;
  private final List<Slot<?>> slots;

  /** Names of the slots' keys by a hash of the name: open addressing, linear probing. */
  private final String[] names;

  private final int[] hashes;
  private final Slot<?>[] byName;
  private final int mask;

  private CanonicalKeys(Object table, List<Slot<?>> slots) {
    this.table = table;
    this.slots = slots;
    int size = Integer.highestOneBit(Math.max(1, slots.size()) * 4 - 1) << 1; // <= a quarter full
    names = new String[size];
    hashes = new int[size];
    byName = new Slot<?>[size];
    mask = size - 1;
    for (Slot<?> s : slots) {
      String name = s.key.getKey();
      int i = spread(name.hashCode()) & mask;
      while (names[i] != null) {
        i = (i + 1) & mask;
      }
      names[i] = name;
      hashes[i] = name.hashCode();
      byName[i] = s;
    }
  }

  /** A table to add keys to. */
  public static Builder builder() {
    return new Builder();
  }

  /** The table's slots, in the order added. */
  public List<Slot<?>> slots() {
    return slots;
  }

  /** How many slots. */
  public int size() {
    return slots.size();
  }

  /** Whether {@code slot} is one of this table's. */
  boolean owns(Slot<?> slot) {
    return slot.table == table;
  }

  private static int spread(int h) {
    return h ^ (h >>> 16);
  }

  /**
   * The slot of {@code key}'s name and type; else a slot of its name under another type (the
   * first added); else null.
   */
  Slot<?> find(AttributeKey<?> key) {
    String name = key.getKey();
    int h = name.hashCode();
    Slot<?> named = null;
    for (int i = spread(h) & mask; ; i = (i + 1) & mask) {
      String n = names[i];
      if (n == null) {
        return named;
      }
      if (hashes[i] == h && (n == name || n.equals(name))) {
        Slot<?> s = byName[i];
        if (s.key.getType() == key.getType()) {
          return s;
        }
        if (named == null) {
          named = s; // the name under another type: another slot may have this one
        }
      }
    }
  }
}
