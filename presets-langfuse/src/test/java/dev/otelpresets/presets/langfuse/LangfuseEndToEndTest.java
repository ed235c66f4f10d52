package dev.otelpresets.presets.langfuse;

import static dev.otelpresets.testkit.GenAiScenarios.ANSWER;
import static dev.otelpresets.testkit.GenAiScenarios.CONVERSATION_ID;
import static dev.otelpresets.testkit.GenAiScenarios.ERROR_MESSAGE;
import static dev.otelpresets.testkit.GenAiScenarios.RESPONSE_MODEL;
import static dev.otelpresets.testkit.GenAiScenarios.SERVER_SPAN_NAME;
import static dev.otelpresets.testkit.GenAiScenarios.SYSTEM_PROMPT;
import static dev.otelpresets.testkit.GenAiScenarios.TAGS;
import static dev.otelpresets.testkit.GenAiScenarios.TOOL_ARGUMENTS;
import static dev.otelpresets.testkit.GenAiScenarios.TOOL_CALL_ID;
import static dev.otelpresets.testkit.GenAiScenarios.TOOL_NAME;
import static dev.otelpresets.testkit.GenAiScenarios.TOOL_RESULT;
import static dev.otelpresets.testkit.GenAiScenarios.USER_ID;
import static dev.otelpresets.testkit.GenAiScenarios.USER_PROMPT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.LlmCall;
import dev.otelpresets.core.Tenant;
import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.spi.genai.GenAiContent.MessagePart;
import dev.otelpresets.support.internal.AuthHeaders;
import dev.otelpresets.support.internal.Json;
import dev.otelpresets.testkit.GenAiScenarios;
import dev.otelpresets.testkit.GenAiScenarios.Recorded;
import dev.otelpresets.testkit.PresetTestHarness;
import dev.otelpresets.testkit.ReceivedRequest;
import dev.otelpresets.testkit.ReceivedSpan;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The langfuse preset through the core and the real OTLP/HTTP exporter to an embedded receiver,
 * next to a plain {@code otel} collector: path, protocol, auth headers and the exact langfuse.*
 * values of the shared scenarios — chat messages Langfuse's chat view renders, the trace's input
 * and output on its root span, no typed duplicates in the metadata.
 */
class LangfuseEndToEndTest {
  private static final String PK = "pk-lf-e2e";
  private static final String SK = "sk-lf-e2e";

  /** The scenarios' input: system prompt and user turn, as chat messages. */
  private static final String CHAT_INPUT =
      "[{\"role\":\"system\",\"content\":\""
          + SYSTEM_PROMPT
          + "\"},{\"role\":\"user\",\"content\":\""
          + USER_PROMPT
          + "\"}]";

  /** The scenarios' answer: one message, so an object (as OpenAI's choices[0].message). */
  private static final String CHAT_OUTPUT =
      "{\"role\":\"assistant\",\"content\":\"" + ANSWER + "\"}";

  private static PresetTestHarness h;

