package dev.otelpresets.presets.openinference;

import dev.otelpresets.support.internal.CanonicalKeys.Slot;
import dev.otelpresets.support.internal.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code llm.invocation_parameters}: the request parameters as a JSON object with the OpenAI-style
 * names Phoenix's playground uses (the same text {@code Json.write} gives for the map of them).
 *
 * <p>An application's calls mostly repeat the same parameters, whose doubles are slow to write:
 * the last parameters written and their text are kept, and equal parameters ({@link
 * Object#equals}, so {@code 0.0} and {@code -0.0} differ as their texts do) reuse the text.
 * Thread-safe: the kept pair is immutable and replaced whole.
 */
final class InvocationParameters {
  /** The JSON names, in the order of {@link CanonicalAttributes#REQUEST_PARAMETERS}. */
  private static final String[] NAMES = {
    "\"model\":",
    "\"temperature\":",
    "\"top_p\":",
    "\"top_k\":",
    "\"max_tokens\":",
    "\"frequency_penalty\":",
    "\"presence_penalty\":",
    "\"seed\":",
    "\"stop\":",
    "\"n\":",
    "\"stream\":"
  };

  /** The parameters last written and their text; racy, the pair is replaced whole. */
  private Written last = new Written(new Object[NAMES.length], "{}");

  private record Written(Object[] values, String json) {}

  /** The parameters {@code in} holds as JSON. */
  String of(CanonicalAttributes in) {
    List<Slot<?>> slots = CanonicalAttributes.REQUEST_PARAMETERS;
    Written w = last;
    boolean same = true;
    for (int i = 0; i < NAMES.length && same; i++) {
      same = Objects.equals(in.get(slots.get(i)), w.values[i]);
    }
    if (same) {
      return w.json;
    }
    Object[] values = new Object[NAMES.length];
    for (int i = 0; i < NAMES.length; i++) {
      Object v = in.get(slots.get(i));
      // a list is copied so the kept one cannot change under a later comparison
      values[i] = v instanceof List<?> l ? new ArrayList<>(l) : v;
    }
    String json = write(values);
    last = new Written(values, json);
    return json;
  }

  /** The JSON object of {@code values}, one per name, nulls left out. */
  static String write(Object[] values) {
    StringBuilder sb = new StringBuilder(96).append('{');
    for (int i = 0; i < NAMES.length; i++) {
      if (values[i] != null) {
        if (sb.length() > 1) {
          sb.append(',');
        }
        Json.write(values[i], sb.append(NAMES[i]));
      }
    }
    return sb.append('}').toString();
  }
}
