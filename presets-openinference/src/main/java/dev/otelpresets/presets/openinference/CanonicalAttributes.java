package dev.otelpresets.presets.openinference;

import dev.otelpresets.spi.GenAiAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The canonical attributes the OpenInference mapping reads, found in one pass over a span's
 * attributes (one cheap table probe per attribute) instead of a hash look-up in the span's
 * attributes for each of the ~40 keys the mapping asks for; the pass also marks the attributes no
 * OpenInference key carries, which the pass-through then copies in a second pass. {@link #get} gives exactly what
 * {@code Attributes.get} gives: a value only when both the name and the type match. Not
 * thread-safe; one per map call, over attributes that do not change (a span's, once ended).
 */
final class CanonicalAttributes implements BiConsumer<AttributeKey<?>, Object> {

  /** A key the mapping reads, with its index among the values read. */
  static final class Slot<T> {
    final AttributeKey<T> key;
    final int index;

    /** Whether an attribute of this name, of any type, is not passed through. */
    final boolean consumed;

    private Slot(AttributeKey<T> key, int index) {
      this.key = key;
      this.index = index;
      this.consumed = OpenInferenceMapping.consumed(key.getKey());
    }
  }

  private static final List<Slot<?>> SLOTS = new ArrayList<>();

  static final Slot<String> OPERATION_NAME = slot(GenAiAttributes.OPERATION_NAME);
  static final Slot<String> PROVIDER_NAME = slot(GenAiAttributes.PROVIDER_NAME);
  static final Slot<String> REQUEST_MODEL = slot(GenAiAttributes.REQUEST_MODEL);
  static final Slot<String> RESPONSE_MODEL = slot(GenAiAttributes.RESPONSE_MODEL);
  static final Slot<String> SYSTEM_INSTRUCTIONS = slot(GenAiAttributes.SYSTEM_INSTRUCTIONS);
  static final Slot<String> INPUT_MESSAGES = slot(GenAiAttributes.INPUT_MESSAGES);
  static final Slot<String> OUTPUT_MESSAGES = slot(GenAiAttributes.OUTPUT_MESSAGES);
  static final Slot<String> TOOL_DEFINITIONS = slot(GenAiAttributes.TOOL_DEFINITIONS);
  static final Slot<String> RETRIEVAL_QUERY_TEXT = slot(GenAiAttributes.RETRIEVAL_QUERY_TEXT);
  static final Slot<String> RETRIEVAL_DOCUMENTS = slot(GenAiAttributes.RETRIEVAL_DOCUMENTS);
  static final Slot<String> TOOL_CALL_ARGUMENTS = slot(GenAiAttributes.TOOL_CALL_ARGUMENTS);
  static final Slot<String> TOOL_CALL_RESULT = slot(GenAiAttributes.TOOL_CALL_RESULT);
  static final Slot<String> TOOL_NAME = slot(GenAiAttributes.TOOL_NAME);
  static final Slot<String> TOOL_CALL_ID = slot(GenAiAttributes.TOOL_CALL_ID);
  static final Slot<String> TOOL_DESCRIPTION = slot(GenAiAttributes.TOOL_DESCRIPTION);
  static final Slot<String> ERROR_TYPE = slot(GenAiAttributes.ERROR_TYPE);
  static final Slot<String> CONVERSATION_ID = slot(GenAiAttributes.CONVERSATION_ID);
  static final Slot<String> USER_ID = slot(GenAiAttributes.USER_ID);
  static final Slot<String> AGENT_NAME = slot(GenAiAttributes.AGENT_NAME);
  static final Slot<String> METADATA = slot(GenAiAttributes.METADATA);
  static final Slot<List<String>> TAGS = slot(GenAiAttributes.TAGS);
  static final Slot<List<String>> RESPONSE_FINISH_REASONS =
      slot(GenAiAttributes.RESPONSE_FINISH_REASONS);
  static final Slot<Long> USAGE_INPUT_TOKENS = slot(GenAiAttributes.USAGE_INPUT_TOKENS);
  static final Slot<Long> USAGE_OUTPUT_TOKENS = slot(GenAiAttributes.USAGE_OUTPUT_TOKENS);
  static final Slot<Long> USAGE_CACHE_READ_INPUT_TOKENS =
      slot(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS);
  static final Slot<Long> USAGE_CACHE_CREATION_INPUT_TOKENS =
      slot(GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS);
  static final Slot<Long> USAGE_REASONING_OUTPUT_TOKENS =
      slot(GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS);
  static final Slot<Double> COST_INPUT_USD = slot(GenAiAttributes.COST_INPUT_USD);
  static final Slot<Double> COST_OUTPUT_USD = slot(GenAiAttributes.COST_OUTPUT_USD);
  static final Slot<Double> COST_TOTAL_USD = slot(GenAiAttributes.COST_TOTAL_USD);

  /**
   * The request parameters, in the order {@code llm.invocation_parameters} lists them (see {@link
   * InvocationParameters}).
   */
  static final List<Slot<?>> REQUEST_PARAMETERS =
      List.of(
          REQUEST_MODEL,
          slot(GenAiAttributes.REQUEST_TEMPERATURE),
          slot(GenAiAttributes.REQUEST_TOP_P),
          slot(GenAiAttributes.REQUEST_TOP_K),
          slot(GenAiAttributes.REQUEST_MAX_TOKENS),
          slot(GenAiAttributes.REQUEST_FREQUENCY_PENALTY),
          slot(GenAiAttributes.REQUEST_PRESENCE_PENALTY),
          slot(GenAiAttributes.REQUEST_SEED),
          slot(GenAiAttributes.REQUEST_STOP_SEQUENCES),
          slot(GenAiAttributes.REQUEST_CHOICE_COUNT),
          slot(GenAiAttributes.REQUEST_STREAM));

  /** Names of the slots' keys by a hash of the name: open addressing, linear probing. */
  private static final String[] NAMES;

  private static final int[] HASHES;
  private static final Slot<?>[] BY_NAME;
  private static final int MASK;

  static {
    int size = Integer.highestOneBit(SLOTS.size() * 4 - 1) << 1; // at most a quarter full
    NAMES = new String[size];
    HASHES = new int[size];
    BY_NAME = new Slot<?>[size];
    MASK = size - 1;
    for (Slot<?> s : SLOTS) {
      String name = s.key.getKey();
      int i = spread(name.hashCode()) & MASK;
      while (NAMES[i] != null) {
        i = (i + 1) & MASK;
      }
      NAMES[i] = name;
      HASHES[i] = name.hashCode();
      BY_NAME[i] = s;
    }
  }

  private final Object[] values = new Object[SLOTS.size()];

  /** The attributes read. */
  private final Attributes in;

  /** Which of them, by their place in {@code in}'s order, the pass-through may copy. */
  private long[] others;

  private int position;
  private int otherCount;

  private CanonicalAttributes(Attributes in) {
    this.in = in;
    this.others = new long[(in.size() + 63) >>> 6];
  }

  /** Reads {@code in} once. */
  static CanonicalAttributes read(Attributes in) {
    CanonicalAttributes c = new CanonicalAttributes(in);
    in.forEach(c);
    return c;
  }

  private static <T> Slot<T> slot(AttributeKey<T> key) {
    Slot<T> s = new Slot<>(key, SLOTS.size());
    SLOTS.add(s);
    return s;
  }

  private static int spread(int h) {
    return h ^ (h >>> 16);
  }

  /** Every key the mapping reads, for tests. */
  static List<Slot<?>> slots() {
    return List.copyOf(SLOTS);
  }

  @Override
  public void accept(AttributeKey<?> key, Object value) {
    String name = key.getKey();
    Slot<?> slot = find(name);
    if (slot != null && slot.key.getType() == key.getType()) {
      values[slot.index] = value;
    }
    // a name that is no slot's is none of the consumed names the mapping reads: the prefixes decide
    if (slot != null ? !slot.consumed : !OpenInferenceMapping.consumedByPrefix(name)) {
      if (position >>> 6 >= others.length) {
        others = Arrays.copyOf(others, (position >>> 6) + 1); // more than size() said
      }
      others[position >>> 6] |= 1L << position;
      otherCount++;
    }
    position++;
  }

  private static Slot<?> find(String name) {
    int h = name.hashCode();
    for (int i = spread(h) & MASK; ; i = (i + 1) & MASK) {
      String n = NAMES[i];
      if (n == null) {
        return null;
      }
      if (HASHES[i] == h && (n == name || n.equals(name))) {
        return BY_NAME[i];
      }
    }
  }

  /** What {@code in.get(slot's key)} gives. */
  @SuppressWarnings("unchecked") // the value was stored only under a key of the slot's type
  <T> T get(Slot<T> slot) {
    return (T) values[slot.index];
  }

  /** Whether {@code in.get(slot's key)} is not null. */
  boolean has(Slot<?> slot) {
    return values[slot.index] != null;
  }

  /** How many attributes the pass-through may copy. */
  int otherCount() {
    return otherCount;
  }

  /**
   * Copies the attributes no OpenInference key carries, in their order, less those named in
   * {@code skip} and those {@code out} has already, while there is room.
   */
  void passThrough(BoundedAttributes out, Set<String> skip) {
    if (otherCount > 0) {
      in.forEach(new PassThrough(others, out, skip));
    }
  }

  /** The second pass: copies the attributes the first one marked. */
  private static final class PassThrough implements BiConsumer<AttributeKey<?>, Object> {
    private final long[] marked;
    private final BoundedAttributes out;
    private final Set<String> skip;
    private int position;

    PassThrough(long[] marked, BoundedAttributes out, Set<String> skip) {
      this.marked = marked;
      this.out = out;
      this.skip = skip;
    }

    @Override
    public void accept(AttributeKey<?> key, Object value) {
      int p = position++;
      if ((p >>> 6) < marked.length && (marked[p >>> 6] & (1L << p)) != 0 && out.remaining() > 0) {
        String name = key.getKey();
        if (!out.contains(name) && (skip.isEmpty() || !skip.contains(name))) {
          out.put(key, OpenInferenceMapping.sanitizeValue(value));
        }
      }
    }
  }
}
