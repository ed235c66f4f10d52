package dev.otelpresets.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otelpresets.core.config.ConfigLocation;
import dev.otelpresets.core.config.RedactionRule;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ContentRedactorTest {
  static final RedactionRule EMAIL = rule("[\\w.+-]+@[\\w-]+\\.[\\w.]+", "<email>");
  static final RedactionRule CARD = rule("\\b(?:\\d[ -]?){12,15}\\d\\b", "<card>");

  /** Backtracks exponentially in java.util.regex (not memoised: a counted repetition). */
  static final RedactionRule CATASTROPHIC = rule("(.*a){12}$", "x");

  static RedactionRule rule(String regex, String replacement) {
    return new RedactionRule(
        Pattern.compile(regex), replacement, new ConfigLocation("policy.yaml", 7, 9));
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void plainTextHasEveryMatchOfEveryRuleReplacedLiterally() {
    ContentRedactor r = new ContentRedactor("b", List.of(EMAIL, rule("secret", "$1\\")));
    assertEquals(
        "mail <email> or <email>, $1\\ ok",
        r.redact("mail jane.doe@example.com or x+y@mail.example.org, secret ok"));
    assertEquals("nothing here", r.redact("nothing here"));
    assertEquals(0, r.failures());
  }

  @Test
  void jsonStaysValidAndOnlyItsContentStringsChange() throws Exception {
    ContentRedactor r = new ContentRedactor("b", List.of(EMAIL, CARD, rule("user", "U")));
    String in =
        "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"card 4111 1111"
            + " 1111 1111, mail é jose@example.com \\\"quoted\\\"\\n line\"},{\"type\":\"tool_call\","
            + "\"name\":\"lookup\",\"arguments\":{\"email\":\"a@b.io\",\"n\":1.50,\"ok\":true}}]}]";
    String out = r.redact(in);
    JsonNode tree = JSON.readTree(out);
    assertEquals("user", tree.get(0).get("role").asText(), "a structural field is left alone");
    JsonNode parts = tree.get(0).get("parts");
    assertEquals("text", parts.get(0).get("type").asText());
    assertEquals(
        "card <card>, mail é <email> \"quoted\"\n line", parts.get(0).get("content").asText());
    assertEquals("<email>", parts.get(1).get("arguments").get("email").asText());
    assertTrue(out.contains("1.50"), "numbers are copied exactly: " + out);
    assertFalse(out.contains("4111") || out.contains("a@b.io"), out);
  }

  @Test
  void textThatOnlyLooksLikeJsonIsRedactedAsText() {
    ContentRedactor r = new ContentRedactor("b", List.of(EMAIL));
    assertEquals("[1] write to <email>", r.redact("[1] write to ops@example.com"));
    assertEquals("{\"a\": \"<email>\" trailing", r.redact("{\"a\": \"x@y.com\" trailing"));
  }

  @Test
  void aPathologicalPatternGivesUpWithAMarkerIsCountedAndLoggedOnceWithoutTheValue() {
    ContentRedactor r = new ContentRedactor("langfuse", List.of(EMAIL, CATASTROPHIC));
    String secret = "jane@example.com " + "a".repeat(20_000) + "!";
    try (StdCapture logs = new StdCapture()) {
      assertEquals(ContentRedactor.FAILED_MARKER, r.redact(secret));
      assertEquals(ContentRedactor.FAILED_MARKER, r.redact("b" + secret));
      String json = r.redact("[{\"content\":\"" + secret + "\",\"role\":\"user\"}]");
      assertEquals(
          "[{\"content\":\"" + ContentRedactor.FAILED_MARKER + "\",\"role\":\"user\"}]",
          json,
          "inside JSON only that string is replaced");
      assertEquals(3, r.failures());
      List<String> lines = logs.lines().stream().filter(l -> l.contains("gave up")).toList();
      assertEquals(1, lines.size(), logs.text());
      assertTrue(
          lines.get(0).contains("policy.yaml:7:9") && lines.get(0).contains("langfuse"),
          lines.get(0));
      assertFalse(logs.text().contains("jane") || logs.text().contains("aaaaaaaa"), logs.text());
    }
  }

  @Test
  void theBudgetIsCountedInCharacterReads() {
    BudgetedCharSequence s = new BudgetedCharSequence("abcdef", 3);
    CharSequence tail = s.subSequence(2, 6);
    assertEquals('a', s.charAt(0));
    assertEquals('c', tail.charAt(0), "a sub-sequence reads the same text");
    assertEquals('b', s.charAt(1));
    assertThrows(
        BudgetedCharSequence.BudgetExceeded.class,
        () -> tail.charAt(1),
        "and spends the same budget");
    assertEquals("cdef", tail.toString());
  }

  @Test
  void aLinearPatternOnALongValueStaysWithinItsBudget() {
    ContentRedactor r = new ContentRedactor("b", List.of(EMAIL, CARD));
    String big = ("padding text, call 4111-1111-1111-1111 or mail x@y.org. ").repeat(2_000);
    String out = r.redact(big);
    assertEquals(0, r.failures());
    assertFalse(out.contains("4111") || out.contains("x@y.org"));
  }

  /** What slf4j-simple prints (to the current System.out or System.err) while open. */
  static final class StdCapture implements AutoCloseable {
    private final java.io.PrintStream original = System.out;
    private final java.io.PrintStream originalErr = System.err;
    private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

    StdCapture() {
      java.io.PrintStream capture =
          new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
      System.setOut(capture);
      System.setErr(capture);
    }

    String text() {
      return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    List<String> lines() {
      return text().lines().toList();
    }

    @Override
    public void close() {
      System.setOut(original);
      System.setErr(originalErr);
      original.print(text());
    }
  }
}
