package dev.otelpresets.presets.openinference.testing;

import static dev.otelpresets.testkit.GenAiScenarios.ANSWER;
import static dev.otelpresets.testkit.GenAiScenarios.CACHE_CREATION_TOKENS;
import static dev.otelpresets.testkit.GenAiScenarios.CACHE_READ_TOKENS;
import static dev.otelpresets.testkit.GenAiScenarios.CONVERSATION_ID;
import static dev.otelpresets.testkit.GenAiScenarios.COST_USD;
import static dev.otelpresets.testkit.GenAiScenarios.ERROR_MESSAGE;
import static dev.otelpresets.testkit.GenAiScenarios.INPUT_TOKENS;
import static dev.otelpresets.testkit.GenAiScenarios.MAX_TOKENS;
import static dev.otelpresets.testkit.GenAiScenarios.OUTPUT_TOKENS;
import static dev.otelpresets.testkit.GenAiScenarios.REASONING_TOKENS;
import static dev.otelpresets.testkit.GenAiScenarios.REQUEST_MODEL;
import static dev.otelpresets.testkit.GenAiScenarios.RESPONSE_MODEL;
import static dev.otelpresets.testkit.GenAiScenarios.SYSTEM_PROMPT;
import static dev.otelpresets.testkit.GenAiScenarios.TAGS;
import static dev.otelpresets.testkit.GenAiScenarios.TEMPERATURE;
import static dev.otelpresets.testkit.GenAiScenarios.TOOL_ARGUMENTS;
import static dev.otelpresets.testkit.GenAiScenarios.TOOL_CALL_ID;
import static dev.otelpresets.testkit.GenAiScenarios.TOOL_NAME;
import static dev.otelpresets.testkit.GenAiScenarios.TOOL_RESULT;
import static dev.otelpresets.testkit.GenAiScenarios.USER_ID;
import static dev.otelpresets.testkit.GenAiScenarios.USER_PROMPT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.support.internal.GenAiJson;
import dev.otelpresets.support.internal.Json;
import dev.otelpresets.testkit.GenAiScenarios;
import dev.otelpresets.testkit.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.List;
import java.util.Map;

/**
 * What an OpenInference backend must receive for each {@link GenAiScenarios} scenario (content
 * capture on), checked value by value at the receiver. Shared by the arize, phoenix and weave
 * end-to-end tests through this module's test-jar.
 */
public final class OpenInferenceExpectations {
  private OpenInferenceExpectations() {}

  /** The keys every LLM span of the scenarios carries, whatever the scenario. */
  public static void assertCommonLlmSpan(ReceivedSpan llm) {
    assertEquals(Span.SpanKind.SPAN_KIND_CLIENT, llm.kind());
    assertEquals("LLM", llm.attribute("openinference.span.kind"));
    assertEquals("openai", llm.attribute("llm.system"));
    assertEquals("openai", llm.attribute("llm.provider"));
    assertEquals(CONVERSATION_ID, llm.attribute("session.id"));
    assertEquals(USER_ID, llm.attribute("user.id"));
    assertEquals(TAGS, llm.attribute("tag.tags"));
    assertEquals(Map.of("feature", "chat"), Json.parse(llm.stringAttribute("metadata")));
    assertEquals("application/json", llm.attribute("input.mime_type"));
    assertTrue(llm.stringAttribute("input.value").contains(USER_PROMPT), "input.value");
    Map<?, ?> params = (Map<?, ?>) Json.parse(llm.stringAttribute("llm.invocation_parameters"));
    assertEquals(REQUEST_MODEL, params.get("model"));
    assertEquals(TEMPERATURE, params.get("temperature"));
    assertEquals(MAX_TOKENS, params.get("max_tokens"));
    for (String key : llm.attributes().keySet()) {
      assertFalse(key.startsWith("otelpresets."), key);
      assertFalse(key.startsWith("langfuse."), key);
      assertFalse(
          key.equals("gen_ai.input.messages")
              || key.equals("gen_ai.output.messages")
              || key.startsWith("gen_ai.usage."),
          key + " is carried by an OpenInference key");
    }
  }

