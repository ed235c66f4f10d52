package dev.otelpresets.core.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SettleOnShutdownTest {
  /** A processor whose shutdown completes when the test says so. */
  private static final class Pending implements SpanProcessor {
    final CompletableResultCode shutdown = new CompletableResultCode();

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {}

    @Override
    public boolean isEndRequired() {
      return false;
    }

    @Override
    public CompletableResultCode shutdown() {
      return shutdown;
    }
  }

  @Test
  void settlesAsSoonAsTheBackendsFinished() throws InterruptedException {
    Pending next = new Pending();
    CountDownLatch settled = new CountDownLatch(1);
    CompletableResultCode r =
        new SettleOnShutdown(next, settled::countDown, Duration.ofHours(1)).shutdown();
    assertFalse(settled.await(100, TimeUnit.MILLISECONDS), "not before the backends finished");
    next.shutdown.succeed();
    assertTrue(settled.await(5, TimeUnit.SECONDS));
    assertTrue(r.isSuccess());
  }

  @Test
  void settlesAtTheDeadlineWhenABackendNeverFinishes() throws InterruptedException {
    Pending next = new Pending();
    CountDownLatch settled = new CountDownLatch(1);
    CompletableResultCode r =
        new SettleOnShutdown(next, settled::countDown, Duration.ofMillis(200)).shutdown();
    assertFalse(r.isDone(), "the SDK's caller sees the real outcome, still pending");
    assertTrue(settled.await(5, TimeUnit.SECONDS));
    assertFalse(next.shutdown.isDone());
  }
}
