package dev.otelpresets.spi.genai;

import java.util.Map;
import java.util.Objects;

/**
 * One part of a GenAI message in the OpenTelemetry semantic conventions' parts-based shape: text, a
 * tool call the model made, a tool's response, or any other part type kept as is.
 */
public sealed interface MessagePart
    permits MessagePart.Text, MessagePart.ToolCall, MessagePart.ToolCallResponse,
        MessagePart.Other {

  /** The part's {@code type} as written in JSON. */
  String type();

  /** {@code {"type":"text","content":...}}. */
  record Text(String content) implements MessagePart {
    public Text {
      Objects.requireNonNull(content, "content");
    }

    @Override
    public String type() {
      return "text";
    }
  }

  /**
   * {@code {"type":"tool_call","id":...,"name":...,"arguments":...}}; {@code arguments} is a parsed
   * JSON value (usually a map) or the raw string when the model produced invalid JSON.
   */
  record ToolCall(String id, String name, Object arguments) implements MessagePart {
    public ToolCall {
      Objects.requireNonNull(name, "name");
    }

    @Override
    public String type() {
      return "tool_call";
    }

    /** The arguments as JSON text. */
    public String argumentsJson() {
      return arguments instanceof String ? (String) arguments : Json.write(arguments);
    }
  }

  /** {@code {"type":"tool_call_response","id":...,"response":...}}. */
  record ToolCallResponse(String id, Object response) implements MessagePart {
    @Override
    public String type() {
      return "tool_call_response";
    }

    /** The response as text: a string as is, anything else as JSON. */
    public String responseText() {
      return response instanceof String ? (String) response : Json.write(response);
    }
  }

  /** A part type this version does not model (blob, uri, reasoning, ...), kept field by field. */
  record Other(String type, Map<String, Object> fields) implements MessagePart {
    public Other {
      Objects.requireNonNull(type, "type");
      fields = Map.copyOf(fields);
    }
  }
}
