package dev.otelpresets.presets.langfuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The completion start time's formatter writes exactly what {@code Instant.toString()} writes. */
class IsoInstantTest {

  private static void same(long epochNanos) {
    Instant i = Instant.ofEpochSecond(0, epochNanos);
    assertEquals(i.toString(), IsoInstant.format(epochNanos), () -> "epoch nanos " + epochNanos);
  }

  @Test
  void edgesOfTheFractionAndTheCalendar() {
    same(0);
    same(1);
    same(999_999_999);
    same(1_000_000);
    same(1_000);
    same(120_000_000);
    same(123_456_000);
    same(1_700_000_000_000_000_000L); // 2023
    same(1_700_000_000_123_000_000L);
    same(951_782_400_000_000_000L); // 2000-02-29
    same(4_107_542_399_999_999_999L); // 2100-02-28T23:59:59.999999999
    same(Long.MAX_VALUE); // 2262
  }

  @Test
  void randomInstantsMatchInstantToString() {
    SplittableRandom r = new SplittableRandom(42);
    for (int i = 0; i < 20_000; i++) {
      long nanos = r.nextLong(0, Long.MAX_VALUE);
      switch (i % 4) {
        case 0 -> nanos -= nanos % 1_000_000_000L; // whole seconds
        case 1 -> nanos -= nanos % 1_000_000L; // millis
        case 2 -> nanos -= nanos % 1_000L; // micros
        default -> {}
      }
      same(nanos);
    }
  }
}
