package dev.otelpresets.presets.langfuse;

import static dev.otelpresets.testkit.ContentFixtures.opaque;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.spi.genai.GenAiContent.MessagePart;
import dev.otelpresets.support.internal.GenAiJson;
import dev.otelpresets.support.internal.ParsedContent;
import dev.otelpresets.testkit.ContentFixtures;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Messages found plain once per span ({@link ParsedContent#plainMessages}) are written between
 * quotes without escaping: generated messages, plain and hostile, give exactly the chat JSON of the
 * escaping path (content {@link ChatMl} cannot know to be plain), whichever texts are kept as
 * pieces of the result ({@link JsonPieces}) rather than copied into one builder.
 */
class ChatMlPlainTest {
  private static final String PLAIN = "ab Z9 ,.:{}[]/'\u00e9\u4e2d\uD83D\uDE00";
  private static final String HOSTILE = PLAIN + "\"\\\n\t\u0001\u2028\uD800\uDC00";
  private static final String[] ROLES = {"user", "assistant", "tool", "system", "developer"};
  private static final int[] PIECE_MINS = {
    0, 1, 5, JsonPieces.DEFAULT_PIECE_MIN, Integer.MAX_VALUE
  };

  @Test
  void plainAndHostileMessagesWriteAsThroughTheEscapingPath() {
    Random r = new Random(20261202L);
    int plain = 0;
    int objects = 0;
    for (int run = 0; run < 1000; run++) {
      int mode = r.nextInt(4); // 0: plain, 1: hostile, 2: raw lone surrogates, 3: object texts
      String alphabet = mode == 1 ? HOSTILE : PLAIN;
      String system =
          r.nextBoolean()
              ? null
              : raw(GenAiJson.writeParts(List.of(new MessagePart.Text(text(r, alphabet)))), mode);
      String input = raw(GenAiJson.writeMessages(messages(r, alphabet, mode == 3)), mode);
      String output = raw(GenAiJson.writeMessages(messages(r, alphabet, mode == 3)), mode);
      AttributesBuilder b =
          Attributes.builder()
              .put(GenAiAttributes.INPUT_MESSAGES, input)
              .put(GenAiAttributes.OUTPUT_MESSAGES, output);
      if (system != null) {
        b.put(GenAiAttributes.SYSTEM_INSTRUCTIONS, system);
      }
      ParsedContent content = new ParsedContent(b.build());
      String what = "run " + run + " mode " + mode;
      assertEquals(
          ChatMl.input(system, input, opaque(content)), ChatMl.input(system, input, content), what);
      assertEquals(ChatMl.output(output, opaque(content)), ChatMl.output(output, content), what);
      // texts kept as pieces or copied into the one builder: the same text
      for (int pieceMin : PIECE_MINS) {
        assertEquals(
            ChatMl.input(system, input, opaque(content), Integer.MAX_VALUE),
            ChatMl.input(system, input, content, pieceMin),
            what + " pieceMin " + pieceMin);
        assertEquals(
            ChatMl.output(output, opaque(content), Integer.MAX_VALUE),
            ChatMl.output(output, content, pieceMin),
            what + " pieceMin " + pieceMin);
      }
      if (mode == 0) {
        assertTrue(content.plainMessages(), what);
        plain++;
      } else if (mode == 2 && input.indexOf('\uD800') >= 0) {
        assertFalse(content.plainMessages(), what);
      } else if (mode == 3 && input.contains("{\"o\":\"")) {
        assertFalse(content.plainMessages(), what);
        objects++;
      }
    }
    assertTrue(plain > 100, "plain runs: " + plain);
    assertTrue(objects > 100, "runs with object texts: " + objects);
  }

  @Test
  void aTextWrittenFromAnObjectIsEscaped() {
    String input =
        "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":{\"k\":[\"v\"]}}]}]";
    ParsedContent content = new ParsedContent(Attributes.of(GenAiAttributes.INPUT_MESSAGES, input));
    assertEquals(
        "[{\"role\":\"user\",\"content\":\"{\\\"k\\\":[\\\"v\\\"]}\"}]",
        ChatMl.input(null, input, content));
  }

  private static List<ChatMessage> messages(Random r, String alphabet, boolean textsOnly) {
    List<ChatMessage> out = new ArrayList<>();
    for (int i = 1 + r.nextInt(4); i > 0; i--) {
      List<MessagePart> parts = new ArrayList<>();
      for (int j = 1 + r.nextInt(3); j > 0; j--) {
        parts.add(textsOnly ? new MessagePart.Text(text(r, alphabet)) : part(r, alphabet));
      }
      out.add(new ChatMessage(ROLES[r.nextInt(ROLES.length)], parts, null));
    }
    return out;
  }

  private static MessagePart part(Random r, String alphabet) {
    return switch (r.nextInt(6)) {
      case 0 ->
          new MessagePart.ToolCall(
              r.nextBoolean() ? text(r, alphabet) : null,
              text(r, alphabet),
              switch (r.nextInt(3)) {
                case 0 -> text(r, alphabet);
                case 1 -> Map.of("q", text(r, alphabet));
                default -> null;
              });
      case 1 ->
          new MessagePart.ToolCallResponse(
              r.nextBoolean() ? "call_1" : null,
              r.nextBoolean() ? text(r, alphabet) : Map.of("r", text(r, alphabet)));
      case 2 -> new MessagePart.Other("reasoning", Map.of("content", text(r, alphabet)));
      case 3 -> new MessagePart.Other("uri", Map.of("uri", text(r, alphabet), "modality", "image"));
      default -> new MessagePart.Text(text(r, alphabet));
    };
  }

  /** A random text, a quarter of them long (up to ~400 characters), some empty. */
  private static String text(Random r, String alphabet) {
    String t = ContentFixtures.text(r, alphabet);
    return r.nextInt(4) == 0 ? t.repeat(1 + r.nextInt(45)) : t;
  }

  /**
   * Mode 2: every Z a lone surrogate written as it is (no escape); mode 3: text contents as JSON
   * objects rather than strings (the reader writes them back as text, quotes and all).
   */
  private static String raw(String json, int mode) {
    return switch (mode) {
      case 2 -> json.replace('Z', '\uD800');
      case 3 -> json.replace("\"content\":\"", "\"content\":{\"o\":\"").replace("\"}", "\"}}");
      default -> json;
    };
  }
}
