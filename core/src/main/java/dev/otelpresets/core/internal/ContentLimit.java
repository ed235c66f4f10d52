package dev.otelpresets.core.internal;

import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.spi.genai.GenAiContent.MessagePart;
import dev.otelpresets.spi.genai.GenAiContent.ToolDefinition;
import dev.otelpresets.support.internal.GenAiJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes the JSON-valued content attributes ({@code gen_ai.input.messages}, {@code
 * gen_ai.output.messages}, {@code gen_ai.system_instructions}, {@code gen_ai.tool.definitions})
 * no longer than the attribute value length limit, keeping them valid JSON: the SDK's own limit
 * would cut the JSON text, and every backend's mapper parses it. Text content, tool arguments and
 * results are cut with a visible marker ({@code …[truncated 1234567 chars]}), longest first, and
 * when even short texts do not fit, the oldest messages make way (the marker says how many).
 */
final class ContentLimit {
  /** Strings are never cut below this (marker included), unless whole items make way. */
  private static final int MIN_STRING = 48;

  private static final int MAX_DEPTH = 32;

  private final int maxLength;

  ContentLimit(int maxLength) {
    if (maxLength <= 0) {
      throw new IllegalArgumentException("maxLength must be positive: " + maxLength);
    }
    this.maxLength = maxLength;
  }

  int maxLength() {
    return maxLength;
  }

  /** The marker that replaces the end of a cut text. */
  static String marker(long removedChars) {
    return "\u2026[truncated " + removedChars + " chars]";
  }

  /** {@code s} at most {@code cap} characters long, its end replaced by the marker when cut. */
  static String cut(String s, int cap) {
    if (s.length() <= cap) {
      return s;
    }
    int keep = Math.max(0, cap - marker(s.length()).length());
    if (keep > 0 && Character.isHighSurrogate(s.charAt(keep - 1))) {
      keep--; // never split a surrogate pair
    }
    return s.substring(0, keep) + marker(s.length() - keep);
  }

  /** Input or output messages as JSON within the limit, or null when not even one fits. */
  String messages(List<ChatMessage> messages) {
    return fit(
        messages,
        GenAiJson::writeMessages,
        ContentLimit::cutMessage,
        (first, dropped) ->
            first.withPart(
                new MessagePart.Text("\u2026[truncated " + dropped + " earlier messages]")),
        true);
  }

  /** System instructions as JSON within the limit, or null. */
  String parts(List<MessagePart> parts) {
    return fit(
        parts,
        GenAiJson::writeParts,
        ContentLimit::cutPart,
        (first, dropped) ->
            new MessagePart.Text(
                "\u2026[truncated "
                    + dropped
                    + " earlier parts] "
                    + (first instanceof MessagePart.Text t ? t.content() : "")),
        true);
  }

  /** Tool definitions as JSON within the limit, or null. */
  String toolDefinitions(List<ToolDefinition> tools) {
    return fit(
        tools,
        GenAiJson::writeToolDefinitions,
        ContentLimit::cutTool,
        (last, dropped) ->
            new ToolDefinition(
                last.type(),
                last.name(),
                "\u2026[truncated " + dropped + " more tools]",
                last.parameters()),
        false);
  }

  private interface Cutter<T> {
    T cut(T item, int cap);
  }

  private interface Marker<T> {
    T mark(T item, int dropped);
  }

