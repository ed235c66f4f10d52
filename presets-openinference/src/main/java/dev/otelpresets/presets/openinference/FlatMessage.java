package dev.otelpresets.presets.openinference;

import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.spi.genai.GenAiContent.MessagePart;
import dev.otelpresets.support.internal.FlatMessages;
import dev.otelpresets.support.internal.GenAiJson;
import java.util.List;

/**
 * One message as its flattened OpenInference attributes, relative to {@code <prefix>.<index>.}: the
 * unit that is kept or dropped as a whole when the attribute limit is tight.
 */
final class FlatMessage {
  private final String role;
  private final String content;
  private final String toolCallId;
  private final String name;
  private final List<MessagePart.ToolCall> calls;
  private final int size;

  private FlatMessage(
      String role,
      String content,
      String toolCallId,
      String name,
      List<MessagePart.ToolCall> calls) {
    this.role = role;
    this.content = content;
    this.toolCallId = toolCallId;
    this.name = name;
    this.calls = calls;
    int n = 1 + (content != null ? 1 : 0) + (toolCallId != null ? 1 : 0) + (name != null ? 1 : 0);
    for (MessagePart.ToolCall call : calls) {
      n += 1 + (call.id() != null ? 1 : 0) + (call.arguments() != null ? 1 : 0);
    }
    this.size = n;
  }

  static FlatMessage of(ChatMessage m) {
    return of(m, List.of(), 0);
  }

  /**
   * The message {@code m}, at {@code index} of {@code messages}; a tool's answer also gets {@code
   * message.name}, the function that produced it, looked up by its tool call id among the calls of
   * the messages before it: the OpenInference spec's tool-role messages name their function that
   * way.
   */
  static FlatMessage of(ChatMessage m, List<ChatMessage> messages, int index) {
    // one pass over the parts for what ChatMessage.toolCallId() and a tool call scan would each
    // walk them for: the id of the first tool answer, and whether the message makes calls
    List<MessagePart> parts = m.parts();
    String toolCallId = null;
    boolean answers = false;
    boolean calls = false;
    for (int i = 0; i < parts.size(); i++) {
      MessagePart p = parts.get(i);
      if (p instanceof MessagePart.ToolCall) {
        calls = true;
      } else if (!answers && p instanceof MessagePart.ToolCallResponse r) {
        answers = true;
        toolCallId = r.id();
      }
    }
    String name = toolCallId == null ? null : functionName(messages, index, toolCallId);
    return new FlatMessage(
        m.role(),
        FlatMessages.content(m),
        toolCallId,
        name,
        calls ? m.toolCalls() : List.of()); // the common case: no list built
  }

  /** The name of the call {@code toolCallId} among the messages before {@code index}, or null. */
  private static String functionName(List<ChatMessage> messages, int index, String toolCallId) {
    for (int i = index - 1; i >= 0; i--) {
      for (MessagePart p : messages.get(i).parts()) {
        if (p instanceof MessagePart.ToolCall c && toolCallId.equals(c.id())) {
          return c.name();
        }
      }
    }
    return null;
  }

  String role() {
    return role;
  }

  /** How many attributes this message takes. */
  int size() {
    return size;
  }

  /**
   * Writes the message as {@code llm.{input,output}_messages.<index>.*}.
   *
   * @param valid whether the message's strings are known to hold no lone surrogate
   */
  void writeTo(BoundedAttributes out, boolean output, int index, boolean valid) {
    out.putListKey(OpenInferenceKeys.message(output, index, OpenInferenceKeys.ROLE), role, valid);
    if (content != null) {
      out.putListKey(
          OpenInferenceKeys.message(output, index, OpenInferenceKeys.CONTENT), content, valid);
    }
    if (toolCallId != null) {
      out.putListKey(
          OpenInferenceKeys.message(output, index, OpenInferenceKeys.TOOL_CALL_ID_OF_MESSAGE),
          toolCallId,
          valid);
    }
    if (name != null) {
      out.putListKey(OpenInferenceKeys.message(output, index, OpenInferenceKeys.NAME), name, valid);
    }
    int j = 0;
    for (MessagePart.ToolCall call : calls) {
      if (call.id() != null) {
        out.putListKey(
            OpenInferenceKeys.toolCall(output, index, j, OpenInferenceKeys.CALL_ID),
            call.id(),
            valid);
      }
      out.putListKey(
          OpenInferenceKeys.toolCall(output, index, j, OpenInferenceKeys.CALL_FUNCTION_NAME),
          call.name(),
          valid);
      if (call.arguments() != null) {
        out.putListKey(
            OpenInferenceKeys.toolCall(output, index, j, OpenInferenceKeys.CALL_FUNCTION_ARGUMENTS),
            GenAiJson.argumentsJson(call),
            valid);
      }
      j++;
    }
  }

