package dev.otelpresets.support.internal;

import java.util.Locale;

/**
 * Text printed on one line of a message or a report: a value quoted in it may hold a line break or
 * another control character (a quoted YAML key, an environment variable's value), which would split
 * the line or forge a second one. Unstable internal API of the core and the app.
 */
public final class OneLine {
  private OneLine() {}

  /**
   * {@code text} with every line break and other control character (C0, DEL, NEL, and the Unicode
   * line and paragraph separators) written as a Java escape: a backslash and {@code n}, {@code r},
   * {@code t}, or {@code u} with four hex digits. Returns {@code text} itself when it has none; null
   * stays null.
   */
  public static String escape(String text) {
    if (text == null) {
      return null;
    }
    StringBuilder sb = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control = c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029;
      if (control && sb == null) {
        sb = new StringBuilder(text.length() + 8).append(text, 0, i);
      }
      if (sb == null) {
        continue;
      }
      if (!control) {
        sb.append(c);
      } else if (c == '\n') {
        sb.append("\\n");
      } else if (c == '\r') {
        sb.append("\\r");
      } else if (c == '\t') {
        sb.append("\\t");
      } else {
        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      }
    }
    return sb == null ? text : sb.toString();
  }
}
