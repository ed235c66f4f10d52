package dev.otelpresets.bench;

import dev.otelpresets.core.ContentCapture;
import dev.otelpresets.core.LlmRequest;
import dev.otelpresets.core.LlmResponse;
import dev.otelpresets.core.internal.TelemetryRuntime;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The hot path at a sustained rate the export threads keep up with — the situation of a real host
 * — rather than JMH's saturating loop, where the export threads never rest and take the calling
 * thread's cores (see {@code DiscardingSpanExporter}'s {@code bench.exportCpuNanosPerSpan}).
 *
 * <p>Each variant of {@link HotPathBenchmark} (same setups, same call) is driven at {@code rate}
 * calls per second from one thread for {@code seconds} after a warm-up; the calling thread's own
 * CPU time and allocation are read around each call (thread CPU clock, not wall time: waiting for
 * a core is not counted). Reports the median over {@code rounds} rounds of the mean per call, the
 * same net of what the clock reads cost alone (variant {@code empty}), the calling thread's bytes
 * allocated per call, and how many spans each variant's exporters were handed (at a sustainable
 * rate: all of them).
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.otelpresets.bench.PacedHotPath [rate]
 * [seconds] [rounds] [content]} (defaults 5000 calls/s, 4 s, 5 rounds, content off).
 */
public final class PacedHotPath {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private PacedHotPath() {}

  /** One variant: does one call, reports what its exporters were handed, shuts down. */
  interface Variant extends AutoCloseable {
    void call();

    String handed();

    @Override
    void close();
  }

  /**
   * One variant's figures: calling-thread CPU ns per call (median of the rounds, min, max, and the
   * median net of the clock reads), bytes allocated per call, calls made, and the span count each
   * of its exporters was handed.
   */
  record Result(
      String variant,
      double cpuMedian,
      double cpuMin,
      double cpuMax,
      double cpuNet,
      double bytes,
      long calls,
      String handed) {}

  public static void main(String[] args) {
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    boolean content = args.length > 3 && Boolean.parseBoolean(args[3]);
    System.out.printf(
        Locale.ROOT,
        "paced hot path: %d calls/s, %d s x %d rounds, content %s%n",
        rate,
        seconds,
        rounds,
        content ? "on" : "off");
    System.out.println(
        "PACED|variant|cpu ns/call (median of rounds)|min|max|net of clock"
            + " reads|bytes/call|handed");
    measure(
        rate,
        seconds,
        rounds,
        content,
        r ->
            System.out.printf(
                Locale.ROOT,
                "PACED|%s|%.0f|%.0f|%.0f|%.0f|%.0f|%s%n",
                r.variant(),
                r.cpuMedian(),
                r.cpuMin(),
                r.cpuMax(),
                r.cpuNet(),
                r.bytes(),
                r.handed()));
  }

  /** Measures every variant in turn, handing each result to {@code sink} as it is ready. */
  static List<Result> measure(
      int rate,
      int seconds,
      int rounds,
      boolean content,
      java.util.function.Consumer<Result> sink) {
    LlmRequest request = Calls.request(2);
    LlmResponse response = Calls.response();
    ContentCapture capture = content ? ContentCapture.SPAN_ONLY : ContentCapture.NO_CONTENT;
    List<Result> results = new ArrayList<>();
    double clockReads = 0;
    List<String> names =
        List.of(
            "empty-0", "rawSdk-1", "rawSdk-7", "ours-1", "ours-3", "ours-7", "providerPerPreset-7");
    for (String name : names) {
      try (Variant v = variant(name, request, response, capture, content)) {
        long calls = run(v, rate, Math.min(2, seconds), null); // warm-up
        double[] cpu = new double[rounds];
        double[] bytes = new double[rounds];
        for (int r = 0; r < rounds; r++) {
          double[] out = new double[2];
          calls += run(v, rate, seconds, out);
          cpu[r] = out[0];
          bytes[r] = out[1];
        }
        double[] sorted = cpu.clone();
        Arrays.sort(sorted);
        double median = sorted[rounds / 2];
        if (name.startsWith("empty")) {
          clockReads = median; // what reading the thread clocks around a call costs by itself
        }
        Result result =
            new Result(
                name,
                median,
                sorted[0],
                sorted[rounds - 1],
                median - clockReads,
                Arrays.stream(bytes).average().orElse(Double.NaN),
                calls,
                v.handed());
        results.add(result);
        sink.accept(result);
      }
    }
    return results;
  }

