package dev.otelpresets.bench;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.IterationParams;

/**
 * A benchmark state that measures the benchmark thread's CPU time per operation (see {@link
 * CpuClock}) around every iteration. Subclasses are the {@code @State} classes; JMH runs these
 * inherited iteration hooks for them.
 */
public abstract class CpuTimedState {
  /** Bump {@code clock.ops} once per operation. */
  public final CpuClock clock = new CpuClock();

  @Setup(Level.Iteration)
  public void beginIteration(IterationParams p) {
    clock.begin(p);
  }

  @TearDown(Level.Iteration)
  public void endIteration() {
    clock.end();
  }
}
