package dev.otelpresets.app.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The per-request helpers that replaced regular expressions and JSON trees. */
class MockModelAndWireTest {
  private static final String ALPHABET = " \t\n\u000B\f\r\u0001\u00a0\u2003ab.\u00e9";

  /** The regular-expression versions the mock model used before, as the reference. */
  private static List<String> wordsByRegex(String text) {
    List<String> out = new ArrayList<>();
    for (String w : text.trim().split("\\s+")) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }

  private static String shortenByRegex(String s, int max) {
    String oneLine = s.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "...";
  }

  @Test
  void wordsAndShortenMatchTheirRegexReferencesOnRandomText() {
    Random random = new Random(42);
    for (int n = 0; n < 20_000; n++) {
      StringBuilder sb = new StringBuilder();
      int length = random.nextInt(24);
      for (int i = 0; i < length; i++) {
        sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
      String text = sb.toString();
      assertEquals(wordsByRegex(text), MockModel.words(text), "words of '" + text + "'");
      int max = random.nextInt(12);
      assertEquals(
          shortenByRegex(text, max),
          MockModel.shorten(text, max),
          "shorten('" + text + "', " + max + ")");
    }
    assertEquals(List.of("What", "is", "this?"), MockModel.words("  What is\n\tthis?  "));
    assertEquals("What is...", MockModel.shorten("What   is\nthis?", 7));
  }

  @Test
  void responseBytesAreTheChatCompletionJson() {
    OpenAi.Completion text =
        new OpenAi.Completion(
            "chatcmpl-1", "m", "Hello \"you\"", List.of(), "stop", 12L, 3L, null, null);
    assertEquals(
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,"
            + "\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
            + "\"content\":\"Hello \\\"you\\\"\"},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,\"total_tokens\":15}}",
        new String(OpenAi.responseBytes(text, 1_700_000_000L), StandardCharsets.UTF_8));

    OpenAi.Completion tools =
        new OpenAi.Completion(
            "chatcmpl-2",
            "m",
            null,
            List.of(new OpenAi.ToolCallOut("call_1", "get_weather", "{\"city\":\"Paris\"}")),
            "tool_calls",
            null,
            null,
            null,
            null);
    assertEquals(
        "{\"id\":\"chatcmpl-2\",\"object\":\"chat.completion\",\"created\":5,"
            + "\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
            + "\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
            + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},"
            + "\"logprobs\":null,\"finish_reason\":\"tool_calls\"}]}",
        new String(OpenAi.responseBytes(tools, 5L), StandardCharsets.UTF_8));
  }
}
