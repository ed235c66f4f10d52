package dev.otelpresets.presets.langfuse;

import dev.otelpresets.spi.genai.GenAiContent;
import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.spi.genai.GenAiContent.MessagePart;
import dev.otelpresets.support.internal.GenAiJson;
import dev.otelpresets.support.internal.Json;
import dev.otelpresets.support.internal.ParsedContent;
import java.util.List;
import java.util.Map;

/**
 * The canonical messages (the GenAI conventions' {@code role} / {@code parts} shape) as the
 * OpenAI-style chat messages Langfuse's chat view and tool index read (see {@code docs/langfuse.md}):
 *
 * <ul>
 *   <li>text: {@code {"role":..., "content":"..."}}, the text parts joined by newlines; the system
 *       instructions become a leading {@code system} message;
 *   <li>the assistant's tool calls: {@code "tool_calls":[{"id", "type":"function", "function":
 *       {"name", "arguments":"<JSON text>"}}]} (no {@code content} when there is no text);
 *   <li>tool results: one {@code {"role":"tool", "tool_call_id", "content":"..."}} per result;
 *   <li>images and audio: a content array of {@code {"type":"text","text"}}, {@code
 *       {"type":"image_url","image_url":{"url"}}} (a URL, or a {@code data:} URI built from a
 *       blob's MIME type and base64 content) and {@code {"type":"input_audio","input_audio":
 *       {"data":"data:..."}}}; Langfuse renders these (and stores {@code data:} URIs as media when
 *       its media upload is on);
 *   <li>reasoning parts: {@code "thinking":[{"type":"thinking","content"}]};
 *   <li>any other part: kept as the conventions' object inside the content array.
 * </ul>
 *
 * <p>Canonical content that is not a readable messages array is passed through as it was captured.
 */
final class ChatMl {
  private ChatMl() {}

  /**
   * The observation input: the system instructions (if any) as a leading system message, then the
   * input messages; null when neither was captured.
   *
   * @param rawSystem the span's {@code gen_ai.system_instructions}, as captured
   * @param rawMessages the span's {@code gen_ai.input.messages}, as captured
   * @param content the span's content, parsed from those
   */
  static String input(String rawSystem, String rawMessages, GenAiContent content) {
    return input(rawSystem, rawMessages, content, JsonPieces.DEFAULT_PIECE_MIN);
  }

  /** {@link #input}, with the shortest plain string kept as its own piece ({@link JsonPieces}). */
  static String input(String rawSystem, String rawMessages, GenAiContent content, int pieceMin) {
    if (rawMessages == null && rawSystem == null) {
      return null; // content capture off: nothing to send, nothing to invent (nor parse)
    }
    List<ChatMessage> messages = rawMessages == null ? List.of() : content.inputMessages();
    if (messages.isEmpty() && rawMessages != null && !isEmptyArray(rawMessages)) {
      // Not the conventions' array: the captured text as the host wrote it beats losing it.
      return blankToNull(rawMessages);
    }
    List<MessagePart> system = rawSystem == null ? List.of() : content.systemInstructions();
    boolean rawSystemText =
        system.isEmpty() && rawSystem != null && !rawSystem.isBlank() && !isEmptyArray(rawSystem);
    if (messages.isEmpty() && system.isEmpty() && !rawSystemText) {
      return null;
    }
    boolean plain = plain(content);
    JsonPieces sb = pieces(plain, pieceMin, length(rawMessages) + length(rawSystem), messages);
    sb.append('[');
    int n = 0;
    if (!system.isEmpty()) {
      n += message(new ChatMessage("system", system, null), sb, n, plain);
    } else if (rawSystemText) {
      // System instructions that are not a parts array: their text, as captured.
      sb.append("{\"role\":\"system\",\"content\":").string(rawSystem, false).append('}');
      n++;
    }
    for (ChatMessage m : messages) {
      n += message(m, sb, n, plain);
    }
    return sb.append(']').toString();
  }

  /**
   * The observation output: one message as an object (as OpenAI's {@code choices[0].message}),
   * several as an array; null when none was captured.
   *
   * @param rawMessages the span's {@code gen_ai.output.messages}, as captured
   * @param content the span's content, parsed from it
   */
  static String output(String rawMessages, GenAiContent content) {
    return output(rawMessages, content, JsonPieces.DEFAULT_PIECE_MIN);
  }

