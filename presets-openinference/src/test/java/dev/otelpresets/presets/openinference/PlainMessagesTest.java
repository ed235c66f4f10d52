package dev.otelpresets.presets.openinference;

import static dev.otelpresets.testkit.ContentFixtures.opaque;
import static dev.otelpresets.testkit.ContentFixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.spi.genai.GenAiContent.MessagePart;
import dev.otelpresets.support.internal.GenAiJson;
import dev.otelpresets.support.internal.ParsedContent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Messages found plain once per span ({@link ParsedContent#plainMessages}) are written without
 * sanitizing them: generated messages, plain and hostile, map exactly as through the sanitizing
 * path (content the mapper cannot know to be plain).
 */
class PlainMessagesTest {
  private static final String PLAIN = "ab Z9 ,.:{}[]/'\u00e9\u4e2d\uD83D\uDE00";
  private static final String HOSTILE = PLAIN + "\"\\\n\t\u0001\u2028\uD800\uDC00";
  private static final String[] ROLES = {"user", "assistant", "tool", "system"};
  private static final String[] OPERATIONS = {"chat", "chat", "embeddings", "text_completion"};

  @Test
  void plainAndHostileMessagesMapAsThroughTheSanitizingPath() {
    Random r = new Random(20261202L);
    OpenInferenceMapper fast = OpenInferenceMapper.create();
    OpenInferenceMapper careful = OpenInferenceMapper.create();
    int plain = 0;
    int lone = 0;
    for (int run = 0; run < 600; run++) {
      int mode = r.nextInt(3); // 0: plain, 1: hostile (escaped), 2: raw lone surrogates
      String alphabet = mode == 1 ? HOSTILE : PLAIN;
      AttributesBuilder b =
          Attributes.builder()
              .put(GenAiAttributes.OPERATION_NAME, OPERATIONS[r.nextInt(OPERATIONS.length)])
              .put(GenAiAttributes.REQUEST_MODEL, "gpt-4o")
              .put(GenAiAttributes.INPUT_MESSAGES, raw(messages(r, alphabet), mode))
              .put(GenAiAttributes.OUTPUT_MESSAGES, raw(messages(r, alphabet), mode));
      if (r.nextBoolean()) {
        b.put(
            GenAiAttributes.SYSTEM_INSTRUCTIONS,
            lone(GenAiJson.writeParts(List.of(new MessagePart.Text(text(r, alphabet)))), mode));
      }
      Attributes in = b.build();
      SpanData span = CanonicalSpans.llm(in);
      ParsedContent content = new ParsedContent(in);
      int limit = 1 + r.nextInt(80);
      Attributes viaFlag = fast.mapChecked(span, content, in, limit);
      Attributes viaScan = careful.mapChecked(span, opaque(content), in, limit);
      assertEquals(viaScan.asMap(), viaFlag.asMap(), "run " + run + " mode " + mode);
      if (mode == 0) {
        assertTrue(content.plainMessages(in), "run " + run);
        plain++;
      } else if (mode == 2 && in.toString().indexOf('\uD800') >= 0) {
        assertFalse(content.plainMessages(in), "run " + run);
        lone++;
        viaFlag.forEach(
            (k, v) -> assertFalse(v.toString().contains("\uD800"), "sanitized: " + k.getKey()));
      }
    }
    assertTrue(plain > 100, "plain runs: " + plain);
    assertTrue(lone > 100, "runs with lone surrogates: " + lone);
  }

  @Test
  void contentOfOtherStringsIsSanitized() {
    String input = GenAiJson.writeMessages(List.of(ChatMessage.text("user", "hi")));
    Attributes in =
        Attributes.builder()
            .put(GenAiAttributes.OPERATION_NAME, "chat")
            .put(GenAiAttributes.INPUT_MESSAGES, input)
            .build();
    ParsedContent content = new ParsedContent(in);
    assertTrue(content.plainMessages(in));
    // the same text in another string, with a lone surrogate where the parsed one has none
    Attributes other =
        in.toBuilder().put(GenAiAttributes.INPUT_MESSAGES, input.replace("hi", "h\uD800")).build();
    Attributes out =
        OpenInferenceMapper.create().mapChecked(CanonicalSpans.llm(other), content, other, 128);
    String value = out.get(AttributeKey.stringKey(OpenInferenceAttributes.INPUT_VALUE));
    assertTrue(value.contains("h\uFFFD"), value);
  }

  static List<ChatMessage> messages(Random r, String alphabet) {
    List<ChatMessage> out = new ArrayList<>();
    for (int i = 1 + r.nextInt(4); i > 0; i--) {
      List<MessagePart> parts = new ArrayList<>();
      for (int j = 1 + r.nextInt(3); j > 0; j--) {
        parts.add(part(r, alphabet));
      }
      out.add(new ChatMessage(ROLES[r.nextInt(ROLES.length)], parts, null));
    }
    return out;
  }

  private static MessagePart part(Random r, String alphabet) {
    return switch (r.nextInt(5)) {
      case 0 ->
          new MessagePart.ToolCall(
              r.nextBoolean() ? text(r, alphabet) : null,
              text(r, alphabet),
              r.nextBoolean() ? text(r, alphabet) : Map.of("q", text(r, alphabet)));
      case 1 ->
          new MessagePart.ToolCallResponse(
              "call_1", r.nextBoolean() ? text(r, alphabet) : Map.of("r", text(r, alphabet)));
      case 2 -> new MessagePart.Other("reasoning", Map.of("content", text(r, alphabet)));
      default -> new MessagePart.Text(text(r, alphabet));
    };
  }

  private static String raw(List<ChatMessage> messages, int mode) {
    return lone(GenAiJson.writeMessages(messages), mode);
  }

  /** In mode 2, every Z a lone surrogate written as it is (no escape: no backslash). */
  private static String lone(String json, int mode) {
    return mode == 2 ? json.replace('Z', '\uD800') : json;
  }
}
