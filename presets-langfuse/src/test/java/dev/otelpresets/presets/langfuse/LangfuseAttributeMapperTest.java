package dev.otelpresets.presets.langfuse;

import static dev.otelpresets.presets.langfuse.CanonicalSpans.chat;
import static dev.otelpresets.presets.langfuse.CanonicalSpans.llmSpan;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.spi.AttributeMapper;
import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.testkit.Mapping;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.List;
import org.junit.jupiter.api.Test;

class LangfuseAttributeMapperTest {
  private static final int LIMIT = AttributeMapper.DEFAULT_ATTRIBUTE_LIMIT;
  private final LangfuseAttributeMapper mapper = new LangfuseAttributeMapper("production");

  private Attributes map(SpanData span) {
    Attributes out = Mapping.map(mapper, span, LIMIT);
    assertTrue(out.size() <= LIMIT);
    return out;
  }

  private static String s(Attributes a, String key) {
    return a.get(stringKey(key));
  }

  @Test
  void nonStreamedChatCall() {
    Attributes a = map(llmSpan(chat().build()));

    assertEquals("generation", s(a, "langfuse.observation.type"));
    assertEquals("gpt-4o-2024-08-06", s(a, "langfuse.observation.model.name"));
    assertEquals(
        "{\"temperature\":0.2,\"max_tokens\":100}", s(a, "langfuse.observation.model.parameters"));
    // input excludes the 2 cached tokens, output the 1 reasoning token; total is canonical 10 + 5
    assertEquals(
        "{\"input\":8,\"output\":4,\"total\":15,\"input_cached_tokens\":2,"
            + "\"output_reasoning_tokens\":1}",
        s(a, "langfuse.observation.usage_details"));
    assertEquals("{\"total\":0.0012}", s(a, "langfuse.observation.cost_details"));
    // chat messages, the system instructions as the leading system message
    assertEquals(
        "[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"hi\"}]",
        s(a, "langfuse.observation.input"));
    assertEquals(
        "{\"role\":\"assistant\",\"content\":\"hello\"}", s(a, "langfuse.observation.output"));
    assertNull(s(a, "langfuse.observation.completion_start_time"), "not a stream");
    assertNull(s(a, "langfuse.observation.level"));
    assertNull(s(a, "langfuse.observation.status_message"));
    assertNull(s(a, "langfuse.trace.name"), "only root spans name the trace");

    // trace keys
    assertEquals("production", s(a, "langfuse.environment"));
    assertEquals("user-1", s(a, "user.id"));
    assertEquals("conv-1", s(a, "session.id"));
    assertOneSpellingOfUserAndSession(a);
    assertEquals(List.of("team-a", "beta"), a.get(stringArrayKey("langfuse.trace.tags")));
    assertEquals("search", s(a, "langfuse.trace.metadata.feature"));
    assertEquals(3L, a.get(longKey("langfuse.trace.metadata.tier")));
    assertEquals("{\"x\":[1]}", s(a, "langfuse.trace.metadata.nested"));

    // canonical keys Langfuse does not type stay; typed duplicates and extension keys do not
    assertEquals("chat", a.get(GenAiAttributes.OPERATION_NAME));
    assertEquals("openai", a.get(GenAiAttributes.PROVIDER_NAME));
    assertEquals("api.openai.com", a.get(GenAiAttributes.SERVER_ADDRESS));
    assertEquals("chatcmpl-1", a.get(GenAiAttributes.RESPONSE_ID));
    assertEquals(false, a.get(GenAiAttributes.REQUEST_STREAM));
    assertEquals(List.of("stop"), a.get(GenAiAttributes.RESPONSE_FINISH_REASONS));
    assertNoTypedDuplicates(a);
    // the messages are sent once, as the observation's input / output
    assertNull(a.get(GenAiAttributes.INPUT_MESSAGES));
    assertNull(a.get(GenAiAttributes.OUTPUT_MESSAGES));
    assertNull(a.get(GenAiAttributes.SYSTEM_INSTRUCTIONS));
    assertNull(a.get(GenAiAttributes.TAGS));
    assertNull(a.get(GenAiAttributes.METADATA));
    assertNull(a.get(GenAiAttributes.COST_TOTAL_USD));
    assertNoForeignVocabulary(a);
  }

