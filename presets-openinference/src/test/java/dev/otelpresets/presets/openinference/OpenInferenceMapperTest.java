package dev.otelpresets.presets.openinference;

import static dev.otelpresets.presets.openinference.CanonicalSpans.chatCall;
import static dev.otelpresets.presets.openinference.CanonicalSpans.chatRequest;
import static dev.otelpresets.presets.openinference.CanonicalSpans.llm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.spi.AttributeMapper;
import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.spi.genai.GenAiContent.MessagePart;
import dev.otelpresets.support.internal.GenAiJson;
import dev.otelpresets.support.internal.Json;
import dev.otelpresets.testkit.Mapping;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenInferenceMapperTest {
  private static final int LIMIT = AttributeMapper.DEFAULT_ATTRIBUTE_LIMIT;
  private final OpenInferenceMapper mapper = OpenInferenceMapper.create();

  static Object get(Attributes a, String key) {
    for (Map.Entry<AttributeKey<?>, Object> e : a.asMap().entrySet()) {
      if (e.getKey().getKey().equals(key)) {
        return e.getValue();
      }
    }
    return null;
  }

  static boolean hasKeyStartingWith(Attributes a, String prefix) {
    return a.asMap().keySet().stream().anyMatch(k -> k.getKey().startsWith(prefix));
  }

  @Test
  void nonStreamedChatCall() {
    Attributes out = Mapping.map(mapper, llm(chatCall().build()), LIMIT);

    assertEquals("LLM", get(out, "openinference.span.kind"));
    assertEquals("gpt-4o-2024-08-06", get(out, "llm.model_name"));
    assertEquals("gpt-4o", get(out, "llm.request.model_name"));
    assertEquals("gpt-4o-2024-08-06", get(out, "llm.response.model_name"));
    assertEquals("openai", get(out, "llm.system"));
    assertEquals("openai", get(out, "llm.provider"));
    assertEquals(10L, get(out, "llm.token_count.prompt"));
    assertEquals(5L, get(out, "llm.token_count.completion"));
    assertEquals(15L, get(out, "llm.token_count.total"));
    assertEquals(2L, get(out, "llm.token_count.prompt_details.cache_read"));
    assertNull(get(out, "llm.token_count.prompt_details.cache_write"), "unknown stays absent");
    assertEquals(1L, get(out, "llm.token_count.completion_details.reasoning"));
    assertEquals(0.0012, get(out, "llm.cost.total"));
    assertNull(get(out, "llm.cost.prompt"));
    assertEquals("stop", get(out, "llm.finish_reason"));
    assertEquals(
        Map.of("model", "gpt-4o", "temperature", 0.2, "max_tokens", 100L),
        Json.parse((String) get(out, "llm.invocation_parameters")));

    assertEquals("application/json", get(out, "input.mime_type"));
    assertEquals("application/json", get(out, "output.mime_type"));
    List<ChatMessage> in = GenAiJson.readMessages((String) get(out, "input.value"));
    assertEquals(2, in.size());
    assertEquals("system", in.get(0).role());
    assertEquals("be brief", in.get(0).textContent());
    assertEquals("hi", in.get(1).textContent());
    List<ChatMessage> outMsgs = GenAiJson.readMessages((String) get(out, "output.value"));
    assertEquals("hello", outMsgs.get(0).textContent());

    assertEquals("system", get(out, "llm.input_messages.0.message.role"));
    assertEquals("be brief", get(out, "llm.input_messages.0.message.content"));
    assertEquals("user", get(out, "llm.input_messages.1.message.role"));
    assertEquals("hi", get(out, "llm.input_messages.1.message.content"));
    assertEquals("assistant", get(out, "llm.output_messages.0.message.role"));
    assertEquals("hello", get(out, "llm.output_messages.0.message.content"));

    assertEquals("conv-1", get(out, "session.id"));
    assertEquals("user-1", get(out, "user.id"));
    assertEquals("{\"k\":\"v\"}", get(out, "metadata"));
    assertEquals(List.of("a", "b"), get(out, "tag.tags"));

    // kept canonical keys
    assertEquals("chatcmpl-1", get(out, "gen_ai.response.id"));
    assertEquals("chat", get(out, "gen_ai.operation.name"));
    assertEquals("api.openai.com", get(out, "server.address"));
    // dropped: carried by an OpenInference key
    for (String k :
        List.of(
            "gen_ai.input.messages",
            "gen_ai.output.messages",
            "gen_ai.system_instructions",
            "gen_ai.usage.input_tokens",
            "gen_ai.request.temperature",
            "gen_ai.conversation.id",
            "otelpresets.cost.total_usd",
            "otelpresets.tags",
            "otelpresets.metadata",
            "gen_ai.response.finish_reasons")) {
      assertNull(get(out, k), k);
    }
    assertFalse(hasKeyStartingWith(out, "langfuse."));
  }

  @Test
  void streamedCall() {
    Attributes out =
        Mapping.map(
            mapper,
            llm(
                chatCall()
                    .put(GenAiAttributes.REQUEST_STREAM, true)
                    .put(GenAiAttributes.RESPONSE_TIME_TO_FIRST_CHUNK, 0.25)
                    .build()),
            LIMIT);

    assertEquals(
        true,
        ((Map<?, ?>) Json.parse((String) get(out, "llm.invocation_parameters"))).get("stream"));
    assertEquals(0.25, get(out, "gen_ai.response.time_to_first_chunk"));
    assertEquals("hello", get(out, "llm.output_messages.0.message.content"));
  }

  @Test
  void toolCallsInOutputAndInput() {
    ChatMessage assistantCall =
        new ChatMessage(
            "assistant",
            List.of(new MessagePart.ToolCall("call_1", "get_weather", Map.of("city", "Paris"))),
            "tool_calls");
    // First call: the model asks for the tool.
    Attributes first =
        Mapping.map(
            mapper,
            llm(
                chatRequest()
                    .put(GenAiAttributes.TOOL_DEFINITIONS, CanonicalSpans.tools())
                    .put(GenAiAttributes.RESPONSE_FINISH_REASONS, List.of("tool_calls"))
                    .put(
                        GenAiAttributes.OUTPUT_MESSAGES,
                        GenAiJson.writeMessages(List.of(assistantCall)))
                    .build()),
            LIMIT);
    String out0 = "llm.output_messages.0.message.";
    assertEquals("assistant", get(first, out0 + "role"));
    assertNull(get(first, out0 + "content"));
    assertEquals("call_1", get(first, out0 + "tool_calls.0.tool_call.id"));
    assertEquals("get_weather", get(first, out0 + "tool_calls.0.tool_call.function.name"));
    assertEquals(
        Map.of("city", "Paris"),
        Json.parse((String) get(first, out0 + "tool_calls.0.tool_call.function.arguments")));
    assertEquals("tool_calls", get(first, "llm.finish_reason"));
    Map<?, ?> schema = (Map<?, ?>) Json.parse((String) get(first, "llm.tools.0.tool.json_schema"));
    assertEquals("function", schema.get("type"));
    Map<?, ?> function = (Map<?, ?>) schema.get("function");
    assertEquals("get_weather", function.get("name"));
    assertEquals("Weather for a city", function.get("description"));
    assertEquals("object", ((Map<?, ?>) function.get("parameters")).get("type"));
    assertNull(get(first, "gen_ai.tool.definitions"));

    // Second call: the tool call and the tool's answer come back as input.
    Attributes second =
        Mapping.map(
            mapper,
            llm(
                chatRequest()
                    .put(
                        GenAiAttributes.INPUT_MESSAGES,
                        GenAiJson.writeMessages(
                            List.of(
                                ChatMessage.text("user", "weather in Paris?"),
                                assistantCall,
                                ChatMessage.toolResponse("call_1", "sunny"))))
                    .put(
                        GenAiAttributes.OUTPUT_MESSAGES,
                        GenAiJson.writeMessages(
                            List.of(
                                ChatMessage.text("assistant", "It is sunny.")
                                    .withFinishReason("stop"))))
                    .build()),
            LIMIT);
    // index 0 is the system instruction
    assertEquals("weather in Paris?", get(second, "llm.input_messages.1.message.content"));
    assertEquals("call_1", get(second, "llm.input_messages.2.message.tool_calls.0.tool_call.id"));
    assertEquals(
        "get_weather",
        get(second, "llm.input_messages.2.message.tool_calls.0.tool_call.function.name"));
    assertEquals("tool", get(second, "llm.input_messages.3.message.role"));
    assertEquals("call_1", get(second, "llm.input_messages.3.message.tool_call_id"));
    assertEquals("sunny", get(second, "llm.input_messages.3.message.content"));
    assertEquals("It is sunny.", get(second, "llm.output_messages.0.message.content"));
  }

  @Test
  void failedCall() {
    Attributes canonical =
        chatRequest().put(GenAiAttributes.ERROR_TYPE, "java.io.IOException").build();
    Attributes out =
        Mapping.map(
            mapper,
            CanonicalSpans.span(
                "chat gpt-4o",
                SpanKind.CLIENT,
                canonical,
                StatusData.create(io.opentelemetry.api.trace.StatusCode.ERROR, "upstream 500")),
            LIMIT);

    assertEquals("LLM", get(out, "openinference.span.kind"));
    assertEquals("java.io.IOException", get(out, "error.type"));
    assertEquals("gpt-4o", get(out, "llm.model_name"), "request model when no response");
    assertNull(get(out, "llm.response.model_name"));
    assertNull(get(out, "output.value"));
    assertFalse(hasKeyStartingWith(out, "llm.output_messages"));
    assertFalse(hasKeyStartingWith(out, "llm.token_count"), "no made-up token counts");
    assertNull(get(out, "llm.finish_reason"));
    assertTrue(((String) get(out, "input.value")).contains("hi"));
  }

  @Test
  void serverSpanIsChainWithIdentityAndHostAttributes() {
    Attributes canonical =
        Attributes.builder()
            .put("http.request.method", "POST")
            .put("url.path", "/v1/chat/completions")
            .put("http.response.status_code", 200L)
            .put(GenAiAttributes.CONVERSATION_ID, "conv-1")
            .put(GenAiAttributes.USER_ID, "user-1")
            .put(GenAiAttributes.TAGS, List.of("team-a"))
            .put(GenAiAttributes.METADATA, "{\"k\":1}")
            .build();
    Attributes out =
        Mapping.map(
            mapper,
            CanonicalSpans.span(
                "POST /v1/chat/completions", SpanKind.SERVER, canonical, StatusData.unset()),
            LIMIT);

    assertEquals("CHAIN", get(out, "openinference.span.kind"));
    assertEquals("POST", get(out, "http.request.method"));
    assertEquals(200L, get(out, "http.response.status_code"));
    assertEquals("conv-1", get(out, "session.id"));
    assertEquals("user-1", get(out, "user.id"));
    assertEquals(List.of("team-a"), get(out, "tag.tags"));
    assertEquals("{\"k\":1}", get(out, "metadata"));
    assertFalse(hasKeyStartingWith(out, "llm."));
    assertNull(get(out, "input.value"));
    assertNull(get(out, "otelpresets.tags"));
  }

  /** A span of trace {@code 0af7…} with the given ids; a null parent id makes a root. */
  private static SpanData inTrace(
      Attributes attrs, String spanId, String parentId, boolean remoteParent) {
    String trace = "0af7651916cd43dd8448eb211c80319c";
    SpanContext parent =
        parentId == null
            ? SpanContext.getInvalid()
            : remoteParent
                ? SpanContext.createFromRemoteParent(
                    trace, parentId, TraceFlags.getSampled(), TraceState.getDefault())
                : SpanContext.create(
                    trace, parentId, TraceFlags.getSampled(), TraceState.getDefault());
    return TestSpanData.builder()
        .setName("s")
        .setKind(SpanKind.INTERNAL)
        .setSpanContext(
            SpanContext.create(trace, spanId, TraceFlags.getSampled(), TraceState.getDefault()))
        .setParentSpanContext(parent)
        .setStartEpochNanos(1_000)
        .setEndEpochNanos(2_000)
        .setHasEnded(true)
        .setStatus(StatusData.unset())
        .setAttributes(attrs)
        .setTotalAttributeCount(attrs.size())
        .build();
  }

  @Test
  void localRootGetsItsCallsValuesWithinTheLimitAndOnlyFromItsOwnMapper() {
    Attributes host = Attributes.of(AttributeKey.stringKey("http.request.method"), "POST");
    String server = "00f067aa0ba902b7";
    // an agent span between the server span and the call: it forwards, never carries its own
    Attributes agent = Attributes.of(GenAiAttributes.OPERATION_NAME, "invoke_agent");
    SpanData callSpan = inTrace(chatCall().build(), "b7ad6b7169203331", "1111111111111111", false);
    Attributes call = Mapping.map(mapper, callSpan, LIMIT);
    assertEquals(
        Mapping.map(OpenInferenceMapper.create(), callSpan, LIMIT).asMap(),
        call.asMap(),
        "the call's own attributes do not depend on the state");
    Mapping.map(mapper, inTrace(agent, "1111111111111111", server, false), LIMIT);
    OpenInferenceMapper other = OpenInferenceMapper.create();
    assertNull(
        get(
            Mapping.map(other, inTrace(host, server, "2222222222222222", true), LIMIT),
            "input.value"),
        "another owner's mapper holds nothing of it");

    // the local root (its parent is remote); a limit of three keeps the kind and the input
    Attributes root = Mapping.map(mapper, inTrace(host, server, "2222222222222222", true), 3);
    assertEquals(
        List.of("openinference.span.kind", "input.value", "input.mime_type"),
        root.asMap().keySet().stream().map(AttributeKey::getKey).toList());
    assertEquals(get(call, "input.value"), get(root, "input.value"));
    assertEquals("application/json", get(root, "input.mime_type"));
    assertNull(
        get(
            Mapping.map(mapper, inTrace(host, server, "2222222222222222", true), LIMIT),
            "input.value"),
        "taken once");
  }

  @Test
  void spanKindPerOperation() {
    Map<String, String> expected =
        Map.of(
            "chat",
            "LLM",
            "text_completion",
            "LLM",
            "generate_content",
            "LLM",
            "embeddings",
            "EMBEDDING",
            "retrieval",
            "RETRIEVER",
            "execute_tool",
            "TOOL",
            "invoke_agent",
            "AGENT",
            "create_agent",
            "AGENT");
    expected.forEach(
        (op, kind) ->
            assertEquals(
                kind,
                get(
                    Mapping.map(
                        mapper, llm(Attributes.of(GenAiAttributes.OPERATION_NAME, op)), LIMIT),
                    "openinference.span.kind"),
                op));
    assertEquals(
        "LLM",
        get(
            Mapping.map(
                mapper,
                llm(
                    Attributes.of(
                        GenAiAttributes.OPERATION_NAME,
                        "rerank",
                        GenAiAttributes.REQUEST_MODEL,
                        "m")),
                LIMIT),
            "openinference.span.kind"));
    assertEquals(
        "CHAIN",
        get(
            Mapping.map(
                mapper, llm(Attributes.of(GenAiAttributes.OPERATION_NAME, "rerank")), LIMIT),
            "openinference.span.kind"));
  }

  @Test
  void toolAndAgentSpans() {
    Attributes tool =
        Mapping.map(
            mapper,
            llm(
                Attributes.builder()
                    .put(GenAiAttributes.OPERATION_NAME, "execute_tool")
                    .put(GenAiAttributes.TOOL_NAME, "get_weather")
                    .put(GenAiAttributes.TOOL_CALL_ID, "call_1")
                    .build()),
            LIMIT);
    assertEquals("get_weather", get(tool, "tool.name"));
    assertEquals("call_1", get(tool, "tool.id"));
    assertNull(get(tool, "llm.system"));

    Attributes agent =
        Mapping.map(
            mapper,
            llm(
                Attributes.builder()
                    .put(GenAiAttributes.OPERATION_NAME, "invoke_agent")
                    .put(GenAiAttributes.AGENT_NAME, "planner")
                    .build()),
            LIMIT);
    assertEquals("planner", get(agent, "agent.name"));
  }

  /**
   * A tool's arguments and result are its input.value / output.value, each as is: JSON when it
   * parses as JSON (a JSON result too), else plain text; blank ones are no value; the canonical
   * keys are not passed through again on a TOOL span, and are on any other span.
   */
  @Test
  void toolArgumentsAndResultAreInputAndOutputValues() {
    String args = "{\"city\":\"Zürich\",\"note\":\"a\\r\\nb\"}";
    String result = "line one\r\nline two — 21°C";
    Attributes tool = Mapping.map(mapper, llm(toolSpan(args, result)), LIMIT);
    assertEquals(args, get(tool, "input.value"));
    assertEquals("application/json", get(tool, "input.mime_type"));
    assertEquals(result, get(tool, "output.value"));
    assertEquals("text/plain", get(tool, "output.mime_type"));
    assertNull(get(tool, "gen_ai.tool.call.arguments"));
    assertNull(get(tool, "gen_ai.tool.call.result"));
    assertNull(get(tool, "tool.parameters"), "the tool's schema, not one call's arguments");
    assertEquals("Current weather", get(tool, "tool.description"));

    Attributes swapped = Mapping.map(mapper, llm(toolSpan("city=Paris", "[1,2]")), LIMIT);
    assertEquals("text/plain", get(swapped, "input.mime_type"));
    assertEquals("[1,2]", get(swapped, "output.value"));
    assertEquals("application/json", get(swapped, "output.mime_type"));

    Attributes blank = Mapping.map(mapper, llm(toolSpan(" ", "")), LIMIT);
    for (String key :
        List.of("input.value", "input.mime_type", "output.value", "output.mime_type")) {
      assertNull(get(blank, key), key);
    }

    // only TOOL spans read them: elsewhere they are a host's own keys, passed through
    Attributes chain =
        Mapping.map(
            mapper,
            llm(
                Attributes.builder()
                    .put(GenAiAttributes.TOOL_CALL_ARGUMENTS, args)
                    .put(GenAiAttributes.TOOL_CALL_RESULT, result)
                    .build()),
            LIMIT);
    assertEquals("CHAIN", get(chain, "openinference.span.kind"));
    assertNull(get(chain, "input.value"));
    assertEquals(args, get(chain, "gen_ai.tool.call.arguments"));
    assertEquals(result, get(chain, "gen_ai.tool.call.result"));

    // within a tight limit the values come right after the kind
    Attributes tight = Mapping.map(mapper, llm(toolSpan(args, result)), 3);
    assertEquals(3, tight.size());
    assertEquals(args, get(tight, "input.value"));
    assertEquals("application/json", get(tight, "input.mime_type"));
  }

  /**
   * A retriever's query is its input.value (plain text) and its documents become {@code
   * retrieval.documents.<i>.document.*} (a missing score or content is left out, never made up);
   * the canonical keys are then not sent again.
   */
  @Test
  void retrievalQueryAndDocuments() {
    String docs =
        "[{\"id\":\"d1\",\"score\":0.9,\"content\":\"Zürich\\r\\nmild\"},"
            + "{\"id\":7,\"content\":\"no score\"},\"not an object\",{\"id\":\"d3\",\"score\":1,"
            + "\"metadata\":{\"page\":2}}]";
    Attributes out =
        Mapping.map(
            mapper,
            llm(
                Attributes.builder()
                    .put(GenAiAttributes.OPERATION_NAME, "retrieval")
                    .put(GenAiAttributes.DATA_SOURCE_ID, "kb")
                    .put(GenAiAttributes.RETRIEVAL_TOP_K, 3L)
                    .put(GenAiAttributes.RETRIEVAL_QUERY_TEXT, "weather\r\nin Zürich")
                    .put(GenAiAttributes.RETRIEVAL_DOCUMENTS, docs)
                    .build()),
            LIMIT);
    assertEquals("RETRIEVER", get(out, "openinference.span.kind"));
    assertEquals("weather\r\nin Zürich", get(out, "input.value"));
    assertEquals("text/plain", get(out, "input.mime_type"));
    assertEquals("d1", get(out, "retrieval.documents.0.document.id"));
    assertEquals(0.9, get(out, "retrieval.documents.0.document.score"));
    assertEquals("Zürich\r\nmild", get(out, "retrieval.documents.0.document.content"));
    assertEquals("7", get(out, "retrieval.documents.1.document.id"));
    assertNull(get(out, "retrieval.documents.1.document.score"));
    assertEquals("d3", get(out, "retrieval.documents.2.document.id"), "the string is skipped");
    assertEquals(1.0, get(out, "retrieval.documents.2.document.score"));
    assertNull(get(out, "retrieval.documents.2.document.content"));
    assertEquals("{\"page\":2}", get(out, "retrieval.documents.2.document.metadata"));
    assertNull(get(out, "gen_ai.retrieval.documents"));
    assertNull(get(out, "gen_ai.retrieval.query.text"));
    assertEquals("kb", get(out, "gen_ai.data_source.id"));
    assertEquals(3L, get(out, "gen_ai.retrieval.top_k"));
  }

  /** Content capture off: no query, no documents, so no input.value and no document keys. */
  @Test
  void retrievalWithoutContentCarriesNone() {
    Attributes out =
        Mapping.map(
            mapper,
            llm(
                Attributes.builder()
                    .put(GenAiAttributes.OPERATION_NAME, "retrieval")
                    .put(GenAiAttributes.DATA_SOURCE_ID, "kb")
                    .build()),
            LIMIT);
    assertEquals("RETRIEVER", get(out, "openinference.span.kind"));
    assertNull(get(out, "input.value"));
    out.forEach((k, v) -> assertFalse(k.getKey().startsWith("retrieval."), k.getKey()));
  }

  /** Documents that are not a JSON array stay as the canonical key, so nothing is lost. */
  @Test
  void unreadableDocumentsPassThrough() {
    Attributes out =
        Mapping.map(
            mapper,
            llm(
                Attributes.builder()
                    .put(GenAiAttributes.OPERATION_NAME, "retrieval")
                    .put(GenAiAttributes.RETRIEVAL_DOCUMENTS, "not json")
                    .build()),
            LIMIT);
    assertEquals("not json", get(out, "gen_ai.retrieval.documents"));
  }

  /** Under a tight limit whole documents are dropped, the last first; the kind stays. */
  @Test
  void documentsStayWithinTheLimit() {
    StringBuilder docs = new StringBuilder("[");
    for (int i = 0; i < 50; i++) {
      docs.append(i == 0 ? "" : ",")
          .append("{\"id\":\"d")
          .append(i)
          .append("\",\"score\":0.5,\"content\":\"c\"}");
    }
    Attributes out =
        Mapping.map(
            mapper,
            llm(
                Attributes.builder()
                    .put(GenAiAttributes.OPERATION_NAME, "retrieval")
                    .put(GenAiAttributes.RETRIEVAL_DOCUMENTS, docs.append("]").toString())
                    .build()),
            20);
    assertTrue(out.size() <= 20, out.toString());
    assertEquals("RETRIEVER", get(out, "openinference.span.kind"));
    assertEquals("d0", get(out, "retrieval.documents.0.document.id"));
    int kept = 0;
    while (get(out, "retrieval.documents." + kept + ".document.id") != null) {
      assertEquals(
          "c",
          get(out, "retrieval.documents." + kept + ".document.content"),
          "documents are whole");
      kept++;
    }
    assertTrue(kept > 0 && kept < 50, "kept " + kept);
  }

  /** Non-US-dollar cost keys never become llm.cost.* (US dollars) nor pass through. */
  @Test
  void nonUsdCostIsNotSent() {
    Attributes out =
        Mapping.map(
            mapper,
            llm(
                Attributes.builder()
                    .put(GenAiAttributes.OPERATION_NAME, "chat")
                    .put(GenAiAttributes.REQUEST_MODEL, "gpt-4o")
                    .put("otelpresets.cost.total", 0.5)
                    .put("otelpresets.cost.currency", "EUR")
                    .build()),
            LIMIT);
    assertNull(get(out, "llm.cost.total"));
    out.forEach((k, v) -> assertFalse(k.getKey().startsWith("otelpresets."), k.getKey()));
  }

  private static Attributes toolSpan(String arguments, String result) {
    return Attributes.builder()
        .put(GenAiAttributes.OPERATION_NAME, "execute_tool")
        .put(GenAiAttributes.TOOL_NAME, "get_weather")
        .put(GenAiAttributes.TOOL_CALL_ID, "call_1")
        .put(GenAiAttributes.TOOL_DESCRIPTION, "Current weather")
        .put(GenAiAttributes.TOOL_CALL_ARGUMENTS, arguments)
        .put(GenAiAttributes.TOOL_CALL_RESULT, result)
        .build();
  }

  @Test
  void embeddingsUseEmbeddingKeys() {
    Attributes out =
        Mapping.map(
            mapper,
            llm(
                Attributes.builder()
                    .put(GenAiAttributes.OPERATION_NAME, "embeddings")
                    .put(GenAiAttributes.PROVIDER_NAME, "openai")
                    .put(GenAiAttributes.REQUEST_MODEL, "text-embedding-3-small")
                    .put(GenAiAttributes.USAGE_INPUT_TOKENS, 7L)
                    .build()),
            LIMIT);
    assertEquals("EMBEDDING", get(out, "openinference.span.kind"));
    assertEquals("text-embedding-3-small", get(out, "embedding.model_name"));
    assertEquals(7L, get(out, "llm.token_count.prompt"));
    // an embedding produces no completion tokens: the total is the prompt count, as in the
    // OpenInference embedding spec's example (spec/embedding_spans.md)
    assertEquals(7L, get(out, "llm.token_count.total"));
    assertNull(get(out, "llm.token_count.completion"));
    assertNull(get(out, "llm.system"));
    assertNull(get(out, "llm.model_name"));
  }

  @Test
  void contentCaptureOffWritesNoContent() {
    Attributes canonical =
        chatCall()
            .remove(GenAiAttributes.INPUT_MESSAGES)
            .remove(GenAiAttributes.OUTPUT_MESSAGES)
            .remove(GenAiAttributes.SYSTEM_INSTRUCTIONS)
            .build();
    Attributes out = Mapping.map(mapper, llm(canonical), LIMIT);
    assertNull(get(out, "input.value"));
    assertNull(get(out, "output.value"));
    assertNull(get(out, "input.mime_type"));
    assertFalse(hasKeyStartingWith(out, "llm.input_messages"));
    assertFalse(hasKeyStartingWith(out, "llm.output_messages"));
    assertEquals(10L, get(out, "llm.token_count.prompt"));
    assertFalse(out.asMap().values().stream().anyMatch(v -> String.valueOf(v).contains("hello")));
  }

  @Test
  void costPartsAndDerivedTotal() {
    Attributes out =
        Mapping.map(
            mapper,
            llm(
                chatRequest()
                    .put(GenAiAttributes.COST_INPUT_USD, 0.25)
                    .put(GenAiAttributes.COST_OUTPUT_USD, 0.5)
                    .build()),
            LIMIT);
    assertEquals(0.25, get(out, "llm.cost.prompt"));
    assertEquals(0.5, get(out, "llm.cost.completion"));
    assertEquals(0.75, get(out, "llm.cost.total"));
  }

  @Test
  void middleTurnsAreDroppedFirstAsWholeGroups() {
    List<ChatMessage> history = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      history.add(ChatMessage.text(i % 2 == 0 ? "user" : "assistant", "turn " + i));
    }
    Attributes canonical =
        chatCall().put(GenAiAttributes.INPUT_MESSAGES, GenAiJson.writeMessages(history)).build();
    int limit = 60;
    Attributes out = Mapping.map(mapper, llm(canonical), limit);

    assertTrue(out.size() <= limit, "size " + out.size());
    assertTrue(out.size() >= limit - 1, "the budget is used (groups are 2 keys), not wasted");
    assertEquals(
        61,
        GenAiJson.readMessages((String) get(out, "input.value")).size(),
        "input.value keeps every message");
    assertEquals("be brief", get(out, "llm.input_messages.0.message.content"));
    assertEquals("turn 0", get(out, "llm.input_messages.1.message.content"));
    assertEquals("hello", get(out, "llm.output_messages.0.message.content"));
    int kept = 0;
    while (get(out, "llm.input_messages." + kept + ".message.role") != null) {
      assertTrue(
          get(out, "llm.input_messages." + kept + ".message.content") != null, "whole groups only");
      kept++;
    }
    assertTrue(kept > 2 && kept < 61, "kept " + kept);
    assertEquals(
        "turn 59",
        get(out, "llm.input_messages." + (kept - 1) + ".message.content"),
        "the newest turn is kept");
    assertEquals(
        "turn " + (60 - (kept - 2)),
        get(out, "llm.input_messages.2.message.content"),
        "the kept tail is contiguous");
  }

  @Test
  void extensionsAddKeysAndABrokenOneIsSkipped() {
    OpenInferenceMapper m =
        OpenInferenceMapper.builder()
            .addExtension(
                (span, kind, out) -> {
                  throw new IllegalStateException("boom");
                })
            .addExtension((span, kind, out) -> out.put("acme.kind", kind))
            .build();
    Attributes out = Mapping.map(m, llm(chatCall().build()), LIMIT);
    assertEquals("LLM", get(out, "acme.kind"));
    assertEquals("hello", get(out, "llm.output_messages.0.message.content"));
  }

  @Test
  void metadataThatIsNotAnObjectIsWrapped() {
    Attributes out =
        Mapping.map(mapper, llm(Attributes.of(GenAiAttributes.METADATA, "not json")), LIMIT);
    assertEquals(Map.of("value", "not json"), Json.parse((String) get(out, "metadata")));
  }

  @Test
  void unparseableMessagesStillReachInputValue() {
    Attributes out =
        Mapping.map(
            mapper,
            llm(
                Attributes.builder()
                    .put(GenAiAttributes.OPERATION_NAME, "chat")
                    .put(GenAiAttributes.INPUT_MESSAGES, "[{\"role\": \"user\", \"parts\": [")
                    .put(GenAiAttributes.OUTPUT_MESSAGES, "{\"unexpected\":\"shape\"}")
                    .build()),
            LIMIT);
    assertEquals("[{\"role\": \"user\", \"parts\": [", get(out, "input.value"));
    assertEquals("text/plain", get(out, "input.mime_type"));
    assertEquals("{\"unexpected\":\"shape\"}", get(out, "output.value"));
    assertEquals("application/json", get(out, "output.mime_type"));
  }

  @Test
  void tinyLimitKeepsKindAndValues() {
    Attributes out = Mapping.map(mapper, llm(chatCall().build()), 5);
    assertEquals(5, out.size());
    assertEquals("LLM", get(out, "openinference.span.kind"));
    assertTrue(get(out, "input.value") != null);
    assertTrue(get(out, "output.value") != null);
    assertEquals(Attributes.empty(), Mapping.map(mapper, llm(chatCall().build()), 0));
  }
}
