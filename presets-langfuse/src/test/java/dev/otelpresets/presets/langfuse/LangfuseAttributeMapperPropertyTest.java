package dev.otelpresets.presets.langfuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.spi.genai.GenAiContent.MessagePart;
import dev.otelpresets.support.internal.GenAiJson;
import dev.otelpresets.support.internal.Json;
import dev.otelpresets.testkit.Mapping;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Generated hostile canonical spans: the mapper never throws, never exceeds the limit, and always
 * says what kind of observation the span is (so it never silently degrades to its fallback).
 */
class LangfuseAttributeMapperPropertyTest {
  private static final long SEED = 20250713L;
  private static final int RUNS = 1000;

  private final LangfuseAttributeMapper mapper = new LangfuseAttributeMapper("prod");

  @Test
  void neverThrowsAndStaysWithinTheLimit() {
    Random r = new Random(SEED);
    for (int i = 0; i < RUNS; i++) {
      SpanData span = randomSpan(r);
      int limit = r.nextInt(4) == 0 ? r.nextInt(6) : 1 + r.nextInt(200);
      Attributes out;
      try {
        out = Mapping.map(mapper, span, limit);
      } catch (RuntimeException e) {
        fail("run " + i + " (seed " + SEED + ") threw for " + span.getAttributes(), e);
        return;
      }
      assertNotNull(out);
      assertTrue(out.size() <= limit, "run " + i + ": " + out.size() + " > " + limit);
      if (limit > 0) {
        // the first key is always the observation type: the real mapping ran, not the fallback
        assertNotNull(out.get(LangfuseAttributeMapper.OBSERVATION_TYPE), "run " + i);
      }
      for (String key :
          List.of(
              "langfuse.observation.input",
              "langfuse.observation.output",
              "langfuse.observation.usage_details",
              "langfuse.observation.model.parameters")) {
        String v = out.get(AttributeKey.stringKey(key));
        if (v != null && (v.startsWith("{") || v.startsWith("["))) {
          // what the mapper writes as JSON is valid JSON (raw pass-through of unreadable input
          // aside)
          Object parsed = Json.parseOrDefault(v, null);
          if (parsed == null && !isRawPassThrough(span, v)) {
            fail("run " + i + ": invalid JSON in " + key + ": " + v);
          }
        }
      }
    }
  }

  /**
   * One mapper reuses the last model parameters' JSON while a call repeats them: over runs of
   * repeated, changed and hostile parameters (-0.0 and 0.0, infinities, empty and null stop lists,
   * a value of another type under a parameter's name) every span gets exactly the JSON written
   * afresh for it.
   */
  @Test
  void modelParametersAreWhatIsWrittenAfreshForEachSpan() {
    Random r = new Random(SEED);
    LangfuseAttributeMapper one = new LangfuseAttributeMapper(null);
    Double[] doubles = {
      null, 0.0, -0.0, 0.2, 0.1 + 0.2, 1e-7, Double.NaN, Double.NEGATIVE_INFINITY
    };
    Long[] longs = {null, 0L, -1L, 256L, Long.MAX_VALUE};
    List<List<String>> stops =
        List.of(List.of(), List.of("\n"), List.of("a\"b", "\u2028"), List.of("\n"));
    AttributesBuilder previous = Attributes.builder();
    int reused = 0;
    for (int i = 0; i < RUNS; i++) {
      AttributesBuilder b;
      if (r.nextInt(3) == 0) {
        b = previous.build().toBuilder(); // the same parameters again
        reused++;
      } else {
        b = Attributes.builder();
        putMaybe(b, GenAiAttributes.REQUEST_TEMPERATURE, doubles[r.nextInt(doubles.length)]);
        putMaybe(b, GenAiAttributes.REQUEST_TOP_P, doubles[r.nextInt(doubles.length)]);
        putMaybe(b, GenAiAttributes.REQUEST_TOP_K, doubles[r.nextInt(doubles.length)]);
        putMaybe(b, GenAiAttributes.REQUEST_MAX_TOKENS, longs[r.nextInt(longs.length)]);
        putMaybe(b, GenAiAttributes.REQUEST_FREQUENCY_PENALTY, doubles[r.nextInt(doubles.length)]);
        putMaybe(b, GenAiAttributes.REQUEST_PRESENCE_PENALTY, doubles[r.nextInt(doubles.length)]);
        putMaybe(b, GenAiAttributes.REQUEST_SEED, longs[r.nextInt(longs.length)]);
        if (r.nextBoolean()) {
          b.put(GenAiAttributes.REQUEST_STOP_SEQUENCES, stops.get(r.nextInt(stops.size())));
        }
        putMaybe(b, GenAiAttributes.REQUEST_CHOICE_COUNT, longs[r.nextInt(longs.length)]);
        if (r.nextInt(8) == 0) {
          b.put(AttributeKey.stringKey("gen_ai.request.temperature"), "0.2"); // not a double
        }
      }
      previous = b;
      if (r.nextBoolean()) {
        b.put(GenAiAttributes.REQUEST_STREAM, true);
      }
      Attributes a = b.put(GenAiAttributes.OPERATION_NAME, "chat").build();
      SpanData span = span(a);
      String expected = LangfuseAttributeMapper.modelParameters(a);
      if (expected == null && a.get(GenAiAttributes.REQUEST_STREAM) != null) {
        expected = "{}";
      }
      assertEquals(
          expected,
          Mapping.map(one, span, 128).get(LangfuseAttributeMapper.MODEL_PARAMETERS),
          "run " + i + ": " + a);
    }
    assertTrue(reused > RUNS / 5, "repeated parameters: " + reused);
  }

