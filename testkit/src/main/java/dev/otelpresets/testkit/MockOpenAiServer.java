package dev.otelpresets.testkit;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback OpenAI chat-completions endpoint ({@code POST /v1/chat/completions}, plain and
 * {@code "stream": true} with server-sent events) with deterministic answers, for tests and demos
 * of client libraries without network or an account. Point a client's base URL at {@link
 * #baseUrl()}.
 *
 * <ul>
 *   <li>A request that offers tools and does not end with a tool result gets one tool call to the
 *       first tool ({@link #TOOL_CALL_ID}), with arguments that fit its JSON schema (strings
 *       {@code "Paris"}, numbers 1, booleans true).
 *   <li>A request ending with a tool result gets {@code "The tool answered: <result>."}; any other
 *       gets {@code "Mock answer to: <last user text>"}.
 *   <li>A model name containing {@code fail} gets HTTP 500 with an OpenAI error body.
 *   <li>Usage is always reported: prompt tokens a quarter of the characters sent plus one,
 *       completion tokens the answer's words; streams send it in a last chunk.
 * </ul>
 */
public final class MockOpenAiServer implements AutoCloseable {
  /** The id of the tool call the mock makes. */
  public static final String TOOL_CALL_ID = "call_mock_1";

  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicLong ids = new AtomicLong();
  private final List<String> requests = new CopyOnWriteArrayList<>();

  private MockOpenAiServer() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the mock OpenAI server", e);
    }
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "mock-openai");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/v1/chat/completions", this::handle);
    server.start();
  }

  /** Starts a server on a free loopback port. */
  public static MockOpenAiServer start() {
    return new MockOpenAiServer();
  }

  /** {@code http://127.0.0.1:PORT/v1}, the base URL OpenAI clients take. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port() + "/v1";
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The request bodies received, in order. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      requests.add(body);
      if (!"POST".equals(exchange.getRequestMethod())) {
        send(exchange, 405, error("use POST", "invalid_request_error"));
        return;
      }
      JsonObject req;
      try {
        req = JsonParser.parseString(body).getAsJsonObject();
      } catch (RuntimeException e) {
        send(exchange, 400, error("the body is not a JSON object", "invalid_request_error"));
        return;
      }
      String model = text(req.get("model"), "mock-model");
      if (model.toLowerCase(Locale.ROOT).contains("fail")) {
        send(exchange, 500, error("mock failure for model " + model, "server_error"));
        return;
      }
      Answer answer = answer(req);
      String id = "chatcmpl-mock-" + ids.incrementAndGet();
      if (req.has("stream") && req.get("stream").getAsBoolean()) {
        stream(exchange, id, model, answer);
      } else {
        send(exchange, 200, completion(id, model, answer));
      }
    }
  }

  /** What the mock answers: text, or one tool call. */
  private record Answer(
      String text,
      String toolName,
      String toolArguments,
      long promptTokens,
      long completionTokens) {
    String finishReason() {
      return toolName != null ? "tool_calls" : "stop";
    }
  }

  private static Answer answer(JsonObject req) {
    JsonArray messages = req.has("messages") ? req.getAsJsonArray("messages") : new JsonArray();
    long chars = 0;
    String lastUser = "";
    JsonObject last = null;
    for (JsonElement e : messages) {
      JsonObject m = e.getAsJsonObject();
      String content = content(m.get("content"));
      chars += content.length();
      if ("user".equals(text(m.get("role"), ""))) {
        lastUser = content;
      }
      last = m;
    }
    long prompt = chars / 4 + 1;
    boolean answeredTool = last != null && "tool".equals(text(last.get("role"), ""));
    JsonArray tools = req.has("tools") ? req.getAsJsonArray("tools") : new JsonArray();
    boolean toolsAllowed = !"none".equals(text(req.get("tool_choice"), ""));
    if (!tools.isEmpty() && !answeredTool && toolsAllowed) {
      JsonObject fn = tools.get(0).getAsJsonObject().getAsJsonObject("function");
      String name = text(fn.get("name"), "tool");
      String args = arguments(fn.getAsJsonObject("parameters")).toString();
      return new Answer(null, name, args, prompt, 1 + args.length() / 4);
    }
    String text =
        answeredTool
            ? "The tool answered: " + content(last.get("content")) + "."
            : "Mock answer to: " + lastUser;
    return new Answer(text, null, null, prompt, text.split("\\s+").length);
  }

  private static JsonObject arguments(JsonObject schema) {
    JsonObject args = new JsonObject();
    if (schema == null || !schema.has("properties")) {
      return args;
    }
    for (Map.Entry<String, JsonElement> p : schema.getAsJsonObject("properties").entrySet()) {
      String type =
          p.getValue().isJsonObject()
              ? text(p.getValue().getAsJsonObject().get("type"), "string")
              : "string";
      switch (type) {
        case "integer", "number" -> args.addProperty(p.getKey(), 1);
        case "boolean" -> args.addProperty(p.getKey(), true);
        case "array" -> args.add(p.getKey(), new JsonArray());
        case "object" -> args.add(p.getKey(), new JsonObject());
        default -> args.addProperty(p.getKey(), "Paris");
      }
    }
    return args;
  }

  private static JsonObject completion(String id, String model, Answer a) {
    JsonObject message = new JsonObject();
    message.addProperty("role", "assistant");
    if (a.text() != null) {
      message.addProperty("content", a.text());
    } else {
      message.add("content", null);
      message.add("tool_calls", toolCalls(a, false));
    }
    JsonObject choice = new JsonObject();
    choice.addProperty("index", 0);
    choice.add("message", message);
    choice.addProperty("finish_reason", a.finishReason());
    JsonObject out = envelope(id, model, "chat.completion");
    JsonArray choices = new JsonArray();
    choices.add(choice);
    out.add("choices", choices);
    out.add("usage", usage(a));
    return out;
  }

  private static void stream(HttpExchange exchange, String id, String model, Answer a)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    List<JsonObject> deltas = new ArrayList<>();
    if (a.text() != null) {
      String[] words = a.text().split(" ");
      for (int i = 0; i < words.length; i++) {
        JsonObject d = new JsonObject();
        if (i == 0) {
          d.addProperty("role", "assistant");
        }
        d.addProperty("content", i == 0 ? words[i] : " " + words[i]);
        deltas.add(d);
      }
    } else {
      JsonObject d = new JsonObject();
      d.addProperty("role", "assistant");
      d.add("tool_calls", toolCalls(a, true));
      deltas.add(d);
    }
    for (JsonObject d : deltas) {
      event(out, chunk(id, model, d, null));
    }
    event(out, chunk(id, model, new JsonObject(), a.finishReason()));
    JsonObject usage = envelope(id, model, "chat.completion.chunk");
    usage.add("choices", new JsonArray());
    usage.add("usage", usage(a));
    event(out, usage.toString());
    out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static String chunk(String id, String model, JsonObject delta, String finishReason) {
    JsonObject choice = new JsonObject();
    choice.addProperty("index", 0);
    choice.add("delta", delta);
    if (finishReason != null) {
      choice.addProperty("finish_reason", finishReason);
    }
    JsonObject out = envelope(id, model, "chat.completion.chunk");
    JsonArray choices = new JsonArray();
    choices.add(choice);
    out.add("choices", choices);
    return out.toString();
  }

  private static void event(OutputStream out, String json) throws IOException {
    out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static JsonArray toolCalls(Answer a, boolean streamed) {
    JsonObject fn = new JsonObject();
    fn.addProperty("name", a.toolName());
    fn.addProperty("arguments", a.toolArguments());
    JsonObject call = new JsonObject();
    if (streamed) {
      call.addProperty("index", 0);
    }
    call.addProperty("id", TOOL_CALL_ID);
    call.addProperty("type", "function");
    call.add("function", fn);
    JsonArray calls = new JsonArray();
    calls.add(call);
    return calls;
  }

  private static JsonObject envelope(String id, String model, String object) {
    JsonObject out = new JsonObject();
    out.addProperty("id", id);
    out.addProperty("object", object);
    out.addProperty("created", System.currentTimeMillis() / 1000);
    out.addProperty("model", model);
    return out;
  }

  private static JsonObject usage(Answer a) {
    JsonObject u = new JsonObject();
    u.addProperty("prompt_tokens", a.promptTokens());
    u.addProperty("completion_tokens", a.completionTokens());
    u.addProperty("total_tokens", a.promptTokens() + a.completionTokens());
    return u;
  }

  private static JsonObject error(String message, String type) {
    JsonObject e = new JsonObject();
    e.addProperty("message", message);
    e.addProperty("type", type);
    JsonObject out = new JsonObject();
    out.add("error", e);
    return out;
  }

  private static void send(HttpExchange exchange, int status, JsonObject body) throws IOException {
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static String text(JsonElement e, String fallback) {
    return e == null || e.isJsonNull() || !e.isJsonPrimitive() ? fallback : e.getAsString();
  }

  /** A message's content: a string, or the text of its parts. */
  private static String content(JsonElement e) {
    if (e == null || e.isJsonNull()) {
      return "";
    }
    if (e.isJsonPrimitive()) {
      return e.getAsString();
    }
    StringBuilder sb = new StringBuilder();
    if (e.isJsonArray()) {
      for (JsonElement p : e.getAsJsonArray()) {
        if (p.isJsonObject()) {
          sb.append(text(p.getAsJsonObject().get("text"), ""));
        }
      }
    }
    return sb.toString();
  }
}
