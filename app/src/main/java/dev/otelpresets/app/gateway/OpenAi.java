package dev.otelpresets.app.gateway;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otelpresets.core.LlmRequest;
import dev.otelpresets.core.LlmResponse;
import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.spi.genai.GenAiContent.MessagePart;
import dev.otelpresets.spi.genai.GenAiContent.ToolDefinition;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The OpenAI chat-completions wire shapes: requests in, responses, chunks and errors out. */
final class OpenAi {
  static final ObjectMapper JSON = new ObjectMapper();

  /** Reads a request body: one JSON value, nothing after it (a second object is refused). */
  static final ObjectReader REQUEST =
      JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private OpenAi() {}

  /**
   * A 400 body for the first field of a chat request whose type is wrong, or null: a {@code
   * stream} that is not a boolean, a message that is not an object, a {@code role} that is not a
   * string, a {@code content} that is neither a string, an array of parts nor null, a sampling
   * parameter that is not a number, a token count, seed or {@code n} that is not an integer, a
   * {@code stop} that is neither a string nor an array of strings, a {@code user} that is not a
   * string (null is taken as absent for each). OpenAI refuses
   * them alike; read leniently, {@code "stream": 1} streamed while {@code "stream": "yes"} did not.
   * {@code messages} is a non-empty array here.
   */
  static byte[] invalidChatTypes(ObjectNode body) {
    JsonNode stream = body.get("stream");
    if (stream != null && !stream.isNull() && !stream.isBoolean()) {
      return invalidType("stream", "a boolean", stream);
    }
    for (String param : NUMBER_PARAMS) {
      JsonNode v = body.get(param);
      if (v != null && !v.isNull() && !v.isNumber()) {
        return invalidType(param, "a number", v);
      }
    }
    for (String param : INTEGER_PARAMS) {
      JsonNode v = body.get(param);
      if (v != null && !v.isNull() && !v.isIntegralNumber()) {
        return invalidType(param, "an integer", v);
      }
    }
    JsonNode stop = body.get("stop");
    if (stop != null && !stop.isNull() && !stop.isTextual() && !isStringArray(stop)) {
      return invalidType("stop", "a string or an array of strings", stop);
    }
    JsonNode user = body.get("user");
    if (user != null && !user.isNull() && !user.isTextual()) {
      return invalidType("user", "a string", user);
    }
    JsonNode messages = body.get("messages");
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      String at = "messages[" + i + "]";
      if (!m.isObject()) {
        return invalidType(at, "an object", m);
      }
      JsonNode role = m.get("role");
      if (role != null && !role.isTextual()) {
        return invalidType(at + ".role", "a string", role);
      }
      JsonNode content = m.get("content");
      if (content != null && !content.isNull() && !content.isTextual() && !content.isArray()) {
        return invalidType(at + ".content", "a string or an array of content parts", content);
      }
    }
    return null;
  }

  /** Sampling parameters OpenAI takes as numbers ({@code "temperature": "hot"} is refused). */
  private static final List<String> NUMBER_PARAMS =
      List.of("temperature", "top_p", "frequency_penalty", "presence_penalty");

  /** Parameters OpenAI takes as integers. */
  private static final List<String> INTEGER_PARAMS =
      List.of("max_tokens", "max_completion_tokens", "seed", "n");

  private static boolean isStringArray(JsonNode node) {
    if (!node.isArray()) {
      return false;
    }
    for (JsonNode n : node) {
      if (!n.isTextual()) {
        return false;
      }
    }
    return true;
  }

  private static byte[] invalidType(String param, String expected, JsonNode got) {
    String kind =
        switch (got.getNodeType()) {
          case STRING -> "a string";
          case NUMBER -> "a number";
          case BOOLEAN -> "a boolean";
          case ARRAY -> "an array";
          case OBJECT -> "an object";
          case NULL -> "null";
          default -> "another value";
        };
    return error(
        "Invalid type for '"
            + param
            + "': expected "
            + expected
            + ", but got "
            + kind
            + " instead.",
        "invalid_request_error",
        param,
        "invalid_type");
  }

  /**
   * Which of the JSON reader's limits a body exceeded, in the reader's words without its API
   * reference, e.g. {@code Document nesting depth (501) exceeds the maximum allowed (500)}; none
   * of the body is quoted.
   */
  static String limitExceeded(com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
    String m = e.getOriginalMessage();
    if (m == null || m.isBlank()) {
      return "a size or depth limit";
    }
    int api = m.indexOf(", from `");
    return api < 0 ? m.strip() : m.substring(0, api) + ")";
  }

  /** A client's text quoted in an error: at most 100 characters, so an answer never echoes MiBs. */
  static String clip(String text) {
    if (text.length() <= 100) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(99)) ? 99 : 100;
    return text.substring(0, end) + "… (" + text.length() + " characters)";
  }

  /** A tool call the model made: id, function name, arguments as JSON text. */
  record ToolCallOut(String id, String name, String arguments) {}

  /** A finished completion, whoever produced it. Token counts are null when unknown. */
  record Completion(
      String id,
      String model,
      String content,
      List<ToolCallOut> toolCalls,
      String finishReason,
      Long promptTokens,
      Long completionTokens,
      Long cachedTokens,
      Long reasoningTokens) {
    Completion {
      toolCalls = List.copyOf(toolCalls);
    }
  }

  /** An OpenAI-style error body: {@code {"error":{"message","type","param","code"}}}. */
  /**
   * The texts of an embeddings request's {@code input}: a string or an array of strings; null
   * when it is neither or empty (token-array inputs are not served).
   */
  static List<String> embeddingInputs(JsonNode input) {
    if (input != null && input.isTextual()) {
      return List.of(input.asText());
    }
    if (input == null || !input.isArray() || input.isEmpty()) {
      return null;
    }
    List<String> texts = new ArrayList<>(input.size());
    for (JsonNode n : input) {
      if (!n.isTextual()) {
        return null;
      }
      texts.add(n.asText());
    }
    return texts;
  }

  /** An OpenAI embeddings response: floats, or base64 of little-endian float32 as OpenAI sends. */
  static byte[] embeddingsBytes(String model, List<float[]> vectors, long tokens, boolean base64) {
    ObjectNode root = JSON.createObjectNode();
    root.put("object", "list");
    ArrayNode data = root.putArray("data");
    for (int i = 0; i < vectors.size(); i++) {
      float[] v = vectors.get(i);
      ObjectNode o = data.addObject();
      o.put("object", "embedding");
      o.put("index", i);
      if (base64) {
        java.nio.ByteBuffer buf =
            java.nio.ByteBuffer.allocate(4 * v.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
          buf.putFloat(f);
        }
        o.put("embedding", java.util.Base64.getEncoder().encodeToString(buf.array()));
      } else {
        ArrayNode e = o.putArray("embedding");
        for (float f : v) {
          e.add(f);
        }
      }
    }
    root.put("model", model);
    root.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
    return bytes(root);
  }

  static byte[] error(String message, String type, String param, String code) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode e = root.putObject("error");
    e.put("message", message);
    e.put("type", type);
    if (param == null) {
      e.putNull("param");
    } else {
      e.put("param", param);
    }
    if (code == null) {
      e.putNull("code");
    } else {
      e.put("code", code);
    }
    return bytes(root);
  }

  static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The {@code chat.completion} response as JSON bytes, written field by field without building a
   * tree (it runs on every non-streamed request).
   */
  static byte[] responseBytes(Completion c, long created) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("id", c.id());
      g.writeStringField("object", "chat.completion");
      g.writeNumberField("created", created);
      g.writeStringField("model", c.model());
      g.writeArrayFieldStart("choices");
      g.writeStartObject();
      g.writeNumberField("index", 0);
      g.writeObjectFieldStart("message");
      g.writeStringField("role", "assistant");
      g.writeStringField("content", c.content());
      if (!c.toolCalls().isEmpty()) {
        g.writeArrayFieldStart("tool_calls");
        for (ToolCallOut t : c.toolCalls()) {
          g.writeStartObject();
          g.writeStringField("id", t.id());
          g.writeStringField("type", "function");
          g.writeObjectFieldStart("function");
          g.writeStringField("name", t.name());
          g.writeStringField("arguments", t.arguments());
          g.writeEndObject();
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      g.writeEndObject();
      g.writeNullField("logprobs");
      g.writeStringField("finish_reason", c.finishReason());
      g.writeEndObject();
      g.writeEndArray();
      if (c.promptTokens() != null && c.completionTokens() != null) {
        g.writeObjectFieldStart("usage");
        g.writeNumberField("prompt_tokens", c.promptTokens());
        g.writeNumberField("completion_tokens", c.completionTokens());
        g.writeNumberField("total_tokens", c.promptTokens() + c.completionTokens());
        g.writeEndObject();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static ObjectNode usage(Completion c) {
    ObjectNode u = JSON.createObjectNode();
    u.put("prompt_tokens", c.promptTokens());
    u.put("completion_tokens", c.completionTokens());
    u.put("total_tokens", c.promptTokens() + c.completionTokens());
    return u;
  }

  /** One {@code chat.completion.chunk}; {@code delta} and {@code finishReason} may be null. */
  static ObjectNode chunk(
      String id,
      String model,
      long created,
      ObjectNode delta,
      String finishReason,
      ObjectNode usage) {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", id);
    root.put("object", "chat.completion.chunk");
    root.put("created", created);
    root.put("model", model);
    ArrayNode choices = root.putArray("choices");
    ObjectNode choice = choices.addObject();
    choice.put("index", 0);
    choice.set("delta", delta == null ? JSON.createObjectNode() : delta);
    choice.putNull("logprobs");
    if (finishReason == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finishReason);
    }
    if (usage != null) {
      root.set("usage", usage);
    }
    return root;
  }

  /** The recording API's request, from an OpenAI request body. */
  static LlmRequest.Builder llmRequest(ObjectNode body, String provider, String model) {
    LlmRequest.Builder b =
        LlmRequest.builder().operation("chat").provider(provider).requestModel(model);
    number(body, "temperature").ifPresent(b::temperature);
    number(body, "top_p").ifPresent(b::topP);
    if (body.path("max_completion_tokens").canConvertToLong()) {
      b.maxTokens(body.get("max_completion_tokens").asLong());
    } else if (body.path("max_tokens").canConvertToLong()) {
      b.maxTokens(body.get("max_tokens").asLong());
    }
    number(body, "frequency_penalty").ifPresent(b::frequencyPenalty);
    number(body, "presence_penalty").ifPresent(b::presencePenalty);
    if (body.path("seed").canConvertToLong()) {
      b.seed(body.get("seed").asLong());
    }
    if (body.path("n").canConvertToLong()) {
      b.choiceCount(body.get("n").asLong());
    }
    JsonNode stop = body.path("stop");
    if (stop.isTextual()) {
      b.stopSequences(List.of(stop.asText()));
    } else if (stop.isArray()) {
      List<String> s = new ArrayList<>();
      stop.forEach(n -> s.add(n.asText()));
      b.stopSequences(s);
    }
    b.stream(body.path("stream").asBoolean(false));
    b.inputMessages(messages(body.path("messages")));
    b.tools(tools(body.path("tools")));
    if (body.path("user").isTextual()) {
      b.userId(body.get("user").asText());
    }
    return b;
  }

  private static java.util.Optional<Double> number(ObjectNode body, String field) {
    JsonNode n = body.get(field);
    return n != null && n.isNumber()
        ? java.util.Optional.of(n.asDouble())
        : java.util.Optional.empty();
  }

  /** OpenAI messages as GenAI semconv messages. */
  static List<ChatMessage> messages(JsonNode array) {
    List<ChatMessage> out = new ArrayList<>();
    if (!array.isArray()) {
      return out;
    }
    for (JsonNode m : array) {
      String role = m.path("role").asText("user");
      List<MessagePart> parts = new ArrayList<>();
      JsonNode content = m.path("content");
      if (role.equals("tool")) {
        parts.add(
            new MessagePart.ToolCallResponse(
                m.path("tool_call_id").asText(null), contentText(content)));
      } else if (content.isTextual()) {
        parts.add(new MessagePart.Text(content.asText()));
      } else if (content.isArray()) {
        for (JsonNode p : content) {
          String type = p.path("type").asText("text");
          if (type.equals("text")) {
            parts.add(new MessagePart.Text(p.path("text").asText("")));
          } else {
            Map<String, Object> fields = new LinkedHashMap<>();
            p.properties()
                .forEach(
                    f -> {
                      if (!f.getKey().equals("type")) {
                        fields.put(f.getKey(), JSON.convertValue(f.getValue(), Object.class));
                      }
                    });
            parts.add(new MessagePart.Other(type, fields));
          }
        }
      }
      for (JsonNode call : m.path("tool_calls")) {
        JsonNode fn = call.path("function");
        parts.add(
            new MessagePart.ToolCall(
                call.path("id").asText(null),
                fn.path("name").asText("unknown"),
                arguments(fn.path("arguments").asText(""))));
      }
      out.add(new ChatMessage(role, parts, null));
    }
    return out;
  }

  private static String contentText(JsonNode content) {
    if (content.isTextual()) {
      return content.asText();
    }
    if (content.isArray()) {
      StringBuilder sb = new StringBuilder();
      content.forEach(p -> sb.append(p.path("text").asText("")));
      return sb.toString();
    }
    return content.isNull() || content.isMissingNode() ? "" : content.toString();
  }

  /** Tool-call arguments parsed as JSON, or the raw text when the model produced invalid JSON. */
  static Object arguments(String text) {
    try {
      return JSON.readValue(text, Object.class);
    } catch (JsonProcessingException | RuntimeException e) {
      return text;
    }
  }

  /** The tools the request offers. */
  @SuppressWarnings("unchecked")
  static List<ToolDefinition> tools(JsonNode array) {
    List<ToolDefinition> out = new ArrayList<>();
    if (!array.isArray()) {
      return out;
    }
    for (JsonNode t : array) {
      JsonNode fn = t.path("function");
      if (!fn.path("name").isTextual()) {
        continue;
      }
      Map<String, Object> params =
          fn.path("parameters").isObject()
              ? JSON.convertValue(fn.get("parameters"), Map.class)
              : Map.of();
      out.add(
          new ToolDefinition(
              t.path("type").asText("function"),
              fn.get("name").asText(),
              fn.path("description").asText(null),
              params));
    }
    return out;
  }

  /** The recording API's response, from a completion. */
  static LlmResponse llmResponse(Completion c) {
    LlmResponse.Builder b = LlmResponse.builder().responseId(c.id()).responseModel(c.model());
    if (c.finishReason() != null) {
      b.finishReasons(List.of(c.finishReason()));
    }
    if (c.promptTokens() != null) {
      b.inputTokens(c.promptTokens());
    }
    if (c.completionTokens() != null) {
      b.outputTokens(c.completionTokens());
    }
    if (c.cachedTokens() != null) {
      b.cacheReadInputTokens(c.cachedTokens());
    }
    if (c.reasoningTokens() != null) {
      b.reasoningOutputTokens(c.reasoningTokens());
    }
    List<MessagePart> parts = new ArrayList<>();
    if (c.content() != null && !c.content().isEmpty()) {
      parts.add(new MessagePart.Text(c.content()));
    }
    for (ToolCallOut t : c.toolCalls()) {
      parts.add(new MessagePart.ToolCall(t.id(), t.name(), arguments(t.arguments())));
    }
    b.outputMessages(List.of(new ChatMessage("assistant", parts, c.finishReason())));
    return b.build();
  }

  /** A completion read from an upstream's {@code chat.completion} body. */
  static Completion fromResponse(JsonNode body) {
    JsonNode choice = body.path("choices").path(0);
    JsonNode message = choice.path("message");
    List<ToolCallOut> calls = new ArrayList<>();
    for (JsonNode call : message.path("tool_calls")) {
      calls.add(
          new ToolCallOut(
              call.path("id").asText(null),
              call.path("function").path("name").asText("unknown"),
              call.path("function").path("arguments").asText("")));
    }
    JsonNode usage = body.path("usage");
    return new Completion(
        body.path("id").asText(null),
        body.path("model").asText(null),
        message.path("content").isTextual() ? message.get("content").asText() : null,
        calls,
        choice.path("finish_reason").asText(null),
        longOrNull(usage.path("prompt_tokens")),
        longOrNull(usage.path("completion_tokens")),
        longOrNull(usage.path("prompt_tokens_details").path("cached_tokens")),
        longOrNull(usage.path("completion_tokens_details").path("reasoning_tokens")));
  }

  static Long longOrNull(JsonNode n) {
    return n.canConvertToLong() && n.isNumber() ? n.asLong() : null;
  }
}
