package dev.otelpresets.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otelpresets.testkit.MockOpenAiServer;
import dev.otelpresets.testkit.ReceivedSpan;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Calls relayed to real OpenAI-compatible upstreams over HTTP (the testkit's mock model server, and
 * one that rate-limits): a stream's usage chunk, which the gateway asks every upstream for to
 * record it, reaches only a caller that asked for it, as from OpenAI; an upstream's Retry-After
 * reaches the caller.
 */
class GatewayUpstreamTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient CLIENT = HttpClient.newHttpClient();
  static MockOpenAiServer upstream;
  static com.sun.net.httpserver.HttpServer limited;
  static ServeFixture serve;

  @BeforeAll
  static void start() throws Exception {
    upstream = MockOpenAiServer.start();
    limited =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    limited.createContext(
        "/",
        ex -> {
          ex.getRequestBody().readAllBytes();
          byte[] b =
              ("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\","
                      + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}")
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Retry-After", "7");
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(429, b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    // two chunks, then the connection closes without [DONE]
    limited.createContext(
        "/cut/",
        ex -> {
          ex.getRequestBody().readAllBytes();
          byte[] b =
              ("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\","
                      + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
                      + "\"content\":\"Half an\"},\"finish_reason\":null}]}\n\n")
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "text/event-stream");
          ex.sendResponseHeaders(200, b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    // a chunk, then an error event, as OpenAI sends one when a stream fails midway
    limited.createContext(
        "/fails/",
        ex -> {
          ex.getRequestBody().readAllBytes();
          byte[] b =
              ("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\","
                      + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
                      + "\"content\":\"Half an\"},\"finish_reason\":null}]}\n\n"
                      + "data: {\"error\":{\"message\":\"The server had an error\","
                      + "\"type\":\"server_error\",\"param\":null,\"code\":null}}\n\n")
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "text/event-stream");
          ex.sendResponseHeaders(200, b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    limited.start();
    serve =
        new ServeFixture(
            false,
            f ->
                "settings:\n  shutdown_hook: false\n  capture_message_content: span_only\n"
                    + "models:\n  - name: up\n    provider: openai\n    upstream: "
                    + upstream.baseUrl()
                    + "\n    upstream_model: gpt-4o-mini\n"
                    + "  - name: limited\n    provider: openai\n    upstream: http://127.0.0.1:"
                    + limited.getAddress().getPort()
                    + "/v1\n"
                    + "  - name: cut\n    provider: openai\n    upstream: http://127.0.0.1:"
                    + limited.getAddress().getPort()
                    + "/cut/v1\n"
                    + "  - name: fails\n    provider: openai\n    upstream: http://127.0.0.1:"
                    + limited.getAddress().getPort()
                    + "/fails/v1\n");
  }

  @AfterAll
  static void stop() {
    serve.close();
    upstream.close();
    limited.stop(0);
  }

  record Stream(List<JsonNode> chunks, String traceId) {
    String text() {
      StringBuilder t = new StringBuilder();
      for (JsonNode c : chunks) {
        t.append(c.path("choices").path(0).path("delta").path("content").asText(""));
      }
      return t.toString();
    }
  }

  static Stream stream(String streamOptions) throws Exception {
    String body =
        "{\"model\":\"up\",\"stream\":true,"
            + streamOptions
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}";
    HttpResponse<String> r =
        CLIENT.send(
            HttpRequest.newBuilder(serve.baseUrl().resolve("/v1/chat/completions"))
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
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
    return new Stream(chunks, r.headers().firstValue("traceresponse").orElseThrow().split("-")[1]);
  }

  ReceivedSpan llm(String traceId) {
    return serve.trace("otel", traceId, 2).stream()
        .filter(s -> s.attribute("gen_ai.operation.name") != null)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aCallerThatDidNotAskForUsageGetsNoUsageChunkButTheSpanHasTheUsage() throws Exception {
    Stream s = stream("");
    assertTrue(s.chunks().size() >= 3, s.chunks().toString());
    for (JsonNode c : s.chunks()) {
      // a client reading choices[0] of every chunk failed on the usage chunk
      assertEquals(1, c.path("choices").size(), c.toString());
      assertTrue(c.path("usage").isMissingNode(), "no usage key: " + c);
    }
    assertEquals("Mock answer to: hello there", s.text());
    String sent = upstream.requests().get(upstream.requests().size() - 1);
    assertTrue(
        JSON.readTree(sent).path("stream_options").path("include_usage").asBoolean(),
        "the gateway asked the upstream for usage: " + sent);
    ReceivedSpan llm = llm(s.traceId());
    assertEquals(Boolean.TRUE, llm.attribute("gen_ai.request.stream"));
    assertEquals(5L, llm.attribute("gen_ai.usage.output_tokens"), llm.attributes().toString());
    assertTrue((Long) llm.attribute("gen_ai.usage.input_tokens") > 0, llm.attributes().toString());
  }

  @Test
  void aCallerThatAskedForUsageGetsTheUsageChunkLast() throws Exception {
    Stream s = stream("\"stream_options\":{\"include_usage\":true},");
    JsonNode last = s.chunks().get(s.chunks().size() - 1);
    assertEquals(0, last.path("choices").size(), last.toString());
    assertEquals(5, last.path("usage").path("completion_tokens").asInt(), last.toString());
    assertEquals("Mock answer to: hello there", s.text());
    ReceivedSpan llm = llm(s.traceId());
    assertEquals(5L, llm.attribute("gen_ai.usage.output_tokens"));
  }

  @Test
  void anUpstreamsRateLimitReachesTheCallerWithItsRetryAfter() throws Exception {
    for (String stream : new String[] {"false", "true"}) {
      HttpResponse<String> r =
          CLIENT.send(
              HttpRequest.newBuilder(serve.baseUrl().resolve("/v1/chat/completions"))
                  .timeout(Duration.ofSeconds(20))
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"model\":\"limited\",\"stream\":"
                              + stream
                              + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(429, r.statusCode(), r.body());
      assertEquals("7", r.headers().firstValue("Retry-After").orElse(null), "stream " + stream);
      assertEquals(
          "rate_limit_exceeded", JSON.readTree(r.body()).path("error").path("code").asText());
    }
  }

  @Test
  void aStreamTheUpstreamCutShortEndsWithAnErrorEventNotDone() throws Exception {
    HttpResponse<String> r =
        CLIENT.send(
            HttpRequest.newBuilder(serve.baseUrl().resolve("/v1/chat/completions"))
                .timeout(Duration.ofSeconds(20))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"cut\",\"stream\":true,\"messages\":[{\"role\":"
                            + "\"user\",\"content\":\"hi\"}]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().contains("Half an"), r.body());
    assertFalse(r.body().contains("[DONE]"), "the answer is not whole: " + r.body());
    String last = r.body().strip().lines().reduce((a, b) -> b).orElseThrow();
    assertEquals(
        "upstream_incomplete_stream",
        JSON.readTree(last.substring("data: ".length())).path("error").path("code").asText(),
        r.body());
    ReceivedSpan llm = llm(r.headers().firstValue("traceresponse").orElseThrow().split("-")[1]);
    assertEquals("incomplete_stream", llm.attribute("error.type"), llm.attributes().toString());
  }

  @Test
  void anErrorEventInTheStreamIsRelayedAndFailsTheSpan() throws Exception {
    HttpResponse<String> r =
        CLIENT.send(
            HttpRequest.newBuilder(serve.baseUrl().resolve("/v1/chat/completions"))
                .timeout(Duration.ofSeconds(20))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"fails\",\"stream\":true,\"messages\":[{\"role\":"
                            + "\"user\",\"content\":\"hi\"}]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    String last = r.body().strip().lines().reduce((a, b) -> b).orElseThrow();
    assertEquals(
        "The server had an error",
        JSON.readTree(last.substring("data: ".length())).path("error").path("message").asText(),
        r.body());
    ReceivedSpan llm = llm(r.headers().firstValue("traceresponse").orElseThrow().split("-")[1]);
    assertEquals("server_error", llm.attribute("error.type"), llm.attributes().toString());
  }
}
