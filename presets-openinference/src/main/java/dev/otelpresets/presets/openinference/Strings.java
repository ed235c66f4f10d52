package dev.otelpresets.presets.openinference;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

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
    int n = s.length();
    int first = 0;
    while (first < n && !Character.isSurrogate(s.charAt(first))) {
      first++;
    }
    if (first == n) {
      return s; // the common case: no surrogate at all
    }
    StringBuilder out = null;
    for (int i = first; i < n; i++) {
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

  /** The list itself when no element needs sanitizing, else a sanitized copy. */
  static List<String> sanitize(List<String> values) {
    if (values == null) {
      return null;
    }
    for (int i = 0; i < values.size(); i++) {
      String v = values.get(i);
      String clean = sanitize(v);
      if (clean != v) {
        List<String> out = new ArrayList<>(values.size());
        for (int j = 0; j < values.size(); j++) {
          out.add(j < i ? values.get(j) : j == i ? clean : sanitize(values.get(j)));
        }
        return Collections.unmodifiableList(out);
      }
    }
    return values;
  }

  static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
