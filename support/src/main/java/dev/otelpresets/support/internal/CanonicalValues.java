package dev.otelpresets.support.internal;

import dev.otelpresets.support.internal.CanonicalKeys.Slot;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * The values of a {@link CanonicalKeys} table in a span's attributes, found in one pass ({@code
 * forEach}): {@link #get} gives exactly what {@code Attributes.get(slot.key())} gives, a value only
 * when both the name and the type match.
 *
 * <p>When an attribute's key (name and type) comes twice in one pass, the first value is kept, as a
 * scanning {@code get} returns. The SDK's attributes never have it: both {@code
 * Attributes.builder()} and a span's attribute map keep one attribute per name, the last put,
 * whatever its type.
 *
 * <p>A subclass sees every attribute of the pass through {@link #onAttribute}, with the table's
 * slot of that name, to do a mapping's own work in the same pass. Not thread-safe; one per map
 * call. Unstable internal API of the built-in presets, not part of the SPI.
 */
public class CanonicalValues implements BiConsumer<AttributeKey<?>, Object> {
  private final CanonicalKeys keys;
  private final Object[] values;

  /** Values of {@code keys}, none read yet: a subclass reads with {@code in.forEach(this)}. */
  protected CanonicalValues(CanonicalKeys keys) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.values = new Object[keys.size()];
  }

  /** The values of {@code keys} in {@code in}. */
  public static CanonicalValues read(CanonicalKeys keys, Attributes in) {
    CanonicalValues v = new CanonicalValues(keys);
    in.forEach(v);
    return v;
  }

  /** One attribute of the pass; called by {@code Attributes.forEach}. */
  @Override
  public final void accept(AttributeKey<?> key, Object value) {
    Slot<?> slot = keys.find(key);
    if (slot != null && slot.key().getType() == key.getType() && values[slot.index()] == null) {
      values[slot.index()] = value; // the first, as a scanning get
    }
    onAttribute(key, value, slot);
  }

  /**
   * Called for each attribute of the pass, in order, after its value is kept. Does nothing here.
   *
   * @param slot the table's slot of the key's name and type; else of its name under another type;
   *     null when the table has no key of that name
   */
  protected void onAttribute(AttributeKey<?> key, Object value, Slot<?> slot) {}

  /** What {@code in.get(slot.key())} gives. */
  @SuppressWarnings("unchecked") // the value was kept only under a key of the slot's type
  public final <T> T get(Slot<T> slot) {
    if (!keys.owns(slot)) {
      throw new IllegalArgumentException("a slot of another table: " + slot);
    }
    return (T) values[slot.index()];
  }

  /** Whether {@code in.get(slot.key())} is not null. */
  public final boolean has(Slot<?> slot) {
    return get(slot) != null;
  }
}
