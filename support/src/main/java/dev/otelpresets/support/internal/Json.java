package dev.otelpresets.support.internal;

import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.spi.genai.GenAiContent.MessagePart;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A small, strict JSON reader and writer for the JSON-valued canonical attributes (messages, tool
 * definitions, metadata): the core writes them with it and parses each span's content with it
 * once ({@link ParsedContent}); the built-in presets write their vocabulary's JSON with it.
 * Unstable internal API, not part of the SPI. Values map to {@code Map<String,
 * Object>} (insertion-ordered), {@code List<Object>}, {@code String}, {@code Long}, {@code Double},
 * {@code Boolean} and {@code null}.
 *
 * <p>Hostile input is bounded: nesting deeper than {@link #MAX_DEPTH} is rejected rather than
 * overflowing the stack. Lone UTF-16 surrogates are written as {@code \\uXXXX} escapes, so output is
 * always valid UTF-8 when encoded.
 */
public final class Json {
  /** The deepest nesting {@link #parse} accepts. */
  public static final int MAX_DEPTH = 128;

  private Json() {}

  /** Thrown for malformed or too-deep JSON; the message gives the character offset. */
  public static final class JsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    JsonException(String message) {
      super(message);
    }
  }

  /**
   * Parses one JSON value.
   *
   * @throws JsonException if the text is not exactly one valid JSON value
   */
  public static Object parse(String text) {
    Objects.requireNonNull(text, "text");
    Reader r = new Reader(text);
    r.skipWs();
    Object v = r.value(0);
    r.skipWs();
    if (r.pos != text.length()) {
      throw r.error("unexpected trailing characters");
    }
    return v;
  }

  /** Parses {@code text}, returning {@code fallback} when it is null or not valid JSON. */
  public static Object parseOrDefault(String text, Object fallback) {
    if (text == null) {
      return fallback;
    }
    try {
      return parse(text);
    } catch (JsonException e) {
      return fallback;
    }
  }

  /** Writes a value made of maps, lists, strings, numbers, booleans and nulls. */
  public static String write(Object value) {
    StringBuilder sb = new StringBuilder(value instanceof String str ? str.length() + 16 : 256);
    write(value, sb);
    return sb.toString();
  }

  /** Appends the JSON form of {@code value}. Unknown types are written as their {@code toString()}. */
  public static void write(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String) {
      quote((String) value, out);
    } else if (value instanceof Boolean) {
      out.append(value);
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isFinite(d)) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
          out.append((long) d).append(".0");
        } else {
          out.append(d);
        }
      } else {
        out.append("null");
      }
    } else if (value instanceof Number) {
      out.append(value);
    } else if (value instanceof Map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        quote(String.valueOf(e.getKey()), out);
        out.append(':');
        write(e.getValue(), out);
      }
      out.append('}');
    } else if (value instanceof Iterable) {
      out.append('[');
      boolean first = true;
      for (Object o : (Iterable<?>) value) {
        if (!first) {
          out.append(',');
        }
        first = false;
        write(o, out);
      }
      out.append(']');
    } else {
      quote(value.toString(), out);
    }
  }

  /** {@link #scan}: the text holds a backslash (an escape). */
  public static final int BACKSLASH = 1;

  /** {@link #scan}: the text holds a lone surrogate. */
  public static final int LONE_SURROGATE = 2;

  /** {@link #scan}: the text holds a control character (below U+0020). */
  public static final int CONTROL = 4;

  /**
   * What {@code json} (null: nothing) holds of {@link #BACKSLASH}, {@link #LONE_SURROGATE} and
   * {@link #CONTROL}, in one pass. Text without a control character can be read without checking
   * each string for one ({@code controlFree} of {@link GenAiJson#readMessages(String, boolean)}).
   */
  public static int scan(String json) {
    if (json == null) {
      return 0;
    }
    int flags = json.indexOf('\\') >= 0 ? BACKSLASH : 0;
    int n = json.length();
    for (int i = 0; i < n; i++) {
      char c = json.charAt(i);
      if (c < 0x20) {
        flags |= CONTROL;
      } else if ((c & 0xF800) == 0xD800) { // a surrogate: lone unless a high one before a low one
        if (c <= Character.MAX_HIGH_SURROGATE
            && i + 1 < n
            && Character.isLowSurrogate(json.charAt(i + 1))) {
          i++;
        } else {
          flags |= LONE_SURROGATE;
        }
      }
    }
    return flags;
  }

  /**
   * Whether {@code json} (null counts as plain) holds no backslash and no lone surrogate. Every
   * string {@link #parse} reads from such text is then a plain copy of a range of it: valid UTF-16,
   * and free of quotes, backslashes and control characters (the reader takes those only escaped),
   * so {@link #quote} would write it unchanged between quotes.
   */
  public static boolean isPlain(String json) {
    return (scan(json) & (BACKSLASH | LONE_SURROGATE)) == 0;
  }

  /** Appends {@code s} as a JSON string literal. */
  public static void quote(String s, StringBuilder out) {
    int n = s.length();
    out.ensureCapacity(out.length() + n + 2);
    out.append('"');
    int run = 0; // start of the pending run of characters that need no escaping
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      String esc;
      if (c >= 0x20
          && c != '"'
          && c != '\\'
          && (c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE)) {
        continue; // the common case: plain character, part of the run
      }
      switch (c) {
        case '"':
          esc = "\\\"";
          break;
        case '\\':
          esc = "\\\\";
          break;
        case '\n':
          esc = "\\n";
          break;
        case '\r':
          esc = "\\r";
          break;
        case '\t':
          esc = "\\t";
          break;
        default:
          if (Character.isHighSurrogate(c)
              && i + 1 < n
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            i++; // a valid pair: both halves stay in the run
            continue;
          }
          // a control character, or a lone surrogate (a low surrogate preceded by its high half
          // was consumed with it above)
          esc = null;
      }
      if (run < i) {
        out.append(s, run, i);
      }
      if (esc != null) {
        out.append(esc);
      } else {
        unicodeEscape(c, out);
      }
      run = i + 1;
    }
    if (run < n) {
      out.append(s, run, n);
    }
    out.append('"');
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private static void unicodeEscape(char c, StringBuilder out) {
    out.append('\\')
        .append('u')
        .append(HEX[(c >> 12) & 0xf])
        .append(HEX[(c >> 8) & 0xf])
        .append(HEX[(c >> 4) & 0xf])
        .append(HEX[c & 0xf]);
  }

  /** Returns {@code o} as a map when it is one, else an empty map. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> asMap(Object o) {
    return o instanceof Map ? (Map<String, Object>) o : Collections.emptyMap();
  }

  /** Returns {@code o} as a list when it is one, else an empty list. */
  @SuppressWarnings("unchecked")
  public static List<Object> asList(Object o) {
    return o instanceof List ? (List<Object>) o : Collections.emptyList();
  }

  /** Returns {@code o} as a string when it is one, else null. */
  public static String asString(Object o) {
    return o instanceof String ? (String) o : null;
  }

  /**
   * The conventions' messages array ({@code gen_ai.input.messages}) read straight into {@link
   * ChatMessage}s, for {@link GenAiJson#readMessages}: the same grammar and the same lenient result
   * as walking the tree {@link #parse} builds (a message without a string role and a part without a
   * string type are skipped, and so on), without building the maps of the messages and parts first.
   * Values the conventions leave open (tool call arguments and responses, unknown keys of other
   * part types) are parsed as {@link #parse} would.
   *
   * @param controlFree the text is known to hold no control character ({@link #scan}), so its
   *     strings are not checked for one
   * @return the messages, or an empty list when the value is not an array
   * @throws JsonException if the text is not exactly one valid JSON value
   */
  static List<ChatMessage> readMessages(String text, boolean controlFree) {
    Reader r = new Reader(text, controlFree);
    r.skipWs();
    if (r.pos >= text.length() || text.charAt(r.pos) != '[') {
      return new ArrayList<>(); // not an array, valid or not: nothing to read either way
    }
    List<ChatMessage> out = r.messages();
    r.skipWs();
    if (r.pos != text.length()) {
      throw r.error("unexpected trailing characters");
    }
    return out;
  }

  /** As {@link #readMessages}, for a parts array ({@code gen_ai.system_instructions}). */
  static List<MessagePart> readParts(String text, boolean controlFree) {
    Reader r = new Reader(text, controlFree);
    r.skipWs();
    if (r.pos >= text.length() || text.charAt(r.pos) != '[') {
      return new ArrayList<>();
    }
    List<MessagePart> out = r.parts(0, false);
    r.skipWs();
    if (r.pos != text.length()) {
      throw r.error("unexpected trailing characters");
    }
    return out;
  }

  private static final class Reader {
    private final String s;
    private int pos;

    /** The index of a backslash at or after the last string read (the text's length if none). */
    private int nextBackslash = -1;

    /** The text holds no control character: strings need no check for one. */
    private final boolean controlFree;

    Reader(String s) {
      this(s, false);
    }

    Reader(String s, boolean controlFree) {
      this.s = s;
      this.controlFree = controlFree;
    }

    // The messages shape, read directly. Each method mirrors object()/array() below step by step
    // (same checks, same depths passed to value()), so what is accepted is exactly what parse()
    // accepts.

    /** At '[' (depth 0): the messages, objects with a string role. */
    List<ChatMessage> messages() {
      List<ChatMessage> out = new ArrayList<>();
      pos++;
      skipWs();
      if (peek() == ']') {
        pos++;
        return out;
      }
      while (true) {
        skipWs();
        if (peek() == '{') {
          ChatMessage m = message(1);
          if (m != null) {
            out.add(m);
          }
        } else {
          value(1);
        }
        skipWs();
        char c = peek();
        pos++;
        if (c == ']') {
          return out;
        }
        if (c != ',') {
          pos--;
          throw error("expected ',' or ']'");
        }
      }
    }

    /** At '{': one message, or null when it has no string role. */
    private ChatMessage message(int depth) {
      Object role = null;
      Object finishReason = null;
      List<MessagePart> parts = null;
      pos++;
      skipWs();
      if (peek() == '}') {
        pos++;
        return null;
      }
      while (true) {
        skipWs();
        if (peek() != '"') {
          throw error("expected a string key");
        }
        String k = key();
        skipWs();
        if (peek() != ':') {
          throw error("expected ':'");
        }
        pos++;
        skipWs();
        switch (k) {
          case "role" -> role = commonValue(depth + 1);
          case "finish_reason" -> finishReason = commonValue(depth + 1);
          case "parts" -> {
            if (peek() == '[') {
              parts = parts(depth + 1, true);
            } else {
              value(depth + 1);
              parts = null;
            }
          }
          default -> value(depth + 1);
        }
        skipWs();
        char c = peek();
        pos++;
        if (c == '}') {
          String r = asString(role);
          if (r == null) {
            return null;
          }
          // compact parts: one or none is a List.of, which the message keeps without a copy
          return new ChatMessage(r, parts == null ? List.of() : parts, asString(finishReason));
        }
        if (c != ',') {
          pos--;
          throw error("expected ',' or '}'");
        }
      }
    }

    /**
     * At '[': the parts, objects with a string type.
     *
     * @param compact whether none or one part (a message's usual one text) is returned as an
     *     immutable {@code List.of}, with no list allocated for it; else the list is a new {@code
     *     ArrayList}
     */
    List<MessagePart> parts(int depth, boolean compact) {
      List<MessagePart> out = compact ? null : new ArrayList<>();
      MessagePart first = null;
      pos++;
      skipWs();
      if (peek() == ']') {
        pos++;
        return out != null ? out : List.of();
      }
      while (true) {
        skipWs();
        if (peek() == '{') {
          MessagePart p = part(depth + 1);
          if (p != null) {
            if (out != null) {
              out.add(p);
            } else if (first == null) {
              first = p;
            } else {
              out = new ArrayList<>();
              out.add(first);
              out.add(p);
            }
          }
        } else {
          value(depth + 1);
        }
        skipWs();
        char c = peek();
        pos++;
        if (c == ']') {
          return out != null ? out : first != null ? List.of(first) : List.of();
        }
        if (c != ',') {
          pos--;
          throw error("expected ',' or ']'");
        }
      }
    }

    /** At '{': one part, or null when it has no string type (or is a tool call without a name). */
    private MessagePart part(int depth) {
      Object type = null;
      Object content = null;
      Object id = null;
      Object name = null;
      Object arguments = null;
      Object response = null;
      Map<String, Object> other = null;
      pos++;
      skipWs();
      if (peek() == '}') {
        pos++;
        return null;
      }
      while (true) {
        skipWs();
        if (peek() != '"') {
          throw error("expected a string key");
        }
        String k = key();
        skipWs();
        if (peek() != ':') {
          throw error("expected ':'");
        }
        pos++;
        skipWs();
        Object v = k.equals("type") ? commonValue(depth + 1) : value(depth + 1);
        switch (k) {
          case "type" -> type = v;
          case "content" -> content = v;
          case "id" -> id = v;
          case "name" -> name = v;
          case "arguments" -> arguments = v;
          case "response" -> response = v;
          default -> {
            if (other == null) {
              other = new LinkedHashMap<>();
            }
            other.put(k, v);
          }
        }
        skipWs();
        char c = peek();
        pos++;
        if (c == '}') {
          return part(asString(type), content, id, name, arguments, response, other);
        }
        if (c != ',') {
          pos--;
          throw error("expected ',' or '}'");
        }
      }
    }

    /** The conventions' common role, type and finish reason values: shared, not allocated. */
    private static final String[][] COMMON_VALUES =
        byFirstChar(
            "user",
            "assistant",
            "system",
            "tool",
            "text",
            "tool_call",
            "tool_call_response",
            "stop",
            "length",
            "tool_calls",
            "content_filter");

    /**
     * {@link #value} for a role, part type or finish reason: one of {@link #COMMON_VALUES} written
     * without escapes is returned as the shared constant (what {@link #string} would return, equal
     * and without the copy).
     */
    private Object commonValue(int depth) {
      if (pos < s.length() && s.charAt(pos) == '"' && depth <= MAX_DEPTH) {
        String v = common(COMMON_VALUES, pos + 1);
        if (v != null) {
          pos += v.length() + 2;
          return v;
        }
      }
      return value(depth);
    }

    /**
     * The one of {@code common} (grouped by first character) that the string starting at {@code
     * start} spells exactly, closing quote included; null when none does.
     */
    private String common(String[][] common, int start) {
      int n = s.length();
      if (start >= n) {
        return null;
      }
      char first = s.charAt(start);
      String[] candidates = first < common.length ? common[first] : null;
      if (candidates == null) {
        return null;
      }
      for (String c : candidates) {
        int end = start + c.length();
        // startsWith compares the strings' bytes directly: a char-by-char loop here was a third
        // of the parse
        if (end < n && s.charAt(end) == '"' && s.startsWith(c, start)) {
          return c;
        }
      }
      return null;
    }

    /** Words grouped by their first character (ASCII), for {@link #common}. */
    private static String[][] byFirstChar(String... words) {
      String[][] out = new String[128][];
      for (String w : words) {
        String[] group = out[w.charAt(0)];
        group = group == null ? new String[1] : Arrays.copyOf(group, group.length + 1);
        group[group.length - 1] = w;
        out[w.charAt(0)] = group;
      }
      return out;
    }

    private static MessagePart part(
        String type,
        Object content,
        Object id,
        Object name,
        Object arguments,
        Object response,
        Map<String, Object> other) {
      if (type == null) {
        return null;
      }
      switch (type) {
        case "text":
          return new MessagePart.Text(content instanceof String str ? str : write(content));
        case "tool_call":
          {
            String n = asString(name);
            return n == null ? null : new MessagePart.ToolCall(asString(id), n, arguments);
          }
        case "tool_call_response":
          return new MessagePart.ToolCallResponse(asString(id), response);
        default:
          {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("type", type);
            putIfNotNull(fields, "content", content);
            putIfNotNull(fields, "id", id);
            putIfNotNull(fields, "name", name);
            putIfNotNull(fields, "arguments", arguments);
            putIfNotNull(fields, "response", response);
            if (other != null) {
              other.forEach((k, v) -> putIfNotNull(fields, k, v));
            }
            return new MessagePart.Other(type, fields);
          }
      }
    }

    private static void putIfNotNull(Map<String, Object> m, String k, Object v) {
      if (v != null) {
        m.put(k, v);
      }
    }

    JsonException error(String what) {
      return new JsonException("invalid JSON at offset " + pos + ": " + what);
    }

    void skipWs() {
      int i = pos;
      int n = s.length();
      while (i < n) {
        char c = s.charAt(i);
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
          i++;
        } else {
          break;
        }
      }
      pos = i;
    }

    Object value(int depth) {
      if (depth > MAX_DEPTH) {
        throw error("nesting deeper than " + MAX_DEPTH);
      }
      if (pos >= s.length()) {
        throw error("unexpected end of input");
      }
      char c = s.charAt(pos);
      switch (c) {
        case '{':
          return object(depth);
        case '[':
          return array(depth);
        case '"':
          return string();
        case 't':
          return literal("true", Boolean.TRUE);
        case 'f':
          return literal("false", Boolean.FALSE);
        case 'n':
          return literal("null", null);
        default:
          if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
          }
          throw error("unexpected character '" + c + "'");
      }
    }

    private Object literal(String word, Object v) {
      if (!s.startsWith(word, pos)) {
        throw error("expected " + word);
      }
      pos += word.length();
      return v;
    }

    private Map<String, Object> object(int depth) {
      Map<String, Object> m = new LinkedHashMap<>();
      pos++;
      skipWs();
      if (peek() == '}') {
        pos++;
        return m;
      }
      while (true) {
        skipWs();
        if (peek() != '"') {
          throw error("expected a string key");
        }
        String k = key();
        skipWs();
        if (peek() != ':') {
          throw error("expected ':'");
        }
        pos++;
        skipWs();
        m.put(k, value(depth + 1));
        skipWs();
        char c = peek();
        pos++;
        if (c == '}') {
          return m;
        }
        if (c != ',') {
          pos--;
          throw error("expected ',' or '}'");
        }
      }
    }

    private List<Object> array(int depth) {
      List<Object> l = new ArrayList<>();
      pos++;
      skipWs();
      if (peek() == ']') {
        pos++;
        return l;
      }
      while (true) {
        skipWs();
        l.add(value(depth + 1));
        skipWs();
        char c = peek();
        pos++;
        if (c == ']') {
          return l;
        }
        if (c != ',') {
          pos--;
          throw error("expected ',' or ']'");
        }
      }
    }

    private char peek() {
      if (pos >= s.length()) {
        throw error("unexpected end of input");
      }
      return s.charAt(pos);
    }

    /** The conventions' common object keys, returned without allocating a new string. */
    private static final String[][] COMMON_KEYS =
        byFirstChar(
            "role",
            "parts",
            "type",
            "content",
            "id",
            "name",
            "arguments",
            "response",
            "finish_reason",
            "text",
            "description",
            "parameters");

    /** An object key: a string, shared when it is one of {@link #COMMON_KEYS}. */
    private String key() {
      String k = common(COMMON_KEYS, pos + 1);
      if (k != null) {
        pos += k.length() + 2;
        return k;
      }
      return string();
    }

    private String string() {
      int start = pos + 1; // after the opening quote
      // The common case, a string without escapes: its end found by the intrinsic indexOf, the
      // range checked for a backslash (the next one is kept, so the text is searched once) and for
      // control characters; then copied once. Anything else takes the careful path from the start.
      int end = s.indexOf('"', start);
      if (end >= 0) {
        int backslash = nextBackslash;
        if (backslash < start) {
          backslash = s.indexOf('\\', start);
          backslash = backslash < 0 ? s.length() : backslash;
          nextBackslash = backslash;
        }
        if (backslash > end && (controlFree || noControlCharacter(start, end))) {
          pos = end + 1;
          return s.substring(start, end);
        }
      }
      pos = start;
      return escapedString(start);
    }

    private boolean noControlCharacter(int from, int to) {
      for (int i = from; i < to; i++) {
        if (s.charAt(i) < 0x20) {
          return false;
        }
      }
      return true;
    }

    /** A string from {@code start} (= {@code pos}), escapes and errors included. */
    private String escapedString(int start) {
      StringBuilder sb = null;
      while (true) {
        if (pos >= s.length()) {
          throw error("unterminated string");
        }
        char c = s.charAt(pos);
        if (c == '"') {
          String out = sb == null ? s.substring(start, pos) : sb.append(s, start, pos).toString();
          pos++;
          return out;
        }
        if (c == '\\') {
          if (sb == null) {
            sb = new StringBuilder();
          }
          sb.append(s, start, pos);
          pos++;
          char e = peek();
          pos++;
          switch (e) {
            case '"':
              sb.append('"');
              break;
            case '\\':
              sb.append('\\');
              break;
            case '/':
              sb.append('/');
              break;
            case 'b':
              sb.append('\b');
              break;
            case 'f':
              sb.append('\f');
              break;
            case 'n':
              sb.append('\n');
              break;
            case 'r':
              sb.append('\r');
              break;
            case 't':
              sb.append('\t');
              break;
            case 'u':
              if (pos + 4 > s.length()) {
                throw error("bad \\u escape");
              }
              int code = 0;
              for (int i = 0; i < 4; i++) {
                int d = Character.digit(s.charAt(pos + i), 16);
                if (d < 0) {
                  throw error("bad \\u escape");
                }
                code = code * 16 + d;
              }
              sb.append((char) code);
              pos += 4;
              break;
            default:
              throw error("bad escape '\\" + e + "'");
          }
          start = pos;
        } else if (c < 0x20) {
          throw error("control character in string");
        } else {
          pos++;
        }
      }
    }

    private Object number() {
      int start = pos;
      if (s.charAt(pos) == '-') {
        pos++;
      }
      boolean fractional = false;
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c >= '0' && c <= '9') {
          pos++;
        } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
          fractional = true;
          pos++;
        } else {
          break;
        }
      }
      if (!fractional) {
        int digits = pos - start - (s.charAt(start) == '-' ? 1 : 0);
        if (digits > 0 && digits < 19) { // fits in a long: no substring
          return Long.parseLong(s, start, pos, 10);
        }
      }
      String n = s.substring(start, pos);
      try {
        if (!fractional) {
          try {
            return Long.parseLong(n);
          } catch (NumberFormatException tooBig) {
            return Double.parseDouble(n);
          }
        }
        return Double.parseDouble(n);
      } catch (NumberFormatException e) {
        pos = start;
        throw error("bad number '" + n + "'");
      }
    }
  }
}
