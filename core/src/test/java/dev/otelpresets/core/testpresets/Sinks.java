package dev.otelpresets.core.testpresets;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the test presets' exporters put their spans. Each {@code create()} of a test preset makes a
 * fresh {@link Sink}, registered under the preset's name, so a test reads the exporter of the
 * instance it just built.
 */
public final class Sinks {
  private static final Map<String, Sink> SINKS = new ConcurrentHashMap<>();

  private Sinks() {}

  /** A fresh sink for {@code presetName}, replacing the previous one. */
  static Sink newSink(String presetName) {
    Sink s = new Sink();
    SINKS.put(presetName, s);
    return s;
  }

  /** The sink of the last built preset with this name. */
  public static Sink of(String presetName) {
    Sink s = SINKS.get(presetName);
    if (s == null) {
      throw new AssertionError("preset '" + presetName + "' was not built");
    }
    return s;
  }

  /** Whether a preset with this name was built since the last reset. */
  public static boolean built(String presetName) {
    return SINKS.containsKey(presetName);
  }

  public static void reset() {
    SINKS.clear();
  }

  /**
   * An in-memory exporter that keeps its spans after shutdown (InMemorySpanExporter clears them),
   * counting the exports and shutdowns it received.
   */
  public static final class Sink implements SpanExporter {
    private final InMemorySpanExporter memory = InMemorySpanExporter.create();
    private final AtomicInteger shutdowns = new AtomicInteger();
    private final AtomicInteger exportCalls = new AtomicInteger();
    private volatile long exportDelayMillis;
    private volatile CountDownLatch shutdownEntered;
    private volatile CountDownLatch shutdownRelease;

    /**
     * Makes the next {@link #shutdown()} count {@code entered} down, then wait (at most 30 s) for
     * {@code release}: a transport whose shutdown hangs.
     */
    public void blockShutdown(CountDownLatch entered, CountDownLatch release) {
      this.shutdownEntered = entered;
      this.shutdownRelease = release;
    }

    /** Makes every later export take {@code millis} (on the export thread) before it succeeds. */
    public void delayExports(long millis) {
      exportDelayMillis = millis;
    }

    public InMemorySpanExporter memory() {
      return memory;
    }

    public List<SpanData> spans() {
      return memory.getFinishedSpanItems();
    }

    public SpanData only() {
      List<SpanData> spans = spans();
      if (spans.size() != 1) {
        throw new AssertionError(
            "expected exactly one span but got " + spans.size() + ": " + spans);
      }
      return spans.get(0);
    }

    public SpanData named(String name) {
      return spans().stream()
          .filter(s -> s.getName().equals(name))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no span named '" + name + "' in " + spans()));
    }

    public int shutdowns() {
      return shutdowns.get();
    }

    public int exportCalls() {
      return exportCalls.get();
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      exportCalls.incrementAndGet();
      if (exportDelayMillis > 0) {
        try {
          Thread.sleep(exportDelayMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return memory.export(spans);
    }

    @Override
    public CompletableResultCode flush() {
      return memory.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
      shutdowns.incrementAndGet();
      CountDownLatch release = shutdownRelease;
      if (release != null) {
        shutdownRelease = null;
        shutdownEntered.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return CompletableResultCode.ofSuccess();
    }
  }
}
