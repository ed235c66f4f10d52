package dev.otelpresets.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The JIT counters the load harness prints for a window, read from a real JVM and from text. */
class JitCountersTest {
  private static String counters(long compiles, long osr, long standardTicks, long code) {
    return "sun.ci.lastMethod=\"a/B c\"\n"
        + "sun.ci.nmethodCodeSize="
        + code
        + "\nsun.ci.osrCompiles="
        + osr
        + "\nsun.ci.osrTime=500000000\n"
        + "sun.ci.standardTime="
        + standardTicks
        + "\nsun.ci.totalBailouts=1\n"
        + "sun.ci.totalCompiles="
        + compiles
        + "\nsun.ci.totalInvalidates=2\n"
        + "sun.os.hrt.frequency=1000000000\n";
  }

  @Test
  void differenceOfTwoReads() {
    JitCounters before = JitCounters.parse(counters(100, 3, 1_000_000_000L, 4096)).orElseThrow();
    JitCounters after = JitCounters.parse(counters(154, 5, 3_500_000_000L, 12288)).orElseThrow();
    JitCounters d = after.since(before);
    assertEquals(new JitCounters(54, 2, 0, 0, 2.5, 8192), d);
    assertEquals(
        "54 compilations (2 OSR, 0 bailed out, 0 invalidated), 2.50 s compiling (wall),"
            + " compiled code +8 KB",
        d.describe());
  }

  @Test
  void missingOrGarbledCounterIsUnknownNotZero() {
    assertEquals(Optional.empty(), JitCounters.parse(""));
    assertEquals(
        Optional.empty(),
        JitCounters.parse(counters(1, 0, 0, 0).replace("sun.ci.totalCompiles=1", "")));
    assertEquals(
        Optional.empty(),
        JitCounters.parse(counters(1, 0, 0, 0).replace("totalBailouts=1", "totalBailouts=x")));
    assertEquals(
        "unknown (jcmd PerfCounter.print failed)",
        JitCounters.describe(Optional.empty(), JitCounters.parse(counters(1, 0, 0, 0))));
    assertEquals(Optional.empty(), JitCounters.read(-1));
  }

  @Test
  void readsThisJvm() {
    JitCounters self = JitCounters.read(ProcessHandle.current().pid()).orElseThrow();
    assertTrue(self.compiles() > 0, "this JVM compiled something: " + self);
    assertTrue(self.compileSeconds() > 0, self.toString());
    assertTrue(self.codeBytes() > 0, self.toString());
  }
}
