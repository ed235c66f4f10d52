package dev.otelpresets.presets.langfuse;

import io.opentelemetry.api.common.AttributeKey;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code langfuse.trace.metadata.<key>} attribute keys of one metadata key, one per value type,
 * kept for the metadata keys seen first. An {@link AttributeKey} caches its UTF-8 form for the OTLP
 * marshaler, so a key made per span costs its allocation and its encoding on every export; metadata
 * keys repeat from request to request (feature, route, team), so they are shared. The cache is a
 * bounded memo of immutable values: once {@link #MAX_CACHED} names are in, others are built per
 * call, so odd hosts that put a request id in a key name cannot grow it.
 */
record MetadataKeys(
    AttributeKey<String> string,
    AttributeKey<Long> longKey,
    AttributeKey<Double> doubleKey,
    AttributeKey<Boolean> booleanKey) {

  static final int MAX_CACHED = 512;
  private static final ConcurrentHashMap<String, MetadataKeys> CACHE = new ConcurrentHashMap<>();

  static MetadataKeys of(String metadataKey) {
    MetadataKeys keys = CACHE.get(metadataKey);
    if (keys != null) {
      return keys;
    }
    keys = create(metadataKey);
    if (CACHE.size() < MAX_CACHED) {
      MetadataKeys raced = CACHE.putIfAbsent(metadataKey, keys);
      return raced != null ? raced : keys;
    }
    return keys;
  }

  private static MetadataKeys create(String metadataKey) {
    String name = LangfuseAttributeMapper.TRACE_METADATA_PREFIX + metadataKey;
    return new MetadataKeys(
        AttributeKey.stringKey(name),
        AttributeKey.longKey(name),
        AttributeKey.doubleKey(name),
        AttributeKey.booleanKey(name));
  }

  static int cachedForTest() {
    return CACHE.size();
  }
}
