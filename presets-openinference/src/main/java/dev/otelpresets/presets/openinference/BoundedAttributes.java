package dev.otelpresets.presets.openinference;

import dev.otelpresets.support.internal.BoundedAttributeSet;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.List;

/**
 * An insertion-ordered attribute set that never grows past a limit: callers add keys in order of
 * importance and whatever does not fit is refused. String values are sanitized ({@link
 * Strings#sanitize}). Not thread-safe; one per map call.
 *
 * <p>Three ways in, by where the key comes from:
 *
 * <ul>
 *   <li>{@code putString}/{@code putLong}/{@code putDouble}/{@code putStrings}: the mapper's own
 *       fixed OpenInference keys, each written at most once and before anything else, so they are
 *       appended without a look-up. Writing one of them twice would send the name twice: don't.
 *   <li>{@link #put}: keys from elsewhere (extensions, pass-through); a key of the same name is
 *       replaced in place.
 *   <li>{@link #putListKey}: the flattened {@code llm.input_messages.*}, {@code
 *       llm.output_messages.*}, {@code llm.tools.*} and {@code embedding.embeddings.*} keys, unique
 *       among themselves and written last; looked up only when an extension or pass-through key
 *       under {@code llm.} or {@code embedding.} got in first.
 * </ul>
 */
final class BoundedAttributes {
  private final BoundedAttributeSet set;
  private boolean foreignListKeys;

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

  /** Adds or replaces a key from outside the mapper; false when it is new and there is no room. */
  boolean put(AttributeKey<?> key, Object value) {
    if (value != null
        && (key.getKey().startsWith("llm.") || key.getKey().startsWith("embedding."))) {
      foreignListKeys = true;
    }
    return set.put(key, value);
  }

  boolean putString(AttributeKey<String> key, String value) {
    return putString(key, value, false);
  }

  /**
   * @param valid whether {@code value} is known to hold no lone surrogate (it comes from content
   *     checked once per span), so the scan for them is skipped
   */
  boolean putString(AttributeKey<String> key, String value, boolean valid) {
    return value != null && set.append(key, valid ? value : Strings.sanitize(value));
  }

  boolean putLong(AttributeKey<Long> key, Long value) {
    return set.append(key, value);
  }

  boolean putDouble(AttributeKey<Double> key, Double value) {
    return set.append(key, value);
  }

  boolean putStrings(AttributeKey<List<String>> key, List<String> value) {
    return value != null && set.append(key, Strings.sanitize(value));
  }

  /** A flattened list key ({@code llm.input_messages.0.message.role}, ...). */
  boolean putListKey(AttributeKey<String> key, String value) {
    return putListKey(key, value, false);
  }

  /**
   * A flattened list key.
   *
   * @param valid whether {@code value} is known to hold no lone surrogate (it comes from content
   *     checked once per span), so the scan for them is skipped
   */
  boolean putListKey(AttributeKey<String> key, String value, boolean valid) {
    if (value == null) {
      return false;
    }
    String clean = valid ? value : Strings.sanitize(value);
    return foreignListKeys ? set.put(key, clean) : set.append(key, clean);
  }

  Attributes build() {
    return set.build();
  }
}
