package dev.otelpresets.app.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The embedded mock model ({@code upstream: mock}): no network, deterministic answers and
 * embeddings, token usage, and tool calls when the request offers tools. It fails on demand when the model name
 * contains {@code fail} or the request has {@code "mock_fail": true}.
 */
final class MockModel {
  /** The request field that makes the mock fail. */
  static final String FAIL_FIELD = "mock_fail";

  /** How many words go into one streamed chunk. */
  static final int WORDS_PER_CHUNK = 3;

  /** The vector size of the mock's embeddings when the request does not ask for one. */
  static final int DIMENSIONS = 8;

  /** The largest vector size the mock answers with. */
  static final int MAX_DIMENSIONS = 4096;

  /** The most texts one embeddings request may hold (OpenAI's own limit). */
  static final int MAX_INPUTS = 2048;

  /**
   * The most numbers one embeddings answer holds (texts × dimensions): 2,048 texts of 4,096
   * floats are 8 Mi floats, about 90 MB of JSON, from a body of a few kilobytes.
   */
  static final long MAX_NUMBERS = 1L << 20;

  private final AtomicLong ids = new AtomicLong();

  /**
   * Deterministic unit vectors of {@code dimensions} floats, one per text: the same text always
   * gets the same vector.
   */
  static List<float[]> embed(List<String> texts, int dimensions) {
    List<float[]> out = new ArrayList<>(texts.size());
    for (String text : texts) {
      java.util.SplittableRandom random = new java.util.SplittableRandom(text.hashCode());
      float[] v = new float[dimensions];
      double norm = 0;
      for (int i = 0; i < dimensions; i++) {
        v[i] = (float) (random.nextDouble() * 2 - 1);
        norm += v[i] * v[i];
      }
      float scale = (float) (1 / Math.sqrt(Math.max(norm, 1e-12)));
      for (int i = 0; i < dimensions; i++) {
        v[i] *= scale;
      }
      out.add(v);
    }
    return out;
  }

  /** The input tokens of an embeddings request: roughly four characters a token, one at least. */
  static long embeddingTokens(List<String> texts) {
    long tokens = 0;
    for (String t : texts) {
      tokens += Math.max(1, (t.length() + 3) / 4);
    }
    return tokens;
  }

  /** Whether this request should fail. */
  static boolean shouldFail(String model, ObjectNode body) {
    return model.toLowerCase(java.util.Locale.ROOT).contains("fail")
        || body.path(FAIL_FIELD).asBoolean(false);
  }

  /** The deterministic answer to {@code body}. */
  OpenAi.Completion complete(String model, ObjectNode body) {
    String id = "chatcmpl-mock-" + ids.incrementAndGet();
    JsonNode messages = body.path("messages");
    long promptTokens = Math.max(1, countTokens(messages));
    JsonNode tools = body.path("tools");
    JsonNode last =
        messages.isArray() && messages.size() > 0 ? messages.get(messages.size() - 1) : null;
    boolean answeredTool = last != null && "tool".equals(last.path("role").asText());
    boolean toolsAllowed = !"none".equals(body.path("tool_choice").asText(""));
    if (tools.isArray() && tools.size() > 0 && !answeredTool && toolsAllowed) {
      JsonNode fn = tools.get(0).path("function");
      String name = fn.path("name").asText("tool");
      String args =
          new String(
              OpenAi.bytes(arguments(fn.path("parameters"))),
              java.nio.charset.StandardCharsets.UTF_8);
      List<OpenAi.ToolCallOut> calls = List.of(new OpenAi.ToolCallOut("call_mock_1", name, args));
      long completion = Math.max(1, (name.length() + args.length()) / 4);
      return new OpenAi.Completion(
          id, model, null, calls, "tool_calls", promptTokens, completion, null, null);
    }
    String text;
    if (answeredTool) {
      text =
          "The tool answered: "
              + shorten(textOf(last.path("content")), 80)
              + ". That is all the mock model knows.";
    } else {
      String question = lastUserText(messages);
      text =
          "This is the otel-presets mock model answering \""
              + shorten(question, 60)
              + "\". The answer is deterministic, so tests and demos can rely on it.";
    }
    long completion = words(text).size();
    return new OpenAi.Completion(
        id, model, text, List.of(), "stop", promptTokens, completion, null, null);
  }

