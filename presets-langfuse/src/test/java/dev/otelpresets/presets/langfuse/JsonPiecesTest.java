package dev.otelpresets.presets.langfuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.support.internal.Json;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link JsonPieces} writes exactly what one {@code StringBuilder} given the same calls holds. */
class JsonPiecesTest {
  private static final String[] STRINGS = {
    "",
    "[",
    "a",
    "plain text of some length, more than the default piece minimum",
    "\u00e9t\u00e9",
    "\u4e2d\u6587",
    "\uD83D\uDE00 emoji",
    "q\"uote",
    "back\\slash",
    "new\nline",
    "\u0001",
    "lone \uD800 surrogate",
    "x".repeat(5000)
  };

  /** The common roles written with constant syntax, and others (written by the caller). */
  private static final String[] ROLES = {
    "user", "assistant", "system", "tool", "developer", "", "us\"er", new String("user")
  };

  @Test
  void randomWritesGiveTheBuildersText() {
    Random r = new Random(7L);
    for (int run = 0; run < 2000; run++) {
      int pieceMin =
          switch (r.nextInt(6)) {
            case 0 -> 0;
            case 1 -> 1 + r.nextInt(40);
            case 2 -> JsonPieces.DEFAULT_PIECE_MIN;
            default -> Integer.MAX_VALUE;
          };
      JsonPieces pieces = new JsonPieces(pieceMin, r.nextInt(64), r.nextInt(8));
      StringBuilder expected = new StringBuilder();
      for (int op = r.nextInt(60); op > 0; op--) {
        String s = STRINGS[r.nextInt(STRINGS.length)];
        switch (r.nextInt(6)) {
          case 0 -> {
            pieces.append(s);
            expected.append(s);
          }
          case 1 -> {
            pieces.append(',');
            expected.append(',');
          }
          case 2 -> {
            Json.write(s, pieces.builder());
            Json.write(s, expected);
          }
          case 4, 5 -> {
            // a message of one text: written by constants or not at all, the same text either way
            String role = ROLES[r.nextInt(ROLES.length)];
            boolean comma = r.nextInt(4) != 0;
            if (Json.write(s).equals('"' + s + '"') && pieces.textMessage(comma, role, s)) {
              expected.append(comma ? "," : "").append("{\"role\":");
              Json.quote(role, expected);
              Json.quote(s, expected.append(",\"content\":"));
              expected.append('}');
            }
          }
          default -> {
            // plain only when it is: the writer trusts the flag
            boolean plain = r.nextBoolean() && Json.write(s).equals('"' + s + '"');
            pieces.string(s, plain);
            Json.quote(s, expected);
          }
        }
      }
      String what = "run " + run + " pieceMin " + pieceMin;
      if (r.nextBoolean() || expected.length() < 2) {
        assertEquals(expected.toString(), pieces.toString(), what);
      } else {
        assertEquals(expected.substring(1, expected.length() - 1), pieces.unwrapped(), what);
      }
    }
  }

  @Test
  void textMessagesOfUncommonRolesOrShortTextsAreLeftToTheCaller() {
    JsonPieces pieces = new JsonPieces(4, 16, 4);
    assertFalse(pieces.textMessage(false, "developer", "long enough"));
    assertFalse(pieces.textMessage(false, "user", "abc"));
    assertEquals("", pieces.toString());
  }

  @Test
  void aRowOfTextMessagesClosesEachOne() {
    JsonPieces pieces = new JsonPieces(1, 16, 4).append('[');
    assertTrue(pieces.textMessage(false, "system", "s"));
    assertTrue(pieces.textMessage(true, "user", "u"));
    assertTrue(pieces.textMessage(true, "assistant", "a"));
    pieces.append(",{}");
    assertTrue(pieces.textMessage(true, "tool", "t"));
    assertEquals(
        "[{\"role\":\"system\",\"content\":\"s\"},{\"role\":\"user\",\"content\":\"u\"},"
            + "{\"role\":\"assistant\",\"content\":\"a\"},{},"
            + "{\"role\":\"tool\",\"content\":\"t\"}]",
        pieces.append(']').toString());
  }

  @Test
  void nothingWrittenIsEmpty() {
    assertEquals("", new JsonPieces(0, 0, 0).toString());
    assertEquals("", new JsonPieces(0, 0, 0).append("[]").unwrapped());
    // the text is three quotes, the middle one closing a piece of its own
    assertEquals("\"", new JsonPieces(0, 0, 0).append('"').string("", true).unwrapped());
  }
}