  /** {@link #output}, with the shortest plain string kept as its own piece ({@link JsonPieces}). */
  static String output(String rawMessages, GenAiContent content, int pieceMin) {
    if (rawMessages == null) {
      return null;
    }
    List<ChatMessage> messages = content.outputMessages();
    if (messages.isEmpty()) {
      return isEmptyArray(rawMessages) ? null : blankToNull(rawMessages);
    }
    boolean plain = plain(content);
    JsonPieces sb = pieces(plain, pieceMin, rawMessages.length(), messages);
    sb.append('[');
    int n = 0;
    for (ChatMessage m : messages) {
      n += message(m, sb, n, plain);
    }
    sb.append(']');
    return n == 1 ? sb.unwrapped() : sb.toString();
  }

  /**
   * The writer of one text: plain messages leave little but syntax in its builder, other messages
   * are escaped into it whole.
   */
  private static JsonPieces pieces(
      boolean plain, int pieceMin, int rawLength, List<ChatMessage> messages) {
    boolean pieces = plain && pieceMin < Integer.MAX_VALUE;
    // a message's text and the syntax before it, the system message and the closing bracket
    return new JsonPieces(pieceMin, pieces ? 256 : 64 + rawLength, 2 * messages.size() + 4);
  }

  /**
   * Appends one canonical message as one or more chat messages (each tool result is its own
   * {@code tool} message), preceded by a comma unless {@code written} is 0.
   *
   * @param plain whether the strings read from the messages need no escaping (see {@link
   *     #plain})
   * @return how many chat messages were appended
   */
  private static int message(ChatMessage m, JsonPieces sb, int written, boolean plain) {
    List<MessagePart> parts = m.parts();
    if (plain
        && parts.size() == 1
        && parts.get(0) instanceof MessagePart.Text t
        && sb.textMessage(written > 0, m.role(), t.content())) {
      return 1; // what the general path below writes for one plain text, without its checks
    }
    int texts = 0;
    boolean calls = false;
    boolean results = false;
    boolean thinking = false;
    boolean media = false;
    for (MessagePart p : m.parts()) {
      if (p instanceof MessagePart.Text) {
        texts++;
      } else if (p instanceof MessagePart.ToolCall) {
        calls = true;
      } else if (p instanceof MessagePart.ToolCallResponse) {
        results = true;
      } else if (reasoning(p) != null) {
        thinking = true;
      } else {
        media = true;
      }
    }
    int n = 0;
    if (results) {
      for (MessagePart p : m.parts()) {
        if (p instanceof MessagePart.ToolCallResponse r) {
          comma(sb, written + n++);
          sb.append("{\"role\":\"tool\"");
          if (r.id() != null) {
            sb.append(",\"tool_call_id\":").string(r.id(), plain);
          }
          // a string response is read from the messages; any other is written as JSON here
          sb.append(",\"content\":")
              .string(
                  r.response() == null ? "" : GenAiJson.responseText(r),
                  plain && r.response() instanceof String);
          sb.append('}');
        }
      }
      if (texts == 0 && !calls && !thinking && !media) {
        return n;
      }
    }
    comma(sb, written + n++);
    sb.append("{\"role\":").string(m.role(), plain);
    if (media) {
      sb.append(",\"content\":[");
      boolean first = true;
      for (MessagePart p : m.parts()) {
        if (p instanceof MessagePart.Text t) {
          first = comma(sb, first);
          sb.append("{\"type\":\"text\",\"text\":").string(t.content(), plain);
          sb.append('}');
        } else if (p instanceof MessagePart.Other o && reasoning(o) == null) {
          first = comma(sb, first);
          contentPart(o, sb.builder());
        }
      }
      sb.append(']');
    } else if (texts > 0) {
      // several texts are joined by newlines, which need escaping
      sb.append(",\"content\":").string(m.textContent(), plain && texts == 1);
    } else if (!calls && !thinking) {
      sb.append(",\"content\":\"\"");
    }
    if (calls) {
      sb.append(",\"tool_calls\":[");
      boolean first = true;
      for (MessagePart p : m.parts()) {
        if (p instanceof MessagePart.ToolCall c) {
          first = comma(sb, first);
          sb.append("{\"id\":").string(c.id() == null ? "" : c.id(), plain);
          sb.append(",\"type\":\"function\",\"function\":{\"name\":").string(c.name(), plain);
          // string arguments are read from the messages; any others are written as JSON here
          sb.append(",\"arguments\":")
              .string(
                  c.arguments() == null ? "{}" : GenAiJson.argumentsJson(c),
                  plain && (c.arguments() == null || c.arguments() instanceof String));
          sb.append("}}");
        }
      }
      sb.append(']');
    }
    if (thinking) {
      sb.append(",\"thinking\":[");
      boolean first = true;
      for (MessagePart p : m.parts()) {
        String text = reasoning(p);
        if (text != null) {
          first = comma(sb, first);
          sb.append("{\"type\":\"thinking\",\"content\":").string(text, plain);
          sb.append('}');
        }
      }
      sb.append(']');
    }
    sb.append('}');
    return n;
  }

