package dev.otelpresets.core.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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

  /**
   * The race behind a summary that was sometimes never logged under the Java agent: the sender's
   * daemon shutdown thread completes the backends' result and runs settle; the SDK registers its
   * own completion action on the returned result only afterwards (its ofAll), which then ran at
   * once, so the shutdown hook returned and the JVM halted while settle was still running.
   */
  @Test
  void theSdkSeesTheShutdownDoneOnlyOnceSettleReturned() throws Exception {
    Pending next = new Pending();
    CountDownLatch inSettle = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean settleReturned = new AtomicBoolean();
    Runnable settle =
        () -> {
          inSettle.countDown();
          try {
            release.await(5, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          settleReturned.set(true);
        };
    CompletableResultCode r = new SettleOnShutdown(next, settle, Duration.ofHours(1)).shutdown();
    Thread sender = new Thread(next.shutdown::succeed, "sender-shutdown");
    sender.setDaemon(true);
    sender.start();
    assertTrue(inSettle.await(5, TimeUnit.SECONDS));

    // what the SDK does with the returned result, after the backends' result completed
    CompletableResultCode sdk = CompletableResultCode.ofAll(List.of(r));
    assertFalse(r.isDone(), "done while settle is still running");
    assertFalse(sdk.join(200, TimeUnit.MILLISECONDS).isDone(), "the SDK's join must wait");

    release.countDown();
    assertTrue(sdk.join(5, TimeUnit.SECONDS).isSuccess());
    assertTrue(settleReturned.get(), "settle returned before the SDK saw the shutdown done");
  }

  @Test
  void aFailedShutdownIsReportedAsFailedAfterSettling() {
    Pending next = new Pending();
    AtomicBoolean settled = new AtomicBoolean();
    CompletableResultCode r =
        new SettleOnShutdown(next, () -> settled.set(true), Duration.ofHours(1)).shutdown();
    next.shutdown.fail();
    assertTrue(r.join(5, TimeUnit.SECONDS).isDone());
    assertFalse(r.isSuccess());
    assertTrue(settled.get());
  }

  @Test
  void aSettleThatThrowsStillCompletesTheShutdown() {
    Pending next = new Pending();
    CompletableResultCode r =
        new SettleOnShutdown(
                next,
                () -> {
                  throw new IllegalStateException("a bug in settle");
                },
                Duration.ofHours(1))
            .shutdown();
    try {
      next.shutdown.succeed();
    } catch (IllegalStateException expected) {
      // the SDK's result logs and rethrows what a completion action threw
    }
    assertTrue(r.join(5, TimeUnit.SECONDS).isSuccess(), "the SDK's caller is not left waiting");
  }
}
