package dev.otelpresets.presets.openinference;

import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.support.internal.CanonicalKeys;
import dev.otelpresets.support.internal.CanonicalKeys.Slot;
import dev.otelpresets.support.internal.CanonicalValues;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The canonical attributes the OpenInference mapping reads, found in one pass over a span's
 * attributes ({@link CanonicalValues}); the same pass marks the attributes no OpenInference key
 * carries, which the pass-through then copies in a second pass. Not thread-safe; one per map call,
 * over attributes that do not change (a span's, once ended).
 */
final class CanonicalAttributes extends CanonicalValues {

  private static final CanonicalKeys.Builder B = CanonicalKeys.builder();

  static final Slot<String> OPERATION_NAME = B.add(GenAiAttributes.OPERATION_NAME);
  static final Slot<String> PROVIDER_NAME = B.add(GenAiAttributes.PROVIDER_NAME);
  static final Slot<String> REQUEST_MODEL = B.add(GenAiAttributes.REQUEST_MODEL);
  static final Slot<String> RESPONSE_MODEL = B.add(GenAiAttributes.RESPONSE_MODEL);
  static final Slot<String> SYSTEM_INSTRUCTIONS = B.add(GenAiAttributes.SYSTEM_INSTRUCTIONS);
  static final Slot<String> INPUT_MESSAGES = B.add(GenAiAttributes.INPUT_MESSAGES);
  static final Slot<String> OUTPUT_MESSAGES = B.add(GenAiAttributes.OUTPUT_MESSAGES);
  static final Slot<String> TOOL_DEFINITIONS = B.add(GenAiAttributes.TOOL_DEFINITIONS);
  static final Slot<String> RETRIEVAL_QUERY_TEXT = B.add(GenAiAttributes.RETRIEVAL_QUERY_TEXT);
  static final Slot<String> RETRIEVAL_DOCUMENTS = B.add(GenAiAttributes.RETRIEVAL_DOCUMENTS);
  static final Slot<String> TOOL_CALL_ARGUMENTS = B.add(GenAiAttributes.TOOL_CALL_ARGUMENTS);
  static final Slot<String> TOOL_CALL_RESULT = B.add(GenAiAttributes.TOOL_CALL_RESULT);
  static final Slot<String> TOOL_NAME = B.add(GenAiAttributes.TOOL_NAME);
  static final Slot<String> TOOL_CALL_ID = B.add(GenAiAttributes.TOOL_CALL_ID);
  static final Slot<String> TOOL_DESCRIPTION = B.add(GenAiAttributes.TOOL_DESCRIPTION);
  static final Slot<String> ERROR_TYPE = B.add(GenAiAttributes.ERROR_TYPE);
  static final Slot<String> CONVERSATION_ID = B.add(GenAiAttributes.CONVERSATION_ID);
  static final Slot<String> USER_ID = B.add(GenAiAttributes.USER_ID);
  static final Slot<String> AGENT_NAME = B.add(GenAiAttributes.AGENT_NAME);
  static final Slot<String> METADATA = B.add(GenAiAttributes.METADATA);
  static final Slot<List<String>> TAGS = B.add(GenAiAttributes.TAGS);
  static final Slot<List<String>> RESPONSE_FINISH_REASONS =
      B.add(GenAiAttributes.RESPONSE_FINISH_REASONS);
  static final Slot<Long> USAGE_INPUT_TOKENS = B.add(GenAiAttributes.USAGE_INPUT_TOKENS);
  static final Slot<Long> USAGE_OUTPUT_TOKENS = B.add(GenAiAttributes.USAGE_OUTPUT_TOKENS);
  static final Slot<Long> USAGE_CACHE_READ_INPUT_TOKENS =
      B.add(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS);
  static final Slot<Long> USAGE_CACHE_CREATION_INPUT_TOKENS =
      B.add(GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS);
  static final Slot<Long> USAGE_REASONING_OUTPUT_TOKENS =
      B.add(GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS);
  static final Slot<Double> COST_INPUT_USD = B.add(GenAiAttributes.COST_INPUT_USD);
  static final Slot<Double> COST_OUTPUT_USD = B.add(GenAiAttributes.COST_OUTPUT_USD);
  static final Slot<Double> COST_TOTAL_USD = B.add(GenAiAttributes.COST_TOTAL_USD);

  /**
   * The request parameters, in the order {@code llm.invocation_parameters} lists them (see {@link
   * InvocationParameters}).
   */
  static final List<Slot<?>> REQUEST_PARAMETERS =
      List.of(
          REQUEST_MODEL,
          B.add(GenAiAttributes.REQUEST_TEMPERATURE),
          B.add(GenAiAttributes.REQUEST_TOP_P),
          B.add(GenAiAttributes.REQUEST_TOP_K),
          B.add(GenAiAttributes.REQUEST_MAX_TOKENS),
          B.add(GenAiAttributes.REQUEST_FREQUENCY_PENALTY),
          B.add(GenAiAttributes.REQUEST_PRESENCE_PENALTY),
          B.add(GenAiAttributes.REQUEST_SEED),
          B.add(GenAiAttributes.REQUEST_STOP_SEQUENCES),
          B.add(GenAiAttributes.REQUEST_CHOICE_COUNT),
          B.add(GenAiAttributes.REQUEST_STREAM));

  /** The table of every slot above. */
  static final CanonicalKeys KEYS = B.build();

  /** By slot index: whether an attribute of the slot's name, of any type, is not passed through. */
  private static final boolean[] CONSUMED = new boolean[KEYS.size()];

  static {
    for (Slot<?> s : KEYS.slots()) {
      CONSUMED[s.index()] = OpenInferenceMapping.consumed(s.key().getKey());
    }
  }

  /** The attributes read. */
  private final Attributes in;

  /** Which of them, by their place in {@code in}'s order, the pass-through may copy. */
  private long[] others;

  private int position;
  private int otherCount;

  private CanonicalAttributes(Attributes in) {
    super(KEYS);
    this.in = in;
    this.others = new long[(in.size() + 63) >>> 6];
  }

  /** Reads {@code in} once. */
  static CanonicalAttributes read(Attributes in) {
    CanonicalAttributes c = new CanonicalAttributes(in);
    in.forEach(c);
    return c;
  }

  /** Every key the mapping reads, for tests. */
  static List<Slot<?>> slots() {
    return KEYS.slots();
  }

  @Override
  protected void onAttribute(AttributeKey<?> key, Object value, Slot<?> slot) {
    // a name that is no slot's is none of the consumed names the mapping reads: the prefixes decide
    if (slot != null
        ? !CONSUMED[slot.index()]
        : !OpenInferenceMapping.consumedByPrefix(key.getKey())) {
      if (position >>> 6 >= others.length) {
        others = Arrays.copyOf(others, (position >>> 6) + 1); // more than size() said
      }
      others[position >>> 6] |= 1L << position;
      otherCount++;
    }
    position++;
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
