package dev.otelpresets.presets.agentops;

import dev.otelpresets.spi.GenAiAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The canonical values an LLM span's AgentOps mapping reads, found in one pass over the span's
 * attributes: {@link #get} gives exactly what {@code Attributes.get} gives (a value only when both
 * the name and the type match). One pass instead of a look-up per key keeps the mapping a small
 * method for the JIT: each {@code Attributes.get} inlines a scan of the attributes, and a dozen of
 * them made the mapping one of the largest and slowest C2 compilations of the export path. Not
 * thread-safe; one per map call.
 */
final class UsageValues implements BiConsumer<AttributeKey<?>, Object> {
  static final int OPERATION_NAME = 0;
  static final int INPUT_TOKENS = 1;
  static final int OUTPUT_TOKENS = 2;
  static final int CACHE_READ_INPUT_TOKENS = 3;
  static final int CACHE_CREATION_INPUT_TOKENS = 4;
  static final int REASONING_TOKENS = 5;
  static final int COST_INPUT = 6;
  static final int COST_OUTPUT = 7;
  static final int COST_TOTAL = 8;
  static final int PROVIDER_NAME = 9;
  static final int TAGS = 10;

  /** The keys read, at their index above. */
  static final List<AttributeKey<?>> KEYS =
      List.of(
          GenAiAttributes.OPERATION_NAME,
          GenAiAttributes.USAGE_INPUT_TOKENS,
          GenAiAttributes.USAGE_OUTPUT_TOKENS,
          GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS,
          GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS,
          GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS,
          GenAiAttributes.COST_INPUT_USD,
          GenAiAttributes.COST_OUTPUT_USD,
          GenAiAttributes.COST_TOTAL_USD,
          GenAiAttributes.PROVIDER_NAME,
          GenAiAttributes.TAGS);

  /** Key (name and type, as {@code AttributeKey.equals}) to index. */
  private static final Map<AttributeKey<?>, Integer> INDEX = new HashMap<>();

  static {
    for (int i = 0; i < KEYS.size(); i++) {
      INDEX.put(KEYS.get(i), i);
    }
  }

  private final Object[] values = new Object[KEYS.size()];

  private UsageValues() {}

  /** The values of {@link #KEYS} in {@code in}. */
  static UsageValues of(Attributes in) {
    UsageValues v = new UsageValues();
    in.forEach(v);
    return v;
  }

  @Override
  public void accept(AttributeKey<?> key, Object value) {
    Integer i = INDEX.get(key);
    if (i != null && values[i] == null) { // the first, as Attributes.get's scan
      values[i] = value;
    }
  }

  String string(int index) {
    return (String) values[index];
  }

  Long longValue(int index) {
    return (Long) values[index];
  }

  Double doubleValue(int index) {
    return (Double) values[index];
  }

  @SuppressWarnings("unchecked") // TAGS is a string array key: its values are List<String>
  List<String> tags() {
    return (List<String>) values[TAGS];
  }
}
