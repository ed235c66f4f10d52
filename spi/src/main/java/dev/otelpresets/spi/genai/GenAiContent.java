package dev.otelpresets.spi.genai;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The JSON-valued attributes of {@link dev.otelpresets.spi.GenAiAttributes} of one canonical span
 * (messages, system instructions, tool definitions, tool call arguments and result, retrieval
 * documents, metadata), parsed; handed to every {@link dev.otelpresets.spi.AttributeMapper} with
 * the span so a mapper never parses JSON.
 *
 * <p>Lenient: what is absent, malformed or of another shape reads as empty (or null), never as an
 * exception; the raw text stays on the span. Parsed at most once per span for all backends, when a
 * mapper first asks; thread-safe, read-only, the same values on every call. Open JSON values are
 * {@code Map<String, Object>}, {@code List<Object>}, {@code String}, {@code Long}, {@code Double},
 * {@code Boolean} or null.
 * @since 0.1
 */
public interface GenAiContent {

  /** The input messages; empty when content capture was off. */
  List<ChatMessage> inputMessages();

  /** The output messages; empty when content capture was off. */
  List<ChatMessage> outputMessages();

  /** The system instruction parts; empty when there are none. */
  List<MessagePart> systemInstructions();

  /** The tools offered to the model; empty when there are none. */
  List<ToolDefinition> toolDefinitions();

  /** A tool call's arguments as a JSON value; null if absent, not JSON or JSON {@code null}. */
  @Nullable Object toolCallArguments();

  /** A tool call's result as JSON; null if absent, not JSON (plain text, often) or JSON null. */
  @Nullable Object toolCallResult();

  /** The request's metadata as JSON (an object); null if absent, not JSON or JSON {@code null}. */
  @Nullable Object metadata();

  /** A retrieval's documents as a JSON value, usually a list of maps with {@code id}, {@code
   * score} and {@code content}; null if absent (capture off), not JSON or JSON {@code null}. */
  default @Nullable Object retrievalDocuments() {
    return null;
  }

  /** A message in the conventions' shape.
   * @param role {@code system}, {@code user}, {@code assistant}, {@code tool}, ...
   * @param parts the parts, in order
   * @param finishReason for output messages, why the model stopped ({@code stop}, {@code
   *     tool_calls}, ...); null for input messages
   * @since 0.1 */
  record ChatMessage(String role, List<MessagePart> parts, @Nullable String finishReason) {

    /** A message; {@code parts} is copied and may hold no null. */
    public ChatMessage {
      Objects.requireNonNull(role, "role");
      parts = List.copyOf(parts);
    }

    /** A message with one text part. */
    public static ChatMessage text(String role, String content) {
      return new ChatMessage(role, List.of(new MessagePart.Text(content)), null);
    }

    /** A tool's answer to the call {@code toolCallId}. */
    public static ChatMessage toolResponse(@Nullable String toolCallId, @Nullable Object response) {
      return new ChatMessage(
          "tool", List.of(new MessagePart.ToolCallResponse(toolCallId, response)), null);
    }

    /** This message with a finish reason. */
    public ChatMessage withFinishReason(@Nullable String reason) {
      return new ChatMessage(role, parts, reason);
    }

    /** This message with one more part. */
    public ChatMessage withPart(MessagePart part) {
      List<MessagePart> p = new ArrayList<>(parts);
      p.add(Objects.requireNonNull(part, "part"));
      return new ChatMessage(role, p, finishReason);
    }

    /** The text parts joined by newlines, or null when there is none. */
    public @Nullable String textContent() {
      String first = null; // the common case, one text part: returned as is, not copied
      StringBuilder sb = null;
      for (MessagePart p : parts) {
        if (p instanceof MessagePart.Text t) {
          if (first == null) {
            first = t.content();
          } else {
            sb = (sb == null ? new StringBuilder(first) : sb).append('\n').append(t.content());
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
    public @Nullable String toolCallId() {
      for (MessagePart p : parts) {
        if (p instanceof MessagePart.ToolCallResponse r) {
          return r.id();
        }
      }
      return null;
    }
  }

  /** One part of a message: text, a tool call the model made, a tool's response, or any other
   * part type kept field by field.
   * @since 0.1 */
  sealed interface MessagePart {

    /** The part's {@code type} as written in JSON. */
    String type();

    /** {@code {"type":"text","content":...}}.
     * @since 0.1 */
    record Text(String content) implements MessagePart {
      /** A text part. */
      public Text {
        Objects.requireNonNull(content, "content");
      }

      @Override
      public String type() {
        return "text";
      }
    }

    /** {@code {"type":"tool_call","id":...,"name":...,"arguments":...}}; {@code arguments} is a
     * JSON value (usually a map), or the raw string when the model produced invalid JSON.
     * @since 0.1 */
    record ToolCall(@Nullable String id, String name, @Nullable Object arguments)
        implements MessagePart {
      /** A tool call; only {@code name} is required. */
      public ToolCall {
        Objects.requireNonNull(name, "name");
      }

      @Override
      public String type() {
        return "tool_call";
      }
    }

    /** {@code {"type":"tool_call_response","id":...,"response":...}}; {@code response} is a JSON
     * value.
     * @since 0.1 */
    record ToolCallResponse(@Nullable String id, @Nullable Object response) implements MessagePart {
      @Override
      public String type() {
        return "tool_call_response";
      }
    }

    /** A part type this version does not model (blob, uri, reasoning, ...), kept field by field.
     * @since 0.1 */
    record Other(String type, Map<String, Object> fields) implements MessagePart {
      /** A part of another type; {@code fields} is copied and may hold no null value. */
      public Other {
        Objects.requireNonNull(type, "type");
        fields = Map.copyOf(fields);
      }
    }
  }

  /** A tool offered to the model: {@code {"type":"function","name":...,"description":...,
   * "parameters":{json schema}}}.
   * @param parameters the JSON schema of its parameters; empty when none was given
   * @since 0.1 */
  record ToolDefinition(
      String type, String name, @Nullable String description, Map<String, Object> parameters) {

    /** A tool definition; a null {@code parameters} becomes an empty map. */
    public ToolDefinition {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(name, "name");
      parameters = parameters == null ? Map.of() : parameters;
    }

    /** A function tool. */
    public static ToolDefinition function(
        String name, @Nullable String description, @Nullable Map<String, Object> parameters) {
      return new ToolDefinition("function", name, description, parameters);
    }
  }
}
