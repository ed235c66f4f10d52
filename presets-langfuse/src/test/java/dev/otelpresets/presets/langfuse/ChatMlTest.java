package dev.otelpresets.presets.langfuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.spi.genai.GenAiContent.MessagePart;
import dev.otelpresets.support.internal.GenAiJson;
import dev.otelpresets.support.internal.Json;
import dev.otelpresets.support.internal.ParsedContent;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The canonical messages as the OpenAI-style chat messages Langfuse renders: exact JSON. */
class ChatMlTest {

  /** {@link ChatMl#input} with the content parsed as the framework parses it. */
  private static String input(String system, String messages) {
    AttributesBuilder b = Attributes.builder();
    if (system != null) {
      b.put(GenAiAttributes.SYSTEM_INSTRUCTIONS, system);
    }
    if (messages != null) {
      b.put(GenAiAttributes.INPUT_MESSAGES, messages);
    }
    return ChatMl.input(system, messages, new ParsedContent(b.build()));
  }

  /** {@link ChatMl#output} with the content parsed as the framework parses it. */
  private static String output(String messages) {
    Attributes a =
        messages == null
            ? Attributes.empty()
            : Attributes.of(GenAiAttributes.OUTPUT_MESSAGES, messages);
    return ChatMl.output(messages, new ParsedContent(a));
  }

  private static String in(ChatMessage... messages) {
    return input(null, GenAiJson.writeMessages(List.of(messages)));
  }

  private static String out(ChatMessage... messages) {
    return output(GenAiJson.writeMessages(List.of(messages)));
  }

  @Test
  void textIsAStringContentAndSystemInstructionsLead() {
    assertEquals(
        "[{\"role\":\"system\",\"content\":\"Be brief.\\nBe kind.\"},"
            + "{\"role\":\"user\",\"content\":\"hi\"}]",
        input(
            GenAiJson.writeParts(
                List.of(new MessagePart.Text("Be brief."), new MessagePart.Text("Be kind."))),
            GenAiJson.writeMessages(List.of(ChatMessage.text("user", "hi")))));
    // system instructions alone, and a system message among the messages
    assertEquals(
        "[{\"role\":\"system\",\"content\":\"S\"}]",
        input(GenAiJson.writeParts(List.of(new MessagePart.Text("S"))), null));
    assertEquals(
        "[{\"role\":\"system\",\"content\":\"S\"},{\"role\":\"user\",\"content\":\"a\\nb\"}]",
        in(
            ChatMessage.text("system", "S"),
            new ChatMessage(
                "user", List.of(new MessagePart.Text("a"), new MessagePart.Text("b")), null)));
    // system instructions that are not a parts array: their text as captured
    assertEquals("[{\"role\":\"system\",\"content\":\"plain words\"}]", input("plain words", "[]"));
  }

  @Test
  void outputIsOneObjectOrAnArray() {
    assertEquals(
        "{\"role\":\"assistant\",\"content\":\"x\"}",
        out(ChatMessage.text("assistant", "x").withFinishReason("stop")));
    assertEquals(
        "[{\"role\":\"assistant\",\"content\":\"x\"},{\"role\":\"assistant\","
            + "\"content\":\"y\"}]",
        out(ChatMessage.text("assistant", "x"), ChatMessage.text("assistant", "y")));
    assertNull(output("[]"));
    assertNull(output(null));
  }

  @Test
  void toolCallsAndResults() {
    ChatMessage call =
        new ChatMessage(
            "assistant",
            List.of(
                new MessagePart.ToolCall("c1", "get_weather", Map.of("city", "Paris")),
                new MessagePart.ToolCall(null, "lookup", "{not json"),
                new MessagePart.ToolCall("c3", "now", null)),
            "tool_calls");
    assertEquals(
        "{\"role\":\"assistant\",\"tool_calls\":["
            + "{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}},"
            + "{\"id\":\"\",\"type\":\"function\",\"function\":{\"name\":\"lookup\","
            + "\"arguments\":\"{not json\"}},"
            + "{\"id\":\"c3\",\"type\":\"function\",\"function\":{\"name\":\"now\","
            + "\"arguments\":\"{}\"}}]}",
        out(call));
    // each result is its own tool message; a structured result is its JSON text
    ChatMessage results =
        new ChatMessage(
            "tool",
            List.of(
                new MessagePart.ToolCallResponse("c1", "sunny"),
                new MessagePart.ToolCallResponse("c3", Map.of("t", 12L)),
                new MessagePart.ToolCallResponse(null, null)),
            null);
    assertEquals(
        "[{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"sunny\"},"
            + "{\"role\":\"tool\",\"tool_call_id\":\"c3\",\"content\":\"{\\\"t\\\":12}\"},"
            + "{\"role\":\"tool\",\"content\":\"\"}]",
        in(results));
    // a user message carrying a result and text (Anthropic style): the result, then the text
    assertEquals(
        "[{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"ok\"},"
            + "{\"role\":\"user\",\"content\":\"and now?\"}]",
        in(
            new ChatMessage(
                "user",
                List.of(
                    new MessagePart.ToolCallResponse("c1", "ok"), new MessagePart.Text("and now?")),
                null)));
  }

