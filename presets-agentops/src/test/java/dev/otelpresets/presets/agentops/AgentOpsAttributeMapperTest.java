package dev.otelpresets.presets.agentops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.spi.AttributeMapper;
import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.spi.genai.GenAiContent.MessagePart;
import dev.otelpresets.support.internal.GenAiJson;
import dev.otelpresets.testkit.Mapping;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The AgentOps mapper alone: what it adds, what it leaves out, and how it behaves at the attribute
 * limit and on input it cannot read (the receiver-level behaviour is in {@code
 * AgentOpsEndToEndTest}).
 */
class AgentOpsAttributeMapperTest {
  private final AttributeMapper mapper = AgentOpsPresetProvider.MAPPER;

  private static SpanData span(Attributes attributes) {
    return TestSpanData.builder()
        .setName("chat gpt-4o")
        .setKind(SpanKind.CLIENT)
        .setStartEpochNanos(1_000)
        .setEndEpochNanos(2_000)
        .setHasEnded(true)
        .setStatus(StatusData.unset())
        .setAttributes(attributes)
        .setTotalAttributeCount(attributes.size())
        .build();
  }

  private static AttributesBuilder chat(List<ChatMessage> input, List<ChatMessage> output) {
    return Attributes.builder()
        .put(GenAiAttributes.OPERATION_NAME, "chat")
        .put(GenAiAttributes.PROVIDER_NAME, "openai")
        .put(GenAiAttributes.REQUEST_MODEL, "gpt-4o")
        .put(GenAiAttributes.USAGE_INPUT_TOKENS, 12L)
        .put(GenAiAttributes.USAGE_OUTPUT_TOKENS, 3L)
        .put(GenAiAttributes.INPUT_MESSAGES, GenAiJson.writeMessages(input))
        .put(GenAiAttributes.OUTPUT_MESSAGES, GenAiJson.writeMessages(output));
  }

