package dev.otelpresets.core.internal;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline's last processor: when the SDK shuts it down — whoever owns the SDK, the library's
 * lifecycle or an agent — {@code settle} (idempotent) runs as soon as the backends finished, or
 * at the deadline if they did not, so the numbers become final in every mode.
 */
final class SettleOnShutdown implements SpanProcessor {
  private final SpanProcessor next;
  private final Runnable settle;
  private final Duration deadline;

  SettleOnShutdown(SpanProcessor next, Runnable settle, Duration deadline) {
    this.next = Objects.requireNonNull(next, "next");
    this.settle = Objects.requireNonNull(settle, "settle");
    this.deadline = Objects.requireNonNull(deadline, "deadline");
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    next.onEnd(span);
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  @Override
  public CompletableResultCode forceFlush() {
    return next.forceFlush();
  }

  @Override
  public CompletableResultCode shutdown() {
    CompletableResultCode done = next.shutdown();
    // The SDK's caller waits on a result of our own, completed only once settle returned. Not on
    // `done` itself: a completion action registered after `done` completed runs at once, even
    // while an earlier one (settle, on the sender's daemon shutdown thread) is still running, so
    // the SDK's shutdown hook could return and the JVM halt before the final numbers were logged.
    CompletableResultCode settled = new CompletableResultCode();
    done.whenComplete(
        () -> {
          try {
            settle.run();
          } finally {
            if (done.isSuccess()) {
              settled.succeed();
            } else {
              settled.fail();
            }
          }
        });
    // ... or at the deadline, on a thread of its own: the SDK's shutdown must not wait here
    Thread atDeadline =
        new Thread(
            () -> {
              done.join(deadline.toMillis(), TimeUnit.MILLISECONDS);
              settle.run();
            },
            "otel-presets-settle");
    atDeadline.setDaemon(true);
    atDeadline.start();
    return settled;
  }

  @Override
  public String toString() {
    return "SettleOnShutdown{" + next + "}";
  }
}