  @BeforeAll
  static void start() {
    h =
        PresetTestHarness.builder()
            .receiver("langfuse")
            .receiver("otel")
            // the environment comes from YAML, which wins over the env var
            .yaml(
                "callbacks: [langfuse, otel]\nsettings:\n  capture_message_content: span_only\n"
                    + "presets:\n  langfuse:\n    environment: e2e\n")
            .env(
                r ->
                    Map.of(
                        "LANGFUSE_HOST",
                        r.get("langfuse").baseUrl(),
                        "LANGFUSE_PUBLIC_KEY",
                        PK,
                        "LANGFUSE_SECRET_KEY",
                        SK,
                        "LANGFUSE_TRACING_ENVIRONMENT",
                        "from-env",
                        "OTEL_EXPORTER_OTLP_ENDPOINT",
                        r.get("otel").baseUrl(),
                        "OTEL_EXPORTER_OTLP_PROTOCOL",
                        "http/protobuf"))
            .start();
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  /** The server and LLM span of one scenario at a receiver. */
  private static ReceivedSpan[] await(String receiver, Recorded rec) {
    h.telemetry().forceFlush(PresetTestHarness.TIMEOUT);
    h.receiver(receiver)
        .awaitSpans(s -> s.traceId().equals(rec.traceId()), 2, PresetTestHarness.TIMEOUT);
    return new ReceivedSpan[] {
      h.span(receiver, rec.serverSpanId()), h.span(receiver, rec.llmSpanId())
    };
  }

  private static void assertTransport(ReceivedSpan s) {
    assertTransport(s, AuthHeaders.basic(PK, SK));
  }

  private static void assertTransport(ReceivedSpan s, String authorization) {
    ReceivedRequest r = s.request();
    assertEquals("/api/public/otel/v1/traces", r.path());
    assertEquals(ReceivedRequest.HTTP_PROTOBUF, r.transport());
    assertEquals(authorization, r.header("Authorization"));
    assertEquals("4", r.header("x-langfuse-ingestion-version"));
  }

  /** The trace keys, each under one name only. */
  private static void assertTraceKeys(ReceivedSpan s) {
    assertEquals(USER_ID, s.attribute("user.id"));
    assertNull(s.attribute("langfuse.user.id"), "one spelling of the user id");
    assertEquals(CONVERSATION_ID, s.attribute("session.id"));
    assertNull(s.attribute("langfuse.session.id"), "one spelling of the session id");
    assertNull(s.attribute("gen_ai.conversation.id"), "sent as session.id");
    assertEquals(TAGS, s.attribute("langfuse.trace.tags"));
    assertEquals("chat", s.attribute("langfuse.trace.metadata.feature"));
    assertEquals("e2e", s.attribute("langfuse.environment"));
    for (String key : s.attributes().keySet()) {
      assertFalse(
          key.startsWith("llm.")
              || key.startsWith("openinference.")
              || key.startsWith("otelpresets.")
              || key.startsWith("weave."),
          key);
    }
  }

  /**
   * Langfuse keeps every key it does not read as metadata: what it types (model name, usage,
   * model parameters) is not there again.
   */
  private static void assertNoTypedDuplicates(ReceivedSpan llm) {
    for (String key : llm.attributes().keySet()) {
      assertFalse(
          key.equals("gen_ai.request.model")
              || key.equals("gen_ai.response.model")
              || key.startsWith("gen_ai.usage.")
              || key.equals("gen_ai.request.temperature")
              || key.equals("gen_ai.request.max_tokens"),
          key);
    }
  }

  @Test
  void plainChat() {
    Recorded rec = h.scenarios().plainChat();
    ReceivedSpan[] spans = await("langfuse", rec);
    ReceivedSpan server = spans[0];
    ReceivedSpan llm = spans[1];
    assertTransport(llm);
    assertEquals(server.spanId(), llm.parentSpanId());
    assertEquals(Span.SpanKind.SPAN_KIND_CLIENT, llm.kind());

    assertEquals("generation", llm.attribute("langfuse.observation.type"));
    assertEquals(RESPONSE_MODEL, llm.attribute("langfuse.observation.model.name"));
    assertEquals(
        "{\"temperature\":0.2,\"max_tokens\":256}",
        llm.attribute("langfuse.observation.model.parameters"));
    // 42 input = 28 + 10 cached + 4 cache creation; 17 output = 12 + 5 reasoning
    assertEquals(
        "{\"input\":28,\"output\":12,\"total\":59,\"input_cached_tokens\":10,"
            + "\"input_cache_creation\":4,\"output_reasoning_tokens\":5}",
        llm.attribute("langfuse.observation.usage_details"));
    assertEquals("{\"total\":0.00123}", llm.attribute("langfuse.observation.cost_details"));
    assertEquals(CHAT_INPUT, llm.attribute("langfuse.observation.input"));
    assertEquals(CHAT_OUTPUT, llm.attribute("langfuse.observation.output"));
    assertNull(llm.attribute("gen_ai.input.messages"), "the prompt is sent once");
    assertNull(llm.attribute("gen_ai.output.messages"));
    assertNull(llm.attribute("langfuse.observation.completion_start_time"));
    assertNull(llm.attribute("langfuse.observation.level"));
    assertNull(llm.attribute("langfuse.trace.name"));
    assertEquals("openai", llm.attribute("gen_ai.provider.name"), "untyped canonical keys stay");
    assertEquals(false, llm.attribute("gen_ai.request.stream"));
    assertNoTypedDuplicates(llm);
    assertTraceKeys(llm);

    assertTransport(server);
    assertEquals("span", server.attribute("langfuse.observation.type"));
    assertEquals(SERVER_SPAN_NAME, server.attribute("langfuse.trace.name"));
    assertTrue(server.isRoot());
    // Langfuse's trace input / output are its root observation's
    assertEquals(CHAT_INPUT, server.attribute("langfuse.observation.input"));
    assertEquals(CHAT_OUTPUT, server.attribute("langfuse.observation.output"));
    assertTraceKeys(server);

    // the co-configured collector gets the canonical span, no Langfuse vocabulary
    ReceivedSpan[] otel = await("otel", rec);
    ReceivedSpan otelLlm = otel[1];
    assertEquals("/v1/traces", otelLlm.request().path());
    assertNull(otelLlm.request().header("Authorization"));
    assertTrue(
        otelLlm.attributes().keySet().stream().noneMatch(k -> k.startsWith("langfuse.")),
        otelLlm.attributes().toString());
    assertEquals(
        "[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\""
            + SYSTEM_PROMPT
            + "\"}]},{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\""
            + USER_PROMPT
            + "\"}]}]",
        otelLlm.attribute("gen_ai.input.messages"),
        "other backends keep the conventions' messages");
    assertEquals("gpt-4o", otelLlm.attribute("gen_ai.request.model"));
    assertNull(otel[0].attribute("langfuse.observation.input"));
  }

  @Test
  void streamedChat() {
    Recorded rec = h.scenarios().streamedChat();
    ReceivedSpan[] spans = await("langfuse", rec);
    ReceivedSpan llm = spans[1];
    assertTransport(llm);
    double ttfc = (Double) llm.attribute("gen_ai.response.time_to_first_chunk");
    long start = llm.proto().getStartTimeUnixNano();
    String expected = Instant.ofEpochSecond(0, start + Math.round(ttfc * 1e9)).toString();
    assertEquals(expected, llm.attribute("langfuse.observation.completion_start_time"));
    Instant cst = Instant.parse(llm.stringAttribute("langfuse.observation.completion_start_time"));
    assertFalse(cst.isAfter(Instant.ofEpochSecond(0, llm.proto().getEndTimeUnixNano())));
    // the stream flag is not a model parameter (Langfuse would store it as the string "true")
    assertEquals(
        "{\"temperature\":0.2,\"max_tokens\":256}",
        llm.attribute("langfuse.observation.model.parameters"));
    assertEquals(true, llm.attribute("gen_ai.request.stream"));
    assertEquals("generation", llm.attribute("langfuse.observation.type"));
    assertEquals(CHAT_INPUT, llm.attribute("langfuse.observation.input"));
    assertEquals(CHAT_OUTPUT, llm.attribute("langfuse.observation.output"));
    assertEquals(CHAT_OUTPUT, spans[0].attribute("langfuse.observation.output"));
    assertNoTypedDuplicates(llm);
    assertTraceKeys(llm);
  }

  @Test
  void toolCallsAndToolResults() {
    Recorded rec = h.scenarios().toolCalls();
    ReceivedSpan[] spans = await("langfuse", rec);
    ReceivedSpan llm = spans[1];
    assertTransport(llm);
    // the history: the user turn, the assistant's tool call, the tool's result
    String input =
        "[{\"role\":\"user\",\"content\":\""
            + USER_PROMPT
            + "\"},"
            + "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"call_abc123\",\"type\":\"function\","
            + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},"
            + "{\"role\":\"tool\",\"tool_call_id\":\"call_abc123\",\"content\":\"sunny, 21C\"}]";
    assertEquals(input, llm.attribute("langfuse.observation.input"));
    // the answer: another tool call, which Langfuse indexes by name from tool_calls
    String output =
        "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"call_def456\","
            + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"arguments\":\"{\\\"city\\\":\\\"Lyon\\\"}\"}}]}";
    assertEquals(output, llm.attribute("langfuse.observation.output"));
    assertEquals(List.of("tool_calls"), llm.attribute("gen_ai.response.finish_reasons"));
    // the offered tools stay a canonical key: Langfuse moves them into the input's "tools"
    assertEquals(
        List.of(
            Map.of(
                "type",
                "function",
                "name",
                "get_weather",
                "description",
                "Current weather for a city",
                "parameters",
                Map.of(
                    "type",
                    "object",
                    "properties",
                    Map.of("city", Map.of("type", "string")),
                    "required",
                    List.of("city")))),
        Json.parse(llm.stringAttribute("gen_ai.tool.definitions")));
    assertEquals(input, spans[0].attribute("langfuse.observation.input"));
    assertEquals(output, spans[0].attribute("langfuse.observation.output"));
    assertNoTypedDuplicates(llm);
  }

