package dev.otelpresets.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.ExportStats;
import dev.otelpresets.core.testpresets.AlphaPreset;
import dev.otelpresets.core.testpresets.BetaPreset;
import dev.otelpresets.core.testpresets.Instances;
import dev.otelpresets.core.testpresets.Sinks;
import dev.otelpresets.spi.ExporterOwner;
import io.opentelemetry.api.trace.Tracer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * "Settled" means every backend's numbers are final: a reader that sees {@link
 * ExportPipeline#isSettled()} (the agent's {@code exportStatsFinal()}) while a later backend is
 * still live would read that backend's queued and in-flight spans as nothing at all.
 */
class SettledNumbersTest {
  private TelemetryRuntime runtime;

  @AfterEach
  void close() {
    if (runtime != null) {
      runtime.close();
    }
    Sinks.reset();
  }

  @Test
  void settledOnlyOnceEveryBackendsNumbersAreFinalAndAHangingTransportHoldsNoneBack()
      throws Exception {
    runtime =
        (TelemetryRuntime)
            Instances.start(
                Instances.yaml(
                    AlphaPreset.NAME + ", " + BetaPreset.NAME,
                    "settings:",
                    "  shutdown_hook: false",
                    "  schedule_delay_ms: 20"));
    ExportPipeline pipeline = runtime.pipeline();
    // beta's exports hang for a while: its spans are in flight when the pipeline settles
    Sinks.of(BetaPreset.NAME).delayExports(2_000);
    Tracer tracer = runtime.openTelemetry().getTracer("test");
    for (int i = 0; i < 5; i++) {
      tracer.spanBuilder("s" + i).startSpan().end();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (Sinks.of(BetaPreset.NAME).exportCalls() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertTrue(Sinks.of(BetaPreset.NAME).exportCalls() > 0, "beta's export started");
    // alpha, settled first (callback order), has a transport whose shutdown hangs
    CountDownLatch inShutdown = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Sinks.of(AlphaPreset.NAME).blockShutdown(inShutdown, release);

    Thread settler = new Thread(pipeline::settle, "settler");
    settler.start();
    try {
      assertTrue(inShutdown.await(10, TimeUnit.SECONDS), "alpha's transport shutdown reached");
      // settle is now inside alpha's hanging transport shutdown
      assertTrue(pipeline.isSettled(), "the numbers do not wait for a hanging transport");
      ExportStats beta = stats(BetaPreset.OWNER);
      assertEquals(
          5,
          beta.exportedSpans()
              + beta.failedSpans()
              + beta.droppedSpans()
              + beta.abandonedSpans()
              + beta.sampledOutSpans(),
          "every span of the backend settled after the hanging one accounted for: " + beta);
      assertEquals(5, beta.abandonedSpans(), beta.toString());
      assertFalse(runtime.exporters().isEmpty());
    } finally {
      release.countDown();
      settler.join(10_000);
    }
    assertFalse(settler.isAlive());
    assertEquals(5, stats(BetaPreset.OWNER).abandonedSpans(), "final: the late export is ignored");
  }

  private ExportStats stats(ExporterOwner owner) {
    return runtime.exporters().stream()
        .filter(e -> e.owner().equals(owner))
        .findFirst()
        .orElseThrow()
        .stats();
  }
}