  private static <T> void putMaybe(AttributesBuilder b, AttributeKey<T> key, T value) {
    if (value != null) {
      b.put(key, value);
    }
  }

  private static SpanData span(Attributes a) {
    return TestSpanData.builder()
        .setSpanContext(CanonicalSpans.LLM)
        .setParentSpanContext(CanonicalSpans.SERVER)
        .setName("chat m")
        .setKind(SpanKind.CLIENT)
        .setStartEpochNanos(1)
        .setEndEpochNanos(2)
        .setHasEnded(true)
        .setStatus(StatusData.unset())
        .setAttributes(a)
        .setTotalAttributeCount(a.size())
        .build();
  }

  @Test
  void fiveHundredMessagesAndHugeContent() {
    List<ChatMessage> many = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      many.add(ChatMessage.text(i % 2 == 0 ? "user" : "assistant", "message " + i));
    }
    String huge = "x".repeat(2_000_000);
    Attributes canonical =
        CanonicalSpans.chat()
            .put(GenAiAttributes.INPUT_MESSAGES, GenAiJson.writeMessages(many))
            .put(
                GenAiAttributes.OUTPUT_MESSAGES,
                GenAiJson.writeMessages(List.of(ChatMessage.text("assistant", huge))))
            .build();
    Attributes out = Mapping.map(mapper, CanonicalSpans.llmSpan(canonical), 128);
    List<?> input = (List<?>) Json.parse(out.get(LangfuseAttributeMapper.OBSERVATION_INPUT));
    assertEquals(501, input.size(), "system + 500 messages");
    assertEquals(
        "{\"role\":\"assistant\",\"content\":\"" + huge + "\"}",
        out.get(LangfuseAttributeMapper.OBSERVATION_OUTPUT));
  }

  @Test
  void loneSurrogatesComeOutAsValidJson() {
    String odd = "a\uD800b\uDC00c \uD83D\uDE00 \u0000\u202E";
    Attributes canonical =
        CanonicalSpans.chat()
            .put(
                GenAiAttributes.INPUT_MESSAGES,
                GenAiJson.writeMessages(List.of(ChatMessage.text("user", odd))))
            .build();
    Attributes out = Mapping.map(mapper, CanonicalSpans.llmSpan(canonical), 128);
    String input = out.get(LangfuseAttributeMapper.OBSERVATION_INPUT);
    List<?> parsed = (List<?>) Json.parse(input);
    assertEquals(odd, Json.asMap(parsed.get(1)).get("content"));
    assertTrue(input.contains("\\ud800"), input);
  }

  /** Passed through (or spliced) from canonical content that was not valid JSON to begin with. */
  private static boolean isRawPassThrough(SpanData span, String v) {
    Attributes a = span.getAttributes();
    for (String raw :
        new String[] {
          a.get(GenAiAttributes.INPUT_MESSAGES), a.get(GenAiAttributes.SYSTEM_INSTRUCTIONS)
        }) {
      if (raw != null && Json.parseOrDefault(raw, null) == null) {
        return true;
      }
    }
    return v.equals(a.get(GenAiAttributes.INPUT_MESSAGES))
        || v.equals(a.get(GenAiAttributes.OUTPUT_MESSAGES))
        || v.equals(a.get(GenAiAttributes.SYSTEM_INSTRUCTIONS));
  }

  // ---- generators ----

  private static final String[] OPS = {
    "chat", "text_completion", "embeddings", "generate_content", "retrieval", "execute_tool",
    "invoke_agent", "create_agent", "", " ", "unknown_op", "\uD800"
  };

  private static SpanData randomSpan(Random r) {
    AttributesBuilder b = Attributes.builder();
    maybe(r, () -> b.put(GenAiAttributes.OPERATION_NAME, pick(r, OPS)));
    maybe(r, () -> b.put(GenAiAttributes.PROVIDER_NAME, text(r)));
    maybe(r, () -> b.put(GenAiAttributes.REQUEST_MODEL, text(r)));
    maybe(r, () -> b.put(GenAiAttributes.RESPONSE_MODEL, text(r)));
    maybe(r, () -> b.put(GenAiAttributes.REQUEST_TEMPERATURE, oddDouble(r)));
    maybe(r, () -> b.put(GenAiAttributes.REQUEST_TOP_P, oddDouble(r)));
    maybe(r, () -> b.put(GenAiAttributes.REQUEST_MAX_TOKENS, oddLong(r)));
    maybe(r, () -> b.put(GenAiAttributes.REQUEST_STOP_SEQUENCES, List.of(text(r), text(r))));
    maybe(r, () -> b.put(GenAiAttributes.REQUEST_STREAM, r.nextBoolean()));
    maybe(r, () -> b.put(GenAiAttributes.RESPONSE_TIME_TO_FIRST_CHUNK, oddDouble(r)));
    maybe(r, () -> b.put(GenAiAttributes.USAGE_INPUT_TOKENS, oddLong(r)));
    maybe(r, () -> b.put(GenAiAttributes.USAGE_OUTPUT_TOKENS, oddLong(r)));
    maybe(r, () -> b.put(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS, oddLong(r)));
    maybe(r, () -> b.put(GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS, oddLong(r)));
    maybe(r, () -> b.put(GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS, oddLong(r)));
    maybe(r, () -> b.put(GenAiAttributes.COST_TOTAL_USD, oddDouble(r)));
    maybe(r, () -> b.put(GenAiAttributes.COST_INPUT_USD, oddDouble(r)));
    maybe(r, () -> b.put(GenAiAttributes.USER_ID, text(r)));
    maybe(r, () -> b.put(GenAiAttributes.CONVERSATION_ID, text(r)));
    maybe(r, () -> b.put(GenAiAttributes.TAGS, List.of(text(r), text(r), "")));
    maybe(r, () -> b.put(GenAiAttributes.METADATA, json(r)));
    maybe(r, () -> b.put(GenAiAttributes.INPUT_MESSAGES, json(r)));
    maybe(r, () -> b.put(GenAiAttributes.OUTPUT_MESSAGES, json(r)));
    maybe(r, () -> b.put(GenAiAttributes.SYSTEM_INSTRUCTIONS, json(r)));
    maybe(r, () -> b.put(GenAiAttributes.TOOL_DEFINITIONS, json(r)));
    maybe(r, () -> b.put(AttributeKey.stringKey("session.id"), text(r)));
    maybe(r, () -> b.put(AttributeKey.longKey("user.id.numeric"), r.nextLong()));
    int extra = r.nextInt(5) == 0 ? r.nextInt(300) : 0;
    for (int i = 0; i < extra; i++) {
      b.put("host.attr." + i, text(r));
    }
    List<EventData> events = new ArrayList<>();
    if (r.nextBoolean()) {
      AttributesBuilder e = Attributes.builder();
      maybe(r, () -> e.put("exception.type", text(r)));
      maybe(r, () -> e.put("exception.message", text(r)));
      events.add(EventData.create(1L, "exception", e.build()));
    }
    StatusData status =
        switch (r.nextInt(3)) {
          case 0 -> StatusData.unset();
          case 1 -> StatusData.error();
          default -> StatusData.create(StatusCode.ERROR, text(r));
        };
    long start = r.nextInt(10) == 0 ? Long.MAX_VALUE - r.nextInt(1000) : CanonicalSpans.START_NANOS;
    return TestSpanData.builder()
        .setSpanContext(CanonicalSpans.LLM)
        .setParentSpanContext(r.nextBoolean() ? CanonicalSpans.SERVER : SpanContext.getInvalid())
        .setName(text(r))
        .setKind(SpanKind.values()[r.nextInt(SpanKind.values().length)])
        .setStartEpochNanos(start)
        .setEndEpochNanos(start)
        .setAttributes(b.build())
        .setStatus(status)
        .setEvents(events)
        .setTotalRecordedEvents(events.size())
        .setHasEnded(true)
        .build();
  }

  private static void maybe(Random r, Runnable action) {
    if (r.nextInt(3) != 0) {
      action.run();
    }
  }

  private static <T> T pick(Random r, T[] values) {
    return values[r.nextInt(values.length)];
  }

  private static double oddDouble(Random r) {
    double[] odd = {
      Double.NaN,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      -1.0,
      0.0,
      1e308,
      Double.MIN_VALUE,
      0.25
    };
    return r.nextBoolean() ? odd[r.nextInt(odd.length)] : r.nextDouble() * 10;
  }

  private static long oddLong(Random r) {
    long[] odd = {Long.MIN_VALUE, Long.MAX_VALUE, -1, 0, 1};
    return r.nextBoolean() ? odd[r.nextInt(odd.length)] : r.nextInt(100_000);
  }

  private static String text(Random r) {
    switch (r.nextInt(8)) {
      case 0:
        return "";
      case 1:
        return "\uD800";
      case 2:
        return "\uDC00x\uD83D";
      case 3:
        // huge content, but rarely: 500 messages of 200k each would only test the CPU
        return r.nextInt(20) == 0 ? "x".repeat(200_000) : "y".repeat(r.nextInt(2_000));
      case 4:
        return "\u0000\u001F\"\\\u2028\u202E";
      case 5:
        return "日本語 🎉";
      default:
        return "t" + r.nextInt(1000);
    }
  }

  /** Valid semconv messages, or other JSON, or malformed JSON. */
  private static String json(Random r) {
    switch (r.nextInt(9)) {
      case 0:
        return "";
      case 1:
        return "{\"role\": \"user\", \"parts\": [";
      case 2:
        return "[".repeat(1000);
      case 3:
        return "null";
      case 4:
        return "[{\"role\":null,\"parts\":{}} , 1, \"x\", [], {\"parts\":[{\"type\":\"tool_call\"}]}]";
      case 5:
        {
          Map<String, Object> m = new LinkedHashMap<>();
          int n = r.nextInt(400);
          for (int i = 0; i < n; i++) {
            m.put(i % 7 == 0 ? "" : "k" + i, i % 3 == 0 ? List.of(i) : (Object) text(r));
          }
          m.put("bool", true);
          m.put("dbl", 1.5);
          m.put("nul", null);
          return Json.write(m);
        }
      case 6:
        return "[{\"role\":\"user\",\"parts\":[{\"type\":\"blob\",\"mime_type\":\"image/png\","
            + "\"content\":\"AAAA\"},{\"type\":\"text\",\"content\":{\"nested\":[1,2]}},"
            + "{\"type\":\"tool_call_response\",\"response\":{\"a\":null}}]}]";
      default:
        {
          int n = r.nextInt(10) == 0 ? 500 : r.nextInt(6);
          List<ChatMessage> msgs = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            switch (r.nextInt(4)) {
              case 0 -> msgs.add(ChatMessage.text("user", text(r)));
              case 1 ->
                  msgs.add(
                      new ChatMessage(
                          "assistant",
                          List.of(
                              new MessagePart.ToolCall(
                                  r.nextBoolean() ? null : text(r),
                                  text(r),
                                  r.nextBoolean() ? "{not json" : Map.of("k", text(r)))),
                          "tool_calls"));
              case 2 ->
                  msgs.add(
                      ChatMessage.toolResponse(
                          r.nextBoolean() ? null : text(r),
                          r.nextBoolean() ? text(r) : List.of(1, "x")));
              default -> msgs.add(new ChatMessage(text(r), List.of(), null));
            }
          }
          return GenAiJson.writeMessages(msgs);
        }
    }
  }
}
