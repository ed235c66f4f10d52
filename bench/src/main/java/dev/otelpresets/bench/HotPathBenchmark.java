package dev.otelpresets.bench;

import dev.otelpresets.core.ContentCapture;
import dev.otelpresets.core.LlmCall;
import dev.otelpresets.core.LlmRequest;
import dev.otelpresets.core.LlmResponse;
import dev.otelpresets.core.internal.TelemetryRuntime;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The calling thread's cost of one LLM call (start with request attributes, first chunk, end with
 * usage and finish reasons), content capture off and on:
 *
 * <ul>
 *   <li>{@code rawSdk}: the bare SDK, same span and attributes, {@code processors} batch
 *       processors feeding discarding exporters — the floor;
 *   <li>{@code ours}: otel-presets with 1, 3 or 7 callbacks, the real presets (mappers, overlays,
 *       tenant rules, one batch processor per exporter) with discarding transports, metrics off;
 *   <li>{@code oursWithMetrics}: all 7 callbacks and the {@code otel} callback's metrics on (a
 *       discarding metric exporter): the whole per-call cost;
 *   <li>{@code providerPerPreset}: the reference design, 7 SDK providers, one span each.
 * </ul>
 *
 * Batch processors use the SDK defaults everywhere (queue 2048, batch 512, 5 s). Export threads
 * share the machine with the calling thread, so a vocabulary's export-time mapping shows up here
 * only as CPU contention, which is real.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class HotPathBenchmark {
  static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

  /** The request and response every variant records. */
  @State(Scope.Benchmark)
  public static class Fixture {
    LlmRequest request = Calls.request(2);
    LlmResponse response = Calls.response();
  }

  /** Our framework with n callbacks. */
  @State(Scope.Benchmark)
  public static class Ours extends CpuTimedState {
    @Param({"1", "3", "7"})
    public int callbacks;

    @Param({"false", "true"})
    public boolean content;

    TelemetryRuntime telemetry;

    @Setup(Level.Trial)
    public void setUp() {
      telemetry = BenchPresets.start(BenchPresets.callbacks(callbacks), content, false);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      System.out.println(
          "\n" + clock.summary("ours callbacks=" + callbacks + " content=" + content));
      telemetry.forceFlush();
      System.out.println(
          "\n[ours "
              + callbacks
              + "] calls="
              + clock.ops
              + " handed to exporters: "
              + BenchPresets.handedSpans(telemetry)
              + " (the rest dropped by full queues)");
      telemetry.close();
    }
  }

  /** Our framework, all 7 callbacks, metrics recorded. */
  @State(Scope.Benchmark)
  public static class OursWithMetrics extends CpuTimedState {
    @Param({"false", "true"})
    public boolean content;

    TelemetryRuntime telemetry;

    @Setup(Level.Trial)
    public void setUp() {
      telemetry = BenchPresets.start(BenchPresets.ALL, content, true);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      System.out.println("\n" + clock.summary("oursWithMetrics callbacks=7 content=" + content));
      telemetry.close();
    }
  }

  /** The bare SDK with n batch processors. */
  @State(Scope.Benchmark)
  public static class Raw extends CpuTimedState {
    @Param({"1", "7"})
    public int processors;

    @Param({"false", "true"})
    public boolean content;

    SdkTracerProvider provider;
    Tracer tracer;
    ContentCapture capture;
    List<DiscardingSpanExporter> exporters = new ArrayList<>();

    @Setup(Level.Trial)
    public void setUp() {
      SdkTracerProviderBuilder b =
          SdkTracerProvider.builder()
              .setResource(
                  Resource.getDefault()
                      .merge(Resource.create(Attributes.of(SERVICE_NAME, "otel-presets-bench"))));
      for (int i = 0; i < processors; i++) {
        DiscardingSpanExporter e = new DiscardingSpanExporter();
        exporters.add(e);
        b.addSpanProcessor(BatchSpanProcessor.builder(e).build());
      }
      provider = b.build();
      tracer = provider.get("bench");
      capture = content ? ContentCapture.SPAN_ONLY : ContentCapture.NO_CONTENT;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      System.out.println(
          "\n" + clock.summary("rawSdk processors=" + processors + " content=" + content));
      provider.forceFlush().join(10, TimeUnit.SECONDS);
      StringBuilder sb = new StringBuilder();
      exporters.forEach(e -> sb.append(e.spans()).append(' '));
      System.out.println("\n[rawSdk " + processors + "] calls=" + clock.ops + " handed: " + sb);
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  /** The reference design: one SDK provider and one span per preset. */
  @State(Scope.Benchmark)
  public static class PerPreset extends CpuTimedState {
    @Param({"false", "true"})
    public boolean content;

    List<SdkTracerProvider> providers = new ArrayList<>();
    Tracer[] tracers;
    ContentCapture capture;

    @Setup(Level.Trial)
    public void setUp() {
      tracers = new Tracer[BenchPresets.ALL.size()];
      for (int i = 0; i < tracers.length; i++) {
        SdkTracerProvider p =
            SdkTracerProvider.builder()
                .setResource(
                    Resource.getDefault()
                        .merge(Resource.create(Attributes.of(SERVICE_NAME, "otel-presets-bench"))))
                .addSpanProcessor(BatchSpanProcessor.builder(new DiscardingSpanExporter()).build())
                .build();
        providers.add(p);
        tracers[i] = p.get("bench-" + BenchPresets.ALL.get(i));
      }
      capture = content ? ContentCapture.SPAN_ONLY : ContentCapture.NO_CONTENT;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      System.out.println("\n" + clock.summary("providerPerPreset presets=7 content=" + content));
      providers.forEach(p -> p.shutdown().join(10, TimeUnit.SECONDS));
    }
  }

  @Benchmark
  public Span rawSdk(Raw s, Fixture f) {
    s.clock.ops++;
    return Calls.rawCall(s.tracer, f.request, f.response, s.capture);
  }

  @Benchmark
  public LlmCall ours(Ours s, Fixture f) {
    s.clock.ops++;
    return Calls.ourCall(s.telemetry, f.request, f.response);
  }

  @Benchmark
  public LlmCall oursWithMetrics(OursWithMetrics s, Fixture f) {
    s.clock.ops++;
    return Calls.ourCall(s.telemetry, f.request, f.response);
  }

  @Benchmark
  public Span providerPerPreset(PerPreset s, Fixture f) {
    s.clock.ops++;
    Span last = null;
    for (Tracer t : s.tracers) {
      last = Calls.rawCall(t, f.request, f.response, s.capture);
    }
    return last;
  }
}