  @Test
  void streamedCallHasCompletionStartTime() {
    Attributes canonical =
        chat()
            .put(GenAiAttributes.REQUEST_STREAM, true)
            .put(GenAiAttributes.RESPONSE_TIME_TO_FIRST_CHUNK, 0.25)
            .build();
    Attributes a = map(llmSpan(canonical));
    assertEquals("2025-07-13T05:20:00.250Z", s(a, "langfuse.observation.completion_start_time"));
    assertEquals(
        "{\"temperature\":0.2,\"max_tokens\":100}", s(a, "langfuse.observation.model.parameters"));
    assertEquals(true, a.get(GenAiAttributes.REQUEST_STREAM), "the flag stays, as metadata");
    assertEquals("generation", s(a, "langfuse.observation.type"));
  }

  @Test
  void streamFlagAloneGivesEmptyModelParameters() {
    // without explicit parameters Langfuse would take gen_ai.request.stream as the parameter "true"
    Attributes a =
        map(
            llmSpan(
                chat()
                    .remove(GenAiAttributes.REQUEST_TEMPERATURE)
                    .remove(GenAiAttributes.REQUEST_MAX_TOKENS)
                    .put(GenAiAttributes.REQUEST_STREAM, true)
                    .build()));
    assertEquals("{}", s(a, "langfuse.observation.model.parameters"));
    Attributes none =
        map(
            llmSpan(
                chat()
                    .remove(GenAiAttributes.REQUEST_TEMPERATURE)
                    .remove(GenAiAttributes.REQUEST_MAX_TOKENS)
                    .remove(GenAiAttributes.REQUEST_STREAM)
                    .build()));
    assertNull(s(none, "langfuse.observation.model.parameters"));
  }

