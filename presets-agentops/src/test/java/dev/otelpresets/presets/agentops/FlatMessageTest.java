package dev.otelpresets.presets.agentops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.presets.agentops.AgentOpsAttributeMapper.Flat;
import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.spi.genai.GenAiContent.MessagePart;
import dev.otelpresets.testkit.ContentFixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A message of one text is flattened by a shortcut ({@link Flat#of}): random messages, one text or
 * any parts, give exactly what the general path ({@link Flat#general}) reads from them.
 */
class FlatMessageTest {
  private static final String ALPHABET = "ab Z9 \"\\\n\t\u0001\u00e9\u4e2d\uD83D\uDE00\uD800";
  private static final String[] ROLES = {"user", "assistant", "tool", "system", ""};

  @Test
  void theOneTextShortcutReadsWhatTheGeneralPathReads() {
    Random r = new Random(20261202L);
    int shortcut = 0;
    for (int run = 0; run < 5000; run++) {
      List<MessagePart> parts = new ArrayList<>();
      for (int j = r.nextInt(4); j > 0; j--) {
        parts.add(part(r));
      }
      if (r.nextBoolean()) {
        parts = List.of(new MessagePart.Text(text(r)));
      }
      String finish = r.nextBoolean() ? null : text(r);
      ChatMessage m = new ChatMessage(ROLES[r.nextInt(ROLES.length)], parts, finish);
      assertEquals(Flat.general(m), Flat.of(m), "run " + run);
      assertEquals(Flat.general(m).size(), Flat.of(m).size(), "run " + run);
      if (parts.size() == 1 && parts.get(0) instanceof MessagePart.Text) {
        shortcut++;
      }
    }
    assertTrue(shortcut > 1000, "runs of one text: " + shortcut);
  }

  private static String text(Random r) {
    String t = ContentFixtures.text(r, ALPHABET);
    return r.nextInt(4) == 0 ? t.repeat(1 + r.nextInt(60)) : t;
  }

  private static MessagePart part(Random r) {
    return switch (r.nextInt(5)) {
      case 0 ->
          new MessagePart.ToolCall(
              r.nextBoolean() ? text(r) : null,
              text(r),
              r.nextBoolean() ? text(r) : Map.of("q", text(r)));
      case 1 ->
          new MessagePart.ToolCallResponse(
              r.nextBoolean() ? "call_1" : null, r.nextBoolean() ? text(r) : Map.of("r", 1L));
      case 2 -> new MessagePart.Other("reasoning", Map.of("content", text(r)));
      default -> new MessagePart.Text(text(r));
    };
  }
}