  /** The text split into the pieces streamed one per chunk. */
  static List<String> streamPieces(String text) {
    List<String> words = words(text);
    List<String> pieces = new ArrayList<>();
    for (int i = 0; i < words.size(); i += WORDS_PER_CHUNK) {
      StringBuilder sb = new StringBuilder();
      for (int j = i; j < Math.min(words.size(), i + WORDS_PER_CHUNK); j++) {
        if (j > i) {
          sb.append(' ');
        }
        sb.append(words.get(j));
      }
      pieces.add(sb.toString());
    }
    return pieces;
  }

  /**
   * The words of {@code text}: {@code text.trim().split("\\s+")} without the empty ones, without a
   * regular expression (this runs on every mock request).
   */
  static List<String> words(String text) {
    String t = text.trim();
    List<String> out = new ArrayList<>();
    int start = -1;
    for (int i = 0; i < t.length(); i++) {
      if (isRegexSpace(t.charAt(i))) {
        if (start >= 0) {
          out.add(t.substring(start, i));
          start = -1;
        }
      } else if (start < 0) {
        start = i;
      }
    }
    if (start >= 0) {
      out.add(t.substring(start));
    }
    return out;
  }

  /** What {@code \s} matches in a Java regular expression: {@code [ \t\n\x0B\f\r]}. */
  private static boolean isRegexSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  private static long countTokens(JsonNode messages) {
    long chars = 0;
    long count = 0;
    for (JsonNode m : messages) {
      chars += textOf(m.path("content")).length();
      count++;
    }
    // roughly four characters a token, plus a few tokens of framing per message
    return (chars + 3) / 4 + 3 * count;
  }

  private static String lastUserText(JsonNode messages) {
    String text = "";
    for (JsonNode m : messages) {
      if ("user".equals(m.path("role").asText())) {
        text = textOf(m.path("content"));
      }
    }
    return text;
  }

  private static String textOf(JsonNode content) {
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder sb = new StringBuilder();
    if (content.isArray()) {
      content.forEach(p -> sb.append(p.path("text").asText("")));
    }
    return sb.toString();
  }

  /**
   * {@code s} on one line ({@code s.replaceAll("\\s+", " ").trim()}, without a regular
   * expression), cut to {@code max} characters and "..." when longer.
   */
  static String shorten(String s, int max) {
    StringBuilder sb = new StringBuilder(Math.min(s.length(), max + 16));
    boolean space = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (isRegexSpace(c)) {
        space = true;
      } else {
        if (space) {
          sb.append(' ');
          space = false;
        }
        sb.append(c);
      }
    }
    String oneLine = sb.toString().trim();
    return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "...";
  }

  /** Arguments that satisfy the tool's JSON schema in a predictable way. */
  private static ObjectNode arguments(JsonNode schema) {
    ObjectNode args = OpenAi.JSON.createObjectNode();
    JsonNode props = schema.path("properties");
    Iterator<Map.Entry<String, JsonNode>> it = props.properties().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> p = it.next();
      String type = p.getValue().path("type").asText("string");
      String key = p.getKey();
      switch (type) {
        case "integer", "number" -> args.put(key, 1);
        case "boolean" -> args.put(key, true);
        case "array" -> args.putArray(key);
        case "object" -> args.putObject(key);
        default -> {
          JsonNode options = p.getValue().path("enum");
          if (options.isArray() && options.size() > 0) {
            args.put(key, options.get(0).asText());
          } else if (key.contains("city") || key.contains("location")) {
            args.put(key, "Paris");
          } else {
            args.put(key, "mock");
          }
        }
      }
    }
    return args;
  }
}
