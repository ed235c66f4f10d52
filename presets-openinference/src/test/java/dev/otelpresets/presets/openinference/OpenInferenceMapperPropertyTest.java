package dev.otelpresets.presets.openinference;

import static dev.otelpresets.presets.openinference.OpenInferenceMapperTest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.spi.genai.GenAiContent.MessagePart;
import dev.otelpresets.spi.genai.GenAiContent.ToolDefinition;
import dev.otelpresets.support.internal.GenAiJson;
import dev.otelpresets.testkit.Mapping;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property-style test: many generated canonical spans, hostile ones included, and the invariants
 * every mapping must keep. Calls the mapper without its last-resort catch, so any exception fails.
 */
class OpenInferenceMapperPropertyTest {
  private static final String[] ODD = {
    "plain",
    "",
    " ",
    "emoji \uD83D\uDE00 ok",
    "lone high \uD800 here",
    "lone low \uDC00",
    "ends high \uDBFF",
    "\u0000nul\u0001ctl",
    "rtl \u202Eevil",
    "quote \" backslash \\ ",
    "{\"json\":\"in text\"}",
    "ünïcödé 中文 العربية",
    "\uFFFF\uFFFE",
  };
  private static final int[] LIMITS = {5, 8, 16, 32, 64, 128, 129, 1000};

  private final OpenInferenceMapper mapper =
      OpenInferenceMapper.builder()
          .addExtension((span, kind, out) -> out.put("ext.kind", kind))
          .build();

  @Test
  void generatedSpansKeepTheInvariants() {
    Random r = new Random(20240917L);
    for (int i = 0; i < 400; i++) {
      Attributes canonical = randomCanonical(r);
      int limit = LIMITS[r.nextInt(LIMITS.length)];
      check(canonical, limit, "case " + i);
    }
  }