  /**
   * Writes every message as {@link #writeWithinBudget} would when all of them are text only (no
   * tool call or tool answer among their parts) and all fit in {@code out.remaining()}, which is
   * then the whole choice: without a {@code FlatMessage} per message or the choice's arrays.
   * Writes nothing and returns false otherwise, for the general path.
   *
   * @param valid whether the messages' strings are known to hold no lone surrogate
   */
  static boolean writeAllText(
      List<ChatMessage> inputs, List<ChatMessage> outputs, BoundedAttributes out, boolean valid) {
    int in = textSize(inputs);
    int outSize = in < 0 ? -1 : textSize(outputs);
    if (outSize < 0 || in + outSize > out.remaining()) {
      return false;
    }
    writeText(inputs, false, out, valid);
    writeText(outputs, true, out, valid);
    return true;
  }

  /**
   * The attributes the messages take when each is text only (role and, with a text part, content:
   * what {@link #size()} counts for it), or -1 when one has a tool call or answer.
   */
  private static int textSize(List<ChatMessage> messages) {
    int n = 0;
    for (int i = 0; i < messages.size(); i++) {
      List<MessagePart> parts = messages.get(i).parts();
      int size = 1;
      for (int j = 0; j < parts.size(); j++) {
        MessagePart p = parts.get(j);
        if (p instanceof MessagePart.Text) {
          size = 2;
        } else if (p instanceof MessagePart.ToolCall || p instanceof MessagePart.ToolCallResponse) {
          return -1;
        }
      }
      n += size;
    }
    return n;
  }

  private static void writeText(
      List<ChatMessage> messages, boolean output, BoundedAttributes out, boolean valid) {
    for (int i = 0; i < messages.size(); i++) {
      ChatMessage m = messages.get(i);
      out.putListKey(OpenInferenceKeys.message(output, i, OpenInferenceKeys.ROLE), m.role(), valid);
      out.putListKey(
          OpenInferenceKeys.message(output, i, OpenInferenceKeys.CONTENT),
          FlatMessages.content(m),
          valid);
    }
  }

  /**
   * Writes as many whole messages as fit in {@code out.remaining()}: the first input turn (and the
   * first user turn after a leading system message), then the output messages, then input turns
   * from the newest backwards until one does not fit — so middle turns go first. Kept messages are
   * renumbered contiguously in their original order.
   *
   * @param valid whether the messages' strings are known to hold no lone surrogate
   */
  static void writeWithinBudget(
      List<FlatMessage> inputs, List<FlatMessage> outputs, BoundedAttributes out, boolean valid) {
    FlatMessages.Kept kept =
        FlatMessages.keep(
            inputs,
            !inputs.isEmpty() && "system".equals(inputs.get(0).role()),
            outputs,
            FlatMessage::size,
            out.remaining());
    int n = 0;
    for (int i = 0; i < inputs.size(); i++) {
      if (kept.inputs()[i]) {
        inputs.get(i).writeTo(out, false, n++, valid);
      }
    }
    n = 0;
    for (int j = 0; j < outputs.size(); j++) {
      if (kept.outputs()[j]) {
        outputs.get(j).writeTo(out, true, n++, valid);
      }
    }
  }
}
