package dev.otelpresets.presets.openinference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.spi.genai.GenAiContent.MessagePart;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link FlatMessage#writeAllText}, the shortcut for text-only messages that all fit, writes
 * exactly what the general path writes, and nothing when it declines: generated messages (text,
 * tool calls and answers, other parts, empty messages, lone surrogates), limits from none left to
 * plenty, and keys of the same names written before the messages.
 */
class TextMessagesTest {
  private static final String[] TEXTS = {
    "hello", "", " ", "emoji \uD83D\uDE00", "lone \uD800 high", "lone low \uDC00", "a\nb"
  };
  private static final String[] ROLES = {"system", "user", "assistant", "tool"};

  @Test
  void shortcutWritesWhatTheGeneralPathWrites() {
    Random r = new Random(20261202L);
    int taken = 0;
    int declinedForRoom = 0;
    int declinedForTools = 0;
    for (int run = 0; run < 5_000; run++) {
      List<ChatMessage> inputs = messages(r);
      List<ChatMessage> outputs = messages(r);
      int limit = 1 + r.nextInt(40);
      int before = r.nextInt(limit + 1); // keys already written: what is left is the budget
      boolean foreign = r.nextInt(4) == 0; // a key the messages write over, written first
      boolean valid = r.nextBoolean();

      BoundedAttributes shortcut = prefilled(limit, before, foreign);
      int size = shortcut.size();
      boolean took = FlatMessage.writeAllText(inputs, outputs, shortcut, valid);
      BoundedAttributes general = prefilled(limit, before, foreign);
      generalPath(inputs, outputs, general, valid);
      Attributes expected = general.build();
      Attributes actual = shortcut.build();
      String what = "run " + run + " " + inputs + " / " + outputs + " limit " + limit;
      if (took) {
        taken++;
        assertEquals(List.copyOf(expected.asMap().entrySet()), entries(actual), what);
        assertEquals(expected.asMap(), actual.asMap(), what);
      } else {
        assertEquals(size, actual.size(), "declined, yet wrote: " + what);
        if (textOnly(inputs) && textOnly(outputs)) {
          declinedForRoom++;
          assertTrue(size(inputs) + size(outputs) > limit - size, what);
        } else {
          declinedForTools++;
        }
      }
    }
    assertTrue(taken > 500, "taken: " + taken);
    assertTrue(declinedForRoom > 500, "declined for room: " + declinedForRoom);
    assertTrue(declinedForTools > 500, "declined for tool parts: " + declinedForTools);
  }

  @Test
  void loneSurrogatesAreReplacedUnlessTheContentIsKnownValid() {
    List<ChatMessage> inputs = List.of(ChatMessage.text("user", "x\uD800"));
    BoundedAttributes out = new BoundedAttributes(8);
    assertTrue(FlatMessage.writeAllText(inputs, List.of(), out, false));
    assertEquals(
        "x\uFFFD", out.build().get(AttributeKey.stringKey("llm.input_messages.0.message.content")));
  }

  @Test
  void aToolAnswerTakesTheGeneralPath() {
    List<ChatMessage> inputs =
        List.of(
            new ChatMessage(
                "assistant", List.of(new MessagePart.ToolCall("c1", "weather", null)), null),
            new ChatMessage(
                "tool", List.of(new MessagePart.ToolCallResponse("c1", "sunny")), null));
    BoundedAttributes out = new BoundedAttributes(32);
    assertFalse(FlatMessage.writeAllText(inputs, List.of(), out, true));
    assertEquals(0, out.size());
  }

  /** The general path, as the mapping takes it when the shortcut declines. */
  private static void generalPath(
      List<ChatMessage> inputs, List<ChatMessage> outputs, BoundedAttributes out, boolean valid) {
    List<FlatMessage> flatIn = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      flatIn.add(FlatMessage.of(inputs.get(i), inputs, i));
    }
    List<FlatMessage> flatOut = new ArrayList<>();
    for (ChatMessage m : outputs) {
      flatOut.add(FlatMessage.of(m));
    }
    FlatMessage.writeWithinBudget(flatIn, flatOut, out, valid);
  }

  private static BoundedAttributes prefilled(int limit, int count, boolean foreign) {
    BoundedAttributes out = new BoundedAttributes(limit);
    for (int i = 0; i < count; i++) {
      if (foreign && i == 0) {
        out.put(AttributeKey.stringKey("llm.input_messages.0.message.role"), "before");
      } else {
        out.putString(AttributeKey.stringKey("k" + i), "v");
      }
    }
    return out;
  }

  private static List<Map.Entry<AttributeKey<?>, Object>> entries(Attributes a) {
    List<Map.Entry<AttributeKey<?>, Object>> out = new ArrayList<>();
    a.forEach((k, v) -> out.add(Map.entry(k, v)));
    return out;
  }

  private static boolean textOnly(List<ChatMessage> messages) {
    for (ChatMessage m : messages) {
      for (MessagePart p : m.parts()) {
        if (p instanceof MessagePart.ToolCall || p instanceof MessagePart.ToolCallResponse) {
          return false;
        }
      }
    }
    return true;
  }

  private static int size(List<ChatMessage> messages) {
    int n = 0;
    for (ChatMessage m : messages) {
      n += m.textContent() != null ? 2 : 1;
    }
    return n;
  }

  private static List<ChatMessage> messages(Random r) {
    List<ChatMessage> out = new ArrayList<>();
    boolean tools = r.nextInt(3) == 0;
    for (int i = r.nextInt(8); i > 0; i--) {
      List<MessagePart> parts = new ArrayList<>();
      for (int j = r.nextInt(4); j > 0; j--) {
        parts.add(part(r, tools));
      }
      out.add(new ChatMessage(ROLES[r.nextInt(ROLES.length)], parts, null));
    }
    return out;
  }

  private static MessagePart part(Random r, boolean tools) {
    String text = TEXTS[r.nextInt(TEXTS.length)];
    return switch (r.nextInt(tools ? 5 : 3)) {
      case 0 -> new MessagePart.Other("reasoning", Map.of("content", text));
      case 3 -> new MessagePart.ToolCall(r.nextBoolean() ? "c1" : null, "f", Map.of("q", text));
      case 4 -> new MessagePart.ToolCallResponse("c1", r.nextBoolean() ? text : null);
      default -> new MessagePart.Text(text);
    };
  }
}
