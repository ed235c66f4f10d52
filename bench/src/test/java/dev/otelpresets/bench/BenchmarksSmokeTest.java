package dev.otelpresets.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every benchmark method once, in process, with every parameter combination, so a broken
 * benchmark fails the build. Not a measurement: no timing is asserted.
 */
class BenchmarksSmokeTest {

  @Test
  void everyBenchmarkRunsOnce() throws RunnerException {
    // JMH takes a machine-wide lock (/tmp/jmh.lock) against concurrent measurements; this run
    // measures nothing, so a benchmark running elsewhere on the machine must not fail the build
    System.setProperty("jmh.ignoreLock", "true");
    Options opts =
        new OptionsBuilder()
            .include("dev\\.otelpresets\\.bench\\..*Benchmark\\..*")
            .mode(Mode.SingleShotTime)
            .forks(0)
            .warmupIterations(0)
            .measurementIterations(1)
            .measurementBatchSize(1)
            .shouldFailOnError(true)
            .verbosity(VerboseMode.SILENT)
            .build();
    Collection<RunResult> results = new Runner(opts).run();
    assertFalse(results.isEmpty());
    // hot path 6 ours + 2 with metrics + 4 raw + 2 per preset; export 3 x 20; metrics 1;
    // wire 2 exporters + 6 deflate levels + 4 vocabularies x 3 encoders; content parse 1
    assertEquals(96, results.size(), "benchmark runs");
  }
}
