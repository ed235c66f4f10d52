package dev.otelpresets.presets.openinference;

import static dev.otelpresets.presets.openinference.OpenInferenceAttributes.MESSAGE_CONTENT;
import static dev.otelpresets.presets.openinference.OpenInferenceAttributes.MESSAGE_ROLE;
import static dev.otelpresets.presets.openinference.OpenInferenceAttributes.MESSAGE_TOOL_CALLS;
import static dev.otelpresets.presets.openinference.OpenInferenceAttributes.MESSAGE_TOOL_CALL_ID;
import static dev.otelpresets.presets.openinference.OpenInferenceAttributes.TOOL_CALL_FUNCTION_ARGUMENTS;
import static dev.otelpresets.presets.openinference.OpenInferenceAttributes.TOOL_CALL_FUNCTION_NAME;
import static dev.otelpresets.presets.openinference.OpenInferenceAttributes.TOOL_CALL_ID;

import dev.otelpresets.spi.genai.ChatMessage;
import dev.otelpresets.spi.genai.MessagePart;
import java.util.ArrayList;
import java.util.List;

/**
 * One message as its flattened OpenInference attributes, relative to {@code <prefix>.<index>.}: the
 * unit that is kept or dropped as a whole when the attribute limit is tight.
 */
final class FlatMessage {
  /** Suffix/value pairs, e.g. {@code message.role -> user}. */
  private final List<String[]> pairs;
  private final String role;

  private FlatMessage(String role, List<String[]> pairs) {
    this.role = role;
    this.pairs = pairs;
  }

  static FlatMessage of(ChatMessage m) {
    List<String[]> pairs = new ArrayList<>();
    pairs.add(new String[] {MESSAGE_ROLE, m.role()});
    String content = content(m);
    if (content != null) {
      pairs.add(new String[] {MESSAGE_CONTENT, content});
    }
    String toolCallId = m.toolCallId();
    if (toolCallId != null) {
      pairs.add(new String[] {MESSAGE_TOOL_CALL_ID, toolCallId});
    }
    int j = 0;
    for (MessagePart.ToolCall call : m.toolCalls()) {
      String p = MESSAGE_TOOL_CALLS + "." + j + ".";
      if (call.id() != null) {
        pairs.add(new String[] {p + TOOL_CALL_ID, call.id()});
      }
      pairs.add(new String[] {p + TOOL_CALL_FUNCTION_NAME, call.name()});
      if (call.arguments() != null) {
        pairs.add(new String[] {p + TOOL_CALL_FUNCTION_ARGUMENTS, call.argumentsJson()});
      }
      j++;
    }
    return new FlatMessage(m.role(), pairs);
  }

  /** Text parts; for a tool message without text, the tool's response(s). */
  private static String content(ChatMessage m) {
    String text = m.textContent();
    if (text != null) {
      return text;
    }
    StringBuilder sb = null;
    for (MessagePart p : m.parts()) {
      if (p instanceof MessagePart.ToolCallResponse r && r.response() != null) {
        if (sb == null) {
          sb = new StringBuilder();
        } else {
          sb.append('\n');
        }
        sb.append(r.responseText());
      }
    }
    return sb == null ? null : sb.toString();
  }

  String role() {
    return role;
  }

  int size() {
    return pairs.size();
  }

  void writeTo(BoundedAttributes out, String prefix, int index) {
    String base = prefix + "." + index + ".";
    for (String[] p : pairs) {
      out.putString(base + p[0], p[1]);
    }
  }

  /**
   * Writes as many whole messages as fit in {@code out.remaining()}: the first input turn (and the
   * first user turn after a leading system message), then the output messages, then input turns
   * from the newest backwards until one does not fit — so middle turns go first. Kept messages are
   * renumbered contiguously in their original order.
   */
  static void writeWithinBudget(
      List<FlatMessage> inputs, List<FlatMessage> outputs, BoundedAttributes out,
      String inputPrefix, String outputPrefix) {
    int budget = out.remaining();
    boolean[] keepIn = new boolean[inputs.size()];
    boolean[] keepOut = new boolean[outputs.size()];
    int used = 0;
    int head = 0;
    if (!inputs.isEmpty()) {
      head = 1;
      used = keep(inputs, keepIn, 0, used, budget);
      if ("system".equals(inputs.get(0).role()) && inputs.size() > 1) {
        head = 2;
        used = keep(inputs, keepIn, 1, used, budget);
      }
    }
    for (int j = 0; j < outputs.size(); j++) {
      used = keep(outputs, keepOut, j, used, budget);
    }
    for (int i = inputs.size() - 1; i >= head; i--) {
      int size = inputs.get(i).size();
      if (used + size > budget) {
        break; // keep the newest turns contiguous
      }
      keepIn[i] = true;
      used += size;
    }
    int n = 0;
    for (int i = 0; i < inputs.size(); i++) {
      if (keepIn[i]) {
        inputs.get(i).writeTo(out, inputPrefix, n++);
      }
    }
    n = 0;
    for (int j = 0; j < outputs.size(); j++) {
      if (keepOut[j]) {
        outputs.get(j).writeTo(out, outputPrefix, n++);
      }
    }
  }

  private static int keep(List<FlatMessage> list, boolean[] keep, int i, int used, int budget) {
    int size = list.get(i).size();
    if (used + size <= budget) {
      keep[i] = true;
      return used + size;
    }
    return used;
  }
}
