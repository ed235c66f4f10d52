package dev.otelpresets.core.config;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean" for misspelt keys and names. */
public final class Suggestions {
  private Suggestions() {}

  /** The candidate closest to {@code input} within a small edit distance, or null. */
  public static String closest(String input, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String in = input.toLowerCase(Locale.ROOT);
    for (String c : candidates) {
      int d = distance(in, c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    int tolerance = Math.max(2, input.length() / 3);
    return bestDistance <= tolerance ? best : null;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
