package dev.otelpresets.testkit.conformance;

import static io.opentelemetry.api.common.AttributeKey.booleanKey;
import static io.opentelemetry.api.common.AttributeKey.doubleKey;
import static io.opentelemetry.api.common.AttributeKey.longArrayKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

import dev.otelpresets.spi.GenAiAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A deterministic generator of canonical-looking finished spans that stress an {@link
 * dev.otelpresets.spi.AttributeMapper}: missing fields, wrong attribute types, huge content, odd
 * unicode (lone surrogates, RTL overrides, NUL, combining marks, emoji), up to 500 messages,
 * malformed and deeply nested JSON, extreme numbers, attribute sets already at the limit.
 *
 * <p>Case {@code i} of seed {@code s} is always the same span, so a failure names the seed and the
 * case and can be replayed with {@link #span(long, int, int)}.
 */
public final class SpanGenerator {
  private static final String[] OPERATIONS = {
    "chat",
    "text_completion",
    "embeddings",
    "generate_content",
    "retrieval",
    "execute_tool",
    "invoke_agent",
    "create_agent"
  };

  private SpanGenerator() {}

  /**
   * Case {@code index} of {@code seed}: a span with at most {@code attributeLimit} attributes (as
   * the SDK would deliver it under that limit).
   */
  public static GeneratedSpan span(long seed, int index, int attributeLimit) {
    Random r = new Random(seed * 1_000_003L + index);
    Map<String, Entry> attrs = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    boolean llm = r.nextInt(5) != 0;
    if (llm) {
      int op = r.nextInt(OPERATIONS.length + 2);
      if (op < OPERATIONS.length) {
        put(attrs, GenAiAttributes.OPERATION_NAME, OPERATIONS[op]);
      } else if (op == OPERATIONS.length) {
        put(attrs, GenAiAttributes.OPERATION_NAME, oddString(r));
        notes.add("odd operation");
      } else {
        notes.add("no operation");
      }
      maybe(
          r,
          attrs,
          GenAiAttributes.PROVIDER_NAME,
          () -> pick(r, "openai", "anthropic", "aws.bedrock", "gcp.vertex_ai", oddString(r)));
      stringOrWrongType(r, attrs, GenAiAttributes.REQUEST_MODEL.getKey(), notes);
      stringOrWrongType(r, attrs, GenAiAttributes.RESPONSE_MODEL.getKey(), notes);
      maybe(r, attrs, GenAiAttributes.RESPONSE_ID, () -> oddString(r));
      maybe(r, attrs, GenAiAttributes.REQUEST_TEMPERATURE, () -> oddDouble(r));
      maybe(r, attrs, GenAiAttributes.REQUEST_TOP_P, () -> oddDouble(r));
      maybe(r, attrs, GenAiAttributes.REQUEST_MAX_TOKENS, () -> oddLong(r));
      maybe(r, attrs, GenAiAttributes.REQUEST_SEED, () -> oddLong(r));
      maybe(r, attrs, GenAiAttributes.REQUEST_STREAM, r::nextBoolean);
      maybe(r, attrs, GenAiAttributes.REQUEST_STOP_SEQUENCES, () -> strings(r, r.nextInt(4)));
      maybe(
          r,
          attrs,
          GenAiAttributes.RESPONSE_FINISH_REASONS,
          () -> strings(r, r.nextInt(3) == 0 ? 300 : r.nextInt(3)));
      maybe(r, attrs, GenAiAttributes.RESPONSE_TIME_TO_FIRST_CHUNK, () -> oddDouble(r));
      tokensOrWrongType(r, attrs, GenAiAttributes.USAGE_INPUT_TOKENS.getKey(), notes);
      tokensOrWrongType(r, attrs, GenAiAttributes.USAGE_OUTPUT_TOKENS.getKey(), notes);
      maybe(r, attrs, GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS, () -> oddLong(r));
      maybe(r, attrs, GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS, () -> oddLong(r));
      maybe(r, attrs, GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS, () -> oddLong(r));
      maybe(r, attrs, GenAiAttributes.CONVERSATION_ID, () -> oddString(r));
      maybe(r, attrs, GenAiAttributes.AGENT_NAME, () -> oddString(r));
      maybe(r, attrs, GenAiAttributes.TOOL_NAME, () -> oddString(r));
      maybe(r, attrs, GenAiAttributes.TOOL_CALL_ID, () -> oddString(r));
      maybe(r, attrs, GenAiAttributes.SERVER_ADDRESS, () -> oddString(r));
      maybe(r, attrs, GenAiAttributes.SERVER_PORT, () -> oddLong(r));
      maybe(r, attrs, GenAiAttributes.USER_ID, () -> oddString(r));
      maybe(r, attrs, GenAiAttributes.COST_TOTAL_USD, () -> oddDouble(r));
      maybe(r, attrs, GenAiAttributes.TAGS, () -> strings(r, r.nextInt(5)));
      maybe(
          r,
          attrs,
          GenAiAttributes.METADATA,
          () ->
              r.nextBoolean()
                  ? "{\"feature\":\""
                      + jsonEscape(oddString(r))
                      + "\",\"n\":1,\"nested\":{\"a\":[1,2,null]}}"
                  : json(r, notes));
      if (r.nextInt(3) == 0) {
        put(
            attrs,
            GenAiAttributes.ERROR_TYPE,
            pick(r, "java.io.IOException", "500", "", oddString(r)));
      }
      // content: messages, system instructions, tool definitions
      maybe(r, attrs, GenAiAttributes.INPUT_MESSAGES, () -> messages(r, notes));
      maybe(r, attrs, GenAiAttributes.OUTPUT_MESSAGES, () -> messages(r, notes));
      maybe(
          r,
          attrs,
          GenAiAttributes.SYSTEM_INSTRUCTIONS,
          () ->
              r.nextBoolean()
                  ? "[{\"type\":\"text\",\"content\":\"" + jsonEscape(content(r, notes)) + "\"}]"
                  : json(r, notes));
      maybe(
          r,
          attrs,
          GenAiAttributes.TOOL_DEFINITIONS,
          () ->
              r.nextBoolean()
                  ? "[{\"type\":\"function\",\"name\":\""
                      + jsonEscape(oddString(r))
                      + "\",\"description\":\"d\",\"parameters\":{\"type\":\"object\"}}]"
                  : json(r, notes));
    } else {
      put(attrs, stringKey("http.request.method"), "POST");
      put(attrs, stringKey("http.route"), oddString(r));
      notes.add("non-LLM span");
    }
    // unrelated keys, sometimes enough to fill the limit exactly
    int extra = r.nextInt(4) == 0 ? attributeLimit : r.nextInt(6);
    for (int i = 0; i < extra; i++) {
      put(attrs, stringKey("app.extra." + i), oddString(r));
    }
    if (extra >= attributeLimit) {
      notes.add("attributes at the limit");
    }
    AttributesBuilder b = Attributes.builder();
    int n = 0;
    for (Entry e : attrs.values()) {
      if (n++ >= attributeLimit) {
        break;
      }
      e.putInto(b);
    }
    Attributes attributes = b.build();

    List<EventData> events = new ArrayList<>();
    boolean error = r.nextInt(4) == 0;
    long start = 1_700_000_000_000_000_000L + r.nextInt(1_000_000);
    long end = start + (r.nextInt(10) == 0 ? 0 : r.nextInt(1_000_000_000));
    if (error) {
      events.add(
          EventData.create(
              end,
              "exception",
              Attributes.builder()
                  .put("exception.type", "java.io.IOException")
                  .put("exception.message", oddString(r))
                  .put("exception.stacktrace", content(r, notes))
                  .build()));
    }
    SpanContext ctx =
        SpanContext.create(hex(r, 16), hex(r, 8), TraceFlags.getSampled(), TraceState.getDefault());
    SpanContext parent =
        r.nextBoolean()
            ? SpanContext.getInvalid()
            : SpanContext.create(
                ctx.getTraceId(), hex(r, 8), TraceFlags.getSampled(), TraceState.getDefault());
    StatusData status =
        error
            ? StatusData.create(StatusCode.ERROR, oddString(r))
            : r.nextBoolean() ? StatusData.unset() : StatusData.ok();
    String name = llm ? pick(r, "chat gpt-4o", "", oddString(r)) : "POST /v1/chat/completions";
    SpanKind kind =
        llm ? (r.nextInt(5) == 0 ? SpanKind.INTERNAL : SpanKind.CLIENT) : SpanKind.SERVER;
    Resource resource =
        Resource.create(
            Attributes.of(stringKey("service.name"), r.nextBoolean() ? "gateway" : oddString(r)));
    String description =
        "case "
            + index
            + " of seed "
            + seed
            + " (limit "
            + attributeLimit
            + ", "
            + attributes.size()
            + " attributes, "
            + kind
            + ", "
            + String.join(", ", notes)
            + "; keys "
            + keysOf(attributes)
            + ")";
    return new GeneratedSpan(
        name,
        kind,
        ctx,
        parent,
        status,
        start,
        end,
        attributes,
        List.copyOf(events),
        resource,
        description);
  }

  private static String keysOf(Attributes a) {
    List<String> keys = new ArrayList<>();
    a.forEach(
        (k, v) -> {
          if (!k.getKey().startsWith("app.extra.")) {
            keys.add(k.getKey() + ":" + k.getType());
          }
        });
    return keys.toString();
  }

  // ---- values

  /** Strings chosen to break naive code: lone surrogates, RTL override, NUL, long, JSON-ish. */
  static String oddString(Random r) {
    switch (r.nextInt(16)) {
      case 0:
        return "";
      case 1:
        return " ";
      case 2:
        return "\uD800";
      case 3:
        return "a\uDC00b";
      case 4:
        return "\uDC00\uD800";
      case 5:
        return "🦜🔗👩‍👩‍👧‍👦";
      case 6:
        return "\u202Eevil\u202C";
      case 7:
        return "nul\u0000byte\u0007\u001b[31m";
      case 8:
        return "e\u0301\u0301\u0301";
      case 9:
        return "\"quoted\" \\back\\slash\n\r\t";
      case 10:
        return "null";
      case 11:
        return "</script><script>alert(1)</script>";
      case 12:
        return "日本語テキスト";
      case 13:
        return "x".repeat(10_000);
      case 14:
        return "{\"not\":\"closed\"";
      default:
        return "user-" + r.nextInt(1000);
    }
  }

  /** {@link #oddString} without the long one, for the many-message cases. */
  private static String shortOddString(Random r) {
    String s = oddString(r);
    return s.length() > 100 ? "long" : s;
  }

  private static String content(Random r, List<String> notes) {
    int kind = r.nextInt(10);
    if (kind == 0) {
      notes.add("huge content");
      return "The quick brown fox 🦊 \uD83D".repeat(8_000); // ~200 KB, ends in a lone surrogate
    }
    return oddString(r);
  }

  private static double oddDouble(Random r) {
    switch (r.nextInt(8)) {
      case 0:
        return Double.NaN;
      case 1:
        return Double.POSITIVE_INFINITY;
      case 2:
        return -0.0;
      case 3:
        return -1;
      case 4:
        return Double.MAX_VALUE;
      default:
        return r.nextDouble();
    }
  }

  private static long oddLong(Random r) {
    switch (r.nextInt(6)) {
      case 0:
        return -1;
      case 1:
        return Long.MAX_VALUE;
      case 2:
        return Long.MIN_VALUE;
      case 3:
        return 0;
      default:
        return r.nextInt(100_000);
    }
  }

  private static List<String> strings(Random r, int n) {
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(oddString(r));
    }
    return out;
  }

  /** A message list in the conventions' parts shape, or something malformed. */
  private static String messages(Random r, List<String> notes) {
    if (r.nextInt(4) == 0) {
      return json(r, notes);
    }
    int count =
        switch (r.nextInt(6)) {
          case 0 -> 0;
          case 1 -> 500;
          default -> 1 + r.nextInt(4);
        };
    if (count == 500) {
      notes.add("500 messages");
    }
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        sb.append(',');
      }
      String role = pick(r, "system", "user", "assistant", "tool", oddString(r));
      sb.append("{\"role\":\"").append(jsonEscape(role)).append("\",\"parts\":[");
      switch (r.nextInt(5)) {
        case 0 ->
            sb.append("{\"type\":\"tool_call\",\"id\":\"")
                .append(jsonEscape(oddString(r)))
                .append("\",\"name\":\"get_weather\",\"arguments\":")
                .append(r.nextBoolean() ? "{\"city\":\"Paris\"}" : "\"not an object\"")
                .append('}');
        case 1 ->
            sb.append("{\"type\":\"tool_call_response\",\"id\":\"c1\",\"response\":")
                .append(r.nextBoolean() ? "\"" + jsonEscape(oddString(r)) + "\"" : "{\"x\":[1,2]}")
                .append('}');
        case 2 ->
            sb.append("{\"type\":\"").append(jsonEscape(oddString(r))).append("\",\"content\":42}");
        case 3 -> sb.append("{\"type\":\"text\"}"); // missing content
        default ->
            sb.append("{\"type\":\"text\",\"content\":\"")
                .append(jsonEscape(count == 500 ? shortOddString(r) : content(r, notes)))
                .append("\"}");
      }
      sb.append(']');
      if (r.nextInt(3) == 0) {
        sb.append(",\"finish_reason\":\"").append(jsonEscape(oddString(r))).append('"');
      }
      sb.append('}');
    }
    return sb.append(']').toString();
  }

  /** Malformed or surprising JSON. */
  private static String json(Random r, List<String> notes) {
    notes.add("malformed JSON");
    switch (r.nextInt(12)) {
      case 0:
        return "";
      case 1:
        return "{";
      case 2:
        return "[[[";
      case 3:
        return "null";
      case 4:
        return "42";
      case 5:
        return "\"a string\"";
      case 6:
        return "[{\"role\":1,\"parts\":\"x\"}]";
      case 7:
        return "[null,{},[],{\"parts\":[null]}]";
      case 8:
        return "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"unterminated";
      case 9:
        notes.add("deeply nested");
        return "[".repeat(3000) + "]".repeat(3000);
      case 10:
        return "{\"a\":1,\"a\":2,\"\\ud800\":\"\\udc00\"}";
      default:
        return "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"ok\"}]}]"
            + " trailing garbage";
    }
  }

  private static void stringOrWrongType(
      Random r, Map<String, Entry> attrs, String key, List<String> notes) {
    switch (r.nextInt(6)) {
      case 0 -> notes.add("no " + key);
      case 1 -> {
        put(attrs, longKey(key), 5L);
        notes.add(key + " as long");
      }
      default -> put(attrs, stringKey(key), pick(r, "gpt-4o", "gpt-4o-2024-08-06", oddString(r)));
    }
  }

  private static void tokensOrWrongType(
      Random r, Map<String, Entry> attrs, String key, List<String> notes) {
    switch (r.nextInt(7)) {
      case 0 -> notes.add("no " + key);
      case 1 -> {
        put(attrs, stringKey(key), pick(r, "many", "12", ""));
        notes.add(key + " as string");
      }
      case 2 -> {
        put(attrs, doubleKey(key), oddDouble(r));
        notes.add(key + " as double");
      }
      case 3 -> {
        put(attrs, longArrayKey(key), List.of(1L, 2L));
        notes.add(key + " as array");
      }
      case 4 -> {
        put(attrs, booleanKey(key), true);
        notes.add(key + " as boolean");
      }
      default -> put(attrs, longKey(key), oddLong(r));
    }
  }

  private static <T> void maybe(
      Random r,
      Map<String, Entry> attrs,
      AttributeKey<T> key,
      java.util.function.Supplier<T> value) {
    if (r.nextInt(10) < 6) {
      put(attrs, key, value.get());
    }
  }

  private static <T> void put(Map<String, Entry> attrs, AttributeKey<T> key, T value) {
    attrs.put(key.getKey(), new Entry(key, value)); // one type per key name, as on the wire
  }

  @SafeVarargs
  private static <T> T pick(Random r, T... options) {
    return options[r.nextInt(options.length)];
  }

  private static String hex(Random r, int bytes) {
    byte[] b = new byte[bytes];
    r.nextBytes(b);
    b[0] |= 1; // never the all-zero invalid id
    return HexFormat.of().formatHex(b);
  }

  /** Escapes quotes, backslashes and control characters; leaves lone surrogates in place. */
  static String jsonEscape(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private record Entry(AttributeKey<?> key, Object value) {
    @SuppressWarnings("unchecked")
    void putInto(AttributesBuilder b) {
      b.put((AttributeKey<Object>) key, value);
    }
  }
}