  /** Drives {@code v} at {@code rate} for {@code seconds}; out = {cpu ns/call, bytes/call}. */
  private static long run(Variant v, int rate, int seconds, double[] out) {
    long period = TimeUnit.SECONDS.toNanos(1) / rate;
    long calls = (long) rate * seconds;
    long cpu = 0;
    long bytes = 0;
    long next = System.nanoTime();
    for (long i = 0; i < calls; i++) {
      long c0 = THREADS.getCurrentThreadCpuTime();
      long a0 = THREADS.getCurrentThreadAllocatedBytes();
      v.call();
      long a1 = THREADS.getCurrentThreadAllocatedBytes();
      long c1 = THREADS.getCurrentThreadCpuTime();
      cpu += c1 - c0;
      bytes += a1 - a0;
      next += period;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
    }
    if (out != null) {
      out[0] = cpu / (double) calls;
      out[1] = bytes / (double) calls;
    }
    return calls;
  }

  private static Variant variant(
      String name,
      LlmRequest request,
      LlmResponse response,
      ContentCapture capture,
      boolean content) {
    String[] parts = name.split("-");
    int n = Integer.parseInt(parts[1]);
    switch (parts[0]) {
      case "empty":
        return raw(List.of(), request, response, capture);
      case "rawSdk":
        return raw(List.of(tracerWith(n)), request, response, capture);
      case "providerPerPreset":
        {
          List<TracerWith> providers = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            providers.add(tracerWith(1));
          }
          return raw(providers, request, response, capture);
        }
      case "ours":
        {
          TelemetryRuntime telemetry =
              BenchPresets.start(BenchPresets.callbacks(n), content, false);
          return new Variant() {
            @Override
            public void call() {
              Calls.ourCall(telemetry, request, response);
            }

            @Override
            public String handed() {
              telemetry.forceFlush();
              return BenchPresets.handedSpans(telemetry);
            }

            @Override
            public void close() {
              telemetry.close();
            }
          };
        }
      default:
        throw new IllegalArgumentException(name);
    }
  }

  private record TracerWith(
      SdkTracerProvider provider, Tracer tracer, List<DiscardingSpanExporter> exporters) {}

  private static TracerWith tracerWith(int processors) {
    SdkTracerProviderBuilder b =
        SdkTracerProvider.builder()
            .setResource(
                Resource.getDefault()
                    .merge(
                        Resource.create(
                            Attributes.of(HotPathBenchmark.SERVICE_NAME, "otel-presets-bench"))));
    List<DiscardingSpanExporter> exporters = new ArrayList<>();
    for (int i = 0; i < processors; i++) {
      DiscardingSpanExporter e = new DiscardingSpanExporter();
      exporters.add(e);
      b.addSpanProcessor(BatchSpanProcessor.builder(e).build());
    }
    SdkTracerProvider provider = b.build();
    return new TracerWith(provider, provider.get("bench"), exporters);
  }

  private static Variant raw(
      List<TracerWith> providers,
      LlmRequest request,
      LlmResponse response,
      ContentCapture capture) {
    return new Variant() {
      @Override
      public void call() {
        for (TracerWith t : providers) {
          Calls.rawCall(t.tracer(), request, response, capture);
        }
      }

      @Override
      public String handed() {
        StringBuilder sb = new StringBuilder();
        for (TracerWith t : providers) {
          t.provider().forceFlush().join(10, TimeUnit.SECONDS);
          t.exporters().forEach(e -> sb.append(e.spans()).append(' '));
        }
        return sb.toString().trim();
      }

      @Override
      public void close() {
        providers.forEach(t -> t.provider().shutdown().join(10, TimeUnit.SECONDS));
      }
    };
  }
}
