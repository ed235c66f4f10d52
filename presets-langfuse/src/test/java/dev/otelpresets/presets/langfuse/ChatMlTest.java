package dev.otelpresets.presets.langfuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.support.internal.GenAiJson;
import dev.otelpresets.support.internal.Json;
import dev.otelpresets.spi.genai.GenAiContent.MessagePart;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The canonical messages as the OpenAI-style chat messages Langfuse renders: exact JSON. */
class ChatMlTest {

  private static String in(ChatMessage... messages) {
    return ChatMl.input(null, GenAiJson.writeMessages(List.of(messages)));
  }

  private static String out(ChatMessage... messages) {
    return ChatMl.output(GenAiJson.writeMessages(List.of(messages)));
  }

  @Test
  void textIsAStringContentAndSystemInstructionsLead() {
    assertEquals("[{\"role\":\"system\",\"content\":\"Be brief.\\nBe kind.\"},"
            + "{\"role\":\"user\",\"content\":\"hi\"}]",
        ChatMl.input(GenAiJson.writeParts(List.of(new MessagePart.Text("Be brief."),
                new MessagePart.Text("Be kind."))),
            GenAiJson.writeMessages(List.of(ChatMessage.text("user", "hi")))));
    // system instructions alone, and a system message among the messages
    assertEquals("[{\"role\":\"system\",\"content\":\"S\"}]",
        ChatMl.input(GenAiJson.writeParts(List.of(new MessagePart.Text("S"))), null));
    assertEquals("[{\"role\":\"system\",\"content\":\"S\"},{\"role\":\"user\",\"content\":\"a\\nb\"}]",
        in(ChatMessage.text("system", "S"), new ChatMessage("user",
            List.of(new MessagePart.Text("a"), new MessagePart.Text("b")), null)));
    // system instructions that are not a parts array: their text as captured
    assertEquals("[{\"role\":\"system\",\"content\":\"plain words\"}]",
        ChatMl.input("plain words", "[]"));
  }

  @Test
  void outputIsOneObjectOrAnArray() {
    assertEquals("{\"role\":\"assistant\",\"content\":\"x\"}",
        out(ChatMessage.text("assistant", "x").withFinishReason("stop")));
    assertEquals("[{\"role\":\"assistant\",\"content\":\"x\"},{\"role\":\"assistant\","
            + "\"content\":\"y\"}]",
        out(ChatMessage.text("assistant", "x"), ChatMessage.text("assistant", "y")));
    assertNull(ChatMl.output("[]"));
    assertNull(ChatMl.output(null));
  }

  @Test
  void toolCallsAndResults() {
    ChatMessage call = new ChatMessage("assistant", List.of(
        new MessagePart.ToolCall("c1", "get_weather", Map.of("city", "Paris")),
        new MessagePart.ToolCall(null, "lookup", "{not json"),
        new MessagePart.ToolCall("c3", "now", null)), "tool_calls");
    assertEquals("{\"role\":\"assistant\",\"tool_calls\":["
            + "{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}},"
            + "{\"id\":\"\",\"type\":\"function\",\"function\":{\"name\":\"lookup\","
            + "\"arguments\":\"{not json\"}},"
            + "{\"id\":\"c3\",\"type\":\"function\",\"function\":{\"name\":\"now\","
            + "\"arguments\":\"{}\"}}]}",
        out(call));
    // each result is its own tool message; a structured result is its JSON text
    ChatMessage results = new ChatMessage("tool", List.of(
        new MessagePart.ToolCallResponse("c1", "sunny"),
        new MessagePart.ToolCallResponse("c3", Map.of("t", 12L)),
        new MessagePart.ToolCallResponse(null, null)), null);
    assertEquals("[{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"sunny\"},"
            + "{\"role\":\"tool\",\"tool_call_id\":\"c3\",\"content\":\"{\\\"t\\\":12}\"},"
            + "{\"role\":\"tool\",\"content\":\"\"}]",
        in(results));
    // a user message carrying a result and text (Anthropic style): the result, then the text
    assertEquals("[{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"ok\"},"
            + "{\"role\":\"user\",\"content\":\"and now?\"}]",
        in(new ChatMessage("user", List.of(new MessagePart.ToolCallResponse("c1", "ok"),
            new MessagePart.Text("and now?")), null)));
  }

  @Test
  void mediaPartsBecomeOpenAiContentParts() {
    ChatMessage m = new ChatMessage("user", List.of(
        new MessagePart.Text("look"),
        new MessagePart.Other("blob", Map.of("modality", "image", "mime_type", "image/jpeg",
            "content", "/9j/4AAQ")),
        new MessagePart.Other("uri", Map.of("modality", "image", "uri", "https://x.test/a.png")),
        new MessagePart.Other("blob", Map.of("modality", "audio", "mime_type", "audio/wav",
            "content", "UklGRg==")),
        new MessagePart.Other("image_url", Map.of("image_url", Map.of("url",
            "https://x.test/b.png")))), null);
    assertEquals("[{\"role\":\"user\",\"content\":["
            + "{\"type\":\"text\",\"text\":\"look\"},"
            + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/jpeg;base64,/9j/4AAQ\"}},"
            + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x.test/a.png\"}},"
            + "{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"data:audio/wav;base64,"
            + "UklGRg==\"}},"
            + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x.test/b.png\"}}]}]",
        in(m));
  }