  /**
   * A tool execution is a tool observation whose input is the call's arguments and whose output is
   * its result, as they are; the canonical keys they came from are not kept again as metadata. The
   * plain collector still gets the canonical span.
   */
  @Test
  void toolExecutionArgumentsAndResultAreTheObservationsInputAndOutput() {
    Recorded rec = h.scenarios().toolExecution();
    ReceivedSpan tool = await("langfuse", rec)[1];
    assertTransport(tool);
    assertEquals("execute_tool " + TOOL_NAME, tool.name());
    assertEquals("tool", tool.attribute("langfuse.observation.type"));
    assertEquals(TOOL_ARGUMENTS, tool.attribute("langfuse.observation.input"));
    assertEquals(TOOL_RESULT, tool.attribute("langfuse.observation.output"));
    assertNull(tool.attribute("gen_ai.tool.call.arguments"), "not again as metadata");
    assertNull(tool.attribute("gen_ai.tool.call.result"), "not again as metadata");
    assertEquals(TOOL_NAME, tool.attribute("gen_ai.tool.name"));
    assertEquals(TOOL_CALL_ID, tool.attribute("gen_ai.tool.call.id"));
    assertNull(tool.attribute("langfuse.observation.model.name"), "not a generation");

    ReceivedSpan canonical = await("otel", rec)[1];
    assertEquals(TOOL_ARGUMENTS, canonical.attribute("gen_ai.tool.call.arguments"));
    assertEquals(TOOL_RESULT, canonical.attribute("gen_ai.tool.call.result"));
    assertNull(canonical.attribute("langfuse.observation.input"));
  }

