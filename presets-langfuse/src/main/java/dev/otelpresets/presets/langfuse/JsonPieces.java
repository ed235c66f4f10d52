package dev.otelpresets.presets.langfuse;

import dev.otelpresets.support.internal.Json;
import java.util.Arrays;

/**
 * JSON text written as a row of strings and copied once, at the end, into the result: long strings
 * that need no escaping (the messages' texts) stay the very strings they are, everything else (the
 * syntax, short and escaped strings) goes into a small builder between them. A {@code
 * StringBuilder} would copy every text twice, into its array and then into the string, and
 * allocate both; here the texts are copied once, into the one array of the result ({@code
 * String.join} sizes it from its elements).
 *
 * <p>Not thread-safe: one per text written.
 */
final class JsonPieces {
  /** Plain strings at least this long are kept as pieces rather than copied into the builder. */
  static final int DEFAULT_PIECE_MIN = 32;

  private final int pieceMin;
  private final StringBuilder tail;
  private String[] pieces;
  private int size;

  /**
   * The last few texts moved from the builder into pieces: the syntax between two messages' texts
   * repeats from message to message ({@code "},{"role":"user","content":"}), so it is kept once.
   */
  private final String[] recent = new String[4];

  private int nextRecent;

  /**
   * @param pieceMin the shortest plain string kept as a piece (0: every one; {@link
   *     Integer#MAX_VALUE}: none, all is written into one builder)
   * @param expected the expected length of the text between pieces
   * @param expectedPieces how many pieces are expected (sizes the array; it grows if needed)
   */
  JsonPieces(int pieceMin, int expected, int expectedPieces) {
    this.pieceMin = pieceMin;
    this.tail = new StringBuilder(expected);
    this.pieces = new String[Math.max(4, expectedPieces)];
  }

  /** The builder the next characters go into (syntax, {@link Json#write} output). */
  StringBuilder builder() {
    return tail;
  }

  JsonPieces append(String s) {
    tail.append(s);
    return this;
  }

  JsonPieces append(char c) {
    tail.append(c);
    return this;
  }

  /**
   * {@code s} as a JSON string.
   *
   * @param plain whether {@code s} is its own JSON text (no quote, backslash, control character or
   *     lone surrogate): then it is written between quotes as it is
   */
  JsonPieces string(String s, boolean plain) {
    if (!plain) {
      Json.quote(s, tail);
    } else if (s.length() < pieceMin) {
      tail.append('"').append(s).append('"');
    } else {
      tail.append('"');
      flush();
      push(s);
      tail.append('"');
    }
    return this;
  }

  private void flush() {
    if (tail.length() == 0) {
      return;
    }
    String text = null;
    for (String r : recent) {
      if (r != null && r.contentEquals(tail)) {
        text = r;
        break;
      }
    }
    if (text == null) {
      text = tail.toString();
      recent[nextRecent] = text;
      nextRecent = (nextRecent + 1) & (recent.length - 1);
    }
    push(text);
    tail.setLength(0);
  }

  private void push(String s) {
    if (size == pieces.length) {
      pieces = Arrays.copyOf(pieces, size * 2);
    }
    pieces[size++] = s;
  }

  /** The text written; the writer cannot be used afterwards. */
  @Override
  public String toString() {
    return text(0);
  }

  /**
   * The text written without its first and last characters (the brackets of an array of one
   * element); the writer cannot be used afterwards.
   */
  String unwrapped() {
    return text(1);
  }

  private String text(int trim) {
    if (size == 0) {
      return tail.substring(trim, tail.length() - trim); // all in the builder: one copy
    }
    flush();
    if (trim > 0) {
      pieces[0] = pieces[0].substring(trim);
      String last = pieces[size - 1];
      pieces[size - 1] = last.substring(0, last.length() - trim);
    }
    return size == 1 ? pieces[0] : String.join("", Arrays.copyOf(pieces, size));
  }
}
