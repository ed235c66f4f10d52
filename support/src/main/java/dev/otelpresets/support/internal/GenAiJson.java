package dev.otelpresets.support.internal;

import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.spi.genai.GenAiContent.MessagePart;
import dev.otelpresets.spi.genai.GenAiContent.ToolDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the JSON-valued canonical attributes ({@code gen_ai.input.messages}, {@code
 * gen_ai.output.messages}, {@code gen_ai.system_instructions}, {@code gen_ai.tool.definitions}) in
 * the semantic conventions' shape. Readers are lenient: malformed JSON or entries yield what could be
 * read (possibly nothing), never an exception, because mappers must not fail on odd input.
 * Mappers do not call the readers: they get a span's content parsed once, as {@link
 * ParsedContent}. Unstable internal API, not part of the SPI.
 */
public final class GenAiJson {
  private GenAiJson() {}

  /** Writes messages as the conventions' JSON array. */
  public static String writeMessages(List<ChatMessage> messages) {
    List<Object> out = new ArrayList<>(messages.size());
    for (ChatMessage m : messages) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("role", m.role());
      o.put("parts", partsToJson(m.parts()));
      if (m.finishReason() != null) {
        o.put("finish_reason", m.finishReason());
      }
      out.add(o);
    }
    return Json.write(out);
  }

  /** Writes parts (system instructions) as a JSON array. */
  public static String writeParts(List<MessagePart> parts) {
    return Json.write(partsToJson(parts));
  }

  /** Writes tool definitions as a JSON array. */
  public static String writeToolDefinitions(List<ToolDefinition> tools) {
    List<Object> out = new ArrayList<>(tools.size());
    for (ToolDefinition t : tools) {
      out.add(toolToJson(t));
    }
    return Json.write(out);
  }

  /** One tool definition as a JSON object map. */
  public static Map<String, Object> toolToJson(ToolDefinition t) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("type", t.type());
    o.put("name", t.name());
    if (t.description() != null) {
      o.put("description", t.description());
    }
    if (!t.parameters().isEmpty()) {
      o.put("parameters", t.parameters());
    }
    return o;
  }

  /** Parses {@code gen_ai.input.messages} / {@code gen_ai.output.messages} leniently. */
  public static List<ChatMessage> readMessages(String json) {
    return readMessages(json, false);
  }

  /**
   * As {@link #readMessages(String)}, for text {@link Json#scan} found without control characters
   * when {@code controlFree}.
   */
  public static List<ChatMessage> readMessages(String json, boolean controlFree) {
    if (json == null) {
      return new ArrayList<>();
    }
    try {
      return Json.readMessages(json, controlFree); // straight into messages, no tree of maps first
    } catch (Json.JsonException e) {
      return new ArrayList<>();
    }
  }

  /** {@link #readMessages} through the generic tree: the reference the direct reader must match. */
  static List<ChatMessage> readMessagesFromTree(String json) {
    List<ChatMessage> out = new ArrayList<>();
    for (Object item : Json.asList(Json.parseOrDefault(json, null))) {
      Map<String, Object> m = Json.asMap(item);
      String role = Json.asString(m.get("role"));
      if (role == null) {
        continue;
      }
      out.add(
          new ChatMessage(role, readParts(m.get("parts")), Json.asString(m.get("finish_reason"))));
    }
    return out;
  }

  /** Parses {@code gen_ai.system_instructions} leniently. */
  public static List<MessagePart> readParts(String json) {
    return readParts(json, false);
  }

  /**
   * As {@link #readParts(String)}, for text {@link Json#scan} found without control characters
   * when {@code controlFree}.
   */
  public static List<MessagePart> readParts(String json, boolean controlFree) {
    if (json == null) {
      return new ArrayList<>();
    }
    try {
      return Json.readParts(json, controlFree);
    } catch (Json.JsonException e) {
      return new ArrayList<>();
    }
  }

  /** {@link #readParts(String)} through the generic tree: the reference for the direct reader. */
  static List<MessagePart> readPartsFromTree(String json) {
    return readParts(Json.parseOrDefault(json, null));
  }

  /** Parses {@code gen_ai.tool.definitions} leniently. */
  public static List<ToolDefinition> readToolDefinitions(String json) {
    List<ToolDefinition> out = new ArrayList<>();
    for (Object item : Json.asList(Json.parseOrDefault(json, null))) {
      Map<String, Object> m = Json.asMap(item);
      String name = Json.asString(m.get("name"));
      if (name == null) {
        continue;
      }
      String type = Json.asString(m.get("type"));
      out.add(
          new ToolDefinition(
              type == null ? "function" : type,
              name,
              Json.asString(m.get("description")),
              Json.asMap(m.get("parameters"))));
    }
    return out;
  }

  /** A tool call's arguments as JSON text: a string as is (the model's invalid JSON), else written. */
  public static String argumentsJson(MessagePart.ToolCall call) {
    return call.arguments() instanceof String s ? s : Json.write(call.arguments());
  }

  /** A tool's response as text: a string as is, anything else as JSON. */
  public static String responseText(MessagePart.ToolCallResponse response) {
    return response.response() instanceof String s ? s : Json.write(response.response());
  }

  private static List<Object> partsToJson(List<MessagePart> parts) {
    List<Object> out = new ArrayList<>(parts.size());
    for (MessagePart p : parts) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("type", p.type());
      if (p instanceof MessagePart.Text t) {
        o.put("content", t.content());
      } else if (p instanceof MessagePart.ToolCall c) {
        if (c.id() != null) {
          o.put("id", c.id());
        }
        o.put("name", c.name());
        o.put("arguments", c.arguments());
      } else if (p instanceof MessagePart.ToolCallResponse r) {
        if (r.id() != null) {
          o.put("id", r.id());
        }
        o.put("response", r.response());
      } else if (p instanceof MessagePart.Other other) {
        o.putAll(other.fields());
        o.put("type", other.type());
      }
      out.add(o);
    }
    return out;
  }

  private static List<MessagePart> readParts(Object parsed) {
    List<MessagePart> out = new ArrayList<>();
    for (Object item : Json.asList(parsed)) {
      Map<String, Object> p = Json.asMap(item);
      String type = Json.asString(p.get("type"));
      if (type == null) {
        continue;
      }
      switch (type) {
        case "text" -> {
          Object content = p.get("content");
          out.add(new MessagePart.Text(content instanceof String s ? s : Json.write(content)));
        }
        case "tool_call" -> {
          String name = Json.asString(p.get("name"));
          if (name != null) {
            out.add(new MessagePart.ToolCall(Json.asString(p.get("id")), name, p.get("arguments")));
          }
        }
        case "tool_call_response" ->
            out.add(
                new MessagePart.ToolCallResponse(Json.asString(p.get("id")), p.get("response")));
        default -> {
          Map<String, Object> fields = new LinkedHashMap<>();
          p.forEach(
              (k, v) -> {
                if (v != null) {
                  fields.put(k, v);
                }
              });
          out.add(new MessagePart.Other(type, fields));
        }
      }
    }
    return out;
  }
}
