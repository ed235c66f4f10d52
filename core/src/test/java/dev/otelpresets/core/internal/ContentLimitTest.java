package dev.otelpresets.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.spi.genai.GenAiContent.MessagePart;
import dev.otelpresets.spi.genai.GenAiContent.ToolDefinition;
import dev.otelpresets.support.internal.GenAiJson;
import dev.otelpresets.support.internal.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Content attributes stay within the limit and stay valid JSON that the mappers can read. */
class ContentLimitTest {
  private static final int LIMIT = 4096;
  private final ContentLimit limit = new ContentLimit(LIMIT);

  @Test
  void contentUnderTheLimitIsWrittenAsIs() {
    List<ChatMessage> m = List.of(ChatMessage.text("user", "hello"));
    assertEquals(GenAiJson.writeMessages(m), limit.messages(m));
  }

  @Test
  void aHugeTextIsCutWithAMarkerAndTheJsonStaysValid() {
    String prompt = "a".repeat(2_000_000);
    String json =
        limit.messages(
            List.of(ChatMessage.text("system", "be brief"), ChatMessage.text("user", prompt)));
    assertTrue(json.length() <= LIMIT, "length " + json.length());
    List<ChatMessage> back = GenAiJson.readMessages(json);
    assertEquals(2, back.size());
    assertEquals("be brief", back.get(0).textContent(), "short texts are kept whole");
    String cut = back.get(1).textContent();
    int kept = cut.indexOf('\u2026');
    assertTrue(kept > 1000, cut);
    assertEquals("a".repeat(kept) + ContentLimit.marker(2_000_000 - kept), cut);
  }

  @Test
  void toolArgumentsResultsAndOtherPartsAreCutInsideTheirJson() {
    String big = "b".repeat(100_000);
    ChatMessage call =
        new ChatMessage(
            "assistant",
            List.of(new MessagePart.ToolCall("c1", "search", Map.of("query", big))),
            "tool_calls");
    ChatMessage result = ChatMessage.toolResponse("c1", Map.of("rows", List.of(big, "x")));
    ChatMessage blob =
        new ChatMessage(
            "user",
            List.of(
                new MessagePart.Other("blob", Map.of("mime_type", "image/png", "content", big))),
            null);
    String json = limit.messages(List.of(call, result, blob));
    assertTrue(json.length() <= LIMIT, "length " + json.length());
    List<ChatMessage> back = GenAiJson.readMessages(json);
    assertEquals(3, back.size());
    Map<String, Object> args = Json.asMap(back.get(0).toolCalls().get(0).arguments());
    assertTrue(((String) args.get("query")).contains("\u2026[truncated "), args.toString());
    assertTrue(
        GenAiJson.responseText((MessagePart.ToolCallResponse) back.get(1).parts().get(0))
            .contains("\u2026[truncated "));
    MessagePart.Other other = (MessagePart.Other) back.get(2).parts().get(0);
    assertEquals("image/png", other.fields().get("mime_type"));
    assertTrue(((String) other.fields().get("content")).contains("\u2026[truncated "));
  }

  @Test
  void tooManyMessagesKeepTheNewestAndSayHowManyWereDropped() {
    List<ChatMessage> history = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      history.add(ChatMessage.text(i % 2 == 0 ? "user" : "assistant", "turn " + i));
    }
    String json = limit.messages(history);
    assertTrue(json.length() <= LIMIT, "length " + json.length());
    List<ChatMessage> back = GenAiJson.readMessages(json);
    assertTrue(back.size() > 10 && back.size() < 1000, "kept " + back.size());
    assertEquals("turn 999", back.get(back.size() - 1).textContent());
    assertTrue(
        back.get(0)
            .textContent()
            .endsWith("\u2026[truncated " + (1000 - back.size()) + " earlier messages]"),
        back.get(0).textContent());
  }

  @Test
  void tooManyToolsKeepTheFirstAndSayHowManyWereDropped() {
    List<ToolDefinition> tools = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      tools.add(ToolDefinition.function("tool_" + i, "does " + i, Map.of("type", "object")));
    }
    String json = limit.toolDefinitions(tools);
    assertTrue(json.length() <= LIMIT, "length " + json.length());
    List<ToolDefinition> back = GenAiJson.readToolDefinitions(json);
    assertEquals("tool_0", back.get(0).name());
    ToolDefinition last = back.get(back.size() - 1);
    assertEquals("\u2026[truncated " + (1000 - back.size()) + " more tools]", last.description());
  }

  @Test
  void systemInstructionsAreCutToo() {
    String json = limit.parts(List.of(new MessagePart.Text("s".repeat(50_000))));
    assertTrue(json.length() <= LIMIT);
    assertTrue(
        GenAiJson.readParts(json).get(0) instanceof MessagePart.Text t
            && t.content().contains("\u2026[truncated "));
  }

  @Test
  void aCutNeverSplitsASurrogatePair() {
    String emoji = "\uD83D\uDE00".repeat(100);
    for (int cap = 30; cap < 60; cap++) {
      String cut = ContentLimit.cut(emoji, cap);
      assertTrue(cut.length() <= cap, cut);
      int kept = cut.indexOf('\u2026');
      assertEquals(0, kept % 2, "cap " + cap + ": " + cut);
    }
    String s = "short";
    assertSame(s, ContentLimit.cut(s, 10));
  }

  @Test
  void aLimitTooSmallForAnyMessageLeavesTheAttributeOut() {
    assertNull(new ContentLimit(10).messages(List.of(ChatMessage.text("user", "hello world"))));
  }
}