  @Test
  void imagePartsAreImageUrls() {
    String[] ids =
        request(
            null,
            () -> {
              LlmCall call =
                  h.telemetry()
                      .startCall(
                          GenAiScenarios.request()
                              .inputMessages(
                                  List.of(
                                      new ChatMessage(
                                          "user",
                                          List.of(
                                              new MessagePart.Text("What is in this image?"),
                                              new MessagePart.Other(
                                                  "blob",
                                                  Map.of(
                                                      "modality",
                                                      "image",
                                                      "mime_type",
                                                      "image/png",
                                                      "content",
                                                      "iVBORw0KGgo=")),
                                              new MessagePart.Other(
                                                  "uri",
                                                  Map.of(
                                                      "modality",
                                                      "image",
                                                      "uri",
                                                      "https://example.com/cat.png"))),
                                          null)))
                              .build());
              call.end(GenAiScenarios.response().build());
              return call;
            });
    ReceivedSpan llm = awaitSpan(ids[0], ids[2]);
    assertEquals(
        "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is in this"
            + " image?\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,"
            + "iVBORw0KGgo=\"}},{\"type\":\"image_url\",\"image_url\":{\"url\":"
            + "\"https://example.com/cat.png\"}}]}]",
        llm.attribute("langfuse.observation.input"));
    assertEquals(CHAT_OUTPUT, llm.attribute("langfuse.observation.output"));
  }

