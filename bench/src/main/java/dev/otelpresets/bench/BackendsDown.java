package dev.otelpresets.bench;

import dev.otelpresets.core.LlmCall;
import dev.otelpresets.core.LlmRequest;
import dev.otelpresets.core.LlmResponse;
import dev.otelpresets.core.internal.TelemetryRuntime;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every backend down for 1,000,000 calls: all seven callbacks with their real transports (OTLP
 * HTTP and gRPC, AgentOps' token fetch) pointed at a closed loopback port, small queues. Reports
 * the peak heap (sampled every 20 ms, garbage included), the live heap after a full GC every
 * 100,000 calls (flat means bounded), the slowest call on the calling thread (never blocks) and,
 * per backend, how many spans its exporter was handed and how many its queue dropped.
 *
 * <p>Run with a small heap to make unboundedness fail loudly, e.g. {@code -Xmx128m}.
 */
public final class BackendsDown {
  private BackendsDown() {}

  /** Counts the spans handed to the real transport it wraps. */
  static final class Counting implements SpanExporter {
    final SpanExporter delegate;
    final LongAdder handed = new LongAdder();

    Counting(SpanExporter delegate) {
      this.delegate = delegate;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      handed.add(spans.size());
      return delegate.export(spans);
    }

    @Override
    public CompletableResultCode flush() {
      return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
      return delegate.shutdown();
    }
  }

  public static void main(String[] args) throws Exception {
    long calls = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
    int queue = args.length > 1 ? Integer.parseInt(args[1]) : 256;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    String dead = "http://127.0.0.1:" + closedPort;
    Map<String, Counting> byOwner = new ConcurrentHashMap<>();
    Map<String, String> env = BenchPresets.environment("otlp", "otlp");
    env.put("ARIZE_ENDPOINT", dead); // gRPC, Arize's default protocol
    env.put("PHOENIX_COLLECTOR_ENDPOINT", dead + "/v1/traces");
    env.put("LANGFUSE_HOST", dead);
    env.put("WANDB_HOST", dead);
    env.put("LEVOAI_COLLECTOR_URL", dead);
    env.put("AGENTOPS_API_ENDPOINT", dead);
    env.put("AGENTOPS_EXPORTER_ENDPOINT", dead + "/v1/traces");
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", dead);
    TelemetryRuntime rt =
        (TelemetryRuntime)
            dev.otelpresets.core.OtelPresets.builder()
                .registry(
                    BenchPresets.rewired(
                        (spec, otlp) ->
                            byOwner.computeIfAbsent(
                                spec.owner().id(),
                                k -> new Counting(BenchPresets.original(spec, otlp)))))
                .environment(env)
                .configYaml(
                    BenchPresets.yaml(
                        BenchPresets.ALL,
                        true,
                        "  max_queue_size: "
                            + queue
                            + "\n  max_export_batch_size: "
                            + Math.min(64, queue)
                            + "\n"))
                .build();

    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    AtomicLong peakUsed = new AtomicLong();
    Thread sampler =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                peakUsed.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                  Thread.sleep(20);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "heap-sampler");
    sampler.setDaemon(true);
    sampler.start();

    System.gc();
    long baseline = memory.getHeapMemoryUsage().getUsed();
    System.out.printf(
        Locale.ROOT,
        "7 callbacks, every backend at closed port %d, queues of %d,"
            + " content captured, %d calls on %d threads, -Xmx %d MB; live heap before: %.1f MB%n",
        closedPort,
        queue,
        calls,
        threads,
        Runtime.getRuntime().maxMemory() >> 20,
        baseline / 1048576.0);

    LlmRequest request = Calls.request(2);
    LlmResponse response = Calls.response();
    AtomicLong done = new AtomicLong();
    AtomicLong slowestNanos = new AtomicLong();
    LongAdder overOneMs = new LongAdder();
    List<Long> liveAtCheckpoints = new ArrayList<>();
    long checkpoint = Math.max(1, calls / 10);
    long start = System.nanoTime();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread w =
          new Thread(
              () -> {
                long slowest = 0;
                while (done.getAndIncrement() < calls) {
                  long t0 = System.nanoTime();
                  LlmCall call = rt.startCall(request);
                  call.firstChunk();
                  call.end(response);
                  long took = System.nanoTime() - t0;
                  slowest = Math.max(slowest, took);
                  if (took > 1_000_000L) {
                    overOneMs.increment();
                  }
                }
                slowestNanos.accumulateAndGet(slowest, Math::max);
              },
              "app-" + t);
      workers.add(w);
      w.start();
    }
    long nextCheckpoint = checkpoint;
    while (workers.stream().anyMatch(Thread::isAlive)) {
      Thread.sleep(5);
      if (Math.min(done.get(), calls) >= nextCheckpoint) {
        System.gc();
        long live = memory.getHeapMemoryUsage().getUsed();
        liveAtCheckpoints.add(live);
        System.out.printf(
            Locale.ROOT,
            "  %,9d calls: live heap after full GC %.1f MB%n",
            Math.min(done.get(), calls),
            live / 1048576.0);
        nextCheckpoint += checkpoint;
      }
    }
    for (Thread w : workers) {
      w.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    sampler.interrupt();
    System.out.printf(
        Locale.ROOT,
        "%d calls in %.1f s (%.2f us/call incl. the GCs above);"
            + " slowest call %.2f ms, calls over 1 ms: %d (stop-the-world GCs, including the ten"
            + " System.gc() above, and a shared machine)%n",
        calls,
        seconds,
        seconds * 1e6 / calls,
        slowestNanos.get() / 1e6,
        overOneMs.sum());
    System.out.printf(
        Locale.ROOT,
        "peak heap used (sampled, garbage included): %.1f MB;"
            + " max live heap after full GC: %.1f MB (baseline %.1f MB)%n",
        peakUsed.get() / 1048576.0,
        liveAtCheckpoints.stream().mapToLong(Long::longValue).max().orElse(0) / 1048576.0,
        baseline / 1048576.0);
    long closeStart = System.nanoTime();
    rt.close();
    System.out.printf(Locale.ROOT, "close() took %.1f s%n", (System.nanoTime() - closeStart) / 1e9);
    System.out.println(
        "per backend (core's exportStats; handed = spans this harness saw reach"
            + " the transport):");
    for (dev.otelpresets.core.ExportStats st : rt.exportStats()) {
      Counting c = byOwner.get(st.owner());
      System.out.printf(
          Locale.ROOT,
          "  %-9s handed %9s  exported %,9d  failed %,9d  dropped on"
              + " a full queue %,9d  (handed+dropped = %,d of %,d)%n",
          st.owner(),
          c == null ? "n/a" : String.format(Locale.ROOT, "%,d", c.handed.sum()),
          st.exportedSpans(),
          st.failedSpans(),
          st.droppedSpans(),
          (c == null ? st.exportedSpans() + st.failedSpans() : c.handed.sum()) + st.droppedSpans(),
          calls);
    }
  }
}
