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
   * Whether the closing {@code "\}} of a message written by {@link #textMessage} is still to be
   * written: the next such message writes it with its own opening syntax, as one shared constant.
   */
  private boolean closing;

  /** The roles {@link #textMessage} writes with constant syntax (the reader's shared values). */
  private static final String[] ROLES = {"user", "assistant", "system", "tool"};

  /** {@code {"role":"<role>","content":"}, per role of {@link #ROLES}. */
  private static final String[] OPEN = new String[ROLES.length];

  /** {@code "},{"role":"<role>","content":"}: the previous message closed, the next one opened. */
  private static final String[] NEXT = new String[ROLES.length];

  /** {@code [{"role":"<role>","content":"}: an array's first message opened. */
  private static final String[] FIRST = new String[ROLES.length];

  static {
    for (int i = 0; i < ROLES.length; i++) {
      OPEN[i] = "{\"role\":\"" + ROLES[i] + "\",\"content\":\"";
      NEXT[i] = "\"}," + OPEN[i];
      FIRST[i] = "[" + OPEN[i];
    }
  }

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
    close();
    return tail;
  }

  JsonPieces append(String s) {
    close();
    tail.append(s);
    return this;
  }

  JsonPieces append(char c) {
    close();
    tail.append(c);
    return this;
  }

  /**
   * Writes the chat message {@code {"role":<role>,"content":<text>}}, preceded by a comma if
   * {@code comma}, when {@code role} is a common one and {@code text} long enough to be a piece:
   * then the syntax around the text is a constant, and a row of such messages is written as those
   * constants and the texts, with nothing built or compared in between (the commonest content: a
   * conversation of plain texts).
   *
   * @param text a string that is its own JSON text (no quote, backslash, control character or lone
   *     surrogate)
   * @return whether the message was written; if not, nothing was
   */
  boolean textMessage(boolean comma, String role, String text) {
    if (text.length() < pieceMin) {
      return false;
    }
    int r = role(role);
    if (r < 0) {
      return false;
    }
    if (closing && comma) {
      push(NEXT[r]); // nothing was written since the previous message's text
    } else if (!closing && !comma && tail.length() == 1 && tail.charAt(0) == '[' && size == 0) {
      tail.setLength(0); // the array's opening bracket and first message, one constant
      push(FIRST[r]);
    } else {
      close();
      if (comma) {
        tail.append(',');
      }
      tail.append(OPEN[r]);
      flush();
    }
    push(text);
    closing = true;
    return true;
  }

  /** {@code s} without its first character: for a {@link #FIRST} constant, its {@link #OPEN}. */
  private static String withoutFirstChar(String s) {
    for (int i = 0; i < FIRST.length; i++) {
      if (s == FIRST[i]) {
        return OPEN[i];
      }
    }
    return s.substring(1);
  }

  private static int role(String role) {
    for (int i = 0; i < ROLES.length; i++) {
      if (ROLES[i].equals(role)) {
        return i;
      }
    }
    return -1;
  }

  /** Writes the pending end of the last {@link #textMessage}, if any. */
  private void close() {
    if (closing) {
      tail.append("\"}");
      closing = false;
    }
  }

  /**
   * {@code s} as a JSON string.
   *
   * @param plain whether {@code s} is its own JSON text (no quote, backslash, control character or
   *     lone surrogate): then it is written between quotes as it is
   */
  JsonPieces string(String s, boolean plain) {
    close();
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
    close();
    if (size == 0) {
      return tail.substring(trim, tail.length() - trim); // all in the builder: one copy
    }
    flush();
    if (trim > 0) {
      pieces[0] = withoutFirstChar(pieces[0]);
      String last = pieces[size - 1];
      pieces[size - 1] = last.substring(0, last.length() - trim);
    }
    if (size == 1) {
      return pieces[0];
    }
    return String.join("", size == pieces.length ? pieces : Arrays.copyOf(pieces, size));
  }
}
