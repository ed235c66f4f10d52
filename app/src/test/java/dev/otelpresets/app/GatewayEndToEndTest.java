package dev.otelpresets.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otelpresets.app.demo.Demo;
import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.ReceivedRequest;
import dev.otelpresets.testkit.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code serve} end to end: real HTTP in, real OTLP out to one embedded receiver per preset on the
 * classpath and one for {@code otel}.
 */
class GatewayEndToEndTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String USER = "{\"role\":\"user\",\"content\":\"What is the weather in Paris?\"}";
  static final HttpClient CLIENT = HttpClient.newHttpClient();
  static ServeFixture serve;

  @BeforeAll
  static void start() throws Exception {
    serve =
        new ServeFixture(
            true,
            f -> {
              StringBuilder y =
                  new StringBuilder(
                      "settings:\n  capture_message_content: span_only\n"
                          + "  shutdown_hook: false\n"
                          + "models:\n  - name: gpt-4o-mini\n    provider: openai\n"
                          + "  - name: always-fail\n    provider: openai\n    upstream: mock\n"
                          + "keys:\n  sk-operator: {}\n  sk-team-a:\n    team: team-a\n    credentials:\n");
              for (String p : f.receivers.keySet()) {
                Map<String, String> c = Demo.tenantCredentialsFor(p);
                if (!c.isEmpty()) {
                  y.append("      ").append(p).append(":\n");
                  c.forEach(
                      (k, v) -> y.append("        ").append(k).append(": ").append(v).append("\n"));
                }
              }
              y.append("      nobody: { some_key: x }\n");
              return y.toString();
            },
            "--max-body-bytes",
            "4096");
  }

  @AfterAll
  static void stop() {
    serve.close();
  }

  record Answer(int status, String body, String traceId, Map<String, List<String>> headers) {
    JsonNode json() throws Exception {
      return JSON.readTree(body);
    }
  }

  static Answer post(String key, String body) throws Exception {
    return post("/v1/chat/completions", key, body);
  }

  static Answer post(String path, String key, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(serve.baseUrl().resolve(path))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    String tr = r.headers().firstValue("traceresponse").orElse(null);
    return new Answer(
        r.statusCode(), r.body(), tr == null ? null : tr.split("-")[1], r.headers().map());
  }

  /** Every receiver holds exactly {@code spans} spans of the trace, one copy each, connected. */
  static Map<String, List<ReceivedSpan>> assertTraceEverywhere(String traceId, int spans) {
    assertNotNull(traceId, "traceresponse header");
    serve.flush();
    Map<String, List<ReceivedSpan>> out = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, OtlpReceiver> e : serve.receivers.entrySet()) {
      List<ReceivedSpan> trace = serve.trace(e.getKey(), traceId, spans);
      assertEquals(spans, trace.size(), e.getKey() + " got " + trace);
      assertEquals(
          spans,
          trace.stream().map(ReceivedSpan::spanId).distinct().count(),
          e.getKey() + ": one copy of each span");
      ReceivedSpan server =
          trace.stream()
              .filter(s -> s.kind() == Span.SpanKind.SPAN_KIND_SERVER)
              .findFirst()
              .orElseThrow(() -> new AssertionError(e.getKey() + ": no server span"));
      assertTrue(server.isRoot(), e.getKey() + ": the server span is the root");
      assertEquals("POST /v1/chat/completions", server.name());
      for (ReceivedSpan s : trace) {
        if (s != server) {
          assertEquals(
              server.spanId(),
              s.parentSpanId(),
              e.getKey() + ": LLM span is the server span's child");
          assertEquals(Span.SpanKind.SPAN_KIND_CLIENT, s.kind());
        }
      }
      out.put(e.getKey(), trace);
    }
    return out;
  }

  static ReceivedSpan server(List<ReceivedSpan> trace) {
    return trace.stream()
        .filter(s -> s.kind() == Span.SpanKind.SPAN_KIND_SERVER)
        .findFirst()
        .orElseThrow();
  }

  static ReceivedSpan llm(List<ReceivedSpan> trace) {
    return trace.stream()
        .filter(s -> s.kind() == Span.SpanKind.SPAN_KIND_CLIENT)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void plainChatAnswersOpenAiShapeAndReachesEveryBackendAsOneConnectedTrace() throws Exception {
    Answer a =
        post(
            "sk-operator",
            "{\"model\":\"gpt-4o-mini\",\"temperature\":0.3," + "\"messages\":[" + USER + "]}");
    assertEquals(200, a.status(), a.body());
    JsonNode j = a.json();
    assertEquals("chat.completion", j.path("object").asText());
    assertEquals("gpt-4o-mini", j.path("model").asText());
    assertEquals("assistant", j.path("choices").path(0).path("message").path("role").asText());
    assertTrue(
        j.path("choices")
            .path(0)
            .path("message")
            .path("content")
            .asText()
            .contains("What is the weather in Paris?"));
    assertEquals("stop", j.path("choices").path(0).path("finish_reason").asText());
    long prompt = j.path("usage").path("prompt_tokens").asLong();
    long completion = j.path("usage").path("completion_tokens").asLong();
    assertTrue(prompt > 0 && completion > 0);
    assertEquals(prompt + completion, j.path("usage").path("total_tokens").asLong());

    Map<String, List<ReceivedSpan>> traces = assertTraceEverywhere(a.traceId(), 2);
    List<ReceivedSpan> otel = traces.get("otel");
    ReceivedSpan server = server(otel);
    assertEquals("POST", server.stringAttribute("http.request.method"));
    assertEquals("/v1/chat/completions", server.stringAttribute("http.route"));
    assertEquals("/v1/chat/completions", server.stringAttribute("url.path"));
    assertEquals(200L, server.attribute("http.response.status_code"));
    ReceivedSpan llm = llm(otel);
    assertEquals("chat gpt-4o-mini", llm.name());
    assertEquals("openai", llm.stringAttribute("gen_ai.provider.name"));
    assertEquals(prompt, llm.attribute("gen_ai.usage.input_tokens"));
    assertEquals(completion, llm.attribute("gen_ai.usage.output_tokens"));
    assertEquals(0.3, (Double) llm.attribute("gen_ai.request.temperature"), 1e-9);
    assertEquals(List.of("stop"), llm.attribute("gen_ai.response.finish_reasons"));
    assertEquals(j.path("id").asText(), llm.stringAttribute("gen_ai.response.id"));
    assertEquals(Boolean.FALSE, llm.attribute("gen_ai.request.stream"));
    assertTrue(llm.stringAttribute("gen_ai.input.messages").contains("weather in Paris"));
    assertNoForeignVocabulary(traces);
  }

  /** Each backend sees its own vocabulary only. */
  static void assertNoForeignVocabulary(Map<String, List<ReceivedSpan>> traces) {
    for (Map.Entry<String, List<ReceivedSpan>> e : traces.entrySet()) {
      Set<String> keys =
          e.getValue().stream()
              .flatMap(s -> s.attributes().keySet().stream())
              .collect(Collectors.toSet());
      String name = e.getKey();
      boolean openInference = Set.of("arize", "phoenix", "weave").contains(name);
      if (!name.equals("langfuse")) {
        assertTrue(keys.stream().noneMatch(k -> k.startsWith("langfuse.")), name + ": " + keys);
      }
      if (!openInference) {
        assertTrue(keys.stream().noneMatch(k -> k.startsWith("llm.")), name + ": " + keys);
      } else {
        assertTrue(keys.stream().anyMatch(k -> k.startsWith("llm.")), name + ": " + keys);
      }
      if (name.equals("langfuse")) {
        assertTrue(keys.contains("langfuse.observation.type"), keys.toString());
      }
      if (name.equals("otel")) {
        assertTrue(keys.contains("gen_ai.operation.name"), keys.toString());
      }
    }
  }

  @Test
  void streamedChatSendsSseChunksWithUsageLastAndRecordsTheStream() throws Exception {
    String body = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[" + USER + "]}";
    Answer a = post("sk-operator", body);
    assertEquals(200, a.status());
    assertEquals("text/event-stream", a.headers().get("content-type").get(0));
    List<JsonNode> chunks = new ArrayList<>();
    boolean done = false;
    for (String line : a.body().split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      assertTrue(line.startsWith("data: "), line);
      String payload = line.substring(6);
      assertFalse(done, "nothing after [DONE]");
      if (payload.equals("[DONE]")) {
        done = true;
      } else {
        chunks.add(JSON.readTree(payload));
      }
    }
    assertTrue(done, "stream ends with data: [DONE]");
    assertTrue(chunks.size() >= 4, "several chunks: " + chunks.size());
    StringBuilder text = new StringBuilder();
    for (JsonNode c : chunks) {
      assertEquals("chat.completion.chunk", c.path("object").asText());
      text.append(c.path("choices").path(0).path("delta").path("content").asText(""));
    }
    JsonNode last = chunks.get(chunks.size() - 1);
    assertEquals("stop", last.path("choices").path(0).path("finish_reason").asText());
    assertTrue(last.path("usage").path("total_tokens").asLong() > 0, last.toString());
    for (int i = 0; i < chunks.size() - 1; i++) {
      assertTrue(chunks.get(i).path("usage").isMissingNode(), "usage only in the last chunk");
    }
    // the mock is deterministic: the stream says what the plain answer says
    Answer plain = post("sk-operator", body.replace("\"stream\":true,", ""));
    assertEquals(
        plain.json().path("choices").path(0).path("message").path("content").asText(),
        text.toString());

    Map<String, List<ReceivedSpan>> traces = assertTraceEverywhere(a.traceId(), 2);
    ReceivedSpan llm = llm(traces.get("otel"));
    assertEquals(Boolean.TRUE, llm.attribute("gen_ai.request.stream"));
    assertEquals(
        last.path("usage").path("completion_tokens").asLong(),
        llm.attribute("gen_ai.usage.output_tokens"));
    assertTrue(
        llm.attributes().containsKey("gen_ai.response.time_to_first_chunk"),
        llm.attributes().toString());
  }

  @Test
  void toolsOfferedGetAToolCallRecordedWithTheToolDefinitions() throws Exception {
    Answer a =
        post(
            "sk-operator",
            "{\"model\":\"gpt-4o-mini\",\"messages\":["
                + USER
                + "],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}}]}");
    assertEquals(200, a.status(), a.body());
    JsonNode choice = a.json().path("choices").path(0);
    assertEquals("tool_calls", choice.path("finish_reason").asText());
    JsonNode call = choice.path("message").path("tool_calls").path(0);
    assertEquals("get_weather", call.path("function").path("name").asText());
    assertEquals(
        "Paris",
        JSON.readTree(call.path("function").path("arguments").asText()).path("city").asText());
    ReceivedSpan llm = llm(assertTraceEverywhere(a.traceId(), 2).get("otel"));
    assertTrue(llm.stringAttribute("gen_ai.tool.definitions").contains("get_weather"));
    assertEquals(List.of("tool_calls"), llm.attribute("gen_ai.response.finish_reasons"));
  }

  @Test
  void failingCallIs500WithAnErrorSpanUnderTheServerSpan() throws Exception {
    Answer a = post("sk-operator", "{\"model\":\"always-fail\",\"messages\":[" + USER + "]}");
    assertEquals(500, a.status());
    assertEquals("mock_failure", a.json().path("error").path("code").asText());
    assertEquals("server_error", a.json().path("error").path("type").asText());
    Answer flag =
        post(
            "sk-operator",
            "{\"model\":\"gpt-4o-mini\",\"mock_fail\":true," + "\"messages\":[" + USER + "]}");
    assertEquals(500, flag.status());
    List<ReceivedSpan> otel = assertTraceEverywhere(a.traceId(), 2).get("otel");
    assertEquals(Status.StatusCode.STATUS_CODE_ERROR, llm(otel).status().getCode());
    assertEquals("mock_failure", llm(otel).stringAttribute("error.type"));
    assertEquals(500L, server(otel).attribute("http.response.status_code"));
    assertEquals(Status.StatusCode.STATUS_CODE_ERROR, server(otel).status().getCode());
    assertTraceEverywhere(flag.traceId(), 2);
  }

  @Test
  void unknownOrMissingKeyIs401WithAServerSpanOnly() throws Exception {
    for (String key : new String[] {"sk-wrong", null}) {
      Answer a = post(key, "{\"model\":\"gpt-4o-mini\",\"messages\":[" + USER + "]}");
      assertEquals(401, a.status());
      assertEquals("invalid_api_key", a.json().path("error").path("code").asText());
      assertEquals("invalid_request_error", a.json().path("error").path("type").asText());
      assertFalse(a.body().contains("sk-wrong"), "the presented key is not echoed");
      ReceivedSpan server = assertTraceEverywhere(a.traceId(), 1).get("otel").get(0);
      assertEquals(401L, server.attribute("http.response.status_code"));
    }
  }

  @Test
  void badRequestsAre400Or413InOpenAiErrorShape() throws Exception {
    record Case(String body, int status, String code) {}
    List<Case> cases =
        List.of(
            new Case("{not json", 400, "invalid_json"),
            new Case("[1,2]", 400, "invalid_json"),
            new Case("{\"messages\":[" + USER + "]}", 400, "missing_model"),
            new Case(
                "{\"model\":\"no-such-model\",\"messages\":[" + USER + "]}",
                400,
                "model_not_found"),
            new Case("{\"model\":\"gpt-4o-mini\",\"messages\":[]}", 400, "invalid_messages"),
            new Case(
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\""
                    + "x".repeat(5000)
                    + "\"}]}",
                413,
                "request_too_large"));
    for (Case c : cases) {
      Answer a = post("sk-operator", c.body());
      assertEquals(c.status(), a.status(), c.body() + " -> " + a.body());
      JsonNode err = a.json().path("error");
      assertEquals(c.code(), err.path("code").asText());
      assertFalse(err.path("message").asText().isBlank());
      ReceivedSpan server = assertTraceEverywhere(a.traceId(), 1).get("otel").get(0);
      assertEquals((long) c.status(), server.attribute("http.response.status_code"));
      assertEquals(Status.StatusCode.STATUS_CODE_UNSET, server.status().getCode());
    }
  }

  @Test
  void tenantRequestIsOneConnectedTraceAndTenantSecretsGoNowhereElse() throws Exception {
    Answer a = post("sk-team-a", "{\"model\":\"gpt-4o-mini\",\"messages\":[" + USER + "]}");
    assertEquals(200, a.status(), a.body());
    assertTraceEverywhere(a.traceId(), 2);
    OtlpReceiver lf = serve.receivers.get("langfuse");
    if (lf != null) {
      String tenantAuth =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString("pk-lf-team-a:sk-lf-team-a".getBytes(StandardCharsets.UTF_8));
      for (ReceivedSpan s : serve.trace("langfuse", a.traceId(), 2)) {
        assertEquals(
            tenantAuth,
            s.request().header("authorization"),
            "the tenant's whole trace (server span included) goes with the tenant's key");
      }
    }
    for (ReceivedSpan s : serve.trace("otel", a.traceId(), 2)) {
      assertEquals(null, s.request().header("authorization"), "otel keeps its static headers");
    }
    // the key's arize_project_name (keys: in the YAML) names the tenant's project at Arize
    if (serve.receivers.containsKey("arize")) {
      Answer operator =
          post("sk-operator", "{\"model\":\"gpt-4o-mini\",\"messages\":[" + USER + "]}");
      serve.flush();
      for (ReceivedSpan s : serve.trace("arize", a.traceId(), 2)) {
        assertEquals("team-a", s.resourceAttributes().get("openinference.project.name"));
        assertEquals("team-a", s.resourceAttributes().get("model_id"));
        assertFalse(
            s.request().bodyAsText().contains("otel-presets-demo"),
            "the operator's project reached the tenant's export");
      }
      for (ReceivedSpan s : serve.trace("arize", operator.traceId(), 2)) {
        assertEquals("otel-presets-demo", s.resourceAttributes().get("openinference.project.name"));
        assertEquals("otel-presets-demo", s.resourceAttributes().get("model_id"));
      }
    }
    for (Map.Entry<String, OtlpReceiver> e : serve.receivers.entrySet()) {
      for (ReceivedRequest req : e.getValue().requests()) {
        String all = req.headers().toString() + req.bodyAsText();
        for (Map.Entry<String, OtlpReceiver> other : serve.receivers.entrySet()) {
          if (other.getKey().equals(e.getKey())) {
            continue;
          }
          for (String secret : Demo.tenantCredentialsFor(other.getKey()).values()) {
            if (secret.contains("key") || secret.contains("sk-")) {
              assertFalse(
                  all.contains(secret),
                  e.getKey() + " received " + other.getKey() + "'s tenant secret");
            }
          }
        }
        assertFalse(all.contains("sk-team-a"), "the gateway key never leaves");
      }
    }
    assertFalse(serve.out.toString().contains("sk-lf-team-a"), "never printed");
    assertFalse(serve.err.toString().contains("sk-lf-team-a"), "never logged");
  }

  @Test
  void langfuseGetsItsStaticBasicAuthWhenOnTheClasspath() throws Exception {
    OtlpReceiver lf = serve.receivers.get("langfuse");
    if (lf == null) {
      return; // the preset is not on this classpath yet
    }
    Answer a = post("sk-operator", "{\"model\":\"gpt-4o-mini\",\"messages\":[" + USER + "]}");
    assertTraceEverywhere(a.traceId(), 2);
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString("pk-lf-demo:sk-lf-demo".getBytes(StandardCharsets.UTF_8));
    assertTrue(
        lf.requests().stream()
            .anyMatch(
                r ->
                    expected.equals(r.header("authorization"))
                        && r.path().equals("/api/public/otel/v1/traces")),
        lf.requests().toString());
  }

  @Test
  void embeddingsAnswerOpenAiShapeAndAreRecordedUnderTheServerSpan() throws Exception {
    String text = "EMBED-ME pluie \u00e0 Lyon";
    Answer a =
        post(
            "/v1/embeddings",
            "sk-operator",
            "{\"model\":\"gpt-4o-mini\","
                + "\"dimensions\":4,\"input\":[\"sunny in Paris\",\""
                + text
                + "\"]}");
    assertEquals(200, a.status(), a.body());
    JsonNode j = a.json();
    assertEquals("list", j.path("object").asText());
    assertEquals(2, j.path("data").size());
    assertEquals(4, j.path("data").path(1).path("embedding").size());
    assertEquals(1, j.path("data").path(1).path("index").asInt());
    long tokens = j.path("usage").path("prompt_tokens").asLong();
    assertTrue(tokens > 0, a.body());
    Answer again =
        post(
            "/v1/embeddings",
            "sk-operator",
            "{\"model\":\"gpt-4o-mini\",\"dimensions\":4,\"input\":\"" + text + "\"}");
    assertEquals(
        j.path("data").path(1).path("embedding"),
        again.json().path("data").path(0).path("embedding"),
        "deterministic");
    Answer b64 =
        post(
            "/v1/embeddings",
            "sk-operator",
            "{\"model\":\"gpt-4o-mini\"," + "\"encoding_format\":\"base64\",\"input\":\"x\"}");
    assertEquals(200, b64.status(), b64.body());
    assertEquals(
        8 * 4,
        Base64.getDecoder()
            .decode(b64.json().path("data").path(0).path("embedding").asText())
            .length);

    serve.flush();
    List<ReceivedSpan> trace = serve.trace("otel", a.traceId(), 2);
    ReceivedSpan server = server(trace);
    assertEquals("POST /v1/embeddings", server.name());
    assertEquals("/v1/embeddings", server.stringAttribute("http.route"));
    ReceivedSpan call = llm(trace);
    assertEquals("embeddings gpt-4o-mini", call.name());
    assertEquals(server.spanId(), call.parentSpanId());
    assertEquals("embeddings", call.stringAttribute("gen_ai.operation.name"));
    assertEquals("openai", call.stringAttribute("gen_ai.provider.name"));
    assertEquals(4L, call.attribute("gen_ai.embeddings.dimension.count"));
    assertEquals(tokens, call.attribute("gen_ai.usage.input_tokens"));
    assertTrue(
        call.stringAttribute("gen_ai.input.messages").contains(text), call.attributes().toString());
    if (serve.receivers.containsKey("phoenix")) {
      List<ReceivedSpan> px = serve.trace("phoenix", a.traceId(), 2);
      assertEquals("EMBEDDING", llm(px).stringAttribute("openinference.span.kind"));
      assertEquals(text, llm(px).stringAttribute("embedding.embeddings.1.embedding.text"));
    }
  }

  @Test
  void badOrFailingEmbeddingsAre400Or500() throws Exception {
    for (String input : new String[] {"[]", "[1,2]", "{}", "null"}) {
      Answer a =
          post(
              "/v1/embeddings",
              "sk-operator",
              "{\"model\":\"gpt-4o-mini\",\"input\":" + input + "}");
      assertEquals(400, a.status(), input);
      assertEquals("invalid_input", a.json().path("error").path("code").asText(), input);
    }
    Answer format =
        post(
            "/v1/embeddings",
            "sk-operator",
            "{\"model\":\"gpt-4o-mini\",\"encoding_format\":\"int8\",\"input\":\"x\"}");
    assertEquals(400, format.status(), format.body());
    assertEquals(
        401,
        post("/v1/embeddings", "sk-wrong", "{\"model\":\"gpt-4o-mini\",\"input\":\"x\"}").status());
    Answer failed =
        post("/v1/embeddings", "sk-operator", "{\"model\":\"always-fail\",\"input\":\"x\"}");
    assertEquals(500, failed.status(), failed.body());
    assertEquals("mock_failure", failed.json().path("error").path("code").asText());
    serve.flush();
    ReceivedSpan call = llm(serve.trace("otel", failed.traceId(), 2));
    assertEquals(Status.StatusCode.STATUS_CODE_ERROR, call.status().getCode());
    assertEquals("mock_failure", call.stringAttribute("error.type"));
  }

  @Test
  void healthAndModels() throws Exception {
    HttpResponse<String> h =
        CLIENT.send(
            HttpRequest.newBuilder(serve.baseUrl().resolve("/health")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, h.statusCode());
    assertEquals("ok", JSON.readTree(h.body()).path("status").asText());
    HttpResponse<String> m =
        CLIENT.send(
            HttpRequest.newBuilder(serve.baseUrl().resolve("/v1/models"))
                .header("Authorization", "Bearer sk-operator")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, m.statusCode(), m.body());
    assertEquals("gpt-4o-mini", JSON.readTree(m.body()).path("data").path(0).path("id").asText());
    // as OpenAI's: the model list only with a key from keys:, which is never echoed
    for (String key : new String[] {null, "sk-wrong"}) {
      HttpRequest.Builder b = HttpRequest.newBuilder(serve.baseUrl().resolve("/v1/models"));
      if (key != null) {
        b.header("Authorization", "Bearer " + key);
      }
      HttpResponse<String> refused = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(401, refused.statusCode(), refused.body());
      assertEquals(
          "invalid_api_key", JSON.readTree(refused.body()).path("error").path("code").asText());
      assertFalse(refused.body().contains("sk-wrong"), refused.body());
      assertFalse(refused.body().contains("gpt-4o-mini"), refused.body());
    }
    HttpResponse<String> posted =
        CLIENT.send(
            HttpRequest.newBuilder(serve.baseUrl().resolve("/v1/models"))
                .header("Authorization", "Bearer sk-operator")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(405, posted.statusCode(), posted.body());
    assertEquals("GET", posted.headers().firstValue("Allow").orElse(""));
    assertTrue(
        serve.out.toString().contains("otel-presets gateway listening on " + serve.baseUrl()),
        serve.out.toString());
    assertEquals(URI.create(serve.baseUrl().toString()).getHost(), "127.0.0.1");
  }
}