  @Test
  void fiveHundredMessagesAndTenThousandTools() {
    List<ChatMessage> history = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      history.add(ChatMessage.text(i % 2 == 0 ? "user" : "assistant", "message " + i));
    }
    List<ToolDefinition> tools = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      tools.add(ToolDefinition.function("tool_" + i, "d", Map.of("type", "object")));
    }
    Attributes canonical =
        CanonicalSpans.chatCall()
            .put(GenAiAttributes.INPUT_MESSAGES, GenAiJson.writeMessages(history))
            .put(GenAiAttributes.TOOL_DEFINITIONS, GenAiJson.writeToolDefinitions(tools))
            .build();
    Attributes out = check(canonical, 128, "500 messages, 10k tools");
    assertEquals(128, out.size());
    assertEquals(501, GenAiJson.readMessages((String) get(out, "input.value")).size());
    assertEquals("message 0", get(out, "llm.input_messages.1.message.content"));
    assertEquals("hello", get(out, "llm.output_messages.0.message.content"));
  }

  @Test
  void hugeContentIsKeptWhole() {
    String huge = "x".repeat(2_000_000) + "\uD800";
    Attributes canonical =
        CanonicalSpans.chatCall()
            .put(
                GenAiAttributes.INPUT_MESSAGES,
                GenAiJson.writeMessages(List.of(ChatMessage.text("user", huge))))
            .build();
    Attributes out = check(canonical, 128, "huge");
    String content = (String) get(out, "llm.input_messages.1.message.content");
    assertEquals(2_000_001, content.length());
    assertTrue(content.endsWith("\uFFFD"), "lone surrogate replaced");
  }

  @Test
  void oneMessageLargerThanTheBudgetIsDroppedWhole() {
    List<MessagePart> calls = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      calls.add(new MessagePart.ToolCall("c" + i, "f", Map.of("i", i)));
    }
    Attributes canonical =
        CanonicalSpans.chatCall()
            .put(
                GenAiAttributes.OUTPUT_MESSAGES,
                GenAiJson.writeMessages(List.of(new ChatMessage("assistant", calls, "tool_calls"))))
            .build();
    Attributes out = check(canonical, 128, "wide message");
    assertFalse(
        out.asMap().keySet().stream().anyMatch(k -> k.getKey().startsWith("llm.output_messages.")));
    assertNotNull(get(out, "output.value"));
  }

  private Attributes check(Attributes canonical, int limit, String what) {
    SpanData span = CanonicalSpans.span("x", SpanKind.CLIENT, canonical, StatusData.unset());
    Attributes out;
    try {
      out = mapper.mapChecked(span, Mapping.contentOf(span), canonical, limit);
    } catch (RuntimeException e) {
      throw new AssertionError(what + ": mapper threw on " + canonical.asMap().keySet(), e);
    }
    assertEquals(out, Mapping.map(mapper, span, limit), what + ": map() is mapChecked()");
    assertTrue(out.size() <= limit, what + ": " + out.size() + " > " + limit);
    assertNotNull(get(out, "openinference.span.kind"), what);
    if (!blank(canonical.get(GenAiAttributes.INPUT_MESSAGES))
        || !blank(canonical.get(GenAiAttributes.SYSTEM_INSTRUCTIONS))) {
      assertNotNull(get(out, "input.value"), what + ": input.value dropped");
    }
    if (!blank(canonical.get(GenAiAttributes.OUTPUT_MESSAGES))) {
      assertNotNull(get(out, "output.value"), what + ": output.value dropped");
    }
    out.forEach(
        (k, v) -> {
          assertFalse(k.getKey().startsWith("otelpresets."), what + ": " + k);
          for (Object s : v instanceof List<?> l ? l : List.of(v)) {
            if (s instanceof String str && hasLoneSurrogate(str)) {
              fail(what + ": lone surrogate in " + k);
            }
          }
        });
    return out;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static boolean hasLoneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        return true;
      }
      if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  private static String odd(Random r) {
    return ODD[r.nextInt(ODD.length)];
  }

  static Attributes randomCanonical(Random r) {
    AttributesBuilder b = Attributes.builder();
    String[] ops = {"chat", "embeddings", "execute_tool", "invoke_agent", "retrieval", "weird", ""};
    if (r.nextInt(5) > 0) {
      b.put(GenAiAttributes.OPERATION_NAME, ops[r.nextInt(ops.length)]);
    }
    if (r.nextBoolean()) {
      b.put(GenAiAttributes.PROVIDER_NAME, r.nextBoolean() ? "aws.bedrock" : odd(r));
    }
    if (r.nextBoolean()) {
      b.put(GenAiAttributes.REQUEST_MODEL, odd(r));
    }
    if (r.nextBoolean()) {
      b.put(GenAiAttributes.RESPONSE_MODEL, odd(r));
    }
    if (r.nextBoolean()) {
      b.put(GenAiAttributes.USAGE_INPUT_TOKENS, (long) r.nextInt(1000));
    } else if (r.nextInt(4) == 0) {
      // the right name with the wrong type
      b.put(AttributeKey.stringKey("gen_ai.usage.input_tokens"), "lots");
    }
    if (r.nextBoolean()) {
      b.put(GenAiAttributes.USAGE_OUTPUT_TOKENS, Long.MAX_VALUE);
    }
    if (r.nextBoolean()) {
      b.put(GenAiAttributes.REQUEST_TEMPERATURE, r.nextBoolean() ? Double.NaN : 0.5);
    }
    if (r.nextBoolean()) {
      b.put(GenAiAttributes.RESPONSE_FINISH_REASONS, List.of(odd(r), odd(r)));
    }
    if (r.nextBoolean()) {
      b.put(GenAiAttributes.METADATA, r.nextBoolean() ? "{\"a\":1}" : odd(r));
    }
    if (r.nextBoolean()) {
      b.put(GenAiAttributes.TAGS, List.of(odd(r)));
    }
    if (r.nextBoolean()) {
      b.put(GenAiAttributes.CONVERSATION_ID, odd(r));
    }
    if (r.nextBoolean()) {
      b.put(GenAiAttributes.COST_TOTAL_USD, r.nextDouble());
    }
    for (int i = 0; i < r.nextInt(20); i++) {
      b.put("host.attr." + i, odd(r));
    }
    if (r.nextInt(3) > 0) {
      b.put(GenAiAttributes.INPUT_MESSAGES, messagesJson(r));
    }
    if (r.nextInt(3) > 0) {
      b.put(GenAiAttributes.OUTPUT_MESSAGES, messagesJson(r));
    }
    if (r.nextInt(3) == 0) {
      b.put(
          GenAiAttributes.SYSTEM_INSTRUCTIONS,
          r.nextBoolean() ? GenAiJson.writeParts(List.of(new MessagePart.Text(odd(r)))) : odd(r));
    }
    if (r.nextInt(3) == 0) {
      b.put(GenAiAttributes.TOOL_DEFINITIONS, toolsJson(r));
    }
    return b.build();
  }

  private static String messagesJson(Random r) {
    switch (r.nextInt(8)) {
      case 0:
        return odd(r);
      case 1:
        {
          String valid = GenAiJson.writeMessages(randomMessages(r, 5));
          return valid.substring(0, r.nextInt(valid.length() + 1)); // truncated
        }
      case 2:
        return "[".repeat(10_000);
      case 3:
        return "[{\"role\":5,\"parts\":\"x\"},{\"role\":\"user\",\"parts\":[{\"type\":\"text\","
            + "\"content\":{\"nested\":[1,2]}},{\"type\":\"tool_call\",\"name\":null},"
            + "{\"type\":\"image\",\"url\":null},{\"type\":\"tool_call_response\"}]},null,7]";
      case 4:
        return GenAiJson.writeMessages(randomMessages(r, 500));
      default:
        return GenAiJson.writeMessages(randomMessages(r, r.nextInt(12)));
    }
  }

  private static List<ChatMessage> randomMessages(Random r, int n) {
    String[] roles = {"system", "user", "assistant", "tool", odd(r)};
    List<ChatMessage> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<MessagePart> parts = new ArrayList<>();
      int kinds = r.nextInt(4);
      if (kinds == 0 || kinds == 3) {
        parts.add(new MessagePart.Text(odd(r)));
      }
      if (kinds == 1 || kinds == 3) {
        for (int j = 0; j < 1 + r.nextInt(3); j++) {
          parts.add(
              new MessagePart.ToolCall(
                  r.nextBoolean() ? odd(r) : null,
                  odd(r),
                  r.nextBoolean() ? Map.of("q", odd(r)) : odd(r)));
        }
      }
      if (kinds == 2) {
        parts.add(new MessagePart.ToolCallResponse(odd(r), r.nextBoolean() ? odd(r) : List.of(1)));
      }
      out.add(
          new ChatMessage(roles[r.nextInt(roles.length)], parts, r.nextBoolean() ? odd(r) : null));
    }
    return out;
  }

  private static String toolsJson(Random r) {
    switch (r.nextInt(4)) {
      case 0:
        return odd(r);
      case 1:
        {
          List<ToolDefinition> tools = new ArrayList<>();
          for (int i = 0; i < 10_000; i++) {
            tools.add(ToolDefinition.function("t" + i, null, Map.of()));
          }
          return GenAiJson.writeToolDefinitions(tools);
        }
      default:
        return GenAiJson.writeToolDefinitions(
            List.of(ToolDefinition.function(odd(r), odd(r), Map.of("type", odd(r)))));
    }
  }
}
