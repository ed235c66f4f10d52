package dev.otelpresets.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Requests written to break the gateway, sent as raw bytes: each gets an OpenAI-style JSON 4xx
 * (never Jetty's HTML page, never a 500), the bearer key reaches no output, and {@code /health}
 * keeps answering.
 */
class GatewayHostileRequestTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String KEY = "sk-SECRET-hostile-gw-41";
  static final String OK =
      "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  record Answer(int status, String head, String body) {}

  /** Sends {@code request} on a new connection and reads the whole answer (Connection: close). */
  static Answer raw(URI base, byte[] request) throws Exception {
    try (Socket s = new Socket(base.getHost(), base.getPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request);
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      String text = all.toString(StandardCharsets.UTF_8);
      int split = text.indexOf("\r\n\r\n");
      String head = text.substring(0, split);
      String body = text.substring(split + 4);
      return new Answer(Integer.parseInt(head.split(" ")[1]), head, body);
    }
  }

  static byte[] post(String extraHeaders, String body) {
    return ("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
            + "Authorization: Bearer "
            + KEY
            + "\r\n"
            + extraHeaders
            + "Content-Length: "
            + body.getBytes(StandardCharsets.UTF_8).length
            + "\r\n\r\n"
            + body)
        .getBytes(StandardCharsets.UTF_8);
  }

  static JsonNode error(Answer a) throws Exception {
    assertTrue(a.head().toLowerCase().contains("content-type: application/json"), a.head());
    JsonNode e = JSON.readTree(a.body()).path("error");
    assertTrue(e.path("message").isTextual(), a.body());
    assertTrue(e.has("type") && e.has("param") && e.has("code"), a.body());
    return e;
  }

  @Test
  void malformedRequestsGetJsonErrorsAndTheServerKeepsServing() throws Exception {
    try (ServeFixture serve =
        new ServeFixture(
            false,
            f ->
                "settings:\n  shutdown_hook: false\nmodels:\n  - name: m\n"
                    + "keys:\n  "
                    + KEY
                    + ": {}\n")) {
      URI base = serve.baseUrl();
      Map<String, byte[]> refusedByJetty =
          Map.of(
              "a folded Authorization header",
              ("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                      + "Authorization: Bearer "
                      + KEY
                      + "\r\n x\r\nContent-Length: 2\r\n\r\n{}")
                  .getBytes(StandardCharsets.UTF_8),
              "Content-Length with Transfer-Encoding",
              post("Transfer-Encoding: chunked\r\n", "2\r\n{}\r\n0\r\n\r\n"),
              "a NUL in a header",
              post("X-Nul: a\u0000b\r\n", OK));
      for (Map.Entry<String, byte[]> c : refusedByJetty.entrySet()) {
        Answer a = raw(base, c.getValue());
        assertEquals(400, a.status(), c.getKey() + ": " + a.body());
        assertEquals("bad_request", error(a).path("code").asText(), c.getKey());
      }

      // a chunk size that is not hex: was a 500 HTML page naming an IOException
      Answer badChunk =
          raw(
              base,
              ("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                      + "Authorization: Bearer "
                      + KEY
                      + "\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nxx\r\n0\r\n\r\n")
                  .getBytes(StandardCharsets.UTF_8));
      assertEquals(400, badChunk.status(), badChunk.body());
      assertEquals("invalid_body", error(badChunk).path("code").asText());

      // a chunked body with no Content-Length is served
      Answer chunked =
          raw(
              base,
              ("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                      + "Authorization: Bearer "
                      + KEY
                      + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                      + Integer.toHexString(OK.length())
                      + "\r\n"
                      + OK
                      + "\r\n0\r\n\r\n")
                  .getBytes(StandardCharsets.UTF_8));
      assertEquals(200, chunked.status(), chunked.body());

      // nested beyond the reader's depth limit: said so, not "could not parse"
      String deep =
          "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"x\":"
              + "[".repeat(1200)
              + "]".repeat(1200)
              + "}";
      Answer nested = raw(base, post("", deep));
      assertEquals(400, nested.status(), nested.body());
      assertEquals("invalid_json", error(nested).path("code").asText());
      assertEquals(
          "The JSON body of your request exceeds a limit of the gateway's JSON reader: Document"
              + " nesting depth (1001) exceeds the maximum allowed (1000).",
          error(nested).path("message").asText());

      // a compressed body was read as JSON and called unparsable; identity is no encoding
      Answer gzip = raw(base, post("Content-Encoding: gzip\r\n", OK));
      assertEquals(415, gzip.status(), gzip.body());
      assertEquals("unsupported_content_encoding", error(gzip).path("code").asText());
      assertEquals(200, raw(base, post("Content-Encoding: identity\r\n", OK)).status());

      // a second JSON value after the object was ignored
      Answer trailing = raw(base, post("", OK + OK));
      assertEquals(400, trailing.status(), trailing.body());
      assertEquals("invalid_json", error(trailing).path("code").asText());

      // wrong types: "stream": 1 streamed, "stream": "yes" did not, a number was a message
      Map<String, String> wrongTypes =
          Map.of(
              "{\"model\":\"m\",\"stream\":1,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
              "stream",
              "{\"model\":\"m\",\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
              "stream",
              "{\"model\":\"m\",\"messages\":[1]}",
              "messages[0]",
              "{\"model\":\"m\",\"messages\":[{\"role\":5,\"content\":\"x\"}]}",
              "messages[0].role",
              "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":5}]}",
              "messages[0].content");
      // sampling parameters of the wrong type were dropped and the call served
      String msg = ",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
      Map<String, String> wrongParams =
          Map.of(
              "{\"model\":\"m\",\"temperature\":\"hot\"" + msg, "temperature",
              "{\"model\":\"m\",\"top_p\":true" + msg, "top_p",
              "{\"model\":\"m\",\"max_tokens\":1.5" + msg, "max_tokens",
              "{\"model\":\"m\",\"seed\":\"7\"" + msg, "seed",
              "{\"model\":\"m\",\"stop\":[1]" + msg, "stop",
              "{\"model\":\"m\",\"user\":{}" + msg, "user");
      Map<String, String> cases = new java.util.HashMap<>(wrongTypes);
      cases.putAll(wrongParams);
      for (Map.Entry<String, String> c : cases.entrySet()) {
        Answer a = raw(base, post("", c.getKey()));
        assertEquals(400, a.status(), c.getKey() + ": " + a.body());
        JsonNode e = error(a);
        assertEquals("invalid_type", e.path("code").asText(), a.body());
        assertEquals(c.getValue(), e.path("param").asText(), a.body());
      }

      // null is taken as absent, and the right types are served
      Answer typed =
          raw(
              base,
              post(
                  "",
                  "{\"model\":\"m\",\"temperature\":0.2,\"top_p\":null,\"max_tokens\":16,"
                      + "\"seed\":7,\"n\":1,\"stop\":[\"END\"],\"user\":\"u\""
                      + msg));
      assertEquals(200, typed.status(), typed.body());

      // content as an array of parts, as OpenAI allows, is served
      Answer parts =
          raw(
              base,
              post(
                  "",
                  "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":"
                      + "[{\"type\":\"text\",\"text\":\"hi\"}]}]}"));
      assertEquals(200, parts.status(), parts.body());

      // an unknown model of 900 KiB: the answer quotes 100 characters of it, not all
      Answer huge = raw(base, post("", "{\"model\":\"" + "x".repeat(900 * 1024) + "\"}"));
      assertEquals(400, huge.status());
      assertTrue(huge.body().length() < 1_000, "answer of " + huge.body().length() + " chars");
      assertEquals("model_not_found", error(huge).path("code").asText());

      // embeddings: 200,000 texts at 4,096 dimensions (an 800 KB body) ran the heap out
      Map<String, String> embeddings =
          Map.of(
              "\"input\":[" + "\"x\",".repeat(2048) + "\"x\"]",
              "too_many_inputs",
              "\"dimensions\":4096,\"input\":[" + "\"x\",".repeat(300) + "\"x\"]",
              "too_many_inputs",
              "\"dimensions\":-1,\"input\":\"x\"",
              "invalid_dimensions",
              "\"dimensions\":1.5,\"input\":\"x\"",
              "invalid_dimensions",
              "\"dimensions\":\"8\",\"input\":\"x\"",
              "invalid_dimensions",
              "\"dimensions\":4097,\"input\":\"x\"",
              "invalid_dimensions");
      for (Map.Entry<String, String> c : embeddings.entrySet()) {
        byte[] request =
            new String(post("", "{\"model\":\"m\"," + c.getKey() + "}"), StandardCharsets.UTF_8)
                .replace("/v1/chat/completions", "/v1/embeddings")
                .getBytes(StandardCharsets.UTF_8);
        Answer a = raw(base, request);
        assertEquals(400, a.status(), a.body());
        assertEquals(c.getValue(), error(a).path("code").asText(), a.body());
      }
      Answer fine =
          raw(
              base,
              new String(
                      post("", "{\"model\":\"m\",\"dimensions\":4,\"input\":[\"a\",\"b\"]}"),
                      StandardCharsets.UTF_8)
                  .replace("/v1/chat/completions", "/v1/embeddings")
                  .getBytes(StandardCharsets.UTF_8));
      assertEquals(200, fine.status(), fine.body());
      assertEquals(4, JSON.readTree(fine.body()).path("data").get(1).path("embedding").size());

      Answer health =
          raw(base, "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes());
      assertEquals(200, health.status());
      String output = serve.out.toString() + serve.err.toString();
      assertFalse(output.contains(KEY), output);
      assertFalse(output.contains("\tat "), "no stack trace: " + output);
    }
  }

  @Test
  void aMalformedBaggageHeaderWritesNoStackTraceToTheLog() {
    // the API's parser logs one stack trace per bad member at WARNING: a flood from one request
    Main.commandLine(dev.otelpresets.app.cli.Cli.of(Map.of()));
    assertFalse(
        Logger.getLogger("io.opentelemetry.api.baggage.propagation.Parser")
            .isLoggable(Level.WARNING));
  }
}