  @Test
  void toolCallsAreOpenAiToolCalls() {
    Attributes canonical = CanonicalSpans.toolCall().build();
    Attributes a = map(llmSpan(canonical));
    assertEquals(
        "[{\"role\":\"user\",\"content\":\"Weather in Paris?\"},"
            + "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
            + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},"
            + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"sunny\"}]",
        s(a, "langfuse.observation.input"));
    assertEquals(
        "{\"role\":\"assistant\",\"content\":\"Checking again.\",\"tool_calls\":[{\"id\":"
            + "\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":"
            + "\"{\\\"city\\\":\\\"Lyon\\\"}\"}}]}",
        s(a, "langfuse.observation.output"));
    assertEquals(List.of("tool_calls"), a.get(GenAiAttributes.RESPONSE_FINISH_REASONS));
    // kept: Langfuse moves gen_ai.tool.definitions from the metadata into the input's tools
    assertTrue(a.get(GenAiAttributes.TOOL_DEFINITIONS).contains("get_weather"));
  }

  /**
   * A tool observation's input and output are the call's arguments and result as they are (CR/LF
   * and non-ASCII untouched); the canonical keys are not kept again as metadata, except one that
   * was blank and so not sent as input or output; other spans keep them as they are.
   */
  @Test
  void toolArgumentsAndResultAreTheObservationsInputAndOutput() {
    String args = "{\"city\":\"Zürich\"}";
    String result = "line one\r\nline two — 21°C";
    Attributes a = map(llmSpan(tool(args, result)));
    assertEquals("tool", s(a, "langfuse.observation.type"));
    assertEquals(args, s(a, "langfuse.observation.input"));
    assertEquals(result, s(a, "langfuse.observation.output"));
    assertNull(a.get(GenAiAttributes.TOOL_CALL_ARGUMENTS));
    assertNull(a.get(GenAiAttributes.TOOL_CALL_RESULT));
    assertEquals("get_weather", a.get(GenAiAttributes.TOOL_NAME));
    assertEquals("call_1", a.get(GenAiAttributes.TOOL_CALL_ID));

    Attributes blankResult = map(llmSpan(tool(args, " ")));
    assertEquals(args, s(blankResult, "langfuse.observation.input"));
    assertNull(s(blankResult, "langfuse.observation.output"));
    assertEquals(" ", blankResult.get(GenAiAttributes.TOOL_CALL_RESULT), "kept, not folded");

    Attributes span =
        map(
            llmSpan(
                Attributes.builder()
                    .put(GenAiAttributes.TOOL_CALL_ARGUMENTS, args)
                    .put(GenAiAttributes.TOOL_CALL_RESULT, result)
                    .build()));
    assertEquals("span", s(span, "langfuse.observation.type"));
    assertNull(s(span, "langfuse.observation.input"));
    assertEquals(args, span.get(GenAiAttributes.TOOL_CALL_ARGUMENTS));
    assertEquals(result, span.get(GenAiAttributes.TOOL_CALL_RESULT));
  }

  /**
   * A retriever's query and documents are its input and output, as recorded; the canonical keys
   * are then not sent again. Without content (capture off) there is neither.
   */
  @Test
  void retrieverQueryAndDocumentsAreInputAndOutput() {
    String docs = "[{\"id\":\"d1\",\"score\":0.9,\"content\":\"Zürich\\r\\nmild\"}]";
    Attributes a =
        map(
            llmSpan(
                Attributes.builder()
                    .put(GenAiAttributes.OPERATION_NAME, "retrieval")
                    .put(GenAiAttributes.DATA_SOURCE_ID, "kb")
                    .put(GenAiAttributes.RETRIEVAL_QUERY_TEXT, "weather\r\nZürich")
                    .put(GenAiAttributes.RETRIEVAL_DOCUMENTS, docs)
                    .build()));
    assertEquals("retriever", s(a, "langfuse.observation.type"));
    assertEquals("weather\r\nZürich", s(a, "langfuse.observation.input"));
    assertEquals(docs, s(a, "langfuse.observation.output"));
    assertNull(s(a, "gen_ai.retrieval.query.text"));
    assertNull(s(a, "gen_ai.retrieval.documents"));
    assertEquals("kb", s(a, "gen_ai.data_source.id"));

    Attributes off =
        map(
            llmSpan(
                Attributes.builder()
                    .put(GenAiAttributes.OPERATION_NAME, "retrieval")
                    .put(GenAiAttributes.DATA_SOURCE_ID, "kb")
                    .build()));
    assertNull(s(off, "langfuse.observation.input"));
    assertNull(s(off, "langfuse.observation.output"));
  }

  /**
   * Only a span's own kind of input and output is folded: a tool span keeps a retrieval query and
   * documents it carries, a retriever keeps tool arguments and results.
   */
  @Test
  void onlyTheSpansOwnKindOfInputAndOutputIsFolded() {
    Attributes toolSpan =
        map(
            llmSpan(
                tool("{}", "ok").toBuilder()
                    .put(GenAiAttributes.RETRIEVAL_QUERY_TEXT, "q")
                    .put(GenAiAttributes.RETRIEVAL_DOCUMENTS, "[]")
                    .build()));
    assertEquals("{}", s(toolSpan, "langfuse.observation.input"));
    assertNull(toolSpan.get(GenAiAttributes.TOOL_CALL_ARGUMENTS));
    assertEquals("q", toolSpan.get(GenAiAttributes.RETRIEVAL_QUERY_TEXT));
    assertEquals("[]", toolSpan.get(GenAiAttributes.RETRIEVAL_DOCUMENTS));

    Attributes retriever =
        map(
            llmSpan(
                Attributes.builder()
                    .put(GenAiAttributes.OPERATION_NAME, "retrieval")
                    .put(GenAiAttributes.RETRIEVAL_QUERY_TEXT, "q")
                    .put(GenAiAttributes.TOOL_CALL_ARGUMENTS, "{}")
                    .put(GenAiAttributes.TOOL_CALL_RESULT, "ok")
                    .build()));
    assertEquals("q", s(retriever, "langfuse.observation.input"));
    assertNull(s(retriever, "langfuse.observation.output"));
    assertEquals("{}", retriever.get(GenAiAttributes.TOOL_CALL_ARGUMENTS));
    assertEquals("ok", retriever.get(GenAiAttributes.TOOL_CALL_RESULT));
    assertNull(retriever.get(GenAiAttributes.RETRIEVAL_QUERY_TEXT));
  }

  /** Langfuse's cost_details are US dollars: a cost in another currency is not sent. */
  @Test
  void nonUsdCostIsNotSent() {
    Attributes a =
        map(
            llmSpan(
                Attributes.builder()
                    .put(GenAiAttributes.OPERATION_NAME, "chat")
                    .put(GenAiAttributes.REQUEST_MODEL, "gpt-4o")
                    .put("otelpresets.cost.total", 0.5)
                    .put("otelpresets.cost.currency", "EUR")
                    .build()));
    assertNull(s(a, "langfuse.observation.cost_details"));
    a.forEach((k, v) -> assertFalse(k.getKey().startsWith("otelpresets."), k.getKey()));
  }

  private static Attributes tool(String arguments, String result) {
    return Attributes.builder()
        .put(GenAiAttributes.OPERATION_NAME, "execute_tool")
        .put(GenAiAttributes.TOOL_NAME, "get_weather")
        .put(GenAiAttributes.TOOL_CALL_ID, "call_1")
        .put(GenAiAttributes.TOOL_CALL_ARGUMENTS, arguments)
        .put(GenAiAttributes.TOOL_CALL_RESULT, result)
        .build();
  }

  @Test
  void failedCallIsAnErrorObservation() {
    Attributes canonical =
        chat()
            .remove(GenAiAttributes.OUTPUT_MESSAGES)
            .remove(GenAiAttributes.USAGE_INPUT_TOKENS)
            .remove(GenAiAttributes.USAGE_OUTPUT_TOKENS)
            .remove(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS)
            .remove(GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS)
            .remove(GenAiAttributes.COST_TOTAL_USD)
            .put(GenAiAttributes.ERROR_TYPE, "java.io.IOException")
            .build();
    EventData exception =
        EventData.create(
            CanonicalSpans.START_NANOS + 1,
            "exception",
            Attributes.of(
                stringKey("exception.type"),
                "java.io.IOException",
                stringKey("exception.message"),
                "upstream 500"));
    Attributes a = map(llmSpan(canonical, StatusData.error(), List.of(exception)));

    assertEquals("ERROR", s(a, "langfuse.observation.level"));
    assertEquals("java.io.IOException: upstream 500", s(a, "langfuse.observation.status_message"));
    assertEquals("generation", s(a, "langfuse.observation.type"));
    assertEquals("java.io.IOException", a.get(GenAiAttributes.ERROR_TYPE));
    assertNull(s(a, "langfuse.observation.usage_details"), "unknown usage is not a made-up 0");
    assertNull(s(a, "langfuse.observation.cost_details"));
    assertNull(s(a, "langfuse.observation.output"));
  }

  @Test
  void statusDescriptionWinsThenErrorType() {
    Attributes canonical = chat().put(GenAiAttributes.ERROR_TYPE, "timeout").build();
    assertEquals(
        "upstream timed out",
        s(
            map(
                llmSpan(
                    canonical,
                    StatusData.create(
                        io.opentelemetry.api.trace.StatusCode.ERROR, "upstream timed out"),
                    List.of())),
            "langfuse.observation.status_message"));
    assertEquals(
        "timeout",
        s(
            map(llmSpan(canonical, StatusData.error(), List.of())),
            "langfuse.observation.status_message"));
  }

  @Test
  void serverSpanIsASpanThatNamesTheTrace() {
    Attributes a = map(CanonicalSpans.serverSpan());
    assertEquals("span", s(a, "langfuse.observation.type"));
    assertEquals("POST /v1/chat/completions", s(a, "langfuse.trace.name"));
    assertEquals("user-1", s(a, "user.id"));
    assertEquals("conv-1", s(a, "session.id"));
    assertOneSpellingOfUserAndSession(a);
    assertEquals(List.of("team-a", "beta"), a.get(stringArrayKey("langfuse.trace.tags")));
    assertEquals("search", s(a, "langfuse.trace.metadata.feature"));
    assertEquals("production", s(a, "langfuse.environment"));
    assertEquals("POST", s(a, "http.request.method"));
    assertNull(s(a, "langfuse.observation.model.name"));
    assertNull(s(a, "langfuse.observation.usage_details"));
    assertNull(s(a, "langfuse.observation.input"));
    assertNoForeignVocabulary(a);
  }

  @Test
  void rootSpanCarriesTheTraceInputAndOutput() {
    Attributes llm = map(llmSpan(chat().build()));
    Attributes root = map(CanonicalSpans.serverSpan());
    assertEquals(s(llm, "langfuse.observation.input"), s(root, "langfuse.observation.input"));
    assertEquals(s(llm, "langfuse.observation.output"), s(root, "langfuse.observation.output"));
    // taken once: the state is gone with the root
    assertNull(s(map(CanonicalSpans.serverSpan()), "langfuse.observation.input"));

    // content capture off: nothing on the call, nothing on the root
    Attributes off = map(llmSpan(CanonicalSpans.chatWithoutContent().build()));
    assertNull(s(off, "langfuse.observation.input"));
    Attributes offRoot = map(CanonicalSpans.serverSpan());
    assertNull(s(offRoot, "langfuse.observation.input"));
    assertNull(s(offRoot, "langfuse.observation.output"));
  }

  @Test
  void observationTypes() {
    assertEquals("generation", typeOf("text_completion", "m"));
    assertEquals("generation", typeOf("generate_content", "m"));
    assertEquals("embedding", typeOf("embeddings", "text-embedding-3-small"));
    assertEquals("tool", typeOf("execute_tool", null));
    assertEquals("agent", typeOf("invoke_agent", "m"));
    assertEquals("agent", typeOf("create_agent", null));
    assertEquals("retriever", typeOf("retrieval", null));
    assertEquals("generation", typeOf("rerank", "m"), "unknown operation with a model");
    assertEquals("span", typeOf("rerank", null));
  }

  private String typeOf(String op, String model) {
    AttributesBuilder b = Attributes.builder().put(GenAiAttributes.OPERATION_NAME, op);
    if (model != null) {
      b.put(GenAiAttributes.REQUEST_MODEL, model);
    }
    return s(map(llmSpan(b.build())), "langfuse.observation.type");
  }

  @Test
  void embeddingCarriesModelAndUsage() {
    Attributes a =
        map(
            llmSpan(
                Attributes.builder()
                    .put(GenAiAttributes.OPERATION_NAME, "embeddings")
                    .put(GenAiAttributes.REQUEST_MODEL, "text-embedding-3-small")
                    .put(GenAiAttributes.USAGE_INPUT_TOKENS, 7L)
                    .build()));
    assertEquals("embedding", s(a, "langfuse.observation.type"));
    assertEquals("text-embedding-3-small", s(a, "langfuse.observation.model.name"));
    assertEquals("{\"input\":7}", s(a, "langfuse.observation.usage_details"));
    assertNull(s(a, "langfuse.observation.model.parameters"));
    assertNoTypedDuplicates(a);
  }

  @Test
  void toolSpanGetsNoGenerationKeys() {
    Attributes a =
        map(
            llmSpan(
                Attributes.builder()
                    .put(GenAiAttributes.OPERATION_NAME, "execute_tool")
                    .put(GenAiAttributes.TOOL_NAME, "get_weather")
                    .put(GenAiAttributes.TOOL_CALL_ID, "call_1")
                    .build()));
    assertEquals("tool", s(a, "langfuse.observation.type"));
    assertEquals("get_weather", a.get(GenAiAttributes.TOOL_NAME));
    assertNull(s(a, "langfuse.observation.model.name"));
  }

  @Test
  void usageBucketsAreDisjoint() {
    Attributes a =
        map(
            llmSpan(
                chat()
                    .put(GenAiAttributes.USAGE_INPUT_TOKENS, 48183L)
                    .put(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS, 47105L)
                    .put(GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS, 1076L)
                    .put(GenAiAttributes.USAGE_OUTPUT_TOKENS, 714L)
                    .remove(GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS)
                    .build()));
    assertEquals(
        "{\"input\":2,\"output\":714,\"total\":48897,\"input_cached_tokens\":47105,"
            + "\"input_cache_creation\":1076}",
        s(a, "langfuse.observation.usage_details"));
  }

  @Test
  void costDetailsWithBreakdown() {
    Attributes a =
        map(
            llmSpan(
                chat()
                    .put(GenAiAttributes.COST_INPUT_USD, 0.001)
                    .put(GenAiAttributes.COST_OUTPUT_USD, 0.0002)
                    .build()));
    assertEquals(
        "{\"input\":0.001,\"output\":2.0E-4,\"total\":0.0012}",
        s(a, "langfuse.observation.cost_details"));
  }

  @Test
  void contentCaptureOffMeansNoInputOrOutput() {
    Attributes a = map(llmSpan(CanonicalSpans.chatWithoutContent().build()));
    assertNull(s(a, "langfuse.observation.input"));
    assertNull(s(a, "langfuse.observation.output"));
    a.forEach((k, v) -> assertFalse(String.valueOf(v).contains("hello"), k.getKey()));
    a.forEach((k, v) -> assertFalse(String.valueOf(v).contains("Be brief"), k.getKey()));
  }

  @Test
  void noEnvironmentNoEnvironmentKey() {
    Attributes a = Mapping.map(new LangfuseAttributeMapper(null), llmSpan(chat().build()), LIMIT);
    assertNull(s(a, "langfuse.environment"));
  }

  @Test
  void limitShedsContentDuplicatesAndMetadataBeforeLangfuseKeys() {
    SpanData span = llmSpan(chat().build());
    int full = Mapping.map(mapper, span, LIMIT).size();
    Attributes a = Mapping.map(mapper, span, full - 3);
    assertEquals(full - 3, a.size());
    // the canonical content keys are never sent (folded into the observation input / output)
    assertNull(a.get(GenAiAttributes.INPUT_MESSAGES));
    assertNull(a.get(GenAiAttributes.OUTPUT_MESSAGES));
    assertNull(a.get(GenAiAttributes.SYSTEM_INSTRUCTIONS));
    assertTrue(s(a, "langfuse.observation.input") != null);

    Attributes tiny = Mapping.map(mapper, span, 3);
    assertEquals(3, tiny.size());
    assertEquals("generation", s(tiny, "langfuse.observation.type"));
    assertEquals("gpt-4o-2024-08-06", s(tiny, "langfuse.observation.model.name"));
    assertTrue(s(tiny, "langfuse.observation.usage_details") != null);

    assertEquals(0, Mapping.map(mapper, span, 0).size());
  }

  @Test
  void failureKeysSurviveATightLimit() {
    Attributes a = Mapping.map(mapper, llmSpan(chat().build(), StatusData.error(), List.of()), 3);
    assertEquals("generation", s(a, "langfuse.observation.type"));
    assertEquals("ERROR", s(a, "langfuse.observation.level"));
    assertEquals("error", s(a, "langfuse.observation.status_message"));
  }

  /**
   * What Langfuse types (model name, usage details, model parameters) is not kept again as
   * metadata.
   */
  static void assertNoTypedDuplicates(Attributes a) {
    a.forEach(
        (k, v) -> {
          String key = k.getKey();
          assertFalse(
              key.equals("gen_ai.request.model")
                  || key.equals("gen_ai.response.model")
                  || key.startsWith("gen_ai.usage.")
                  || key.equals("gen_ai.request.temperature")
                  || key.equals("gen_ai.request.max_tokens")
                  || key.equals("gen_ai.request.top_p")
                  || key.equals("gen_ai.request.seed")
                  || key.equals("gen_ai.request.stop_sequences"),
              key);
        });
  }

  /** user.id and session.id, not also langfuse.user.id / langfuse.session.id / the canonical key. */
  static void assertOneSpellingOfUserAndSession(Attributes a) {
    assertNull(s(a, "langfuse.user.id"));
    assertNull(s(a, "langfuse.session.id"));
    assertNull(a.get(GenAiAttributes.CONVERSATION_ID));
  }

  static void assertNoForeignVocabulary(Attributes a) {
    a.forEach(
        (k, v) -> {
          String key = k.getKey();
          assertFalse(
              key.startsWith("llm.")
                  || key.startsWith("openinference.")
                  || key.startsWith("input.")
                  || key.startsWith("output.")
                  || key.startsWith("weave.")
                  || key.startsWith("otelpresets."),
              key);
        });
  }
}
