package dev.otelpresets.bench;

import dev.otelpresets.core.LlmRequest;
import dev.otelpresets.core.LlmResponse;
import dev.otelpresets.core.internal.BenchMetricsAccess;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The metrics of one call, alone: the core's {@code GenAiMetrics} (bounded attributes built per
 * call; duration, input and output token usage, time to first chunk, time per output chunk) on an
 * SDK meter provider with a periodic reader and a discarding exporter. Recorded once per call
 * whatever the number of callbacks.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MetricsBenchmark {

  /** One meter provider and the core's instruments on it. */
  @State(Scope.Benchmark)
  public static class Meters extends CpuTimedState {
    SdkMeterProvider provider;
    BenchMetricsAccess metrics;
    LlmRequest request = Calls.request(2);
    LlmResponse response = Calls.response();

    @Setup(Level.Trial)
    public void setUp() {
      provider =
          SdkMeterProvider.builder()
              .registerMetricReader(
                  PeriodicMetricReader.builder(
                          new DiscardingExporterProviders.DiscardingMetricExporter())
                      .setInterval(Duration.ofSeconds(1))
                      .build())
              .build();
      metrics = new BenchMetricsAccess(provider.get("dev.otelpresets"));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      System.out.println("\n" + clock.summary("metricsPerCall"));
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  @Benchmark
  public void metricsPerCall(Meters m) {
    m.clock.ops++;
    m.metrics.recordCall(m.request, m.response, 0.25, 0.05, 0.01);
  }
}