  /**
   * Writes {@code items}; when too long, cuts the longest strings to ever shorter caps, as long as
   * they need; when still too long,
   * keeps as many items as fit (the newest for messages, the first for tools) and marks the rest.
   */
  private <T> String fit(
      List<T> items,
      Function<List<T>, String> write,
      Cutter<T> cutter,
      Marker<T> marker,
      boolean keepNewest) {
    String json = write.apply(items);
    if (json.length() <= maxLength) {
      return json; // the common case costs nothing more
    }
    int previous = json.length();
    int cap = maxLength;
    while (cap >= MIN_STRING) {
      json = write.apply(cutAll(items, cutter, cap));
      if (json.length() <= maxLength) {
        return json;
      }
      if (json.length() == previous) {
        break; // no string is that long: the items themselves are too many
      }
      previous = json.length();
      // one long string over by a little: cut it by that much; else halve every long string
      int excess = json.length() - maxLength;
      cap = excess < cap / 2 ? cap - excess - 16 : cap / 2;
    }
    List<T> shortest = cutAll(items, cutter, MIN_STRING);
    // binary search for the most items that fit with their marker, starting near the share of
    // items the limit can hold
    String best = null;
    int lo = 1;
    int hi =
        (int)
            Math.min(
                shortest.size() - 1L, 2L * shortest.size() * maxLength / Math.max(1, previous) + 1);
    while (lo <= hi) {
      int kept = (lo + hi) >>> 1;
      String candidate = write.apply(keep(shortest, kept, marker, keepNewest));
      if (candidate.length() <= maxLength) {
        best = candidate;
        lo = kept + 1;
      } else {
        hi = kept - 1;
      }
    }
    return best;
  }

  private static <T> List<T> keep(List<T> items, int kept, Marker<T> marker, boolean newest) {
    int dropped = items.size() - kept;
    List<T> out =
        new ArrayList<>(newest ? items.subList(dropped, items.size()) : items.subList(0, kept));
    int at = newest ? 0 : out.size() - 1;
    out.set(at, marker.mark(out.get(at), dropped));
    return out;
  }

  private static <T> List<T> cutAll(List<T> items, Cutter<T> cutter, int cap) {
    List<T> out = new ArrayList<>(items.size());
    for (T item : items) {
      out.add(cutter.cut(item, cap));
    }
    return out;
  }

  private static ChatMessage cutMessage(ChatMessage m, int cap) {
    List<MessagePart> parts = new ArrayList<>(m.parts().size());
    for (MessagePart p : m.parts()) {
      parts.add(cutPart(p, cap));
    }
    return new ChatMessage(m.role(), parts, m.finishReason());
  }

  private static MessagePart cutPart(MessagePart p, int cap) {
    if (p instanceof MessagePart.Text t) {
      return t.content().length() <= cap ? t : new MessagePart.Text(cut(t.content(), cap));
    }
    if (p instanceof MessagePart.ToolCall c) {
      return new MessagePart.ToolCall(c.id(), c.name(), cutValue(c.arguments(), cap, 0));
    }
    if (p instanceof MessagePart.ToolCallResponse r) {
      return new MessagePart.ToolCallResponse(r.id(), cutValue(r.response(), cap, 0));
    }
    if (p instanceof MessagePart.Other o) {
      @SuppressWarnings("unchecked")
      Map<String, Object> fields = (Map<String, Object>) cutValue(o.fields(), cap, 0);
      return new MessagePart.Other(o.type(), fields);
    }
    return p;
  }

  private static ToolDefinition cutTool(ToolDefinition t, int cap) {
    @SuppressWarnings("unchecked")
    Map<String, Object> parameters = (Map<String, Object>) cutValue(t.parameters(), cap, 0);
    return new ToolDefinition(
        t.type(), t.name(), t.description() == null ? null : cut(t.description(), cap), parameters);
  }

  /** A JSON value (string, map, list, number...) with every string cut to {@code cap}. */
  private static Object cutValue(Object value, int cap, int depth) {
    if (value instanceof String s) {
      return cut(s, cap);
    }
    if (depth >= MAX_DEPTH) {
      return value; // deeper values are left whole; whole items make way if still too long
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach(
          (k, v) -> {
            if (v != null) {
              out.put(cut(String.valueOf(k), cap), cutValue(v, cap, depth + 1));
            }
          });
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object v : list) {
        out.add(cutValue(v, cap, depth + 1));
      }
      return out;
    }
    return value;
  }
}
