package dev.otelpresets.presets.openinference;

/** String helpers for values that leave the process. */
final class Strings {
  private Strings() {}

  /**
   * Replaces lone UTF-16 surrogates with U+FFFD so the value encodes as valid UTF-8 (OTLP strings
   * must be UTF-8; a lone surrogate would be mangled or rejected downstream). Allocates only when
   * there is something to replace.
   */
  static String sanitize(String s) {
    if (s == null) {
      return null;
    }
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean lone = false;
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          if (out != null) {
            out.append(c).append(s.charAt(i + 1));
          }
          i++;
          continue;
        }
        lone = true;
      } else if (Character.isLowSurrogate(c)) {
        lone = true;
      }
      if (lone && out == null) {
        out = new StringBuilder(s.length()).append(s, 0, i);
      }
      if (out != null) {
        out.append(lone ? '\uFFFD' : c);
      }
    }
    return out == null ? s : out.toString();
  }

  static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