  @Test
  void failedCall() {
    Recorded rec = h.scenarios().failedCall();
    ReceivedSpan[] spans = await("langfuse", rec);
    ReceivedSpan llm = spans[1];
    assertTransport(llm);
    assertEquals(Status.StatusCode.STATUS_CODE_ERROR, llm.status().getCode());
    assertEquals("ERROR", llm.attribute("langfuse.observation.level"));
    assertEquals(ERROR_MESSAGE, llm.attribute("langfuse.observation.status_message"));
    assertEquals("java.io.IOException", llm.attribute("error.type"));
    assertEquals("generation", llm.attribute("langfuse.observation.type"));
    assertNull(llm.attribute("langfuse.observation.usage_details"));
    assertEquals(CHAT_INPUT, llm.attribute("langfuse.observation.input"));
    assertNull(llm.attribute("langfuse.observation.output"));
    // the trace shows what was asked, and no answer
    assertEquals(CHAT_INPUT, spans[0].attribute("langfuse.observation.input"));
    assertNull(spans[0].attribute("langfuse.observation.output"));
    assertNoTypedDuplicates(llm);
    assertTraceKeys(llm);
  }

  /**
   * Two LLM calls under one server span, the first exported in an earlier batch than the root:
   * the root carries the first call's input and the last call's answer.
   */
  @Test
  void rootCarriesFirstInputAndLastOutputAcrossBatches() {
    String[] firstCall = new String[1];
    String[] ids =
        request(
            null,
            () -> {
              LlmCall first =
                  h.telemetry()
                      .startCall(
                          GenAiScenarios.request()
                              .tools(List.of(GenAiScenarios.weatherTool()))
                              .build());
              first.end(
                  GenAiScenarios.response()
                      .finishReasons(List.of("tool_calls"))
                      .outputMessages(
                          List.of(
                              new ChatMessage(
                                  "assistant",
                                  List.of(
                                      new MessagePart.ToolCall(
                                          "call_1", "get_weather", Map.of("city", "Paris"))),
                                  "tool_calls")))
                      .build());
              firstCall[0] = first.span().getSpanContext().getSpanId();
              // the first call goes out on its own, long before its root
              awaitSpan(first.span().getSpanContext().getTraceId(), firstCall[0]);
              LlmCall second =
                  h.telemetry()
                      .startCall(
                          GenAiScenarios.request()
                              .inputMessages(
                                  List.of(
                                      ChatMessage.text("system", SYSTEM_PROMPT),
                                      ChatMessage.text("user", USER_PROMPT),
                                      new ChatMessage(
                                          "assistant",
                                          List.of(
                                              new MessagePart.ToolCall(
                                                  "call_1",
                                                  "get_weather",
                                                  Map.of("city", "Paris"))),
                                          null),
                                      ChatMessage.toolResponse("call_1", "sunny, 21C")))
                              .build());
              second.end(GenAiScenarios.response().build());
              return second;
            });
    ReceivedSpan root = awaitSpan(ids[0], ids[1]);
    ReceivedSpan first = h.span("langfuse", firstCall[0]);
    ReceivedSpan second = h.span("langfuse", ids[2]);
    assertNotSame(first.request(), root.request(), "the first call was in an earlier batch");
    assertEquals(CHAT_INPUT, first.attribute("langfuse.observation.input"));
    assertEquals(
        CHAT_INPUT, root.attribute("langfuse.observation.input"), "the first call's input");
    assertEquals(CHAT_OUTPUT, second.attribute("langfuse.observation.output"));
    assertEquals(CHAT_OUTPUT, root.attribute("langfuse.observation.output"), "the last answer");
  }

  /** A tenant's trace goes to the tenant's project with its own root input and output. */
  @Test
  void tenantTraceRootCarriesItsOwnContent() {
    Tenant tenant =
        Tenant.of(
            "team-lf",
            Map.of(
                "langfuse",
                Map.of(
                    "langfuse_public_key", "pk-lf-tenant", "langfuse_secret_key", "sk-lf-tenant")));
    String[] ids =
        request(
            tenant,
            () -> {
              LlmCall call =
                  h.telemetry()
                      .startCall(
                          GenAiScenarios.request()
                              .inputMessages(List.of(ChatMessage.text("user", "tenant question")))
                              .build());
              call.end(
                  GenAiScenarios.response()
                      .outputMessages(List.of(ChatMessage.text("assistant", "tenant answer")))
                      .build());
              return call;
            });
    ReceivedSpan root = awaitSpan(ids[0], ids[1]);
    assertTransport(root, AuthHeaders.basic("pk-lf-tenant", "sk-lf-tenant"));
    assertEquals(
        "[{\"role\":\"user\",\"content\":\"tenant question\"}]",
        root.attribute("langfuse.observation.input"));
    assertEquals(
        "{\"role\":\"assistant\",\"content\":\"tenant answer\"}",
        root.attribute("langfuse.observation.output"));
  }

