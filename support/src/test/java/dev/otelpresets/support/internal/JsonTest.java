package dev.otelpresets.support.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.spi.genai.GenAiContent.MessagePart;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void plainTextHasNoBackslashNorLoneSurrogate() {
    assertTrue(Json.isPlain(null));
    assertTrue(Json.isPlain(""));
    assertTrue(Json.isPlain("[{\"role\":\"user\",\"content\":\"h\u00e9llo \uD83D\uDE00 / '\"}]"));
    assertFalse(Json.isPlain("[\"a\\nb\"]"), "an escape");
    assertFalse(Json.isPlain("\\"), "a backslash alone");
    assertFalse(Json.isPlain("[\"a\uD800\"]"), "a lone high surrogate");
    assertFalse(Json.isPlain("[\"a\uDC00\"]"), "a lone low surrogate");
    assertFalse(Json.isPlain("[\"\uDE00\uD83D\"]"), "a pair in the wrong order");
    assertFalse(Json.isPlain("\uD83D"), "a high surrogate at the very end");
    assertTrue(Json.isPlain("\uD83D\uDE00"), "a pair at the very end");
  }

  @Test
  void scanFindsBackslashesLoneSurrogatesAndControlCharactersInOnePass() {
    assertEquals(0, Json.scan(null));
    assertEquals(0, Json.scan("[\"h\u00e9 \uD83D\uDE00\"]"));
    assertEquals(Json.BACKSLASH, Json.scan("[\"\\n\"]"));
    assertEquals(Json.CONTROL, Json.scan("[\n\"a\"]"));
    assertEquals(Json.LONE_SURROGATE | Json.CONTROL, Json.scan("\u0001\uDC00"));
    assertEquals(Json.BACKSLASH | Json.LONE_SURROGATE | Json.CONTROL, Json.scan("\t\\\uD800x"));
  }

  @Test
  void readingWithTheScannedControlFlagAcceptsExactlyWhatTheCheckingReaderAccepts() {
    List<String> texts =
        List.of(
            "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"hi\"}]}]",
            "[\n {\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"hi\"}]}\n]",
            "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"a\tb\"}]}]",
            "[{\"role\":\"us\u0001er\",\"parts\":[]}]",
            "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"a\\tb\"}]}]");
    for (String t : texts) {
      boolean controlFree = (Json.scan(t) & Json.CONTROL) == 0;
      assertEquals(GenAiJson.readMessages(t), GenAiJson.readMessages(t, controlFree), t);
      String parts = "[{\"type\":\"text\",\"content\":" + t + "}]";
      boolean partsFree = (Json.scan(parts) & Json.CONTROL) == 0;
      assertEquals(GenAiJson.readParts(parts), GenAiJson.readParts(parts, partsFree), parts);
    }
    assertEquals(
        List.of(),
        GenAiJson.readMessages(texts.get(2), false),
        "a raw tab in a string is not JSON");
  }

  @Test
  void everyStringReadFromPlainTextIsQuotedAsItIs() {
    Random r = new Random(7);
    String alphabet = "ab \u00e9\u4e2d\uD83D\uDE00\\\"\n\u0001\uD800\uDC00/'";
    int plain = 0;
    for (int run = 0; run < 2000; run++) {
      StringBuilder text = new StringBuilder();
      for (int i = r.nextInt(12); i > 0; i--) {
        text.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      // the text as raw JSON without escaping it: some of these are not JSON at all
      String raw = "[\"" + text + "\"]";
      Object parsed = Json.parseOrDefault(raw, null);
      if (!Json.isPlain(raw) || !(parsed instanceof List<?> l)) {
        continue;
      }
      plain++;
      String s = (String) l.get(0);
      StringBuilder quoted = new StringBuilder();
      Json.quote(s, quoted);
      assertEquals('"' + s + '"', quoted.toString(), "run " + run);
    }
    assertTrue(plain > 100, "plain texts seen: " + plain);
  }

  @Test
  void roundTripsValuesInOrder() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("s", "a\"b\\c\n\u0001é");
    m.put("n", 42L);
    m.put("d", 1.5);
    m.put("b", true);
    m.put("z", null);
    m.put("l", List.of(1L, "x", Map.of("k", false)));
    String json = Json.write(m);
    assertEquals(
        "{\"s\":\"a\\\"b\\\\c\\n\\u0001é\",\"n\":42,\"d\":1.5,\"b\":true,\"z\":null,"
            + "\"l\":[1,\"x\",{\"k\":false}]}",
        json);
    assertEquals(m, Json.parse(json));
  }

  @Test
  void loneSurrogatesAreEscapedSoOutputIsValidUtf8() {
    String lone = "x\uD800y";
    String json = Json.write(lone);
    assertEquals("\"x\\ud800y\"", json);
    assertEquals("\"\uD83D\uDE00\"", Json.write("\uD83D\uDE00"), "pairs are kept");
  }

  @Test
  void quoteMatchesTheCharByCharReferenceOnRandomStrings() {
    java.util.Random rnd = new java.util.Random(42);
    char[] alphabet = {
      'a', 'Z', ' ', '"', '\\', '\n', '\r', '\t', '\u0000', '\u001f', '\u007f', 'é', '\uD83D',
      '\uDE00', '\uD800', '\uDFFF', '\uFFFF', '/'
    };
    for (int n = 0; n < 20_000; n++) {
      StringBuilder s = new StringBuilder();
      int len = rnd.nextInt(12);
      for (int i = 0; i < len; i++) {
        s.append(alphabet[rnd.nextInt(alphabet.length)]);
      }
      String str = s.toString();
      StringBuilder actual = new StringBuilder("prefix");
      Json.quote(str, actual);
      assertEquals("prefix" + referenceQuote(str), actual.toString(), () -> "for " + escaped(str));
      assertEquals(str, Json.parse(referenceQuote(str)));
    }
  }

  /** The original one-char-at-a-time quote, kept as the behavioural reference. */
  private static String referenceQuote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          boolean lone =
              Character.isSurrogate(c)
                  && !(Character.isHighSurrogate(c)
                          && i + 1 < s.length()
                          && Character.isLowSurrogate(s.charAt(i + 1))
                      || Character.isLowSurrogate(c)
                          && i > 0
                          && Character.isHighSurrogate(s.charAt(i - 1)));
          if (c < 0x20 || lone) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static String escaped(String s) {
    StringBuilder b = new StringBuilder();
    s.chars().forEach(c -> b.append(String.format("\\u%04x", c)));
    return b.toString();
  }

  @Test
  void hostileInputIsRejectedNotOverflowed() {
    String deep = "[".repeat(10_000) + "]".repeat(10_000);
    Json.JsonException e = assertThrows(Json.JsonException.class, () -> Json.parse(deep));
    assertTrue(e.getMessage().contains("nesting deeper than"), e.getMessage());
    assertThrows(Json.JsonException.class, () -> Json.parse("{\"a\":1,}"));
    assertThrows(Json.JsonException.class, () -> Json.parse("[1] x"));
    assertEquals("fallback", Json.parseOrDefault("{", "fallback"));
  }

  @Test
  void messagesRoundTripThroughTheConventionsShape() {
    List<ChatMessage> in =
        List.of(
            ChatMessage.text("user", "hi"),
            new ChatMessage(
                "assistant",
                List.of(new MessagePart.ToolCall("c1", "f", Map.of("city", "Paris"))),
                null),
            ChatMessage.toolResponse("c1", "sunny"));
    String json = GenAiJson.writeMessages(in);
    assertEquals(
        "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"hi\"}]},"
            + "{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\",\"id\":\"c1\",\"name\":\"f\","
            + "\"arguments\":{\"city\":\"Paris\"}}]},{\"role\":\"tool\",\"parts\":[{\"type\":"
            + "\"tool_call_response\",\"id\":\"c1\",\"response\":\"sunny\"}]}]",
        json);
    List<ChatMessage> back = GenAiJson.readMessages(json);
    assertEquals(in, back);
    assertEquals("c1", back.get(2).toolCallId());
    assertEquals("{\"city\":\"Paris\"}", GenAiJson.argumentsJson(back.get(1).toolCalls().get(0)));
  }

  @Test
  void readersAreLenient() {
    assertEquals(List.of(), GenAiJson.readMessages("not json"));
    assertEquals(List.of(), GenAiJson.readMessages(null));
    assertEquals(
        1,
        GenAiJson.readMessages(
                "[{\"parts\":[]},{\"role\":\"user\",\"parts\":"
                    + "[{\"no_type\":1},{\"type\":\"image\",\"uri\":\"u\"}]}]")
            .size());
  }

  @Test
  void stringsAroundEscapesReadAsWritten() {
    // several strings per text: the reader keeps the next backslash's position across strings
    java.util.Random rnd = new java.util.Random(7);
    char[] alphabet = {'a', ' ', '"', '\\', '\n', '\u0001', 'é', '\uD83D', '\uDE00', '\uD800', '/'};
    for (int n = 0; n < 5_000; n++) {
      List<Object> strings = new java.util.ArrayList<>();
      StringBuilder json = new StringBuilder("[");
      for (int k = rnd.nextInt(6); k >= 0; k--) {
        StringBuilder str = new StringBuilder();
        for (int i = rnd.nextInt(8); i > 0; i--) {
          str.append(alphabet[rnd.nextInt(alphabet.length)]);
        }
        strings.add(str.toString());
        json.append(json.length() > 1 ? "," : "").append(referenceQuote(str.toString()));
      }
      String text = json.append(']').toString();
      assertEquals(strings, Json.parse(text), () -> "for " + escaped(text));
    }
  }

  @Test
  void rawControlCharactersAndOpenStringsAreRejectedAfterEscapes() {
    assertEquals(List.of("a\"b", "c"), Json.parse("[\"a\\\"b\",\"c\"]"));
    assertEquals(List.of("a", "b\nc"), Json.parse("[\"a\",\"b\\nc\"]"));
    Json.JsonException raw =
        assertThrows(Json.JsonException.class, () -> Json.parse("[\"a\\n\",\"b\u0001c\"]"));
    assertEquals("invalid JSON at offset 9: control character in string", raw.getMessage());
    assertThrows(Json.JsonException.class, () -> Json.parse("[\"x\",\"b\tc\"]"));
    Json.JsonException open =
        assertThrows(Json.JsonException.class, () -> Json.parse("[\"x\",\"y\\\""));
    assertEquals("invalid JSON at offset 9: unterminated string", open.getMessage());
  }
}