  private static Map<String, Object> names(Attributes a) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    a.forEach((k, v) -> m.put(k.getKey(), v));
    return m;
  }

  @Test
  void theHostsOwnSpanPassesThroughUnchanged() {
    Attributes server =
        Attributes.builder()
            .put("http.request.method", "POST")
            .put("http.route", "/v1/chat/completions")
            .put(GenAiAttributes.USER_ID, "u")
            .build();
    assertEquals(names(server), names(Mapping.map(mapper, span(server), 128)));
  }

  @Test
  void usageCostSystemAndTagsComeFirstInTheirOrderOnlyWhenKnown() {
    Attributes in =
        Attributes.builder()
            .put(GenAiAttributes.TAGS, List.of("t"))
            .put(GenAiAttributes.PROVIDER_NAME, "openai")
            .put(GenAiAttributes.COST_TOTAL_USD, 0.5)
            .put(GenAiAttributes.COST_INPUT_USD, -1.0)
            .put(GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS, 2L)
            .put(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS, 4L)
            .put(GenAiAttributes.USAGE_OUTPUT_TOKENS, 3L)
            .put(GenAiAttributes.USAGE_INPUT_TOKENS, -12L)
            .build();
    Map<String, Object> out = names(Mapping.map(mapper, span(in), 128));
    List<String> keys = new ArrayList<>(out.keySet());
    assertEquals(
        List.of(
            "gen_ai.usage.completion_tokens",
            "gen_ai.usage.total_tokens",
            "gen_ai.usage.cache_read_input_tokens",
            "gen_ai.usage.reasoning_tokens",
            "gen_ai.usage.total_cost",
            "gen_ai.system",
            "agentops.tags"),
        keys.subList(0, 7),
        "known values only, in AgentOps' order, before the canonical keys");
    assertEquals(3L, out.get("gen_ai.usage.total_tokens"), "the output alone: input unknown");
    assertEquals(List.of("t"), out.get("agentops.tags"));
    List<String> canonical = new ArrayList<>();
    in.forEach(
        (k, v) -> {
          if (!k.getKey().startsWith("otelpresets.")) { // the costs and tags: translated above
            canonical.add(k.getKey());
          }
        });
    assertEquals(5, canonical.size());
    assertEquals(
        canonical,
        keys.subList(7, keys.size()),
        "then the canonical keys but the translated costs and tags, in their own order");
  }

  @Test
  void longConversationsKeepTheSystemMessageTheAnswerAndTheNewestTurnsNumberedFromZero() {
    List<ChatMessage> input = new ArrayList<>();
    input.add(ChatMessage.text("system", "be brief"));
    for (int i = 0; i < 40; i++) {
      input.add(ChatMessage.text(i % 2 == 0 ? "user" : "assistant", "turn " + i));
    }
    Attributes in =
        chat(input, List.of(ChatMessage.text("assistant", "the answer").withFinishReason("stop")))
            .build();
    int limit = 30;
    Map<String, Object> out = names(Mapping.map(mapper, span(in), limit));

    assertEquals(limit, out.size(), "filled to the limit, never past it");
    assertEquals(12L, out.get("gen_ai.usage.prompt_tokens"), "usage first");
    assertEquals(15L, out.get("gen_ai.usage.total_tokens"));
    assertEquals("openai", out.get("gen_ai.system"));
    assertTrue(out.containsKey(GenAiAttributes.INPUT_MESSAGES.getKey()), "canonical keys next");
    assertEquals("the answer", out.get("gen_ai.completion.0.content"));
    assertEquals("stop", out.get("gen_ai.completion.0.finish_reason"));
    assertEquals("system", out.get("gen_ai.prompt.0.role"));
    assertEquals("be brief", out.get("gen_ai.prompt.0.content"));
    // the kept turns follow contiguously from index 1 and end with the newest turn, each whole
    Set<Integer> indexes = new TreeSet<>();
    for (String k : out.keySet()) {
      if (k.startsWith("gen_ai.prompt.")) {
        int i = Integer.parseInt(k.split("\\.")[2]);
        indexes.add(i);
        String sibling =
            k.endsWith(".role") ? k.replace(".role", ".content") : k.replace(".content", ".role");
        assertTrue(out.containsKey(sibling), "a message is kept whole: " + k);
      }
    }
    int last = indexes.size() - 1;
    assertEquals(
        new TreeSet<>(java.util.stream.IntStream.rangeClosed(0, last).boxed().toList()), indexes);
    assertTrue(last > 1 && last < 40, "some middle turns dropped: " + indexes);
    assertEquals("turn 39", out.get("gen_ai.prompt." + last + ".content"), "the newest turn");
  }

  @Test
  void indicesPastTheKeptKeysAreWrittenTheSame() {
    int n = AgentOpsAttributeMapper.MAX_KEPT_INDEX + 4;
    List<ChatMessage> input = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      input.add(ChatMessage.text("user", "turn " + i));
    }
    Map<String, Object> out =
        names(Mapping.map(mapper, span(chat(input, List.of()).build()), 3 * n));

    for (int i : new int[] {0, n - 5, n - 4, n - 1}) {
      assertEquals("user", out.get("gen_ai.prompt." + i + ".role"), "index " + i);
      assertEquals("turn " + i, out.get("gen_ai.prompt." + i + ".content"), "index " + i);
    }
    assertEquals(2 * n, out.keySet().stream().filter(k -> k.startsWith("gen_ai.prompt.")).count());
  }

  @Test
  void aHostsOwnFlattenedKeyIsReplacedInPlaceNotSentTwice() {
    Attributes in =
        chat(List.of(ChatMessage.text("user", "ours")), List.of(ChatMessage.text("assistant", "a")))
            .put("gen_ai.prompt.0.content", "the host's")
            .put("gen_ai.completion.0.role", "the host's")
            .build();
    List<String> keys = new ArrayList<>();
    Attributes out = Mapping.map(mapper, span(in), 128);
    out.forEach((k, v) -> keys.add(k.getKey()));

    assertEquals("ours", names(out).get("gen_ai.prompt.0.content"));
    assertEquals("assistant", names(out).get("gen_ai.completion.0.role"));
    assertEquals(keys.size(), new java.util.HashSet<>(keys).size(), "no name twice: " + keys);
    assertTrue(
        keys.indexOf("gen_ai.prompt.0.content") < keys.indexOf("gen_ai.prompt.0.role"),
        "replaced where the host's key was: " + keys);
  }

  @Test
  void indexZeroComesFirstSoAgentOpsBuildsAList() {
    Attributes in =
        chat(
                List.of(ChatMessage.text("user", "a"), ChatMessage.text("user", "b")),
                List.of(ChatMessage.text("assistant", "c")))
            .build();
    List<String> promptKeys = new ArrayList<>();
    Mapping.map(mapper, span(in), 128)
        .forEach(
            (k, v) -> {
              if (k.getKey().startsWith("gen_ai.prompt.")) {
                promptKeys.add(k.getKey());
              }
            });
    assertEquals(
        List.of(
            "gen_ai.prompt.0.role",
            "gen_ai.prompt.0.content",
            "gen_ai.prompt.1.role",
            "gen_ai.prompt.1.content"),
        promptKeys);
  }

  @Test
  void unreadableOrHostileValuesYieldNoInventedKeys() {
    Attributes in =
        Attributes.builder()
            .put(GenAiAttributes.OPERATION_NAME, "chat")
            .put(GenAiAttributes.INPUT_MESSAGES, "{not json")
            .put(GenAiAttributes.OUTPUT_MESSAGES, "[{\"role\":\"assistant\",\"parts\":7}]")
            .put(GenAiAttributes.SYSTEM_INSTRUCTIONS, "\"just a string\"")
            .put(GenAiAttributes.USAGE_INPUT_TOKENS, -5L)
            .put(GenAiAttributes.COST_TOTAL_USD, Double.NaN)
            .put(GenAiAttributes.TAGS, List.of())
            .put(GenAiAttributes.PROVIDER_NAME, " ")
            .build();
    Map<String, Object> out = names(Mapping.map(mapper, span(in), 128));
    assertEquals(
        "{not json",
        out.get(GenAiAttributes.INPUT_MESSAGES.getKey()),
        "the canonical value is kept as is");
    assertNull(out.get("gen_ai.prompt.0.role"));
    assertEquals("assistant", out.get("gen_ai.completion.0.role"), "the role that could be read");
    assertNull(out.get("gen_ai.completion.0.content"));
    assertNull(out.get("gen_ai.usage.prompt_tokens"), "a negative count is not a count");
    assertNull(out.get("gen_ai.usage.total_tokens"));
    assertNull(out.get("gen_ai.usage.total_cost"), "NaN is not a cost");
    assertNull(out.get("agentops.tags"));
    assertNull(out.get("gen_ai.system"));
    assertNull(out.get(GenAiAttributes.COST_TOTAL_USD.getKey()));
  }

  @Test
  void aToolAnswerWithAStructuredResponseIsItsJson() {
    Attributes in =
        chat(
                List.of(
                    new ChatMessage(
                        "tool",
                        List.of(new MessagePart.ToolCallResponse("call_1", Map.of("temp", 21L))),
                        null)),
                List.of())
            .build();
    Map<String, Object> out = names(Mapping.map(mapper, span(in), 128));
    assertEquals("tool", out.get("gen_ai.prompt.0.role"));
    assertEquals("call_1", out.get("gen_ai.prompt.0.tool_call_id"));
    assertEquals("{\"temp\":21}", out.get("gen_ai.prompt.0.content"));
  }

  @Test
  void costsAreAgentOpsCostKeys() {
    Attributes in =
        Attributes.builder()
            .put(GenAiAttributes.COST_INPUT_USD, 0.001)
            .put(GenAiAttributes.COST_OUTPUT_USD, 0.002)
            .put(GenAiAttributes.COST_TOTAL_USD, 0.003)
            .put(GenAiAttributes.METADATA, "{\"k\":\"v\"}")
            .build();
    Map<String, Object> out = names(Mapping.map(mapper, span(in), 128));
    assertEquals(
        Map.of(
            "gen_ai.usage.prompt_cost",
            0.001,
            "gen_ai.usage.completion_cost",
            0.002,
            "gen_ai.usage.total_cost",
            0.003,
            "otelpresets.metadata",
            "{\"k\":\"v\"}"),
        out);
  }

  @Test
  void aLimitOfZeroOrOneIsKept() {
    Attributes in = chat(List.of(ChatMessage.text("user", "a")), List.of()).build();
    assertTrue(Mapping.map(mapper, span(in), 0).isEmpty());
    Attributes one = Mapping.map(mapper, span(in), 1);
    assertEquals(1, one.size());
    assertEquals(12L, one.get(AttributeKey.longKey("gen_ai.usage.prompt_tokens")));
  }

  /**
   * Tool and agent spans go out in AgentOps' own vocabulary without a single {@code gen_ai.*} key:
   * AgentOps types any span with one an LLM request.
   */
  @Test
  void toolSpanInAgentOpsToolVocabulary() {
    Map<String, Object> out =
        names(
            Mapping.map(
                mapper,
                span(
                    Attributes.builder()
                        .put(GenAiAttributes.OPERATION_NAME, "execute_tool")
                        .put(GenAiAttributes.TOOL_NAME, "get_weather")
                        .put(GenAiAttributes.TOOL_CALL_ID, "call_1")
                        .put(GenAiAttributes.TOOL_TYPE, "function")
                        .put(GenAiAttributes.TOOL_CALL_ARGUMENTS, "{\"city\":\"Zürich\"}")
                        .put(GenAiAttributes.TOOL_CALL_RESULT, "sunny\r\n21C")
                        .put(GenAiAttributes.TAGS, List.of("t"))
                        .put("host.key", "kept")
                        .build()),
                128));
    assertEquals("tool", out.get("agentops.span.kind"));
    assertEquals("get_weather", out.get("agentops.entity.name"));
    assertEquals("get_weather", out.get("tool.name"));
    assertEquals("call_1", out.get("tool.id"));
    assertEquals("{\"city\":\"Zürich\"}", out.get("tool.parameters"));
    assertEquals("sunny\r\n21C", out.get("tool.result"));
    assertEquals(List.of("t"), out.get("agentops.tags"));
    assertEquals("kept", out.get("host.key"));
    out.keySet()
        .forEach(k -> assertTrue(!k.startsWith("gen_ai.") && !k.startsWith("otelpresets."), k));
  }

  @Test
  void agentSpanInAgentOpsAgentVocabularyAndContentOnlyWhenCaptured() {
    Attributes withContent =
        Attributes.builder()
            .put(GenAiAttributes.OPERATION_NAME, "invoke_agent")
            .put(GenAiAttributes.AGENT_NAME, "planner")
            .put(GenAiAttributes.AGENT_ID, "a-1")
            .put(GenAiAttributes.REQUEST_MODEL, "gpt-4o")
            .put(
                GenAiAttributes.INPUT_MESSAGES,
                GenAiJson.writeMessages(List.of(ChatMessage.text("user", "plan"))))
            .build();
    Map<String, Object> out = names(Mapping.map(mapper, span(withContent), 128));
    assertEquals("agent", out.get("agentops.span.kind"));
    assertEquals("planner", out.get("agent.name"));
    assertEquals("a-1", out.get("agent.id"));
    assertTrue(((String) out.get("agentops.entity.input")).contains("plan"));
    assertNull(out.get("agentops.entity.output"));
    out.keySet().forEach(k -> assertTrue(!k.startsWith("gen_ai."), k));

    Map<String, Object> off =
        names(
            Mapping.map(
                mapper,
                span(
                    Attributes.of(
                        GenAiAttributes.OPERATION_NAME,
                        "create_agent",
                        GenAiAttributes.AGENT_NAME,
                        "planner")),
                128));
    assertEquals("agent", off.get("agentops.span.kind"));
    assertNull(off.get("agentops.entity.input"));
    assertNull(off.get("agentops.entity.output"));
  }

  /** AgentOps' costs are US dollars: a cost in another currency stays under the canonical keys. */
  @Test
  void nonUsdCostIsNotAnAgentOpsCost() {
    Map<String, Object> out =
        names(
            Mapping.map(
                mapper,
                span(
                    Attributes.builder()
                        .put(GenAiAttributes.OPERATION_NAME, "chat")
                        .put("otelpresets.cost.total", 0.5)
                        .put("otelpresets.cost.currency", "EUR")
                        .build()),
                128));
    assertNull(out.get("gen_ai.usage.total_cost"));
    assertEquals(0.5, out.get("otelpresets.cost.total"));
    assertEquals("EUR", out.get("otelpresets.cost.currency"));
  }
}