  /** A completed call: model, usage with details, cost, finish reason, the answer. */
  public static void assertCompletedLlmSpan(ReceivedSpan llm) {
    assertCommonLlmSpan(llm);
    assertEquals(RESPONSE_MODEL, llm.attribute("llm.model_name"));
    assertEquals(INPUT_TOKENS, llm.attribute("llm.token_count.prompt"));
    assertEquals(OUTPUT_TOKENS, llm.attribute("llm.token_count.completion"));
    assertEquals(INPUT_TOKENS + OUTPUT_TOKENS, llm.attribute("llm.token_count.total"));
    assertEquals(CACHE_READ_TOKENS, llm.attribute("llm.token_count.prompt_details.cache_read"));
    assertEquals(
        CACHE_CREATION_TOKENS, llm.attribute("llm.token_count.prompt_details.cache_write"));
    assertEquals(REASONING_TOKENS, llm.attribute("llm.token_count.completion_details.reasoning"));
    assertEquals(COST_USD, llm.attribute("llm.cost.total"));
    assertEquals("chatcmpl-1", llm.attribute("gen_ai.response.id"));
    assertEquals(Status.StatusCode.STATUS_CODE_UNSET, llm.status().getCode());
  }

  /** The plain (non-streamed) chat. */
  public static void assertPlainChat(ReceivedSpan llm) {
    assertCompletedLlmSpan(llm);
    assertEquals(false, invocationParameters(llm).get("stream"));
    assertEquals("stop", llm.attribute("llm.finish_reason"));
    assertEquals("system", llm.attribute("llm.input_messages.0.message.role"));
    assertEquals(SYSTEM_PROMPT, llm.attribute("llm.input_messages.0.message.content"));
    assertEquals("user", llm.attribute("llm.input_messages.1.message.role"));
    assertEquals(USER_PROMPT, llm.attribute("llm.input_messages.1.message.content"));
    assertEquals("assistant", llm.attribute("llm.output_messages.0.message.role"));
    assertEquals(ANSWER, llm.attribute("llm.output_messages.0.message.content"));
    assertEquals("application/json", llm.attribute("output.mime_type"));
    List<ChatMessage> out = GenAiJson.readMessages(llm.stringAttribute("output.value"));
    assertEquals(ANSWER, out.get(0).textContent());
    assertNull(llm.attribute("gen_ai.response.time_to_first_chunk"));
  }

  /** The streamed chat: as the plain one, plus stream=true and the time to first chunk. */
  public static void assertStreamedChat(ReceivedSpan llm) {
    assertCompletedLlmSpan(llm);
    assertEquals(true, invocationParameters(llm).get("stream"));
    assertEquals(ANSWER, llm.attribute("llm.output_messages.0.message.content"));
    Object ttfc = llm.attribute("gen_ai.response.time_to_first_chunk");
    assertTrue(ttfc instanceof Double d && d >= 0, "time to first chunk: " + ttfc);
  }

  /** Tool calls in the history and in the answer, one tool offered. */
  public static void assertToolCalls(ReceivedSpan llm) {
    assertCompletedLlmSpan(llm);
    assertEquals("tool_calls", llm.attribute("llm.finish_reason"));
    String in1 = "llm.input_messages.1.message.";
    assertEquals("assistant", llm.attribute(in1 + "role"));
    assertEquals(TOOL_CALL_ID, llm.attribute(in1 + "tool_calls.0.tool_call.id"));
    assertEquals(TOOL_NAME, llm.attribute(in1 + "tool_calls.0.tool_call.function.name"));
    assertEquals(
        Map.of("city", "Paris"),
        Json.parse(llm.stringAttribute(in1 + "tool_calls.0.tool_call.function.arguments")));
    assertEquals("tool", llm.attribute("llm.input_messages.2.message.role"));
    assertEquals(TOOL_CALL_ID, llm.attribute("llm.input_messages.2.message.tool_call_id"));
    assertEquals(TOOL_RESULT, llm.attribute("llm.input_messages.2.message.content"));
    // the function the answer came from, by its call id (OpenInference spec/llm_spans.md)
    assertEquals(TOOL_NAME, llm.attribute("llm.input_messages.2.message.name"));
    assertNull(llm.attribute("llm.input_messages.0.message.name"), "only tool answers are named");
    String out0 = "llm.output_messages.0.message.tool_calls.0.tool_call.";
    assertEquals("call_def456", llm.attribute(out0 + "id"));
    assertEquals(TOOL_NAME, llm.attribute(out0 + "function.name"));
    assertEquals(
        Map.of("city", "Lyon"), Json.parse(llm.stringAttribute(out0 + "function.arguments")));
    Map<?, ?> schema = (Map<?, ?>) Json.parse(llm.stringAttribute("llm.tools.0.tool.json_schema"));
    assertEquals("function", schema.get("type"));
    assertEquals(TOOL_NAME, ((Map<?, ?>) schema.get("function")).get("name"));
    assertNull(llm.attribute("gen_ai.tool.definitions"));
  }

