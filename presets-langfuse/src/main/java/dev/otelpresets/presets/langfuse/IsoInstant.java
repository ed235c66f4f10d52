package dev.otelpresets.presets.langfuse;

import java.time.Instant;
import java.time.LocalDate;

/**
 * {@link Instant#toString()} for epoch nanoseconds, without the {@code DateTimeFormatter}
 * machinery it goes through: {@code 2026-11-22T01:17:11.123Z}, the fraction in groups of three
 * digits as needed (none, milli, micro or nano), seconds always written. Years outside 0..9999 fall
 * back to {@code Instant.toString()}.
 */
final class IsoInstant {
  private IsoInstant() {}

  private static final long SECONDS_PER_DAY = 86_400;

  static String format(long epochNanos) {
    long seconds = Math.floorDiv(epochNanos, 1_000_000_000L);
    int nanos = (int) Math.floorMod(epochNanos, 1_000_000_000L);
    long day = Math.floorDiv(seconds, SECONDS_PER_DAY);
    int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
    LocalDate date = LocalDate.ofEpochDay(day);
    int year = date.getYear();
    if (year < 0 || year > 9999) {
      return Instant.ofEpochSecond(seconds, nanos).toString();
    }
    char[] c = new char[30];
    digits(c, 0, year, 4);
    c[4] = '-';
    digits(c, 5, date.getMonthValue(), 2);
    c[7] = '-';
    digits(c, 8, date.getDayOfMonth(), 2);
    c[10] = 'T';
    digits(c, 11, secondOfDay / 3600, 2);
    c[13] = ':';
    digits(c, 14, secondOfDay / 60 % 60, 2);
    c[16] = ':';
    digits(c, 17, secondOfDay % 60, 2);
    int n = 19;
    if (nanos != 0) {
      c[n++] = '.';
      if (nanos % 1_000_000 == 0) {
        digits(c, n, nanos / 1_000_000, 3);
        n += 3;
      } else if (nanos % 1000 == 0) {
        digits(c, n, nanos / 1000, 6);
        n += 6;
      } else {
        digits(c, n, nanos, 9);
        n += 9;
      }
    }
    c[n++] = 'Z';
    return new String(c, 0, n);
  }

  private static void digits(char[] c, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      c[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
