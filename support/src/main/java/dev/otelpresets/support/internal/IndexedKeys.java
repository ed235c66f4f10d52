package dev.otelpresets.support.internal;

import io.opentelemetry.api.common.AttributeKey;
import java.util.Objects;

/**
 * The flattened string keys {@code <prefix><index>.<suffix>} ({@code gen_ai.prompt.3.content}),
 * built once per index and suffix and kept up to a bound on the index; beyond it they are built per
 * call. A key instance caches its UTF-8 form for the OTLP marshaler, so a key made per span costs
 * its string, its hash and its encoding on every export; these are shared.
 *
 * <p>Thread-safe: a racy cache whose readers see null (and build the key themselves) or a complete
 * key, whose fields are final. Unstable internal API of the built-in presets, not part of the SPI.
 */
public final class IndexedKeys {
  private final String prefix;
  private final String[] suffixes;
  private final int bound;
  private final AttributeKey<String>[] cache;

  /**
   * @param prefix everything before the index, its trailing dot included
   * @param bound indices below it are kept
   * @param suffixes what follows {@code <index>.}; {@link #get}'s {@code suffix} indexes them
   */
  @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array is created from the raw type
  public IndexedKeys(String prefix, int bound, String... suffixes) {
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.suffixes = suffixes.clone();
    this.bound = Math.max(0, bound);
    this.cache = new AttributeKey[this.bound * this.suffixes.length];
  }

  /** {@code <prefix><index>.<suffixes[suffix]>}. */
  public AttributeKey<String> get(int index, int suffix) {
    if (index < 0 || index >= bound) {
      return build(index, suffix);
    }
    int slot = index * suffixes.length + suffix;
    AttributeKey<String> k = cache[slot];
    if (k == null) {
      k = build(index, suffix);
      cache[slot] = k;
    }
    return k;
  }

  private AttributeKey<String> build(int index, int suffix) {
    return AttributeKey.stringKey(prefix + index + '.' + suffixes[suffix]);
  }
}