  /**
   * {@link GenAiScenarios#toolExecution}: a TOOL span named by the tool with its call id; with
   * content capture on ({@code content}) its arguments as {@code input.value} (JSON) and its
   * result as {@code output.value} (plain text), Phoenix's span view's input and output, and not
   * again as the canonical {@code gen_ai.tool.call.*} keys; without it neither.
   */
  public static void assertToolExecution(ReceivedSpan tool, boolean content) {
    assertEquals("execute_tool " + TOOL_NAME, tool.name());
    assertEquals("TOOL", tool.attribute("openinference.span.kind"));
    assertEquals(TOOL_NAME, tool.attribute("tool.name"));
    assertEquals(TOOL_CALL_ID, tool.attribute("tool.id"));
    assertNull(tool.attribute("gen_ai.tool.call.arguments"), "sent as input.value");
    assertNull(tool.attribute("gen_ai.tool.call.result"), "sent as output.value");
    assertNull(tool.attribute("tool.parameters"), "the tool's parameter schema, unknown here");
    if (content) {
      assertEquals(TOOL_ARGUMENTS, tool.attribute("input.value"));
      assertEquals("application/json", tool.attribute("input.mime_type"));
      assertEquals(TOOL_RESULT, tool.attribute("output.value"));
      assertEquals("text/plain", tool.attribute("output.mime_type"));
    } else {
      assertNoContent(List.of(tool));
    }
    assertFalse(
        tool.attributes().keySet().stream().anyMatch(k -> k.startsWith("llm.")),
        "no LLM keys on a tool span");
  }

  /** The failed call: error status and type, the exception event, no made-up usage or output. */
  public static void assertFailedCall(ReceivedSpan llm) {
    assertCommonLlmSpan(llm);
    assertEquals(Status.StatusCode.STATUS_CODE_ERROR, llm.status().getCode());
    assertEquals("java.io.IOException", llm.attribute("error.type"));
    assertEquals(REQUEST_MODEL, llm.attribute("llm.model_name"));
    assertTrue(
        llm.events().stream()
            .anyMatch(
                e ->
                    e.getName().equals("exception")
                        && e.getAttributesList().stream()
                            .anyMatch(
                                kv ->
                                    kv.getKey().equals("exception.message")
                                        && kv.getValue().getStringValue().equals(ERROR_MESSAGE))),
        "exception event");
    assertNull(llm.attribute("output.value"));
    assertFalse(
        llm.attributes().keySet().stream()
            .anyMatch(
                k ->
                    k.startsWith("llm.token_count")
                        || k.startsWith("llm.output_messages")
                        || k.startsWith("llm.cost")));
  }

  /**
   * The embeddings call, as the OpenInference embedding spec has it: EMBEDDING kind, {@code
   * embedding.model_name}, each embedded text under {@code embedding.embeddings.<i>.embedding.text}
   * (no chat messages, no llm.system / llm.provider), prompt tokens with the total equal to them.
   */
  public static void assertEmbeddings(ReceivedSpan span) {
    assertEquals("EMBEDDING", span.attribute("openinference.span.kind"));
    assertEquals(GenAiScenarios.EMBEDDING_MODEL, span.attribute("embedding.model_name"));
    List<String> texts = GenAiScenarios.EMBEDDING_INPUTS;
    for (int i = 0; i < texts.size(); i++) {
      assertEquals(
          texts.get(i),
          span.attribute("embedding.embeddings." + i + ".embedding.text"),
          "text " + i);
    }
    assertNull(span.attribute("embedding.embeddings." + texts.size() + ".embedding.text"));
    assertEquals(GenAiScenarios.EMBEDDING_TOKENS, span.attribute("llm.token_count.prompt"));
    assertEquals(GenAiScenarios.EMBEDDING_TOKENS, span.attribute("llm.token_count.total"));
    assertNull(span.attribute("llm.token_count.completion"), "no made-up completion tokens");
    assertEquals(CONVERSATION_ID, span.attribute("session.id"));
    assertEquals(USER_ID, span.attribute("user.id"));
    for (String key : span.attributes().keySet()) {
      assertFalse(
          key.startsWith("llm.input_messages")
              || key.startsWith("llm.output_messages")
              || key.equals("llm.system")
              || key.equals("llm.provider")
              || key.equals("llm.model_name"),
          key + " is not used on embedding spans");
    }
  }

