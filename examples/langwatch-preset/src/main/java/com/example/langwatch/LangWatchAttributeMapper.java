package com.example.langwatch;

import dev.otelpresets.spi.AttributeMapper;
import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.spi.genai.GenAiContent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;

/**
 * The canonical {@code gen_ai.*} attributes (LangWatch reads the GenAI conventions) plus the keys
 * LangWatch hoists to trace level or uses to type spans:
 *
 * <ul>
 *   <li>{@code langwatch.span.type}: {@code llm} for model calls, {@code tool}, {@code agent},
 *       {@code rag}, else {@code span};
 *   <li>{@code langwatch.thread.id} from {@code gen_ai.conversation.id};
 *   <li>{@code langwatch.user.id} from {@code user.id};
 *   <li>{@code langwatch.labels}: the request's tags as a JSON array.
 * </ul>
 *
 * Pure and allocation-light; never throws; within the limit the LangWatch keys come first, then
 * the canonical keys ({@code gen_ai.*} before the others).
 */
public final class LangWatchAttributeMapper implements AttributeMapper {
  static final AttributeKey<String> SPAN_TYPE = AttributeKey.stringKey("langwatch.span.type");
  static final AttributeKey<String> THREAD_ID = AttributeKey.stringKey("langwatch.thread.id");
  static final AttributeKey<String> USER_ID = AttributeKey.stringKey("langwatch.user.id");
  static final AttributeKey<String> LABELS = AttributeKey.stringKey("langwatch.labels");

  /** LangWatch reads the canonical content keys as they are: {@code content} is not needed. */
  @Override
  public Attributes map(SpanData span, GenAiContent content, int attributeLimit) {
    Attributes in = span.getAttributes();
    AttributesBuilder out = Attributes.builder();
    int[] n = {0};
    String op = in.get(GenAiAttributes.OPERATION_NAME);
    n[0] += put(out, SPAN_TYPE, spanType(op), attributeLimit - n[0]);
    n[0] += put(out, THREAD_ID, in.get(GenAiAttributes.CONVERSATION_ID), attributeLimit - n[0]);
    n[0] += put(out, USER_ID, in.get(GenAiAttributes.USER_ID), attributeLimit - n[0]);
    List<String> tags = in.get(GenAiAttributes.TAGS);
    if (tags != null && !tags.isEmpty()) {
      n[0] += put(out, LABELS, jsonArray(tags), attributeLimit - n[0]);
    }
    // canonical keys: gen_ai.* first, then the rest, until the limit
    List<AttributeKey<?>> genAi = new ArrayList<>();
    List<AttributeKey<?>> other = new ArrayList<>();
    in.forEach((k, v) -> (k.getKey().startsWith("gen_ai.") ? genAi : other).add(k));
    for (List<AttributeKey<?>> keys : List.of(genAi, other)) {
      for (AttributeKey<?> k : keys) {
        if (n[0] >= attributeLimit) {
          return out.build();
        }
        copy(in, out, k);
        n[0]++;
      }
    }
    return out.build();
  }

  static String spanType(String operation) {
    if (operation == null) {
      return "span";
    }
    switch (operation) {
      case GenAiAttributes.Operations.CHAT:
      case GenAiAttributes.Operations.TEXT_COMPLETION:
      case GenAiAttributes.Operations.GENERATE_CONTENT:
      case GenAiAttributes.Operations.EMBEDDINGS:
        return "llm";
      case GenAiAttributes.Operations.EXECUTE_TOOL:
        return "tool";
      case GenAiAttributes.Operations.INVOKE_AGENT:
      case GenAiAttributes.Operations.CREATE_AGENT:
        return "agent";
      case GenAiAttributes.Operations.RETRIEVAL:
        return "rag";
      default:
        return "span";
    }
  }

  private static int put(AttributesBuilder b, AttributeKey<String> key, String value, int room) {
    if (value == null || value.isEmpty() || room <= 0) {
      return 0;
    }
    b.put(key, value);
    return 1;
  }

  @SuppressWarnings("unchecked")
  private static <T> void copy(Attributes in, AttributesBuilder out, AttributeKey<T> key) {
    out.put(key, in.get(key));
  }

  /** A JSON array of strings; lone surrogates and control characters are escaped. */
  static String jsonArray(List<String> values) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      String s = values.get(i) == null ? "" : values.get(i);
      sb.append('"');
      for (int j = 0; j < s.length(); j++) {
        char c = s.charAt(j);
        if (c == '"' || c == '\\') {
          sb.append('\\').append(c);
        } else if (c < 0x20 || Character.isSurrogate(c) && !validPair(s, j)) {
          sb.append(String.format("\\u%04x", (int) c));
        } else {
          sb.append(c);
        }
      }
      sb.append('"');
    }
    return sb.append(']').toString();
  }

  private static boolean validPair(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }

  @Override
  public String toString() {
    return "LangWatchAttributeMapper";
  }
}
