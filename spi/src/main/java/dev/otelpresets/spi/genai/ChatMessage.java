package dev.otelpresets.spi.genai;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A GenAI message in the semantic conventions' shape: a role ({@code system}, {@code user}, {@code
 * assistant}, {@code tool}), its parts, and for output messages the finish reason.
 *
 * @param role the role
 * @param parts the parts, in order
 * @param finishReason for output messages, why the model stopped ({@code stop}, {@code tool_calls},
 *     ...); null for input messages
 */
public record ChatMessage(String role, List<MessagePart> parts, String finishReason) {

  public ChatMessage {
    Objects.requireNonNull(role, "role");
    parts = List.copyOf(parts);
  }

  /** A message with one text part. */
  public static ChatMessage text(String role, String content) {
    return new ChatMessage(role, List.of(new MessagePart.Text(content)), null);
  }

  /** A tool's answer to the call {@code toolCallId}. */
  public static ChatMessage toolResponse(String toolCallId, Object response) {
    return new ChatMessage("tool", List.of(new MessagePart.ToolCallResponse(toolCallId, response)),
        null);
  }

  /** This message with a finish reason (for output messages). */
  public ChatMessage withFinishReason(String reason) {
    return new ChatMessage(role, parts, reason);
  }

  /** This message with one more part. */
  public ChatMessage withPart(MessagePart part) {
    List<MessagePart> p = new ArrayList<>(parts);
    p.add(Objects.requireNonNull(part, "part"));
    return new ChatMessage(role, p, finishReason);
  }

  /** The text parts joined by newlines, or null when there is none. */
  public String textContent() {
    String first = null; // the common case, one text part: returned as is, not copied
    StringBuilder sb = null;
    for (MessagePart p : parts) {
      if (p instanceof MessagePart.Text t) {
        if (first == null) {
          first = t.content();
        } else {
          if (sb == null) {
            sb = new StringBuilder(first);
          }
          sb.append('\n').append(t.content());
        }
      }
    }
    return sb != null ? sb.toString() : first;
  }

  /** The tool calls among the parts. */
  public List<MessagePart.ToolCall> toolCalls() {
    List<MessagePart.ToolCall> out = new ArrayList<>();
    for (MessagePart p : parts) {
      if (p instanceof MessagePart.ToolCall c) {
        out.add(c);
      }
    }
    return out;
  }

  /** The id of the tool call this message answers, or null. */
  public String toolCallId() {
    for (MessagePart p : parts) {
      if (p instanceof MessagePart.ToolCallResponse r) {
        return r.id();
      }
    }
    return null;
  }
}