  @Test
  void otherPartsAreKeptAsCapturedAndReasoningIsThinking() {
    ChatMessage m = new ChatMessage("assistant", List.of(
        new MessagePart.Other("reasoning", Map.of("content", "think first")),
        new MessagePart.Text("answer"),
        new MessagePart.Other("file", Map.of("modality", "document", "file_id", "f-1")),
        new MessagePart.Other("blob", Map.of("modality", "video", "content", "AAAA"))), null);
    Object parsed = Json.parse(out(m));
    assertEquals(Map.of("role", "assistant",
        "content", List.of(Map.of("type", "text", "text", "answer"),
            Map.of("type", "file", "modality", "document", "file_id", "f-1"),
            Map.of("type", "blob", "modality", "video", "content", "AAAA")),
        "thinking", List.of(Map.of("type", "thinking", "content", "think first"))), parsed);
    assertEquals("{\"role\":\"assistant\",\"content\":\"a\",\"thinking\":[{\"type\":\"thinking\","
            + "\"content\":\"r\"}]}",
        out(new ChatMessage("assistant", List.of(new MessagePart.Other("reasoning",
            Map.of("content", "r")), new MessagePart.Text("a")), null)));
    assertEquals("{\"role\":\"assistant\",\"content\":\"\"}",
        out(new ChatMessage("assistant", List.of(), null)));
  }

  @Test
  void unreadableContentPassesThroughAsCaptured() {
    assertEquals("{\"role\": \"user\", \"parts\": [", ChatMl.input(null,
        "{\"role\": \"user\", \"parts\": ["));
    assertEquals("not json", ChatMl.output("not json"));
    assertNull(ChatMl.input(null, " [ ] "));
    assertNull(ChatMl.input("[]", "[]"));
    assertNull(ChatMl.input(null, null));
  }

  @Test
  void textOnlyFastPathWritesWhatReadingAndWritingWrites() {
    String[] texts = {"plain", "", "quote \" and \\ backslash", "new\nline\ttab\r", "\u0000\u001f",
        "emoji \uD83D\uDE00", "lone \uD800 high", "lone \uDC00 low", "\u2028\u202E 日本語", "/slash"};
    Random r = new Random(7);
    for (int i = 0; i < 2_000; i++) {
      List<ChatMessage> messages = new ArrayList<>();
      int n = r.nextInt(5);
      for (int j = 0; j < n; j++) {
        List<MessagePart> parts = new ArrayList<>();
        int k = r.nextInt(3);
        for (int p = 0; p < k; p++) {
          parts.add(new MessagePart.Text(texts[r.nextInt(texts.length)]));
        }
        messages.add(new ChatMessage(r.nextBoolean() ? "user" : "assistant", parts,
            r.nextBoolean() ? "stop" : null));
      }
      String raw = GenAiJson.writeMessages(messages);
      String system = switch (r.nextInt(3)) {
        case 0 -> null;
        case 1 -> "[]";
        default -> GenAiJson.writeParts(List.of(new MessagePart.Text(texts[r.nextInt(
            texts.length)])));
      };
      String reference = ChatMl.readAndWriteInput(system, raw);
      assertEquals(reference, ChatMl.input(system, raw), raw);
      assertEquals(ChatMl.readAndWriteOutput(raw), ChatMl.output(raw), raw);
      if (reference != null) {
        Json.parse(reference); // valid JSON
      }
    }
    // the fast path is the one taken for text-only messages as the core writes them...
    String plain = GenAiJson.writeMessages(List.of(ChatMessage.text("user", "hi"),
        ChatMessage.text("assistant", "emoji \uD83D\uDE00").withFinishReason("stop")));
    assertEquals("[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":"
        + "\"emoji \uD83D\uDE00\"}]", ChatMl.TextOnly.input(null, plain));
    // ...and not for anything else, which is read and written instead
    for (String other : List.of(
        "[{\"role\":\"user\",\"parts\":[{\"type\":\"tool_call_response\",\"id\":\"c\",\"response\":1}]}]",
        "[ {\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"spaced\"}]}]",
        "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"lone \uD800\"}]}]",
        "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"x\"}],\"finish_reason\":null}]",
        "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"x\"}]\"y\"}]",
        "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"bad \\q\"}]}]",
        "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"x\"}]}] trailing")) {
      assertNull(ChatMl.TextOnly.input(null, other), other);
      assertEquals(ChatMl.readAndWriteInput(null, other), ChatMl.input(null, other), other);
      assertEquals(ChatMl.readAndWriteOutput(other), ChatMl.output(other), other);
    }
    // escapes the core's writer does not use: the same JSON value, copied as written
    String escaped = "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":"
        + "\"a\\/b\\u0041\\b\"}]}]";
    assertEquals(Json.parse(ChatMl.readAndWriteInput(null, escaped)),
        Json.parse(ChatMl.input(null, escaped)));
  }
}