  /**
   * Whether every string read from {@code content}'s messages is its own JSON text (no quote,
   * backslash, control character or lone surrogate in it), as decided once per span with the parse:
   * then such strings are written between quotes without {@link Json#quote}'s scan.
   */
  static boolean plain(GenAiContent content) {
    return content instanceof ParsedContent pc && pc.plainMessages();
  }

  /** The text of a conventions' {@code reasoning} part, or null for any other part. */
  private static String reasoning(MessagePart p) {
    return p instanceof MessagePart.Other o && o.type().equals("reasoning")
        ? Json.asString(o.fields().get("content"))
        : null;
  }

  /**
   * A non-text part as an OpenAI content part where one fits (images as {@code image_url}, audio
   * blobs as {@code input_audio} with a {@code data:} URI), else the part as it was captured.
   */
  private static void contentPart(MessagePart.Other o, StringBuilder sb) {
    Map<String, Object> f = o.fields();
    String mime = Json.asString(f.get("mime_type"));
    String modality = Json.asString(f.get("modality"));
    boolean image = mime != null ? mime.startsWith("image/") : "image".equals(modality);
    switch (o.type()) {
      case "blob" -> {
        String base64 = Json.asString(f.get("content"));
        if (base64 != null
            && mime != null
            && !mime.isBlank()
            && (image || mime.startsWith("audio/"))) {
          sb.append(
              image
                  ? "{\"type\":\"image_url\",\"image_url\":{\"url\":"
                  : "{\"type\":\"input_audio\",\"input_audio\":{\"data\":");
          dataUri(mime, base64, sb);
          sb.append("}}");
          return;
        }
      }
      case "uri" -> {
        String uri = Json.asString(f.get("uri"));
        if (uri != null && image) {
          Json.quote(uri, sb.append("{\"type\":\"image_url\",\"image_url\":{\"url\":"));
          sb.append("}}");
          return;
        }
      }
      default -> {
        // image_url, input_audio and other OpenAI parts a host recorded as they came: as they are
      }
    }
    Json.quote(o.type(), sb.append("{\"type\":"));
    for (Map.Entry<String, Object> e : f.entrySet()) {
      if (!e.getKey().equals("type")) {
        Json.quote(e.getKey(), sb.append(','));
        Json.write(e.getValue(), sb.append(':'));
      }
    }
    sb.append('}');
  }

  /** {@code "data:<mime>;base64,<content>"} as a JSON string. */
  private static void dataUri(String mime, String base64, StringBuilder sb) {
    Json.quote("data:" + mime.strip() + ";base64," + base64, sb);
  }

  private static void comma(JsonPieces sb, int written) {
    if (written > 0) {
      sb.append(',');
    }
  }

  /** Appends a comma unless {@code first}; returns false (the next one is not first). */
  private static boolean comma(JsonPieces sb, boolean first) {
    if (!first) {
      sb.append(',');
    }
    return false;
  }

  static boolean isEmptyArray(String json) {
    int start = 0;
    int end = json.length();
    while (start < end && Character.isWhitespace(json.charAt(start))) {
      start++;
    }
    while (end > start && Character.isWhitespace(json.charAt(end - 1))) {
      end--;
    }
    if (end - start < 2 || json.charAt(start) != '[' || json.charAt(end - 1) != ']') {
      return false;
    }
    for (int i = start + 1; i < end - 1; i++) {
      if (!Character.isWhitespace(json.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static int length(String s) {
    return s == null ? 0 : s.length();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
