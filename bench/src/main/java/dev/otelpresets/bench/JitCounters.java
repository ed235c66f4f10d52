package dev.otelpresets.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The HotSpot JIT's own counters of a JVM ({@code jcmd <pid> PerfCounter.print}: compilations,
 * on-stack replacements, bailouts, invalidations, compile time, compiled code size), read before
 * and after a phase so the load harness can say what the JIT did in it: whether the compiler
 * threads' CPU in a window is a late first compilation of hot code or the same methods compiled
 * again and again. Read outside the CPU measurement: {@code jcmd} attaches to the JVM, which costs
 * it a little CPU.
 */
record JitCounters(
    long compiles,
    long osrCompiles,
    long bailouts,
    long invalidated,
    double compileSeconds,
    long codeBytes) {

  /** The counters of {@code pid}, or empty when {@code jcmd} cannot read them. */
  static Optional<JitCounters> read(long pid) {
    if (pid < 0) {
      return Optional.empty();
    }
    try {
      Process p =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                  String.valueOf(pid),
                  "PerfCounter.print")
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        return Optional.empty();
      }
      return parse(out);
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** The counters in {@code PerfCounter.print}'s output, or empty when one is missing. */
  static Optional<JitCounters> parse(String perfCounters) {
    Map<String, String> v = new HashMap<>();
    for (String line : perfCounters.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        v.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
      }
    }
    try {
      double hz = Double.parseDouble(v.get("sun.os.hrt.frequency"));
      long ticks =
          Long.parseLong(v.get("sun.ci.standardTime")) + Long.parseLong(v.get("sun.ci.osrTime"));
      return Optional.of(
          new JitCounters(
              Long.parseLong(v.get("sun.ci.totalCompiles")),
              Long.parseLong(v.get("sun.ci.osrCompiles")),
              Long.parseLong(v.get("sun.ci.totalBailouts")),
              Long.parseLong(v.get("sun.ci.totalInvalidates")),
              ticks / hz,
              Long.parseLong(v.get("sun.ci.nmethodCodeSize"))));
    } catch (RuntimeException e) { // a counter missing (null) or unreadable
      return Optional.empty();
    }
  }

  /** What happened between {@code before} and this. */
  JitCounters since(JitCounters before) {
    return new JitCounters(
        compiles - before.compiles,
        osrCompiles - before.osrCompiles,
        bailouts - before.bailouts,
        invalidated - before.invalidated,
        compileSeconds - before.compileSeconds,
        codeBytes - before.codeBytes);
  }

  /**
   * One line: the compilations (C1 and C2 together: the counters do not tell them apart), and the
   * compilers' wall time, which on a busy machine includes the time their threads waited for a
   * core.
   */
  String describe() {
    return String.format(
        Locale.ROOT,
        "%d compilations (%d OSR, %d bailed out, %d invalidated), %.2f s compiling (wall),"
            + " compiled code %+d KB",
        compiles,
        osrCompiles,
        bailouts,
        invalidated,
        compileSeconds,
        codeBytes / 1024);
  }

  /** {@link #describe} of what happened between two reads, or why it is not known. */
  static String describe(Optional<JitCounters> before, Optional<JitCounters> after) {
    if (before.isEmpty() || after.isEmpty()) {
      return "unknown (jcmd PerfCounter.print failed)";
    }
    return after.get().since(before.get()).describe();
  }
}