  @Test
  void mediaPartsBecomeOpenAiContentParts() {
    ChatMessage m =
        new ChatMessage(
            "user",
            List.of(
                new MessagePart.Text("look"),
                new MessagePart.Other(
                    "blob",
                    Map.of("modality", "image", "mime_type", "image/jpeg", "content", "/9j/4AAQ")),
                new MessagePart.Other(
                    "uri", Map.of("modality", "image", "uri", "https://x.test/a.png")),
                new MessagePart.Other(
                    "blob",
                    Map.of("modality", "audio", "mime_type", "audio/wav", "content", "UklGRg==")),
                new MessagePart.Other(
                    "image_url", Map.of("image_url", Map.of("url", "https://x.test/b.png")))),
            null);
    assertEquals(
        "[{\"role\":\"user\",\"content\":["
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
    ChatMessage m =
        new ChatMessage(
            "assistant",
            List.of(
                new MessagePart.Other("reasoning", Map.of("content", "think first")),
                new MessagePart.Text("answer"),
                new MessagePart.Other("file", Map.of("modality", "document", "file_id", "f-1")),
                new MessagePart.Other("blob", Map.of("modality", "video", "content", "AAAA"))),
            null);
    Object parsed = Json.parse(out(m));
    assertEquals(
        Map.of(
            "role",
            "assistant",
            "content",
            List.of(
                Map.of("type", "text", "text", "answer"),
                Map.of("type", "file", "modality", "document", "file_id", "f-1"),
                Map.of("type", "blob", "modality", "video", "content", "AAAA")),
            "thinking",
            List.of(Map.of("type", "thinking", "content", "think first"))),
        parsed);
    assertEquals(
        "{\"role\":\"assistant\",\"content\":\"a\",\"thinking\":[{\"type\":\"thinking\","
            + "\"content\":\"r\"}]}",
        out(
            new ChatMessage(
                "assistant",
                List.of(
                    new MessagePart.Other("reasoning", Map.of("content", "r")),
                    new MessagePart.Text("a")),
                null)));
    assertEquals(
        "{\"role\":\"assistant\",\"content\":\"\"}",
        out(new ChatMessage("assistant", List.of(), null)));
  }

  @Test
  void unreadableContentPassesThroughAsCaptured() {
    assertEquals(
        "{\"role\": \"user\", \"parts\": [", input(null, "{\"role\": \"user\", \"parts\": ["));
    assertEquals("not json", output("not json"));
    assertNull(input(null, " [ ] "));
    assertNull(input("[]", "[]"));
    assertNull(input(null, null));
  }

  @Test
  void anyTextIsWrittenAsValidJsonCarryingTheText() {
    String[] texts = {
      "plain",
      "",
      "quote \" and \\ backslash",
      "new\nline\ttab\r",
      "\u0000\u001f",
      "emoji \uD83D\uDE00",
      "lone \uD800 high",
      "lone \uDC00 low",
      "\u2028\u202E 日本語",
      "/slash"
    };
    Random r = new Random(7);
    for (int i = 0; i < 2_000; i++) {
      String text = texts[r.nextInt(texts.length)];
      String raw = GenAiJson.writeMessages(List.of(ChatMessage.text("user", text)));
      String system = r.nextBoolean() ? null : "[]";
      Object written = Json.parse(input(system, raw));
      assertEquals(
          List.of(
              Map.of(
                  "role", "user", "content", text.replace('\uD800', '?').replace('\uDC00', '?'))),
          replaceLoneSurrogates(written),
          raw);
    }
    // escapes the core's writer does not use: the same JSON value
    String escaped =
        "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":"
            + "\"a\\/b\\u0041\\b\"}]}]";
    assertEquals("[{\"role\":\"user\",\"content\":\"a/bA\\u0008\"}]", input(null, escaped));
  }

  /** Lone surrogates survive as escapes; compared as '?' so the maps compare equal. */
  private static Object replaceLoneSurrogates(Object json) {
    List<Object> out = new ArrayList<>();
    for (Object o : Json.asList(json)) {
      Map<String, Object> m = new java.util.LinkedHashMap<>(Json.asMap(o));
      m.computeIfPresent(
          "content", (k, v) -> ((String) v).replace('\uD800', '?').replace('\uDC00', '?'));
      out.add(m);
    }
    return out;
  }
}