  @Test
  void aliasSelectsLangfuseAndCaptureOffSendsNoContent() {
    try (PresetTestHarness alias =
        PresetTestHarness.builder()
            .receiver("lf")
            .yaml("callbacks: [langfuse_otel]\n")
            .env(
                r ->
                    Map.of(
                        "LANGFUSE_HOST",
                        r.get("lf").baseUrl(),
                        "LANGFUSE_PUBLIC_KEY",
                        PK,
                        "LANGFUSE_SECRET_KEY",
                        SK))
            .start()) {
      Recorded rec = alias.scenarios().plainChat();
      Recorded tools = alias.scenarios().toolCalls();
      Recorded toolRun = alias.scenarios().toolExecution();
      alias.flushAndAwait("lf", 6);
      assertEquals(
          "tool", alias.span("lf", toolRun.llmSpanId()).attribute("langfuse.observation.type"));
      ReceivedSpan llm = alias.span("lf", rec.llmSpanId());
      assertEquals("/api/public/otel/v1/traces", llm.request().path());
      assertEquals(AuthHeaders.basic(PK, SK), llm.request().header("Authorization"));
      assertEquals("generation", llm.attribute("langfuse.observation.type"));
      assertNull(llm.attribute("langfuse.environment"));
      for (String spanId :
          List.of(
              rec.serverSpanId(),
              rec.llmSpanId(),
              tools.serverSpanId(),
              tools.llmSpanId(),
              toolRun.serverSpanId(),
              toolRun.llmSpanId())) {
        ReceivedSpan s = alias.span("lf", spanId);
        assertNull(s.attribute("langfuse.observation.input"), s.name());
        assertNull(s.attribute("langfuse.observation.output"), s.name());
      }
      for (ReceivedSpan s : alias.receiver("lf").spans()) {
        for (Object v : s.attributes().values()) {
          String text = String.valueOf(v);
          assertFalse(
              text.contains(ANSWER)
                  || text.contains(USER_PROMPT)
                  || text.contains(SYSTEM_PROMPT)
                  || text.contains("Lyon")
                  || text.contains("sunny")
                  || text.contains(TOOL_ARGUMENTS),
              text);
        }
      }
      assertEquals(GenAiScenarios.USER_ID, llm.attribute("user.id"));
      assertNull(llm.attribute("langfuse.user.id"));
    }
  }

  /** The span with this id at the langfuse receiver, after a flush. */
  private static ReceivedSpan awaitSpan(String traceId, String spanId) {
    h.telemetry().forceFlush(PresetTestHarness.TIMEOUT);
    h.receiver("langfuse").awaitSpans(s -> s.spanId().equals(spanId), 1, PresetTestHarness.TIMEOUT);
    return h.span("langfuse", spanId);
  }

  /**
   * Records one request: a SERVER span (bound to {@code tenant} when given) around {@code body}.
   *
   * @return trace id, server span id, the id of the LLM span {@code body} returns
   */
  private static String[] request(Tenant tenant, Supplier<LlmCall> body) {
    Tracer host = h.telemetry().openTelemetry().getTracer("test-host-http-server");
    io.opentelemetry.api.trace.Span server =
        host.spanBuilder("POST /v1/agent").setSpanKind(SpanKind.SERVER).startSpan();
    LlmCall last;
    try (Scope ignored = server.makeCurrent()) {
      if (tenant != null) {
        assertTrue(h.telemetry().bindTenant(tenant), "bindTenant found no current span");
      }
      last = body.get();
    } finally {
      server.end();
    }
    return new String[] {
      server.getSpanContext().getTraceId(),
      server.getSpanContext().getSpanId(),
      last.span().getSpanContext().getSpanId()
    };
  }
}
