package dev.otelpresets.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * The benchmark thread's own CPU time per operation, per measurement iteration. On a small, shared
 * machine the wall-clock average also counts the time the calling thread waited for a core (other
 * builds, our own export threads); thread CPU time does not, so it is the steadier figure for "what
 * the calling thread pays". Printed at the end of each trial as a {@code CPU|} line.
 */
public final class CpuClock {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private final List<Double> perIteration = new ArrayList<>();
  private final List<Double> allocPerIteration = new ArrayList<>();
  private long cpuStart;
  private long allocStart;
  private long opsStart;
  private boolean measuring;

  /** The operation count the benchmark bumps. */
  public long ops;

  /** Call from {@code @Setup(Level.Iteration)}, on the benchmark thread. */
  public void begin(IterationParams params) {
    measuring = params.getType() == IterationType.MEASUREMENT;
    opsStart = ops;
    cpuStart = THREADS.getCurrentThreadCpuTime();
    allocStart = THREADS.getCurrentThreadAllocatedBytes();
  }

  /** Call from {@code @TearDown(Level.Iteration)}, on the benchmark thread. */
  public void end() {
    long cpu = THREADS.getCurrentThreadCpuTime() - cpuStart;
    long alloc = THREADS.getCurrentThreadAllocatedBytes() - allocStart;
    long n = ops - opsStart;
    if (measuring && n > 0) {
      perIteration.add(cpu / (double) n);
      allocPerIteration.add(alloc / (double) n);
    }
  }

  /**
   * One line: {@code CPU|label|mean|stdev|iterations|allocated bytes per op}. The last figure is
   * the benchmark thread's own allocation (export threads excluded, unlike {@code -prof gc}): it
   * does not move with machine load, so it compares calling-thread work across runs.
   */
  public String summary(String label) {
    double mean =
        perIteration.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    double var =
        perIteration.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum()
            / Math.max(1, perIteration.size() - 1);
    double alloc =
        allocPerIteration.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    return String.format(
        Locale.ROOT,
        "CPU|%s|%.1f|%.1f|%d|%.0f",
        label,
        mean,
        Math.sqrt(var),
        perIteration.size(),
        alloc);
  }
}