  /** The host's server span: CHAIN, its own attributes, the request identity, parent of the call. */
  public static void assertServerSpan(ReceivedSpan server, ReceivedSpan llm) {
    assertEquals(GenAiScenarios.SERVER_SPAN_NAME, server.name());
    assertEquals(Span.SpanKind.SPAN_KIND_SERVER, server.kind());
    assertEquals("CHAIN", server.attribute("openinference.span.kind"));
    assertEquals("POST", server.attribute("http.request.method"));
    assertEquals(CONVERSATION_ID, server.attribute("session.id"));
    assertEquals(USER_ID, server.attribute("user.id"));
    assertEquals(TAGS, server.attribute("tag.tags"));
    assertFalse(server.attributes().keySet().stream().anyMatch(k -> k.startsWith("llm.")));
    assertEquals(server.traceId(), llm.traceId());
    assertEquals(server.spanId(), llm.parentSpanId());
    // the trace's root span carries its one call's input and output (Phoenix's Sessions view)
    for (String key :
        List.of("input.value", "input.mime_type", "output.value", "output.mime_type")) {
      assertEquals(llm.attribute(key), server.attribute(key), key);
    }
  }

  /**
   * {@link GenAiScenarios#twoCalls} with content capture on, the first call exported in an earlier
   * batch than the root: each call keeps its own input and output, and the root span carries the
   * first call's input and the last call's output, mime types included.
   */
  public static void assertRootCarriesFirstInputAndLastOutput(
      ReceivedSpan root, ReceivedSpan first, ReceivedSpan last) {
    assertTrue(root.isRoot(), "the host's server span is the trace's root");
    assertFalse(root.request() == first.request(), "the first call went out in an earlier batch");
    // the calls' own values, unchanged: the question and the tool call, then the history and
    // the answer
    String firstInput = first.stringAttribute("input.value");
    assertTrue(firstInput.contains(SYSTEM_PROMPT) && firstInput.contains(USER_PROMPT), firstInput);
    assertFalse(firstInput.contains(TOOL_RESULT), firstInput);
    assertTrue(first.stringAttribute("output.value").contains(TOOL_NAME));
    assertFalse(first.stringAttribute("output.value").contains(ANSWER));
    assertTrue(last.stringAttribute("input.value").contains(TOOL_RESULT));
    assertTrue(last.stringAttribute("output.value").contains(ANSWER));
    for (ReceivedSpan llm : List.of(first, last)) {
      assertEquals("LLM", llm.attribute("openinference.span.kind"));
      assertEquals("application/json", llm.attribute("input.mime_type"));
      assertEquals("application/json", llm.attribute("output.mime_type"));
    }
    assertEquals("CHAIN", root.attribute("openinference.span.kind"));
    assertEquals(firstInput, root.attribute("input.value"), "the first call's input");
    assertEquals("application/json", root.attribute("input.mime_type"));
    assertEquals(
        last.attribute("output.value"), root.attribute("output.value"), "the last call's output");
    assertEquals("application/json", root.attribute("output.mime_type"));
    assertFalse(
        root.attributes().keySet().stream().anyMatch(k -> k.startsWith("llm.")),
        "only the values travel, not the calls' messages");
  }

  /** Content capture off: no span of the trace carries any content, the root included. */
  public static void assertNoContent(List<ReceivedSpan> trace) {
    assertFalse(trace.isEmpty());
    for (ReceivedSpan s : trace) {
      for (String key :
          List.of("input.value", "input.mime_type", "output.value", "output.mime_type")) {
        assertNull(s.attribute(key), s.name() + " " + key);
      }
      for (Object v : s.attributes().values()) {
        String text = String.valueOf(v);
        assertFalse(
            text.contains(USER_PROMPT)
                || text.contains(SYSTEM_PROMPT)
                || text.contains(ANSWER)
                || text.contains(TOOL_RESULT)
                || text.contains(TOOL_ARGUMENTS),
            s.name() + ": " + text);
      }
    }
  }

  private static Map<?, ?> invocationParameters(ReceivedSpan llm) {
    return (Map<?, ?>) Json.parse(llm.stringAttribute("llm.invocation_parameters"));
  }
}
