package dev.otelpresets.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.otelpresets.testkit.MockOpenAiServer;
import dev.otelpresets.testkit.ReceivedSpan;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Calls relayed to real OpenAI-compatible upstreams over HTTP (the testkit's mock model server,
 * and upstreams that rate-limit or break a stream): a stream's usage chunk, which the gateway asks
 * every upstream for to record it, reaches only a caller that asked for it, as from OpenAI; an
 * upstream's Retry-After reaches the caller; a stream cut short or carrying an error event is not
 * passed off as whole, and its span is an error.
 */
class GatewayUpstreamTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient CLIENT = HttpClient.newHttpClient();

  /** The start of an answer: one chunk of text. */
  static final String HALF =
      "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":"
          + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Half an\"},"
          + "\"finish_reason\":null}]}\n\n";

  /** The upstream API key of the broken upstreams' models, which none of them may relay. */
  static final String UPSTREAM_KEY = "sk-upstream-SECRET-relay-77";

  static MockOpenAiServer upstream;
  static HttpServer broken;
  static ServeFixture serve;

  /** An upstream path on {@link #broken} that answers every request with {@code body}. */
  static void answer(
      String path, int status, String type, Map<String, String> headers, String body) {
    broken.createContext(
        path,
        ex -> {
          ex.getRequestBody().readAllBytes();
          byte[] b = body.getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", type);
          headers.forEach(ex.getResponseHeaders()::add);
          ex.sendResponseHeaders(status, b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
  }

  @BeforeAll
  static void start() throws Exception {
    upstream = MockOpenAiServer.start();
    broken = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    answer(
        "/limited/",
        429,
        "application/json",
        Map.of("Retry-After", "7", "retry-after-ms", "6500"),
        "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"param\":null,"
            + "\"code\":\"rate_limit_exceeded\"}}");
    // a chunk, then the connection closes without [DONE]
    answer("/cut/", 200, "text/event-stream", Map.of(), HALF);
    // a chunk, then an error event, as OpenAI sends one when a stream fails midway
    answer(
        "/fails/",
        200,
        "text/event-stream",
        Map.of(),
        HALF
            + "data: {\"error\":{\"message\":\"The server had an error\",\"type\":"
            + "\"server_error\",\"param\":null,\"code\":null}}\n\n");
    // an error event that quotes the Authorization header it was sent
    answer(
        "/echo/",
        200,
        "text/event-stream",
        Map.of(),
        HALF
            + "data: {\"error\":{\"message\":\"Incorrect API key provided: Bearer "
            + UPSTREAM_KEY
            + "\",\"type\":\"invalid_request_error\",\"param\":null,"
            + "\"code\":\"invalid_api_key\"}}\n\n");
    broken.start();
    String base = "http://127.0.0.1:" + broken.getAddress().getPort();
    StringBuilder models =
        new StringBuilder("models:\n  - name: up\n    provider: openai\n    upstream: ")
            .append(upstream.baseUrl())
            .append("\n    upstream_model: gpt-4o-mini\n");
    for (String name : List.of("limited", "cut", "fails", "echo")) {
      models
          .append("  - name: ")
          .append(name)
          .append("\n    provider: openai\n    upstream: ")
          .append(base)
          .append('/')
          .append(name)
          .append("/v1\n    api_key: ")
          .append(UPSTREAM_KEY)
          .append('\n');
    }
    serve =
        new ServeFixture(
            false,
            f ->
                "settings:\n  shutdown_hook: false\n  capture_message_content: span_only\n"
                    + models);
  }

  @AfterAll
  static void stop() {
    serve.close();
    upstream.close();
    broken.stop(0);
  }

  /** A chat request to {@code model}; {@code extra} is inserted before its messages. */
  static HttpResponse<String> chat(String model, boolean stream, String extra) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(serve.baseUrl().resolve("/v1/chat/completions"))
            .timeout(Duration.ofSeconds(20))
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"model\":\""
                        + model
                        + "\",\"stream\":"
                        + stream
                        + ","
                        + extra
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String traceId(HttpResponse<String> r) {
    return r.headers().firstValue("traceresponse").orElseThrow().split("-")[1];
  }

  /** The JSON of the last event of a stream that did not end with [DONE]. */
  static JsonNode lastEvent(HttpResponse<String> r) throws Exception {
    assertEquals(200, r.statusCode(), r.body());
    assertFalse(r.body().contains("[DONE]"), "the answer is not whole: " + r.body());
    String last = r.body().strip().lines().reduce((a, b) -> b).orElseThrow();
    return JSON.readTree(last.substring("data: ".length()));
  }

  /** The chunks of a whole stream, which ends with [DONE]. */
  static List<JsonNode> chunks(HttpResponse<String> r) throws Exception {
    assertEquals(200, r.statusCode(), r.body());
    List<JsonNode> chunks = new ArrayList<>();
    boolean done = false;
    for (String line : r.body().split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      assertFalse(done, "nothing after [DONE]: " + r.body());
      String payload = line.substring("data: ".length());
      if (payload.equals("[DONE]")) {
        done = true;
      } else {
        chunks.add(JSON.readTree(payload));
      }
    }
    assertTrue(done, "ends with [DONE]: " + r.body());
    return chunks;
  }

  static String text(List<JsonNode> chunks) {
    StringBuilder t = new StringBuilder();
    for (JsonNode c : chunks) {
      t.append(c.path("choices").path(0).path("delta").path("content").asText(""));
    }
    return t.toString();
  }

  ReceivedSpan llm(HttpResponse<String> r) {
    return serve.trace("otel", traceId(r), 2).stream()
        .filter(s -> s.attribute("gen_ai.operation.name") != null)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aCallerThatDidNotAskForUsageGetsItOnTheLastChunkNotInAChunkWithoutChoices()
      throws Exception {
    HttpResponse<String> r = chat("up", true, "");
    List<JsonNode> chunks = chunks(r);
    assertTrue(chunks.size() >= 3, chunks.toString());
    for (JsonNode c : chunks) {
      // a client reading choices[0] of every chunk failed on the usage chunk
      assertEquals(1, c.path("choices").size(), c.toString());
    }
    // the usage on the last chunk, the one with the finish reason, and on no other
    JsonNode last = chunks.get(chunks.size() - 1);
    assertEquals(
        "stop", last.path("choices").path(0).path("finish_reason").asText(), last.toString());
    assertEquals(5, last.path("usage").path("completion_tokens").asInt(), last.toString());
    for (JsonNode c : chunks.subList(0, chunks.size() - 1)) {
      assertTrue(c.path("usage").isMissingNode(), "usage on the last chunk only: " + c);
    }
    assertEquals("Mock answer to: hello there", text(chunks));
    String sent = upstream.requests().get(upstream.requests().size() - 1);
    assertTrue(
        JSON.readTree(sent).path("stream_options").path("include_usage").asBoolean(),
        "the gateway asked the upstream for usage: " + sent);
    ReceivedSpan llm = llm(r);
    assertEquals(Boolean.TRUE, llm.attribute("gen_ai.request.stream"));
    assertEquals(5L, llm.attribute("gen_ai.usage.output_tokens"), llm.attributes().toString());
    assertTrue((Long) llm.attribute("gen_ai.usage.input_tokens") > 0, llm.attributes().toString());
  }

  @Test
  void aCallerThatAskedForUsageGetsTheUsageChunkLast() throws Exception {
    HttpResponse<String> r = chat("up", true, "\"stream_options\":{\"include_usage\":true},");
    List<JsonNode> chunks = chunks(r);
    JsonNode last = chunks.get(chunks.size() - 1);
    assertEquals(0, last.path("choices").size(), last.toString());
    assertEquals(5, last.path("usage").path("completion_tokens").asInt(), last.toString());
    assertEquals("Mock answer to: hello there", text(chunks));
    assertEquals(5L, llm(r).attribute("gen_ai.usage.output_tokens"));
  }

  @Test
  void anUpstreamsRateLimitReachesTheCallerWithItsRetryAfter() throws Exception {
    for (boolean stream : new boolean[] {false, true}) {
      HttpResponse<String> r = chat("limited", stream, "");
      assertEquals(429, r.statusCode(), r.body());
      assertEquals("7", r.headers().firstValue("Retry-After").orElse(null), "stream " + stream);
      assertEquals("6500", r.headers().firstValue("retry-after-ms").orElse(null));
      assertEquals(
          "rate_limit_exceeded", JSON.readTree(r.body()).path("error").path("code").asText());
    }
  }

  @Test
  void aStreamTheUpstreamCutShortEndsWithAnErrorEventNotDone() throws Exception {
    HttpResponse<String> r = chat("cut", true, "");
    assertTrue(r.body().contains("Half an"), r.body());
    assertEquals(
        "upstream_incomplete_stream", lastEvent(r).path("error").path("code").asText(), r.body());
    ReceivedSpan llm = llm(r);
    assertEquals("incomplete_stream", llm.attribute("error.type"), llm.attributes().toString());
  }

  @Test
  void anErrorEventInTheStreamIsRelayedAndFailsTheSpan() throws Exception {
    HttpResponse<String> r = chat("fails", true, "");
    assertEquals(
        "The server had an error", lastEvent(r).path("error").path("message").asText(), r.body());
    ReceivedSpan llm = llm(r);
    assertEquals("server_error", llm.attribute("error.type"), llm.attributes().toString());
  }

  @Test
  void aStreamEventQuotingTheUpstreamKeyIsNotRelayed() throws Exception {
    HttpResponse<String> r = chat("echo", true, "");
    assertFalse(r.body().contains(UPSTREAM_KEY), r.body());
    assertFalse(
        r.body()
            .contains(
                java.util.Base64.getEncoder()
                    .encodeToString(UPSTREAM_KEY.getBytes(StandardCharsets.UTF_8))),
        r.body());
    assertTrue(r.body().contains("Half an"), r.body());
    assertEquals("upstream_error", lastEvent(r).path("error").path("code").asText(), r.body());
    ReceivedSpan llm = llm(r);
    assertEquals("upstream_error", llm.attribute("error.type"), llm.attributes().toString());
    assertFalse(llm.attributes().toString().contains(UPSTREAM_KEY), llm.attributes().toString());
    assertFalse(
        serve.out.toString().contains(UPSTREAM_KEY) || serve.err.toString().contains(UPSTREAM_KEY));
  }
}
